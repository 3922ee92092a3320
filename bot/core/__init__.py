"""What every layer stands on: settings, the runtime, the clock, i18n."""

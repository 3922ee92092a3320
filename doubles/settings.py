"""The bot's settings pointed at the doubles: the fake Slack's URL and token, the driver's signing secret."""

from __future__ import annotations

from bot.core.settings import Settings, load_settings
from doubles.driver import SECRET
from doubles.fake_slack import TOKEN, FakeSlack


def settings_for(slack: FakeSlack, database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = dict(
        slack_bot_token=TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=slack.url,
        database_url=database_url,
        sweep_seconds=0.1,
        slack_app_token=None,
    )
    values.update(overrides)
    settings: Settings = load_settings(Settings, **values)
    return settings

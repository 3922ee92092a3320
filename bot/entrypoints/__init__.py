"""What starts the bot: the CLI, the HTTP server, the worker, the demo; the composition root."""

"""Outbound adapters: Slack delivery and its limits, Block Kit, Graph, charts, files."""

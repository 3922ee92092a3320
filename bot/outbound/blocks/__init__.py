"""Block Kit: the Slack messages and forms, built from data (no storage, no decisions)."""

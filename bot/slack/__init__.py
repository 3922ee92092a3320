"""The Slack edge: the Bolt app, its gate and listeners; renders and parses only."""

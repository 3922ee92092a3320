"""Bolt listeners, one module per concept: ack at once, then call a service."""

"""What Slack sends again: an event it thinks we missed (X-Slack-Retry-Num) comes back with the same event_id,
and is recognised here so that it is acted on once."""

from __future__ import annotations

from bot.core.runtime import Runtime
from storage import submissions


def first_time(rt: Runtime, event_id: str) -> bool:
    """True the first time this event arrives (and it is remembered); False for a retry of it."""
    return submissions.claim_event(rt.db, event_id, rt.clock.now())

"""The states a stored thing can be in, as enums instead of bare strings.

They are `StrEnum`s: stored as the same short strings as before (no migration), compared equal to them,
and a typo is an AttributeError at import instead of a condition that is silently never true.
"""

from __future__ import annotations

from enum import StrEnum


class RoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # retried with backoff
    DEAD = "dead"  # given up on (a permanent error, or too many attempts)


class PlannedStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    SKIPPED = "skipped"


class PlannedKind(StrEnum):
    INVITE = "invite"
    INVITE_NOW = "invite_now"
    PROMPT = "prompt"
    REMIND = "remind"
    WORKSHOP_DAY = "ws_day"
    WORKSHOP_HOUR = "ws_hour"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class WorkshopStatus(StrEnum):
    OPEN = "open"
    CANCELLED = "cancelled"


class SeatStatus(StrEnum):
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class CalendarStatus(StrEnum):
    PENDING = "pending"
    ADDED = "added"
    REMOVED = "removed"
    ICS = "ics"
    FAILED = "failed"

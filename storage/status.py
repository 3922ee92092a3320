"""The states a stored thing can be in, and the outcomes storage answers with, as enums instead of bare strings.

They are `StrEnum`s: stored as the same short strings as before (no migration: the columns stay VARCHARs and
`models.EnumText` reads them back as the enum), and a typo is an AttributeError at import instead of a condition
that is silently never true. `tests/test_vocabulary.py` refuses a comparison with one of these words spelt out.
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


class MeetingStatus(StrEnum):
    RUNNING = "running"
    ENDED = "ended"


class MeetingMode(StrEnum):
    LIVE = "live"  # held in one sitting, each phase `minutes` long
    DAYS = "days"  # held over a few days, each phase ending at its own time


class MeetingRecord(StrEnum):
    """How a meeting's record went out: a canvas, or a message where the workspace has no canvases."""

    CANVAS = "canvas"
    MESSAGE = "message"


class UnitRole(StrEnum):
    LEAD = "lead"
    DEPUTY = "deputy"
    MEMBER = "member"


class SaveOutcome(StrEnum):
    """What became of an answer given to `rounds.save_response`."""

    STORED = "stored"
    CLOSED = "closed"  # the round closed (or its deadline passed) first
    NOT_PARTICIPANT = "not_participant"


class RegistrationOutcome(StrEnum):
    """What a Register click on a workshop came to (`workshops.register`)."""

    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    ALREADY = "already"  # a seat or waitlist place taken by an earlier click
    CLOSED = "closed"  # registration closed
    CANCELLED = "cancelled"  # the workshop is cancelled
    UNKNOWN = "unknown"


class VoteResult(StrEnum):
    """What a click on a contribution's vote button did (`meetings.toggle_vote`)."""

    COUNTED = "counted"
    REMOVED = "removed"  # a second click takes the vote back
    NONE_LEFT = "none_left"  # every vote of the person's is used
    CLOSED = "closed"  # the meeting ended, or the contribution is gone

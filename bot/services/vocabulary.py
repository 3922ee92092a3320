"""The states and outcomes of `storage.status`, for the edges: bot/slack and bot/web do not import storage, yet
compare what services hand them (a seat's status, a vote's result) with the same enums, never the bare word."""

from __future__ import annotations

from storage.status import (
    ActionStatus,
    CalendarStatus,
    DeliveryStatus,
    MeetingMode,
    MeetingRecord,
    MeetingStatus,
    PlannedKind,
    PlannedStatus,
    RegistrationOutcome,
    RoundStatus,
    SaveOutcome,
    SeatStatus,
    UnitRole,
    VoteResult,
    WorkshopStatus,
)

__all__ = [
    "ActionStatus",
    "CalendarStatus",
    "DeliveryStatus",
    "MeetingMode",
    "MeetingRecord",
    "MeetingStatus",
    "PlannedKind",
    "PlannedStatus",
    "RegistrationOutcome",
    "RoundStatus",
    "SaveOutcome",
    "SeatStatus",
    "UnitRole",
    "VoteResult",
    "WorkshopStatus",
]

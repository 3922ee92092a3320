"""Sends planned for later. The sweep takes what is due; every state change is a conditional UPDATE."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Row, bindparam, func, select, text, update
from sqlmodel import col

from storage.db import Database, Deferred, Statement
from storage.models import EnumText, Planned, UTCDateTime
from storage.status import PlannedKind, PlannedStatus


class Send(NamedTuple):
    """A send to plan: what `plan` inserts as a planned row (cheap to make by the ten thousand)."""

    key: str
    user_id: str
    kind: PlannedKind
    due_at: datetime
    round_id: int | None = None
    workshop_id: int | None = None
    step_id: str | None = None


_COLUMNS = Send._fields
# Plain SQL on the sweep's path (tens of thousands of rows a day in a big organisation); the same text on
# SQLite and PostgreSQL. Planning twice is harmless: a key planned before is left as it is.
_PLAN = Statement(
    f"INSERT INTO planned ({', '.join(_COLUMNS)}, status) "
    f"VALUES ({', '.join(':' + c for c in _COLUMNS)}, '{PlannedStatus.PLANNED}') ON CONFLICT (key) DO NOTHING",
    due_at=UTCDateTime(),
    kind=EnumText(PlannedKind, 16),
)
_DUE = (
    text(
        f"SELECT {', '.join(_COLUMNS)} FROM planned WHERE status = '{PlannedStatus.PLANNED}' AND due_at <= :now "
        "ORDER BY due_at, key LIMIT :limit"
    )
    .bindparams(bindparam("now", type_=UTCDateTime()))
    .columns(due_at=UTCDateTime(), kind=EnumText(PlannedKind, 16))
)
_FINISH = Statement(
    f"UPDATE planned SET status = :status WHERE key = :key AND status = '{PlannedStatus.PLANNED}'",
    status=EnumText(PlannedStatus, 16),
)
_POSTPONE = Statement(
    f"UPDATE planned SET due_at = :when WHERE key = :key AND status = '{PlannedStatus.PLANNED}'", when=UTCDateTime()
)


def plan(db: Database, sends: list[Send]) -> None:
    """Insert planned sends in one transaction, leaving keys already planned as they are (so planning twice
    is harmless)."""
    if not sends:
        return
    with db.engine.begin() as c:
        _PLAN.run(c, [send._asdict() for send in sends])


def due(db: Database, now: datetime, limit: int = 500) -> list[Row[Any]]:
    """What is due by `now`, oldest first: rows with the planned send's columns."""
    with db.engine.connect() as c:
        return list(c.execute(_DUE, {"now": now, "limit": limit}))


def next_due(db: Database) -> datetime | None:
    with db.session() as s:
        return s.execute(
            select(func.min(col(Planned.due_at))).where(col(Planned.status) == PlannedStatus.PLANNED)
        ).scalar_one()


def due_by_kind(db: Database, now: datetime) -> dict[str, int]:
    """How many planned sends are due by `now`, by kind (the backlog /metrics shows)."""
    with db.session() as s:
        q = (
            select(col(Planned.kind), func.count())
            .where(col(Planned.status) == PlannedStatus.PLANNED, col(Planned.due_at) <= now)
            .group_by(col(Planned.kind))
        )
        return {str(kind): int(n) for kind, n in s.execute(q)}


def lag(db: Database, now: datetime) -> float:
    """Seconds the oldest send that is due has waited (0 when nothing is due): the scheduler's lag."""
    oldest = next_due(db)
    return max(0.0, (now - oldest).total_seconds()) if oldest is not None and oldest <= now else 0.0


def finish(db: Database, key: str, status: PlannedStatus, deferred: Deferred | None = None) -> None:
    """Mark a planned send done or skipped (unless another worker already did); with `deferred`, in the next
    transaction that runs those writes (lost in a crash, the next sweep decides the same again)."""
    db.write(_FINISH, {"key": key, "status": status}, deferred)


def postpone(db: Database, key: str, when: datetime, deferred: Deferred | None = None) -> None:
    db.write(_POSTPONE, {"key": key, "when": when}, deferred)


def drop_round(db: Database, round_id: int, kind: PlannedKind | None = None) -> None:
    """Skip what is still planned for a round (it closed, or its reminders are re-planned)."""
    with db.session() as s:
        q = update(Planned).where(col(Planned.round_id) == round_id, col(Planned.status) == PlannedStatus.PLANNED)
        if kind:
            q = q.where(col(Planned.kind) == kind)
        s.execute(q.values(status=PlannedStatus.SKIPPED))
        s.commit()


def drop_workshop(db: Database, workshop_id: int) -> None:
    with db.session() as s:
        s.execute(
            update(Planned)
            .where(col(Planned.workshop_id) == workshop_id, col(Planned.status) == PlannedStatus.PLANNED)
            .values(status=PlannedStatus.SKIPPED)
        )
        s.commit()

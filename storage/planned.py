"""Sends planned for later. The sweep takes what is due; every state change is a conditional UPDATE."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.models import Planned


def plan(db: Database, rows: list[Planned]) -> int:
    """Insert planned sends, ignoring keys already planned (so planning twice is harmless). Returns how many."""
    if not rows:
        return 0
    with db.session() as s:
        have = set(s.execute(select(Planned.key).where(Planned.key.in_([r.key for r in rows]))).scalars())
        new = [r for r in rows if r.key not in have]
        s.add_all(new)
        try:
            s.commit()
            return len(new)
        except IntegrityError:
            s.rollback()
    return sum(plan(db, [r]) for r in new) if len(new) > 1 else 0


def due(db: Database, now: datetime, limit: int = 500) -> list[Planned]:
    with db.session() as s:
        q = (
            select(Planned)
            .where(Planned.status == "planned", Planned.due_at <= now)
            .order_by(Planned.due_at, Planned.key)
            .limit(limit)
        )
        return list(s.execute(q).scalars())


def next_due(db: Database) -> datetime | None:
    with db.session() as s:
        return s.execute(select(func.min(Planned.due_at)).where(Planned.status == "planned")).scalar_one()


def finish(db: Database, key: str, status: str) -> bool:
    """Mark a planned send done or skipped; False when another worker already did."""
    with db.session() as s:
        n = s.execute(
            update(Planned).where(Planned.key == key, Planned.status == "planned").values(status=status)
        ).rowcount
        s.commit()
        return bool(n)


def postpone(db: Database, key: str, when: datetime) -> None:
    with db.session() as s:
        s.execute(update(Planned).where(Planned.key == key, Planned.status == "planned").values(due_at=when))
        s.commit()


def drop_round(db: Database, round_id: int, kind: str | None = None) -> None:
    """Skip what is still planned for a round (it closed, or its reminders are re-planned)."""
    with db.session() as s:
        q = update(Planned).where(Planned.round_id == round_id, Planned.status == "planned")
        if kind:
            q = q.where(Planned.kind == kind)
        s.execute(q.values(status="skipped"))
        s.commit()


def drop_workshop(db: Database, workshop_id: int) -> None:
    with db.session() as s:
        s.execute(
            update(Planned)
            .where(Planned.workshop_id == workshop_id, Planned.status == "planned")
            .values(status="skipped")
        )
        s.commit()

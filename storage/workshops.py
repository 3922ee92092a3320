"""Workshops and their seats. A seat is taken by a conditional UPDATE of the workshop's counter in the same
transaction as the seat row (the row lock serialises concurrent clicks on PostgreSQL; SQLite serialises
writers anyway), so 100 clicks for 20 seats register exactly 20 — never read-then-write in Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.models import Seat, Workshop


@dataclass(frozen=True)
class Outcome:
    status: str  # registered | waitlisted | already | closed | cancelled | unknown
    seat: Seat | None = None
    position: int | None = None  # on the waitlist, 1-based


def create(db: Database, **fields: object) -> Workshop:
    with db.session() as s:
        w = Workshop(**fields)  # type: ignore[arg-type]
        s.add(w)
        s.commit()
        return w


def update_details(db: Database, workshop_id: int, **fields: object) -> Workshop | None:
    with db.session() as s:
        s.execute(
            update(Workshop)
            .where(Workshop.id == workshop_id, Workshop.status == "open")
            .values(**fields, version=Workshop.version + 1)
        )
        s.commit()
        return s.get(Workshop, workshop_id)


def cancel(db: Database, workshop_id: int) -> bool:
    with db.session() as s:
        n = s.execute(
            update(Workshop)
            .where(Workshop.id == workshop_id, Workshop.status == "open")
            .values(status="cancelled", version=Workshop.version + 1)
        ).rowcount
        s.commit()
        return bool(n)


def get(db: Database, workshop_id: int) -> Workshop | None:
    with db.session() as s:
        return s.get(Workshop, workshop_id)


def upcoming(db: Database, now: datetime) -> list[Workshop]:
    with db.session() as s:
        q = select(Workshop).where(Workshop.status == "open", Workshop.ends_at > now).order_by(Workshop.starts_at)
        return list(s.execute(q).scalars())


def waitlist_position(s, seat: Seat) -> int:  # type: ignore[no-untyped-def]
    q = select(func.count()).where(
        Seat.workshop_id == seat.workshop_id, Seat.status == "waitlisted", Seat.id <= seat.id
    )
    return int(s.execute(q).scalar_one())


def register(db: Database, workshop_id: int, user_id: str, now: datetime) -> Outcome:
    """Take a seat if one is free, else join the waitlist; once per person.

    The first statement is the conditional UPDATE, so the transaction holds the write lock before it reads
    anything (on SQLite a read-then-write transaction could fail against a concurrent writer)."""
    with db.session() as s:
        took = s.execute(
            update(Workshop)
            .where(
                Workshop.id == workshop_id,
                Workshop.status == "open",
                Workshop.deadline > now,
                Workshop.seats_taken < Workshop.capacity,
            )
            .values(seats_taken=Workshop.seats_taken + 1)
        ).rowcount
        w = s.get(Workshop, workshop_id)
        if w is None:
            return Outcome("unknown")
        existing = (
            s.execute(select(Seat).where(Seat.workshop_id == workshop_id, Seat.user_id == user_id)).scalars().first()
        )
        if existing is not None and existing.status != "cancelled":
            s.rollback()  # gives the counter back if this click took one
            pos = waitlist_position(s, existing) if existing.status == "waitlisted" else None
            return Outcome("already", existing, pos)
        if not took and w.status != "open":
            return Outcome("cancelled")
        if not took and w.deadline <= now:
            return Outcome("closed")
        status = "registered" if took else "waitlisted"
        if existing is not None:  # came back after cancelling: a new click, so a new place in the order
            s.delete(existing)
            s.flush()
        seat = Seat(workshop_id=workshop_id, user_id=user_id, status=status, created_at=now)
        s.add(seat)
        try:
            s.flush()
            pos = waitlist_position(s, seat) if status == "waitlisted" else None
            s.commit()
        except IntegrityError:  # the same person's double click won the race: this click changes nothing
            s.rollback()
            return register(db, workshop_id, user_id, now)
        return Outcome(status, seat, pos)


def cancel_seat(db: Database, workshop_id: int, user_id: str) -> tuple[Seat | None, Seat | None]:
    """Give up a seat (or a waitlist place). Returns (the cancelled seat, the promoted seat or None).
    A freed seat goes to the first on the waitlist in the same transaction, or back to the counter."""
    with db.session() as s:
        mine = (Seat.workshop_id == workshop_id) & (Seat.user_id == user_id)
        freed = s.execute(update(Seat).where(mine, Seat.status == "registered").values(status="cancelled")).rowcount
        if (
            not freed
            and not s.execute(update(Seat).where(mine, Seat.status == "waitlisted").values(status="cancelled")).rowcount
        ):
            s.rollback()
            return None, None
        promoted = None
        if freed:
            nxt = (
                s.execute(
                    select(Seat)
                    .where(Seat.workshop_id == workshop_id, Seat.status == "waitlisted")
                    .order_by(Seat.id)
                    .limit(1)
                    .with_for_update(skip_locked=True)
                )
                .scalars()
                .first()
            )
            if nxt is not None:
                nxt.status = "registered"
                promoted = nxt
            else:
                s.execute(
                    update(Workshop).where(Workshop.id == workshop_id).values(seats_taken=Workshop.seats_taken - 1)
                )
        s.commit()
        seat = s.execute(select(Seat).where(mine)).scalars().first()
        return seat, promoted


def seats(db: Database, workshop_id: int, status: str | None = None) -> list[Seat]:
    with db.session() as s:
        q = select(Seat).where(Seat.workshop_id == workshop_id).order_by(Seat.id)
        if status is not None:
            q = q.where(Seat.status == status)
        return list(s.execute(q).scalars())


def seat_of(db: Database, workshop_id: int, user_id: str) -> Seat | None:
    with db.session() as s:
        q = select(Seat).where(Seat.workshop_id == workshop_id, Seat.user_id == user_id)
        return s.execute(q).scalars().first()


def set_calendar(db: Database, seat_id: int, state: str) -> None:
    with db.session() as s:
        s.execute(update(Seat).where(Seat.id == seat_id).values(calendar=state))
        s.commit()


def set_event(db: Database, workshop_id: int, event_id: str) -> None:
    with db.session() as s:
        s.execute(update(Workshop).where(Workshop.id == workshop_id).values(outlook_event_id=event_id))
        s.commit()


def with_failed_calendar(db: Database) -> list[int]:
    """Workshops with a calendar update that failed (a Graph outage); the sweep tries them again."""
    with db.session() as s:
        q = select(Seat.workshop_id).where(Seat.calendar == "failed").distinct()
        return list(s.execute(q).scalars())

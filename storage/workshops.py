"""Workshops and their seats. A seat is taken by a conditional UPDATE of the workshop's counter in the same
transaction as the seat row (the row lock serialises concurrent clicks on PostgreSQL; SQLite serialises
writers anyway), so 100 clicks for 20 seats register exactly 20 — never read-then-write in Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from storage.db import Database, Statement, affected
from storage.models import EnumText, Seat, UTCDateTime, Workshop, utcnow
from storage.status import CalendarStatus, RegistrationOutcome, SeatStatus, WorkshopStatus
from storage.submissions import claim_submission

WORKSHOP, SEAT = Workshop.__table__, Seat.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Outcome:
    status: RegistrationOutcome
    seat_id: int | None = None
    seat_status: SeatStatus | None = None  # the seat's status as the click left it
    workshop_id: int | None = None
    user_id: str | None = None
    at: datetime | None = None

    @property
    def seat(self) -> Seat | None:
        """The seat row the click left; built on demand (a model is slow to build on the ack's path)."""
        if self.seat_id is None or self.workshop_id is None or self.user_id is None or self.seat_status is None:
            return None
        return Seat(
            id=self.seat_id,
            workshop_id=self.workshop_id,
            user_id=self.user_id,
            status=self.seat_status,
            created_at=self.at or utcnow(),
        )


def create(db: Database, submission: str | None = None, **fields: object) -> Workshop | None:
    """A new workshop; None when this `submission` (HR's form) created one before."""
    with db.session() as s:
        if submission is not None and not claim_submission(s, submission, utcnow()):
            return None
        w = Workshop(**fields)  # type: ignore[arg-type]
        s.add(w)
        s.commit()
        return w


def update_details(db: Database, workshop_id: int, **fields: object) -> Workshop | None:
    with db.session() as s:
        s.execute(
            update(Workshop)
            .where(col(Workshop.id) == workshop_id, col(Workshop.status) == WorkshopStatus.OPEN)
            .values(**fields, version=col(Workshop.version) + 1)
        )
        s.commit()
        return s.get(Workshop, workshop_id)


def cancel(db: Database, workshop_id: int) -> bool:
    with db.session() as s:
        n = affected(
            s.execute(
                update(Workshop)
                .where(col(Workshop.id) == workshop_id, col(Workshop.status) == WorkshopStatus.OPEN)
                .values(status=WorkshopStatus.CANCELLED, version=col(Workshop.version) + 1)
            )
        )
        s.commit()
        return bool(n)


def get(db: Database, workshop_id: int) -> Workshop | None:
    with db.session() as s:
        return s.get(Workshop, workshop_id)


def upcoming(db: Database, now: datetime) -> list[Workshop]:
    with db.session() as s:
        q = (
            select(Workshop)
            .where(col(Workshop.status) == WorkshopStatus.OPEN, col(Workshop.ends_at) > now)
            .order_by(col(Workshop.starts_at))
        )
        return list(s.execute(q).scalars())


_TAKE = Statement(
    "UPDATE workshop SET seats_taken = seats_taken + 1"
    f" WHERE id = :w AND status = '{WorkshopStatus.OPEN}' AND deadline > :now AND seats_taken < capacity RETURNING id",
    now=UTCDateTime(),
)
# ON CONFLICT ... DO NOTHING RETURNING reads the same on SQLite and PostgreSQL; no row back means the person
# already has a seat row, or the workshop is closed, cancelled or unknown (told apart off the hot path).
_SEAT = Statement(
    "INSERT INTO seat (workshop_id, user_id, status, calendar, created_at)"
    f" SELECT :w, :u, :status, '{CalendarStatus.PENDING}', :now FROM workshop"
    f" WHERE id = :w AND status = '{WorkshopStatus.OPEN}' AND deadline > :now"
    " ON CONFLICT (workshop_id, user_id) DO NOTHING RETURNING id",
    now=UTCDateTime(),
    status=EnumText(SeatStatus, 16),
)

_REGISTER_PG = Statement(
    "WITH took AS (UPDATE workshop SET seats_taken = seats_taken + 1"
    f" WHERE id = :w AND status = '{WorkshopStatus.OPEN}' AND deadline > :now AND seats_taken < capacity"
    " RETURNING id) INSERT INTO seat (workshop_id, user_id, status, calendar, created_at)"
    f" SELECT :w, :u, CASE WHEN EXISTS (SELECT 1 FROM took) THEN '{SeatStatus.REGISTERED}'"
    f" ELSE '{SeatStatus.WAITLISTED}' END, '{CalendarStatus.PENDING}', :now"
    f" FROM workshop WHERE id = :w AND status = '{WorkshopStatus.OPEN}' AND deadline > :now RETURNING id, status",
    now=UTCDateTime(),
)


def register(db: Database, workshop_id: int, user_id: str, now: datetime, tries: int = 3) -> Outcome:
    """Take a seat if one is free, else join the waitlist; once per person.

    This is what a click waits for, so it is plain SQL: one statement on PostgreSQL; on SQLite three on the
    driver's cursor (take, insert, commit), the conditional UPDATE first, so the transaction holds the write
    lock before it reads anything (a read-then-write transaction could fail against a concurrent writer). The
    waitlist position is not part of it: `position` answers that afterwards."""
    if not db.is_sqlite:
        # One statement, committed on its own: the workshop row is locked only while PostgreSQL runs it, never
        # while this thread waits for the next round trip (or for the GIL, in a burst of clicks).
        try:
            row = db.one_statement(_REGISTER_PG, {"w": workshop_id, "u": user_id, "now": now})
        except IntegrityError:  # the person already has a seat row; the whole statement was undone
            row = None
        if row is not None:
            seat_id, taken = row
            return Outcome(RegistrationOutcome(taken), seat_id, SeatStatus(taken), workshop_id, user_id, now)
        return _not_taken(db, workshop_id, user_id, now, tries - 1)
    with db.writing() as c, c.begin() as transaction:  # on the driver's cursor: SQLAlchemy's own cost more
        status = SeatStatus.REGISTERED if _TAKE.run(c, {"w": workshop_id, "now": now}) else SeatStatus.WAITLISTED
        seat = _SEAT.run(c, {"w": workshop_id, "u": user_id, "status": status, "now": now})
        if not seat:
            transaction.rollback()  # gives the counter back if this click took one
    if seat:
        return Outcome(RegistrationOutcome(status), seat[0][0], status, workshop_id, user_id, now)
    return _not_taken(db, workshop_id, user_id, now, tries - 1)


def _not_taken(db: Database, workshop_id: int, user_id: str, now: datetime, tries: int) -> Outcome:
    """Why a click took nothing: a seat already held, or a workshop closed, cancelled or unknown. A person
    who cancelled and clicks again gets a new place in the order."""
    w = get(db, workshop_id)
    if w is None:
        return Outcome(RegistrationOutcome.UNKNOWN)
    if w.status != WorkshopStatus.OPEN:
        return Outcome(RegistrationOutcome.CANCELLED)
    if w.deadline <= now:
        return Outcome(RegistrationOutcome.CLOSED)
    with db.writing() as c:
        existing = c.execute(
            select(SEAT.c.id, SEAT.c.status).where(SEAT.c.workshop_id == workshop_id, SEAT.c.user_id == user_id)
        ).first()
        if existing is not None and existing.status == SeatStatus.CANCELLED:
            c.execute(delete(SEAT).where(SEAT.c.id == existing.id, SEAT.c.status == SeatStatus.CANCELLED))
            c.commit()
    if existing is None or existing.status == SeatStatus.CANCELLED:  # a new click; or the workshop changed meanwhile
        return register(db, workshop_id, user_id, now, tries) if tries > 0 else Outcome(RegistrationOutcome.UNKNOWN)
    return Outcome(RegistrationOutcome.ALREADY, existing.id, existing.status, workshop_id, user_id, now)


def position(db: Database, seat: Seat) -> int | None:
    """A waitlisted seat's place in the queue (1-based), counted now; None for any other seat."""
    if seat.status != SeatStatus.WAITLISTED:
        return None
    q = select(func.count()).where(
        col(Seat.workshop_id) == seat.workshop_id, col(Seat.status) == SeatStatus.WAITLISTED, col(Seat.id) <= seat.id
    )
    with db.session() as s:
        return int(s.execute(q).scalar_one())


def cancel_seat(db: Database, workshop_id: int, user_id: str) -> tuple[Seat | None, Seat | None]:
    """Give up a seat (or a waitlist place). Returns (the cancelled seat, the promoted seat or None).
    A freed seat goes to the first on the waitlist in the same transaction, or back to the counter."""
    with db.session() as s:
        mine = (col(Seat.workshop_id) == workshop_id) & (col(Seat.user_id) == user_id)
        freed = affected(
            s.execute(
                update(Seat).where(mine, col(Seat.status) == SeatStatus.REGISTERED).values(status=SeatStatus.CANCELLED)
            )
        )
        if not freed and not affected(
            s.execute(
                update(Seat).where(mine, col(Seat.status) == SeatStatus.WAITLISTED).values(status=SeatStatus.CANCELLED)
            )
        ):
            s.rollback()
            return None, None
        promoted = None
        if freed:
            nxt = (
                s.execute(
                    select(Seat)
                    .where(col(Seat.workshop_id) == workshop_id, col(Seat.status) == SeatStatus.WAITLISTED)
                    .order_by(col(Seat.id))
                    .limit(1)
                    .with_for_update(skip_locked=True)
                )
                .scalars()
                .first()
            )
            if nxt is not None:
                nxt.status = SeatStatus.REGISTERED
                promoted = nxt
            else:
                s.execute(
                    update(Workshop)
                    .where(col(Workshop.id) == workshop_id)
                    .values(seats_taken=col(Workshop.seats_taken) - 1)
                )
        s.commit()
        seat = s.execute(select(Seat).where(mine)).scalars().first()
        return seat, promoted


def seats(db: Database, workshop_id: int, status: SeatStatus | None = None) -> list[Seat]:
    with db.session() as s:
        q = select(Seat).where(col(Seat.workshop_id) == workshop_id).order_by(col(Seat.id))
        if status is not None:
            q = q.where(col(Seat.status) == status)
        return list(s.execute(q).scalars())


def seat_of(db: Database, workshop_id: int, user_id: str) -> Seat | None:
    with db.session() as s:
        q = select(Seat).where(col(Seat.workshop_id) == workshop_id, col(Seat.user_id) == user_id)
        return s.execute(q).scalars().first()


def set_calendar(db: Database, seat_id: int, state: CalendarStatus, ics_for: str | None = None) -> None:
    """The seat's calendar state; with `ics_for`, also what the .ics file just sent was for."""
    values: dict[str, str] = {"calendar": state} if ics_for is None else {"calendar": state, "ics_for": ics_for}
    with db.session() as s:
        s.execute(update(Seat).where(col(Seat.id) == seat_id).values(**values))
        s.commit()


def set_event(db: Database, workshop_id: int, event_id: str) -> None:
    with db.session() as s:
        s.execute(update(Workshop).where(col(Workshop.id) == workshop_id).values(outlook_event_id=event_id))
        s.commit()


def with_failed_calendar(db: Database) -> list[int]:
    """Workshops with a calendar update that failed (a Graph outage); the sweep tries them again."""
    with db.session() as s:
        q = select(col(Seat.workshop_id)).where(col(Seat.calendar) == CalendarStatus.FAILED).distinct()
        return list(s.execute(q).scalars())

"""What HR can take out of the bot, as rows streamed from the database in chunks (never all in memory).

No export carries a name or user id of an anonymous answer; an anonymous round still open, or with fewer
answers than the threshold, is exported as counts only, and its ratings only where bot.disclosure lets them out.
A team's own (local) questions are never exported: they stay with the lead who asked them, and HR's frame is the
concept's own themes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlmodel import col

from flows.adaptation import LOCAL_PREFIX, is_local
from flows.model import Flow
from storage.db import Database
from storage.models import Action, Answer, AuditEntry, Experience, Participant, Response, Round, Seat, Workshop
from storage.rounds import counts
from storage.status import RoundStatus, SeatStatus

CHUNK = 2000


@dataclass(frozen=True)
class Period:
    """[since, until) — either end open. Rounds by when they started, experiences by the day they were shared."""

    since: datetime | None = None
    until: datetime | None = None

    def where(self, column: Any) -> list[ColumnElement[bool]]:
        """Conditions on a date or timestamp column (`col(Model.field)`) for this period."""
        out: list[ColumnElement[bool]] = []
        if self.since is not None:
            out.append(column >= (self.since.date() if column.type.python_type is date else self.since))
        if self.until is not None:
            out.append(column < (self.until.date() if column.type.python_type is date else self.until))
        return out


Row = list[object]
WHAT = ("answers", "experiences", "actions", "workshops", "audit")


def describe(fmt: str, period: Period, round_id: int | None) -> str:
    """How an export was asked for, for the audit log."""
    parts = [fmt]
    if period.since:
        parts.append(f"since {period.since:%Y-%m-%d}")
    if period.until:
        parts.append(f"before {period.until:%Y-%m-%d}")
    if round_id is not None:
        parts.append(f"round {round_id}")
    return " ".join(parts)


def _rounds(db: Database, period: Period, round_id: int | None) -> list[Round]:
    with db.session() as s:
        q = select(Round).order_by(col(Round.id)).where(*period.where(col(Round.created_at)))
        if round_id is not None:
            q = q.where(col(Round.id) == round_id)
        return list(s.execute(q).scalars())


def answers(
    db: Database,
    flow_of: Callable[[Round], Flow | None],
    threshold: int,
    period: Period = Period(),
    round_id: int | None = None,
    *,
    shown: Callable[[list[Round]], dict[int, set[str]]],
) -> tuple[Row, Iterator[Row]]:
    """`flow_of`: the flow a round was answered with (its version, with its lead's adaptation). `shown`: per
    round, the steps whose ratings may go out (bot.disclosure decides, and records it); an anonymous round with
    none goes out as counts only, and one still open as counts only until it has closed."""
    header: Row = [
        "round",
        "dialogue",
        "version",
        "started",
        "deadline",
        "anonymous",
        "invited",
        "answered",
        "respondent",
        "name",
        "theme_id",
        "theme",
        "rating",
        "rather_not_say",
        "text",
    ]

    def rows() -> Iterator[Row]:
        found = _rounds(db, period, round_id)
        allowed = shown(found)
        for rnd in found:
            answered, invited = counts(db, rnd.id)  # type: ignore[arg-type]
            steps = allowed.get(rnd.id, set())  # type: ignore[arg-type]
            flow = flow_of(rnd)
            base: Row = [
                rnd.id,
                flow.title.en if flow else rnd.flow_id,
                rnd.flow_version,
                rnd.created_at.date().isoformat(),
                rnd.deadline.isoformat(timespec="minutes"),
                "yes" if rnd.anonymous else "no",
                invited,
                answered,
            ]
            if rnd.anonymous and rnd.status != RoundStatus.CLOSED:
                yield [*base, "", "", "", "still open: its answers are exported once it has closed", "", "", ""]
                continue
            if rnd.anonymous and not steps:
                yield [*base, "", "", "", f"fewer than {threshold} answers: counts only", "", "", ""]
                continue
            with db.engine.connect() as c:
                q = (
                    select(
                        col(Response.id),
                        col(Response.user_id),
                        col(Answer.step_id),
                        col(Answer.rating),
                        col(Answer.text),
                        col(Answer.declined),
                    )
                    .join(Answer, col(Answer.response_id) == col(Response.id))
                    # A team's own questions stay with its lead: never in HR's files.
                    .where(col(Response.round_id) == rnd.id, col(Answer.step_id).not_like(f"{LOCAL_PREFIX}%"))
                    # By the respondent key (a keyed hash, or random after close), not the id: the numbering
                    # R1, R2… must not follow the order in which people answered.
                    .order_by(col(Response.respondent), col(Response.id), col(Answer.id))
                )
                numbers: dict[int | None, int] = {}
                themes = {step.id: step.theme.en for step in flow.steps} if flow else {}
                for resp_id, user_id, step_id, rating, text, declined in c.execution_options(yield_per=CHUNK).execute(
                    q
                ):
                    if is_local(step_id):
                        continue  # the SQL filter's `_` matches any character: the check that counts is this
                    n = numbers.setdefault(resp_id, len(numbers) + 1)  # R1, R2… per round, in no telling order
                    name = "" if rnd.anonymous else (user_id or "")
                    not_said = "yes" if declined else ""
                    if rnd.anonymous and step_id not in steps:
                        rating = None  # too few rated this step, or it would single out a smaller group
                    yield [*base, f"R{n}", name, step_id, themes.get(step_id, ""), rating, not_said, text]

    return header, rows()


def experiences(db: Database, period: Period = Period()) -> tuple[Row, Iterator[Row]]:
    header: Row = [
        "shared_on",
        "dialogue",
        "what worked",
        "what should be different",
        "rating",
        "name",
        "source",
        "forum",
    ]

    def rows() -> Iterator[Row]:
        with db.session() as s:
            q = select(Experience).order_by(col(Experience.id)).execution_options(yield_per=CHUNK)
            q = q.where(*period.where(col(Experience.shared_on)))
            for e in s.execute(q).scalars():
                yield [
                    e.shared_on.isoformat(),
                    e.dialogue,
                    e.worked,
                    e.different,
                    e.rating,
                    e.user_id or "",
                    e.source,
                    e.forum or "",
                ]

    return header, rows()


def actions(db: Database, period: Period = Period()) -> tuple[Row, Iterator[Row]]:
    header: Row = ["round", "meeting", "action", "who", "by when", "status", "keep"]

    def rows() -> Iterator[Row]:
        with db.session() as s:
            q = (
                select(Action, col(Round.meeting_date), col(Round.keep))
                .join(Round, col(Round.id) == col(Action.round_id))
                .order_by(col(Action.round_id), col(Action.position))
                .execution_options(yield_per=CHUNK)
            )
            q = q.where(*period.where(col(Round.created_at)))
            for a, meeting, keep in s.execute(q):
                yield [
                    a.round_id,
                    meeting.isoformat() if meeting else "",
                    a.what,
                    a.who,
                    a.due.isoformat() if a.due else "",
                    a.status,
                    keep,
                ]

    return header, rows()


def workshops(db: Database, period: Period = Period()) -> tuple[Row, Iterator[Row]]:
    """Registrations and waitlists per workshop (registration is not anonymous: HR needs to know who comes)."""
    header: Row = [
        "workshop",
        "title",
        "starts",
        "place",
        "capacity",
        "status",
        "person",
        "seat",
        "waitlist",
        "calendar",
    ]

    def rows() -> Iterator[Row]:
        with db.session() as s:
            q = (
                select(Workshop, Seat)
                .join(Seat, col(Seat.workshop_id) == col(Workshop.id), isouter=True)
                .where(*period.where(col(Workshop.starts_at)))
                .order_by(col(Workshop.starts_at), col(Workshop.id), col(Seat.id))
                .execution_options(yield_per=CHUNK)
            )
            waiting: dict[int | None, int] = {}
            for w, seat in s.execute(q):
                pos: int | str = ""
                if seat is not None and seat.status == SeatStatus.WAITLISTED:
                    waiting[w.id] = pos = waiting.get(w.id, 0) + 1
                yield [
                    w.id,
                    w.title,
                    w.starts_at.isoformat(timespec="minutes"),
                    w.place,
                    w.capacity,
                    w.status,
                    seat.user_id if seat else "",
                    seat.status if seat else "",
                    pos,
                    seat.calendar if seat else "",
                ]

    return header, rows()


def audit_log(db: Database, period: Period = Period()) -> tuple[Row, Iterator[Row]]:
    header: Row = ["at", "who", "action", "detail", "rows", "allowed"]

    def rows() -> Iterator[Row]:
        with db.session() as s:
            q = select(AuditEntry).order_by(col(AuditEntry.id)).execution_options(yield_per=CHUNK)
            q = q.where(*period.where(col(AuditEntry.at)))
            for a in s.execute(q).scalars():
                yield [
                    a.at.isoformat(timespec="seconds"),
                    a.actor,
                    a.action,
                    a.detail,
                    a.rows,
                    "yes" if a.allowed else "no",
                ]

    return header, rows()


def participants_of(db: Database, round_id: int) -> list[str]:
    with db.session() as s:
        return list(s.execute(select(col(Participant.user_id)).where(col(Participant.round_id) == round_id)).scalars())

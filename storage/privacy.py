"""Retention and erasure: deleting (not hiding) free text and identities, keeping anonymous aggregates."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, cast, delete, func, literal, select, update

from storage import audit
from storage.db import Database
from storage.models import (
    Action,
    Answer,
    AuditEntry,
    Delivery,
    Experience,
    Participant,
    Person,
    Planned,
    Response,
    Role,
    Round,
)
from storage.rounds import respondent_key


def _freeze_counts(s, round_ids: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Keep each round's participation as numbers before its participant rows go."""
    for rid in round_ids:
        invited, answered = s.execute(
            select(func.count(Participant.id), func.count(Participant.id).filter(Participant.answered)).where(
                Participant.round_id == rid
            )
        ).one()
        s.execute(
            update(Round)
            .where(Round.id == rid, Round.invited_count.is_(None))
            .values(invited_count=invited, answered_count=answered)
        )


def apply_retention(db: Database, now: datetime, days: int) -> dict[str, int]:
    """For rounds closed more than `days` ago and experiences older than that: delete free text, names,
    user ids and per-person delivery records. Ratings stay, unlinked, so aggregates survive."""
    cutoff = now - timedelta(days=days)
    removed: dict[str, int] = {}
    with db.session() as s:
        old = list(
            s.execute(
                select(Round.id).where(Round.status == "closed", Round.closed_at < cutoff, Round.retained)
            ).scalars()
        )
        if old:
            _freeze_counts(s, old)
            resp = select(Response.id).where(Response.round_id.in_(old))
            removed["texts"] = s.execute(
                update(Answer).where(Answer.response_id.in_(resp), Answer.text.is_not(None)).values(text=None)
            ).rowcount
            s.execute(
                update(Response)
                .where(Response.round_id.in_(old))
                .values(user_id=None, respondent=literal("retained-") + cast(Response.id, String))
            )
            removed["participants"] = s.execute(delete(Participant).where(Participant.round_id.in_(old))).rowcount
            removed["deliveries"] = s.execute(delete(Delivery).where(Delivery.round_id.in_(old))).rowcount
            s.execute(delete(Planned).where(Planned.round_id.in_(old)))
            s.execute(update(Action).where(Action.round_id.in_(old)).values(who=None))
            s.execute(update(Round).where(Round.id.in_(old)).values(retained=False, note=None, keep=None))
        removed["rounds"] = len(old)
        removed["experiences"] = s.execute(
            update(Experience)
            .where(
                Experience.shared_on < cutoff.date(),
                (Experience.worked.is_not(None))
                | (Experience.different.is_not(None))
                | (Experience.user_id.is_not(None)),
            )
            .values(worked=None, different=None, user_id=None)
        ).rowcount
        s.commit()
    audit.record(db, now, "retention", "retention.run", detail=str(removed), rows=sum(removed.values()))
    return removed


def erase_user(db: Database, user_id: str, now: datetime, actor: str = "cli") -> dict[str, int]:
    """The right to erasure: the person's identity and every answer that can still be tied to them."""
    removed: dict[str, int] = {}
    with db.session() as s:
        rounds = list(
            s.execute(
                select(Round).join(Participant, Participant.round_id == Round.id).where(Participant.user_id == user_id)
            ).scalars()
        )
        keys = [r for r in rounds if not r.anonymous] + [r for r in rounds if r.anonymous and r.secret]
        resp_ids: list[int] = []
        for r in keys:  # named rounds by user id; open anonymous rounds by the keyed hash, while it exists
            key = user_id if not r.anonymous else respondent_key(r, user_id)
            resp_ids += list(
                s.execute(select(Response.id).where(Response.round_id == r.id, Response.respondent == key)).scalars()
            )
        removed["answers"] = s.execute(delete(Answer).where(Answer.response_id.in_(resp_ids))).rowcount
        removed["responses"] = s.execute(delete(Response).where(Response.id.in_(resp_ids))).rowcount
        _freeze_counts(s, [r.id for r in rounds if r.status == "closed"])  # type: ignore[misc]
        removed["participations"] = s.execute(delete(Participant).where(Participant.user_id == user_id)).rowcount
        removed["experiences"] = s.execute(delete(Experience).where(Experience.user_id == user_id)).rowcount
        removed["deliveries"] = s.execute(delete(Delivery).where(Delivery.user_id == user_id)).rowcount
        removed["planned"] = s.execute(delete(Planned).where(Planned.user_id == user_id)).rowcount
        removed["profile"] = s.execute(delete(Person).where(Person.user_id == user_id)).rowcount
        removed["roles"] = s.execute(delete(Role).where(Role.user_id == user_id)).rowcount
        removed["audit entries pseudonymised"] = s.execute(
            update(AuditEntry).where(AuditEntry.actor == user_id).values(actor="erased")
        ).rowcount
        s.commit()
    # The audit keeps that an erasure happened and how much it removed, not whose it was.
    audit.record(db, now, actor, "erase", detail=str(removed), rows=sum(removed.values()))
    return removed

"""Retention and erasure: deleting (not hiding) free text and identities, keeping anonymous aggregates."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, cast, delete, literal, select, update
from sqlmodel import col

from storage import audit
from storage.db import Database, affected
from storage.models import (
    Action,
    Answer,
    AuditEntry,
    Contribution,
    Delivery,
    Experience,
    Meeting,
    MeetingMember,
    Participant,
    Person,
    Planned,
    Response,
    Role,
    Round,
    Vote,
)
from storage.rounds import SCRUBBED_AT_CLOSE, freeze_counts, respondent_key
from storage.status import RoundStatus

SCRUBBED = (*SCRUBBED_AT_CLOSE, "experience", "contribution", "meeting_member")


def apply_retention(db: Database, now: datetime, days: int) -> dict[str, int]:
    """For rounds closed more than `days` ago and experiences older than that: delete free text, names,
    user ids and per-person delivery records. Ratings stay, unlinked, so aggregates survive."""
    cutoff = now - timedelta(days=days)
    removed: dict[str, int] = {}
    with db.session() as s:
        old = [
            i
            for i in s.execute(
                select(col(Round.id)).where(
                    col(Round.status) == RoundStatus.CLOSED, col(Round.closed_at) < cutoff, col(Round.retained)
                )
            ).scalars()
            if i is not None
        ]
        if old:
            freeze_counts(s, old)
            resp = select(col(Response.id)).where(col(Response.round_id).in_(old))
            removed["texts"] = affected(
                s.execute(
                    update(Answer)
                    .where(col(Answer.response_id).in_(resp), col(Answer.text).is_not(None))
                    .values(text=None)
                )
            )
            s.execute(
                update(Response)
                .where(col(Response.round_id).in_(old))
                .values(user_id=None, respondent=literal("retained-") + cast(col(Response.id), String))
            )
            removed["participants"] = affected(s.execute(delete(Participant).where(col(Participant.round_id).in_(old))))
            removed["deliveries"] = affected(s.execute(delete(Delivery).where(col(Delivery.round_id).in_(old))))
            s.execute(delete(Planned).where(col(Planned.round_id).in_(old)))
            s.execute(update(Action).where(col(Action.round_id).in_(old)).values(who=None))
            # Their team meetings: what was said and who was there go too; counts and actions stay.
            held = select(col(Meeting.id)).where(col(Meeting.round_id).in_(old))
            removed["contributions"] = affected(
                s.execute(
                    update(Contribution)
                    .where(col(Contribution.meeting_id).in_(held), col(Contribution.text) != "")
                    .values(text="", author=None)
                )
            )
            s.execute(delete(MeetingMember).where(col(MeetingMember.meeting_id).in_(held)))
            s.execute(update(Round).where(col(Round.id).in_(old)).values(retained=False, note=None, keep=None))
        removed["rounds"] = len(old)
        removed["experiences"] = affected(
            s.execute(
                update(Experience)
                .where(
                    col(Experience.shared_on) < cutoff.date(),
                    (col(Experience.worked).is_not(None))
                    | (col(Experience.different).is_not(None))
                    | (col(Experience.user_id).is_not(None)),
                )
                .values(worked=None, different=None, user_id=None)
            )
        )
        s.commit()
    audit.record(db, now, "retention", "retention.run", detail=str(removed), rows=sum(removed.values()))
    # What retention deleted goes from the files too — and whatever a close's scrub could not yet remove
    # (on PostgreSQL, a transaction running at that moment keeps the old row versions it might still see).
    db.scrub(SCRUBBED, rewrite=("round",))
    return removed


def erase_user(db: Database, user_id: str, now: datetime, actor: str = "cli") -> dict[str, int]:
    """The right to erasure: the person's identity and every answer that can still be tied to them."""
    removed: dict[str, int] = {}
    with db.session() as s:
        rounds = list(
            s.execute(
                select(Round)
                .join(Participant, col(Participant.round_id) == col(Round.id))
                .where(col(Participant.user_id) == user_id)
            ).scalars()
        )
        keys = [r for r in rounds if not r.anonymous] + [r for r in rounds if r.anonymous and (r.salt or r.secret)]
        resp_ids: list[int] = []
        for r in keys:  # named rounds by user id; open anonymous rounds by the keyed hash, while it exists
            key = user_id if not r.anonymous else respondent_key(db, r, user_id)
            resp_ids += (
                i
                for i in s.execute(
                    select(col(Response.id)).where(col(Response.round_id) == r.id, col(Response.respondent) == key)
                ).scalars()
                if i is not None
            )
        removed["answers"] = affected(s.execute(delete(Answer).where(col(Answer.response_id).in_(resp_ids))))
        removed["responses"] = affected(s.execute(delete(Response).where(col(Response.id).in_(resp_ids))))
        freeze_counts(s, [r.id for r in rounds if r.status == RoundStatus.CLOSED and r.id is not None])
        removed["participations"] = affected(s.execute(delete(Participant).where(col(Participant.user_id) == user_id)))
        removed["experiences"] = affected(s.execute(delete(Experience).where(col(Experience.user_id) == user_id)))
        theirs = select(col(Contribution.id)).where(col(Contribution.author) == user_id)
        s.execute(delete(Vote).where(col(Vote.contribution_id).in_(theirs)))  # a meeting still running
        removed["contributions"] = affected(s.execute(delete(Contribution).where(col(Contribution.author) == user_id)))
        s.execute(delete(MeetingMember).where(col(MeetingMember.user_id) == user_id))
        removed["deliveries"] = affected(s.execute(delete(Delivery).where(col(Delivery.user_id) == user_id)))
        removed["planned"] = affected(s.execute(delete(Planned).where(col(Planned.user_id) == user_id)))
        removed["profile"] = affected(s.execute(delete(Person).where(col(Person.user_id) == user_id)))
        removed["roles"] = affected(s.execute(delete(Role).where(col(Role.user_id) == user_id)))
        removed["audit entries pseudonymised"] = affected(
            s.execute(update(AuditEntry).where(col(AuditEntry.actor) == user_id).values(actor="erased"))
        )
        s.commit()
    # The audit keeps that an erasure happened and how much it removed, not whose it was.
    audit.record(db, now, actor, "erase", detail=str(removed), rows=sum(removed.values()))
    return removed

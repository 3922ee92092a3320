"""HR's campaigns: which units, who holds each unit's round, how far each unit has come (counts only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Update, func, select, update
from sqlalchemy.orm import Session
from sqlmodel import col

from storage import units
from storage.db import Database, affected
from storage.models import (
    Action,
    Campaign,
    CampaignMember,
    CampaignUnit,
    Meeting,
    Person,
    Response,
    Round,
    Unit,
    UnitMember,
)
from storage.rounds import Claim, counts_of
from storage.status import MeetingStatus, RoundStatus


def create(
    db: Database,
    *,
    flow_id: str,
    starts_on: date,
    ends_on: date,
    message: str | None,
    created_by: str,
    holders: dict[int, str | None],
    now: datetime,
) -> Campaign:
    """The campaign and one row per unit (unit id → the Slack id of who holds it, None when no lead was found),
    frozen as the organisation is now: each unit's parent in the campaign (its parent, when that is in the
    campaign too) and its people. A re-import changes nothing about the campaign's results."""
    campaign = Campaign(
        flow_id=flow_id, starts_on=starts_on, ends_on=ends_on, message=message, created_by=created_by, created_at=now
    )
    with db.session() as s:
        s.add(campaign)
        s.flush()
        inside = list(holders)
        parent_of = dict(s.execute(select(col(Unit.id), col(Unit.parent_id)).where(col(Unit.id).in_(inside))).all())
        rows = [
            {
                "campaign_id": campaign.id,
                "unit_id": u,
                "holder_id": h,
                "parent_unit_id": parent_of.get(u) if parent_of.get(u) in holders else None,
            }
            for u, h in holders.items()
        ]
        if rows:
            s.execute(CampaignUnit.__table__.insert(), rows)  # type: ignore[attr-defined]
        members = [
            {"campaign_id": campaign.id, "unit_id": u, "email": email, "role": role}
            for u, email, role in s.execute(
                select(col(UnitMember.unit_id), col(UnitMember.email), col(UnitMember.role)).where(
                    col(UnitMember.unit_id).in_(inside)
                )
            ).all()
        ]
        if members:
            s.execute(CampaignMember.__table__.insert(), members)  # type: ignore[attr-defined]
        s.commit()
    return campaign


def get(db: Database, campaign_id: int) -> Campaign | None:
    with db.session() as s:
        return s.get(Campaign, campaign_id)


def all_campaigns(db: Database) -> list[Campaign]:
    """Every campaign, newest first."""
    with db.session() as s:
        return list(s.execute(select(Campaign).order_by(col(Campaign.id).desc())).scalars())


def latest(db: Database) -> Campaign | None:
    with db.session() as s:
        return s.execute(select(Campaign).order_by(col(Campaign.id).desc()).limit(1)).scalars().first()


def previous(db: Database, campaign: Campaign) -> Campaign | None:
    """The campaign of the same concept before this one (for the trend)."""
    with db.session() as s:
        q = (
            select(Campaign)
            .where(col(Campaign.flow_id) == campaign.flow_id, col(Campaign.starts_on) < campaign.starts_on)
            .order_by(col(Campaign.starts_on).desc(), col(Campaign.id).desc())
            .limit(1)
        )
        return s.execute(q).scalars().first()


def running(db: Database, today: date) -> list[Campaign]:
    """Campaigns whose period has not ended by `today`."""
    with db.session() as s:
        return list(s.execute(select(Campaign).where(col(Campaign.ends_on) >= today)).scalars())


def not_invited(db: Database) -> list[int]:
    """Campaigns whose leads' DMs have not all gone out yet (the sweep sends them)."""
    with db.session() as s:
        found = s.execute(select(col(Campaign.id)).where(col(Campaign.invited_at).is_(None))).scalars()
        return [i for i in found if i is not None]


def unit_of(db: Database, campaign_id: int, unit_id: int) -> CampaignUnit | None:
    with db.session() as s:
        q = select(CampaignUnit).where(
            col(CampaignUnit.campaign_id) == campaign_id, col(CampaignUnit.unit_id) == unit_id
        )
        return s.execute(q).scalars().first()


def units_of(db: Database, campaign_id: int) -> list[tuple[CampaignUnit, Unit]]:
    with db.session() as s:
        q = (
            select(CampaignUnit, Unit)
            .join(Unit, col(Unit.id) == col(CampaignUnit.unit_id))
            .where(col(CampaignUnit.campaign_id) == campaign_id)
            .order_by(col(Unit.name))
        )
        return [(cu, u) for cu, u in s.execute(q).all()]


def members_of(db: Database, campaign_id: int, unit_id: int) -> list[units.Member]:
    """A unit's people as they were when the campaign started (a re-import since changes nothing), with their
    Slack ids where the directory knows their e-mail (and they are not gone)."""
    with db.session() as s:
        q = (
            select(col(CampaignMember.email), col(CampaignMember.role), col(Person.user_id))
            .outerjoin(Person, (col(Person.email) == col(CampaignMember.email)) & col(Person.deleted).is_(False))
            .where(col(CampaignMember.campaign_id) == campaign_id, col(CampaignMember.unit_id) == unit_id)
            .order_by(col(CampaignMember.email))
        )
        return [units.Member(e, r, u) for e, r, u in s.execute(q).all()]


def _not_started(campaign_id: int, unit_id: int) -> tuple[ColumnElement[bool], ...]:
    return (
        col(CampaignUnit.campaign_id) == campaign_id,
        col(CampaignUnit.unit_id) == unit_id,
        col(CampaignUnit.round_id).is_(None),
    )


def _one(s: Session, statement: Update) -> bool:
    """Run a conditional UPDATE and commit: True when it changed the one row (the condition held)."""
    changed = affected(s.execute(statement)) == 1
    s.commit()
    return changed


def unit_claim(campaign_id: int | None, unit_id: int | None, meeting_on: date | None) -> Claim | None:
    """For storage.rounds.create_round: the unit takes the new round inside the round's own transaction, once —
    a second start (the lead and a deputy at once) finds it taken. None for a round outside a campaign."""
    if campaign_id is None or unit_id is None:
        return None
    statement = update(CampaignUnit).where(*_not_started(campaign_id, unit_id))

    def claim(s: Session, round_id: int) -> bool:
        return affected(s.execute(statement.values(round_id=round_id, meeting_on=meeting_on))) == 1

    return claim


def hand_over(db: Database, campaign_id: int, unit_id: int, holder_id: str) -> bool:
    """Give a unit not started yet to someone else (a deputy); False once its round has started."""
    with db.session() as s:
        statement = update(CampaignUnit).where(*_not_started(campaign_id, unit_id))
        return _one(s, statement.values(holder_id=holder_id, reminded_at=None))


def claim_reminder(db: Database, unit_row_id: int, now: datetime) -> bool:
    """True for the one caller that may send this unit's mid-period reminder."""
    with db.session() as s:
        return _one(
            s,
            update(CampaignUnit)
            .where(
                col(CampaignUnit.id) == unit_row_id,
                col(CampaignUnit.reminded_at).is_(None),
                col(CampaignUnit.round_id).is_(None),
            )
            .values(reminded_at=now),
        )


def mark_invited(db: Database, campaign_id: int, now: datetime) -> None:
    with db.session() as s:
        s.execute(update(Campaign).where(col(Campaign.id) == campaign_id).values(invited_at=now))
        s.commit()


class Stage:
    """How far a unit has come, in order."""

    NOT_STARTED = "not_started"
    ANSWERING = "answering"
    SUMMARISED = "summarised"
    MEETING_HELD = "meeting_held"
    ACTIONS = "actions_recorded"
    FOLLOWED_UP = "followed_up"
    ORDER = (NOT_STARTED, ANSWERING, SUMMARISED, MEETING_HELD, ACTIONS, FOLLOWED_UP)


@dataclass(frozen=True)
class Progress:
    unit_id: int
    unit: str
    holder_id: str | None
    stage: str
    answered: int
    invited: int
    round_id: int | None
    meeting: Held | None = None  # the team meeting held with the bot, as far as HR may know it


@dataclass(frozen=True)
class Held:
    """That a team meeting was held, when, how many took part, how many actions were agreed — nothing more."""

    on: date
    took_part: int
    actions: int


def progress(db: Database, campaign_id: int, today: date) -> list[Progress]:
    """Each unit's stage with its participation as counts (never who), by unit name."""
    with db.session() as s:
        q = (
            select(CampaignUnit, Unit.name, Round)  # type: ignore[call-overload]
            .join(Unit, col(Unit.id) == col(CampaignUnit.unit_id))
            .outerjoin(Round, col(Round.id) == col(CampaignUnit.round_id))
            .where(col(CampaignUnit.campaign_id) == campaign_id)
            .order_by(col(Unit.name))
        )
        rows = s.execute(q).all()
        with_actions = set(
            s.execute(
                select(col(Action.round_id)).where(
                    col(Action.round_id).in_([r.id for _cu, _n, r in rows if r is not None])
                )
            ).scalars()
        )
        held = {
            m.round_id: Held(m.ended_at.date(), m.took_part or 0, m.actions_agreed or 0)
            for m in s.execute(
                select(Meeting).where(
                    col(Meeting.round_id).in_([r.id for _cu, _n, r in rows if r is not None]),
                    col(Meeting.status) == MeetingStatus.ENDED,
                )
            ).scalars()
            if m.ended_at is not None
        }
    counted = counts_of(db, [r.id for _cu, _n, r in rows if r is not None and r.id is not None])
    out = []
    for cu, name, rnd in rows:
        answered, invited = counted.get(rnd.id, (0, 0)) if rnd is not None and rnd.id is not None else (0, 0)
        meeting = held.get(rnd.id) if rnd is not None and rnd.id is not None else None
        stage = _stage(cu, rnd, with_actions, meeting is not None)
        out.append(Progress(cu.unit_id, name, cu.holder_id, stage, answered, invited, cu.round_id, meeting))
    return out


def _stage(cu: CampaignUnit, rnd: Round | None, with_actions: set[int], meeting_held: bool) -> str:
    """How far a unit has come, from facts: a meeting counts as held when it was held with the bot (or when the
    lead recorded what it agreed), never because the day planned for it has passed."""
    if rnd is None:
        return Stage.NOT_STARTED
    if rnd.status == RoundStatus.OPEN:
        return Stage.ANSWERING
    if rnd.followed_up:
        return Stage.FOLLOWED_UP
    if rnd.id in with_actions or rnd.meeting_date is not None:
        return Stage.ACTIONS
    if meeting_held:
        return Stage.MEETING_HELD
    return Stage.SUMMARISED


def rounds_of(db: Database, campaign_id: int) -> dict[int, Round]:
    """Each started unit's round, by unit id."""
    with db.session() as s:
        q = (
            select(CampaignUnit.unit_id, Round)  # type: ignore[call-overload]
            .join(Round, col(Round.id) == col(CampaignUnit.round_id))
            .where(col(CampaignUnit.campaign_id) == campaign_id)
        )
        return {unit_id: rnd for unit_id, rnd in s.execute(q).all()}


def fingerprint(db: Database, campaign_ids: list[int]) -> tuple[int, int, str]:
    """What a campaign's results depend on, cheaply: its closed rounds and their responses (a round closing,
    or an erasure, changes it). Equal fingerprints, equal results."""
    with db.session() as s:
        closed = (
            select(col(Round.id))
            .join(CampaignUnit, col(CampaignUnit.round_id) == col(Round.id))
            .where(col(CampaignUnit.campaign_id).in_(campaign_ids), col(Round.status) == RoundStatus.CLOSED)
        )
        rounds_n, latest = s.execute(
            select(func.count(), func.max(Round.closed_at)).where(col(Round.id).in_(closed))
        ).one()
        responses_n = s.execute(select(func.count()).where(col(Response.round_id).in_(closed))).scalar_one()
    return int(rounds_n), int(responses_n), str(latest)

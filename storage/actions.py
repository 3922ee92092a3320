"""The actions a team agreed after a round, replaced as a whole when the lead edits them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import col

from storage.db import Database, affected
from storage.models import Action, Round
from storage.status import ActionStatus


def record(
    db: Database, round_id: int, actions: list[dict[str, Any]], keep: str | None, meeting: date, follow_up_at: datetime
) -> None:
    with db.session() as s:
        s.execute(delete(Action).where(col(Action.round_id) == round_id))
        for i, a in enumerate(actions):
            s.add(Action(round_id=round_id, position=i, what=a["what"], who=a.get("who"), due=a.get("due")))
        s.execute(
            update(Round)
            .where(col(Round.id) == round_id)
            .values(keep=keep, meeting_date=meeting, follow_up_at=follow_up_at)
        )
        s.commit()


def of_round(db: Database, round_id: int) -> list[Action]:
    with db.session() as s:
        return list(
            s.execute(select(Action).where(col(Action.round_id) == round_id).order_by(col(Action.position))).scalars()
        )


def get(db: Database, action_id: int) -> Action | None:
    with db.session() as s:
        return s.get(Action, action_id)


def set_status(db: Database, action_id: int, status: ActionStatus) -> Action | None:
    with db.session() as s:
        a = s.get(Action, action_id)
        if a is None:
            return None
        a.status = status
        s.add(a)
        s.commit()
        return a


def claim_follow_up(db: Database, round_id: int) -> bool:
    """True for exactly one caller once the follow-up is due."""
    with db.session() as s:
        n = affected(
            s.execute(
                update(Round)
                .where(col(Round.id) == round_id, col(Round.followed_up).is_(False))
                .values(followed_up=True)
            )
        )
        s.commit()
        return bool(n)

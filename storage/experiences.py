"""Experiences people share: anonymous unless they choose a name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert

from storage.db import Database
from storage.models import Experience, utcnow
from storage.submissions import claim_submission


def add(
    db: Database,
    *,
    dialogue: str,
    worked: str | None,
    different: str | None,
    rating: int | None,
    user_id: str | None,
    shared_on: date,
    round_id: int | None = None,
    submission: str | None = None,
    source: str = "chat",
    forum: str | None = None,
) -> int | None:
    """Store one experience; None when this `submission` (the share form) stored one before."""
    with db.session() as s:
        if submission is not None and not claim_submission(s, submission, utcnow()):
            return None
        e = Experience(
            dialogue=dialogue,
            worked=worked,
            different=different,
            rating=rating,
            user_id=user_id,
            shared_on=shared_on,
            round_id=round_id,
            source=source,
            forum=forum,
        )
        s.add(e)
        s.commit()
        assert e.id is not None
        return e.id


@dataclass(frozen=True)
class Visit:
    """One experience recorded by HR on behalf of a forum it visited: anonymous (no person), dated by the visit."""

    forum: str
    on: date
    dialogue: str
    worked: str | None
    different: str | None


def add_visits(db: Database, visits: Sequence[Visit]) -> int:
    """Store what HR heard on visits, all or nothing: anonymous, tagged 'visit' with the forum."""
    rows = [
        {
            "dialogue": v.dialogue,
            "worked": v.worked,
            "different": v.different,
            "rating": None,
            "user_id": None,
            "round_id": None,
            "source": "visit",
            "forum": v.forum,
            "shared_on": v.on,
        }
        for v in visits
    ]
    with db.session() as s:
        if rows:
            s.execute(insert(Experience), rows)
        s.commit()
    return len(rows)

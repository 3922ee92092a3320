"""Experiences people share: anonymous unless they choose a name."""

from __future__ import annotations

from datetime import date

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
        )
        s.add(e)
        s.commit()
        assert e.id is not None
        return e.id

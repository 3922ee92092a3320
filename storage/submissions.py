"""Form submissions that created something, remembered so that the same submission — a replay inside
Slack's 5-minute window, or a retry — creates nothing the second time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Submission


def claim_submission(s: Session, key: str, now: datetime) -> bool:
    """Record a creating submission in `s`'s transaction, before what it creates; False (and the transaction
    rolled back) when the same submission was recorded before."""
    s.add(Submission(key=key, at=now))
    try:
        s.flush()
    except IntegrityError:
        s.rollback()
        return False
    return True

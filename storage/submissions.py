"""Form submissions that created something, remembered so that the same submission — a replay inside
Slack's 5-minute window, or a retry — creates nothing the second time; and the events Slack delivered, so that
one it sends again is not acted on twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import SeenEvent, Submission


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


def claim_event(db: Database, event_id: str, now: datetime) -> bool:
    """Record an event Slack delivered (by its event_id); False when it was recorded before: a retry."""
    with db.session() as s:
        s.add(SeenEvent(event_id=event_id[:64], seen_at=now))
        try:
            s.commit()
        except IntegrityError:
            s.rollback()
            return False
    return True

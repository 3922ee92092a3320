"""The outbox: each outgoing message has a stable key and a state, so it is sent once whatever happens."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.models import Delivery

LEASE = timedelta(minutes=2)  # default: a 'sending' claim older than this was lost with its process
MAX_ATTEMPTS = 8


def get(db: Database, key: str) -> Delivery | None:
    with db.session() as s:
        return s.get(Delivery, key)


def claim(
    db: Database, key: str, round_id: int | None, now: datetime, user_id: str | None = None, lease: timedelta = LEASE
) -> Delivery | None:
    """Take the right to send `key` now. None when it was sent already, is being sent, or waits for a retry."""
    with db.session() as s:
        if s.get(Delivery, key) is None:
            s.add(Delivery(key=key, round_id=round_id, user_id=user_id))
            try:
                s.commit()
            except IntegrityError:
                s.rollback()
        won = s.execute(
            update(Delivery)
            .where(
                Delivery.key == key,
                or_(
                    Delivery.status == "pending",
                    (Delivery.status == "failed") & (Delivery.next_attempt_at <= now),
                    (Delivery.status == "sending") & (Delivery.claimed_at < now - lease),
                ),
            )
            .values(status="sending", claimed_at=now, attempts=Delivery.attempts + 1)
        ).rowcount
        s.commit()
        return s.get(Delivery, key) if won else None


def mark_sent(db: Database, key: str, channel: str | None, ts: str | None, now: datetime) -> None:
    with db.session() as s:
        s.execute(
            update(Delivery)
            .where(Delivery.key == key)
            .values(status="sent", channel=channel, ts=ts, last_error=None, sent_at=now)
        )
        s.commit()


def mark_failed(db: Database, key: str, error: str, now: datetime, *, permanent: bool) -> None:
    """Record a failure; transient ones are retried later with exponential backoff, up to MAX_ATTEMPTS."""
    with db.session() as s:
        d = s.get(Delivery, key)
        if d is None:
            return
        dead = permanent or d.attempts >= MAX_ATTEMPTS
        d.status = "dead" if dead else "failed"
        d.last_error = error[:200]
        d.next_attempt_at = None if dead else now + timedelta(seconds=min(3600, 15 * 2 ** (d.attempts - 1)))
        s.add(d)
        s.commit()


def problems(db: Database, round_id: int) -> dict[str, int]:
    """How many deliveries of a round failed for now ('failed') or for good ('dead')."""
    with db.session() as s:
        q = (
            select(Delivery.status, func.count())
            .where(Delivery.round_id == round_id, Delivery.status.in_(("failed", "dead")))
            .group_by(Delivery.status)
        )
        return {status: int(n) for status, n in s.execute(q).all()}


def unfinished(db: Database, round_id: int, prefix: str) -> int:
    """How many of a round's deliveries whose key starts with `prefix` are not yet sent (nor given up on)."""
    with db.session() as s:
        q = select(func.count()).where(
            Delivery.round_id == round_id,
            Delivery.key.startswith(prefix, autoescape=True),
            Delivery.status.in_(("pending", "sending", "failed")),
        )
        return int(s.execute(q).scalar_one())


def last_sent_to(db: Database, user_id: str) -> datetime | None:
    """When the bot last messaged this person (any round), for the 2-hour quiet gap."""
    with db.session() as s:
        q = select(func.max(Delivery.sent_at)).where(Delivery.user_id == user_id, Delivery.status == "sent")
        return s.execute(q).scalar_one()


def sent_count(db: Database, prefix: str) -> int:
    with db.session() as s:
        q = select(func.count()).where(Delivery.key.startswith(prefix, autoescape=True), Delivery.status == "sent")
        return int(s.execute(q).scalar_one())

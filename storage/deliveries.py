"""The outbox: each outgoing message has a stable key and a state, so it is sent once whatever happens."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select, text, update

from storage.db import Database
from storage.models import Delivery, Planned, UTCDateTime

LEASE = timedelta(minutes=2)  # default: a 'sending' claim older than this was lost with its process
MAX_ATTEMPTS = 8


def get(db: Database, key: str) -> Delivery | None:
    with db.session() as s:
        return s.get(Delivery, key)


# The hot path of every send, as plain SQL: building ORM statements cost more than running them.
# INSERT … ON CONFLICT DO NOTHING is the same on SQLite (3.24+) and PostgreSQL.
_INSERT = text(
    "INSERT INTO delivery (key, round_id, user_id, status, attempts) "
    "VALUES (:key, :round_id, :user_id, 'pending', 0) ON CONFLICT (key) DO NOTHING"
)
# Timestamps are bound with the column's own type, so they are stored exactly as the ORM stores them
# (on SQLite that is text, compared as text).
_CLAIM = text(
    "UPDATE delivery SET status = 'sending', claimed_at = :now, attempts = attempts + 1 "
    "WHERE key = :key AND (status = 'pending' OR (status = 'failed' AND next_attempt_at <= :now) "
    "OR (status = 'sending' AND claimed_at < :stale))"
).bindparams(bindparam("now", type_=UTCDateTime()), bindparam("stale", type_=UTCDateTime()))
_PLANNED_DONE = text("UPDATE planned SET status = 'done' WHERE key = :key")
_SENT = text(
    "UPDATE delivery SET status = 'sent', channel = :channel, ts = :ts, last_error = NULL, sent_at = :now "
    "WHERE key = :key"
).bindparams(bindparam("now", type_=UTCDateTime()))


def claim(
    db: Database,
    key: str,
    round_id: int | None,
    now: datetime,
    user_id: str | None = None,
    lease: timedelta = LEASE,
    planned: bool = False,
) -> bool:
    """Take the right to send `key` now, in one transaction. False when it was sent already, is being sent,
    or waits for a retry. With `planned`, the planned row of the same key is marked done in that transaction."""
    with db.engine.begin() as c:
        c.execute(_INSERT, {"key": key, "round_id": round_id, "user_id": user_id})
        won = c.execute(_CLAIM, {"key": key, "now": now, "stale": now - lease}).rowcount
        if won and planned:
            c.execute(_PLANNED_DONE, {"key": key})
        return bool(won)


def mark_sent(db: Database, key: str, channel: str | None, ts: str | None, now: datetime) -> None:
    with db.engine.begin() as c:
        c.execute(_SENT, {"key": key, "channel": channel, "ts": ts, "now": now})


def mark_failed(db: Database, key: str, error: str, now: datetime, *, permanent: bool, planned: bool = False) -> None:
    """Record a failure; transient ones are retried later with exponential backoff, up to MAX_ATTEMPTS.
    With `planned`, the planned row is put back for the retry (or skipped for good)."""
    with db.session() as s:
        d = s.get(Delivery, key)
        if d is None:
            return
        dead = permanent or d.attempts >= MAX_ATTEMPTS
        d.status = "dead" if dead else "failed"
        d.last_error = error[:200]
        d.next_attempt_at = None if dead else now + timedelta(seconds=min(3600, 15 * 2 ** (d.attempts - 1)))
        s.add(d)
        if planned:
            values = {"status": "skipped"} if dead else {"status": "planned", "due_at": d.next_attempt_at}
            s.execute(update(Planned).where(Planned.key == key).values(**values))
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


def reminder_facts(db: Database, round_id: int, user_id: str) -> tuple[int, datetime | None]:
    """(reminders this person got in this round, when the bot last messaged them at all) in one query:
    the cap and the 2-hour quiet gap."""
    prefix = f"remind:{round_id}:{user_id}:"
    with db.session() as s:
        q = select(
            func.count().filter(Delivery.key.startswith(prefix, autoescape=True)), func.max(Delivery.sent_at)
        ).where(Delivery.user_id == user_id, Delivery.status == "sent")
        n, last = s.execute(q).one()
        return int(n), last


def sent_count(db: Database, prefix: str) -> int:
    with db.session() as s:
        q = select(func.count()).where(Delivery.key.startswith(prefix, autoescape=True), Delivery.status == "sent")
        return int(s.execute(q).scalar_one())

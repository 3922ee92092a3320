"""The outbox: each outgoing message has a stable key and a state, so it is sent once whatever happens."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, bindparam, func, select, text, update
from sqlmodel import col

from storage import keys
from storage.db import Database, Deferred, Statement
from storage.models import Delivery, EnumText, Planned, UTCDateTime
from storage.status import DeliveryStatus, PlannedStatus

LEASE = timedelta(minutes=2)  # default: a 'sending' claim older than this was lost with its process
MAX_ATTEMPTS = 8


_GET = text(
    "SELECT key, round_id, user_id, status, channel, ts, attempts, last_error, claimed_at, sent_at, "
    "next_attempt_at FROM delivery WHERE key = :key"
).columns(
    status=EnumText(DeliveryStatus, 16), claimed_at=UTCDateTime(), sent_at=UTCDateTime(), next_attempt_at=UTCDateTime()
)


def by_status(db: Database) -> dict[str, int]:
    """How many deliveries are not sent (yet), by state: pending, sending, failed, dead."""
    with db.session() as s:
        q = (
            select(col(Delivery.status), func.count())
            .where(col(Delivery.status) != DeliveryStatus.SENT)
            .group_by(col(Delivery.status))
        )
        return {str(state): int(n) for state, n in s.execute(q)}


def get(db: Database, key: str) -> Row[Any] | None:
    """The delivery of `key` (its status, channel, ts, …) as a row, or None."""
    with db.engine.connect() as c:
        return c.execute(_GET, {"key": key}).first()


# The hot path of every send, as plain SQL: building ORM statements cost more than running them.
# One statement makes the row or takes the existing one when it is free to send: pending, failed and past its
# backoff, or claimed by a process that has been silent for longer than the lease. A row back means we won.
# INSERT … ON CONFLICT … DO UPDATE … WHERE … RETURNING reads the same on SQLite (3.35+) and PostgreSQL.
# Timestamps are bound with the column's own type, so they are stored exactly as the ORM stores them
# (on SQLite that is text, compared as text).
_CLAIM = Statement(
    "INSERT INTO delivery (key, round_id, user_id, status, attempts, claimed_at) "
    f"VALUES (:key, :round_id, :user_id, '{DeliveryStatus.SENDING}', 1, :now) "
    f"ON CONFLICT (key) DO UPDATE SET status = '{DeliveryStatus.SENDING}', claimed_at = excluded.claimed_at, "
    "attempts = delivery.attempts + 1 "
    f"WHERE delivery.status = '{DeliveryStatus.PENDING}' "
    f"OR (delivery.status = '{DeliveryStatus.FAILED}' AND delivery.next_attempt_at <= :now) "
    f"OR (delivery.status = '{DeliveryStatus.SENDING}' AND delivery.claimed_at < :stale) RETURNING attempts",
    now=UTCDateTime(),
    stale=UTCDateTime(),
)
_PLANNED_DONE = Statement(f"UPDATE planned SET status = '{PlannedStatus.DONE}' WHERE key = :key")
_SENT = Statement(
    f"UPDATE delivery SET status = '{DeliveryStatus.SENT}', channel = :channel, ts = :ts, last_error = NULL, "
    "sent_at = :now WHERE key = :key",
    now=UTCDateTime(),
)


def claim(
    db: Database,
    key: str,
    round_id: int | None,
    now: datetime,
    user_id: str | None = None,
    lease: timedelta = LEASE,
    planned: bool = False,
    deferred: Deferred | None = None,
) -> int:
    """Take the right to send `key` now, in one transaction: the attempt this is (1 for the first), or 0 when
    it was sent already, is being sent, or waits for a retry. With `planned`, the planned row of the same key is
    marked done in that transaction; `deferred` writes (the previous message's 'sent') are committed with it."""
    with db.bookkeeping(deferred.connection if deferred is not None else None) as c:
        if deferred:
            deferred.run(c)
        params = {"key": key, "round_id": round_id, "user_id": user_id, "now": now, "stale": now - lease}
        rows = _CLAIM.run(c, params)
        attempt = int(rows[0][0]) if rows else 0
        if attempt and planned:
            _PLANNED_DONE.run(c, {"key": key})
    if deferred is not None:
        deferred.clear()
    return attempt


def mark_sent(
    db: Database, key: str, channel: str | None, ts: str | None, now: datetime, deferred: Deferred | None = None
) -> None:
    """Record the send; with `deferred`, in the next transaction that runs those writes."""
    db.write(_SENT, {"key": key, "channel": channel, "ts": ts, "now": now}, deferred)


def mark_failed(db: Database, key: str, error: str, now: datetime, *, permanent: bool, planned: bool = False) -> None:
    """Record a failure; transient ones are retried later with exponential backoff, up to MAX_ATTEMPTS.
    With `planned`, the planned row is put back for the retry (or skipped for good)."""
    with db.session() as s:
        d = s.get(Delivery, key)
        if d is None:
            return
        dead = permanent or d.attempts >= MAX_ATTEMPTS
        d.status = DeliveryStatus.DEAD if dead else DeliveryStatus.FAILED
        d.last_error = error[:200]
        d.next_attempt_at = None if dead else now + timedelta(seconds=min(3600, 15 * 2 ** (d.attempts - 1)))
        s.add(d)
        if planned:
            q = update(Planned).where(col(Planned.key) == key)
            s.execute(
                q.values(status=PlannedStatus.SKIPPED)
                if dead
                else q.values(status=PlannedStatus.PLANNED, due_at=d.next_attempt_at)
            )
        s.commit()


_PROBLEMS = text(
    "SELECT status, count(*) AS n FROM delivery WHERE round_id = :round_id "
    f"AND status IN ('{DeliveryStatus.FAILED}', '{DeliveryStatus.DEAD}') "
    "GROUP BY status"
).columns(status=EnumText(DeliveryStatus, 16))
_UNFINISHED = text(
    "SELECT count(*) FROM delivery WHERE round_id = :round_id "
    f"AND status IN ('{DeliveryStatus.PENDING}', '{DeliveryStatus.SENDING}', '{DeliveryStatus.FAILED}') "
    "AND substr(key, 1, :n) = :prefix"
)


_SENT_WITH_PREFIX = text(
    f"SELECT key, user_id, channel, ts FROM delivery WHERE round_id = :round_id AND status = '{DeliveryStatus.SENT}' "
    "AND substr(key, 1, :n) = :prefix ORDER BY key"
)


_ENDED = text(
    f"SELECT key FROM delivery WHERE key IN :keys AND status IN ('{DeliveryStatus.SENT}', '{DeliveryStatus.DEAD}')"
).bindparams(bindparam("keys", expanding=True))


def ended(db: Database, wanted: list[str]) -> set[str]:
    """Which of these deliveries went out or were given up on, in one query (a campaign's hundreds of leads)."""
    if not wanted:
        return set()
    with db.engine.connect() as c:
        return {str(k) for k in c.execute(_ENDED, {"keys": wanted}).scalars()}


def sent_with_prefix(db: Database, round_id: int, prefix: str) -> list[Row[Any]]:
    """(key, user_id, channel, ts) of a round's sent messages whose key starts with `prefix`."""
    with db.engine.connect() as c:
        return list(c.execute(_SENT_WITH_PREFIX, {"round_id": round_id, "n": len(prefix), "prefix": prefix}))


def problems(db: Database, round_id: int) -> dict[DeliveryStatus, int]:
    """How many deliveries of a round failed for now (FAILED) or for good (DEAD)."""
    with db.engine.connect() as c:
        return {row.status: int(row.n) for row in c.execute(_PROBLEMS, {"round_id": round_id})}


def unfinished(db: Database, round_id: int, prefix: str) -> int:
    """How many of a round's deliveries whose key starts with `prefix` are not yet sent (nor given up on)."""
    with db.engine.connect() as c:
        return int(c.execute(_UNFINISHED, {"round_id": round_id, "n": len(prefix), "prefix": prefix}).scalar_one())


# What each person has had or is being sent: a message being sent right now counts as the last one (and a
# reminder being sent towards the cap).
_RECENT = (
    text(
        "SELECT user_id, key, coalesce(sent_at, claimed_at) AS at FROM delivery "
        f"WHERE user_id IN :user_ids AND status IN ('{DeliveryStatus.SENT}', '{DeliveryStatus.SENDING}')"
    )
    .bindparams(bindparam("user_ids", expanding=True))
    .columns(at=UTCDateTime())
)


def recent(db: Database, user_ids: list[str]) -> dict[str, list[tuple[str, datetime]]]:
    """(key, when) of the messages each of these people has had or is being sent."""
    found: dict[str, list[tuple[str, datetime]]] = {}
    for row in db.rows_for(_RECENT, user_ids):
        found.setdefault(row.user_id, []).append((row.key, row.at))
    return found


def reminder_facts(messages: list[tuple[str, datetime]], round_id: int, user_id: str) -> tuple[int, datetime | None]:
    """From one person's `recent` messages: (reminders they got in this round, when the bot last messaged them
    at all) — the cap and the 2-hour quiet gap."""
    prefix = keys.reminders_of(round_id, user_id)
    return sum(key.startswith(prefix) for key, _ in messages), max((at for _, at in messages if at), default=None)


def sent_count(db: Database, prefix: str) -> int:
    with db.session() as s:
        q = select(func.count()).where(
            col(Delivery.key).startswith(prefix, autoescape=True), col(Delivery.status) == DeliveryStatus.SENT
        )
        return int(s.execute(q).scalar_one())

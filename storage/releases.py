"""The release ledger: what numbers about people left the bot — which rounds' ratings of which steps, as one
total or round by round — to whom, on which surface, when. bot.disclosure decides each new release against it.

A release already in the ledger for the same reader is not stored twice (only `last_at` moves), so reading the
same results again adds nothing; the ledger grows only when what is released changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from storage.db import Database
from storage.models import Release


@dataclass(frozen=True)
class Released:
    """One release: the reader, the rounds, the steps, and whether round by round (`apart`) or their total."""

    reader: str
    rounds: frozenset[int]
    steps: frozenset[str]
    apart: bool = False


def _digest(rounds: frozenset[int], steps: frozenset[str], apart: bool) -> str:
    text = f"{','.join(map(str, sorted(rounds)))}|{','.join(sorted(steps))}|{int(apart)}"
    return hashlib.sha256(text.encode()).hexdigest()


def record(
    db: Database,
    reader: str,
    surface: str,
    subject: str,
    released: Iterable[tuple[frozenset[int], frozenset[str], bool, int]],
    now: datetime,
) -> int:
    """Store each (rounds, steps, apart, people) released to `reader`, in one transaction; returns how many were
    new. One released again only moves its `last_at`."""
    reader = reader[:64]
    rows = {_digest(r, st, a): (r, st, a, n) for r, st, a, n in released if r and st}
    if not rows:
        return 0
    for attempt in range(2):
        with db.session() as s:
            there = set(
                s.execute(
                    select(col(Release.digest)).where(col(Release.reader) == reader, col(Release.digest).in_(rows))
                ).scalars()
            )
            if there:
                s.execute(
                    update(Release)
                    .where(col(Release.reader) == reader, col(Release.digest).in_(there))
                    .values(last_at=now)
                )
            new = [
                Release(
                    reader=reader,
                    surface=surface[:40],
                    subject=subject[:100],
                    rounds=",".join(map(str, sorted(rounds))),
                    steps=",".join(sorted(steps)),
                    apart=apart,
                    people=people,
                    digest=digest,
                    first_at=now,
                    last_at=now,
                )
                for digest, (rounds, steps, apart, people) in rows.items()
                if digest not in there
            ]
            s.add_all(new)
            try:
                s.commit()
                return len(new)
            except IntegrityError:  # the same release stored by a concurrent read in the meantime: once more
                s.rollback()
                if attempt:
                    raise
    return 0


def every(db: Database) -> list[Released]:
    """Everything released, to anyone (one row per reader and release)."""
    with db.session() as s:
        rows = s.execute(
            select(col(Release.reader), col(Release.rounds), col(Release.steps), col(Release.apart)).order_by(
                col(Release.id)
            )
        ).all()
    return [
        Released(
            reader,
            frozenset(int(r) for r in rounds.split(",") if r),
            frozenset(x for x in steps.split(",") if x),
            bool(apart),
        )
        for reader, rounds, steps, apart in rows
    ]


def of_reader(db: Database, reader: str) -> list[Release]:
    """What one reader was shown, oldest first (for HR's questions and the tests)."""
    with db.session() as s:
        q = select(Release).where(col(Release.reader) == reader[:64]).order_by(col(Release.id))
        return list(s.execute(q).scalars())

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

from storage.db import Database, affected
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
    """Store each (rounds, steps, apart, people) released to `reader`; returns how many were new."""
    new = 0
    for rounds, steps, apart, people in released:
        if not rounds or not steps:
            continue
        digest = _digest(rounds, steps, apart)
        with db.session() as s:
            moved = s.execute(
                update(Release)
                .where(col(Release.reader) == reader[:64], col(Release.digest) == digest)
                .values(last_at=now)
            )
            if affected(moved):
                s.commit()
                continue
            s.add(
                Release(
                    reader=reader[:64],
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
            )
            try:
                s.commit()
                new += 1
            except IntegrityError:  # the same release stored by a concurrent reader in the meantime
                s.rollback()
    return new


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

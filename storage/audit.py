"""The audit log: every export, role change, deletion and refused attempt."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select
from sqlmodel import col

from storage.db import Database
from storage.models import AuditEntry


def record(
    db: Database,
    at: datetime,
    actor: str,
    action: str,
    *,
    detail: str | None = None,
    rows: int | None = None,
    allowed: bool = True,
) -> None:
    with db.session() as s:
        s.add(AuditEntry(at=at, actor=actor, action=action, detail=detail, rows=rows, allowed=allowed))
        s.commit()


def entries(db: Database, since: datetime | None = None) -> Iterator[AuditEntry]:
    with db.session() as s:
        q = select(AuditEntry).order_by(col(AuditEntry.id))
        if since is not None:
            q = q.where(col(AuditEntry.at) >= since)
        yield from s.execute(q.execution_options(yield_per=1000)).scalars()

"""Concept versions as first used, variants offered next time, and set-ups waiting for their preview."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from storage.db import Database, affected
from storage.models import Draft, FlowVersion, Variant

DRAFT_HOURS = 24  # a set-up not started within a day is forgotten


def remember(db: Database, flow_id: str, version: int, digest: str, content: str, now: datetime) -> FlowVersion:
    """Store a version the first time it is used and return what is stored (the first content wins)."""
    with db.session() as s:
        found = s.get(FlowVersion, (flow_id, version))
        if found is not None:
            return found
        row = FlowVersion(flow_id=flow_id, version=version, digest=digest, content=content, first_used_at=now)
        s.add(row)
        try:
            s.commit()
        except IntegrityError:  # another process stored it a moment ago
            s.rollback()
            stored = s.get(FlowVersion, (flow_id, version))
            assert stored is not None
            return stored
        return row


def get(db: Database, flow_id: str, version: int) -> FlowVersion | None:
    with db.session() as s:
        return s.get(FlowVersion, (flow_id, version))


def save_variant(db: Database, owner: str, flow_id: str, content: str, now: datetime) -> None:
    with db.session() as s:
        row = s.get(Variant, (owner, flow_id))
        if row is None:
            s.add(Variant(owner=owner, flow_id=flow_id, content=content, updated_at=now))
        else:
            row.content, row.updated_at = content, now
        s.commit()


def variant(db: Database, owners: list[str], flow_id: str) -> str | None:
    """The first of `owners` (the unit, then the lead) that has a variant of this concept."""
    with db.session() as s:
        for owner in owners:
            row = s.get(Variant, (owner, flow_id))
            if row is not None:
                return row.content
    return None


def put_draft(db: Database, key: str, lead_id: str, content: str, now: datetime) -> None:
    with db.session() as s:
        s.execute(delete(Draft).where(col(Draft.created_at) < now - timedelta(hours=DRAFT_HOURS)))
        row = s.get(Draft, key)
        if row is None:
            s.add(Draft(key=key, lead_id=lead_id, content=content, created_at=now))
        else:
            row.content = content
        s.commit()


def draft(db: Database, key: str, lead_id: str) -> str | None:
    """A lead's own draft (another person's key finds nothing)."""
    with db.session() as s:
        row = s.get(Draft, key)
        return row.content if row is not None and row.lead_id == lead_id else None


def drop_draft(db: Database, key: str) -> bool:
    """True for the one caller that removed it (so a double submit starts one round)."""
    with db.session() as s:
        n = affected(s.execute(delete(Draft).where(col(Draft.key) == key)))
        s.commit()
        return n == 1

"""Roles from the database, seeded from HR_ADMINS; every change is audited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlmodel import col

from storage import audit
from storage.db import Database
from storage.models import Role

HR = "hr"


def seed(db: Database, hr_ids: set[str], now: datetime) -> None:
    """Make the 'hr' role holders exactly HR_ADMINS (the setting is the source the operator controls)."""
    with db.session() as s:
        have = set(s.execute(select(col(Role.user_id)).where(col(Role.role) == HR)).scalars())
        for uid in sorted(hr_ids - have):
            s.merge(Role(user_id=uid, role=HR, granted_at=now))
        if have - hr_ids:
            s.execute(delete(Role).where(col(Role.role) == HR, col(Role.user_id).in_(sorted(have - hr_ids))))
        s.commit()
    for uid in sorted(hr_ids - have):
        audit.record(db, now, "HR_ADMINS", "role.grant", detail=f"{uid}: hr")
    for uid in sorted(have - hr_ids):
        audit.record(db, now, "HR_ADMINS", "role.revoke", detail=f"{uid}: hr")


def is_hr(db: Database, user_id: str) -> bool:
    with db.session() as s:
        return s.get(Role, user_id) is not None

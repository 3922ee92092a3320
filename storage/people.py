"""The cached facts about people (language, time zone), written with one upsert."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.db import Database
from storage.models import Person


def save(db: Database, p: Person) -> None:
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    values = {
        "user_id": p.user_id,
        "locale": p.locale,
        "tz": p.tz,
        "is_bot": p.is_bot,
        "fetched_at": p.fetched_at,
        "notice_sent": p.notice_sent,
    }
    stmt = insert(Person).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["user_id"], set_={k: stmt.excluded[k] for k in values if k != "user_id"}
    )
    with db.engine.begin() as c:
        c.execute(stmt)


def notice_sent(db: Database, user_id: str) -> bool:
    with db.session() as s:
        p = s.get(Person, user_id)
        return bool(p and p.notice_sent)


def mark_notice_sent(db: Database, user_id: str) -> None:
    with db.engine.begin() as c:
        c.execute(update(Person).where(Person.user_id == user_id).values(notice_sent=True))

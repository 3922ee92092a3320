"""The people directory: what Slack says about each person (language, time zone, e-mail, deactivated, bot),
refreshed by a daily users.list sweep and user_change/team_join events, and whether the privacy notice went out.

Read and written in plain SQL: the scheduler looks up a person for every message it sends, and building
ORM statements cost more than running them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Row, bindparam, text
from sqlalchemy.types import TypeEngine

from storage.db import Database, Deferred, Statement
from storage.models import UTCDateTime

_COLUMNS = (
    "SELECT user_id, locale, tz, is_bot, notice_sent, fetched_at, email, deleted, real_name, display_name FROM person"
)
_TYPES: dict[str, TypeEngine[Any]] = {
    "is_bot": Boolean(),
    "notice_sent": Boolean(),
    "fetched_at": UTCDateTime(),
    "deleted": Boolean(),
}
_MANY = (
    text(f"{_COLUMNS} WHERE user_id IN :user_ids").bindparams(bindparam("user_ids", expanding=True)).columns(**_TYPES)
)
# Facts from Slack replace the cached ones; whether the notice went out is ours, and a refresh keeps it.
_SAVE = text(
    "INSERT INTO person (user_id, locale, tz, is_bot, notice_sent, fetched_at, email, deleted, real_name, "
    "display_name) VALUES (:user_id, :locale, :tz, :is_bot, :notice_sent, :fetched_at, :email, :deleted, "
    ":real_name, :display_name) "
    "ON CONFLICT (user_id) DO UPDATE SET "
    "locale = excluded.locale, tz = excluded.tz, is_bot = excluded.is_bot, fetched_at = excluded.fetched_at, "
    "email = excluded.email, deleted = excluded.deleted, notice_sent = person.notice_sent OR excluded.notice_sent, "
    "real_name = excluded.real_name, display_name = excluded.display_name"
).bindparams(
    bindparam("fetched_at", type_=UTCDateTime()),
    bindparam("is_bot", type_=Boolean()),
    bindparam("notice_sent", type_=Boolean()),
    bindparam("deleted", type_=Boolean()),
)
_NOTICE = Statement("UPDATE person SET notice_sent = true WHERE user_id = :user_id")
_NOTICED = text("SELECT user_id FROM person WHERE notice_sent AND user_id IN :user_ids").bindparams(
    bindparam("user_ids", expanding=True)
)


@dataclass(slots=True)
class Profile:
    """What the bot knows about a person: a row of `person`, kept in memory by the thousand (a plain dataclass:
    an ORM object costs ten times more to make)."""

    user_id: str
    locale: str
    tz: str | None
    is_bot: bool
    notice_sent: bool
    fetched_at: datetime
    notice_read_at: datetime | None = None  # when `notice_sent` was last read from the store
    email: str | None = None
    deleted: bool = False  # deactivated in Slack
    real_name: str | None = None  # comments are masked of these names (flows.masking)
    display_name: str | None = None


def _profile(row: Row[Any]) -> Profile:
    return Profile(
        row.user_id,
        row.locale,
        row.tz,
        bool(row.is_bot),
        bool(row.notice_sent),
        row.fetched_at,
        email=row.email,
        deleted=bool(row.deleted),
        real_name=row.real_name,
        display_name=row.display_name,
    )


def get_many(db: Database, user_ids: list[str]) -> dict[str, Profile]:
    """The people of `user_ids` the store knows, in as few queries as the ids allow."""
    return {row.user_id: _profile(row) for row in db.rows_for(_MANY, user_ids)}


def noticed(db: Database, user_ids: list[str]) -> set[str]:
    """Which of these people have had the privacy notice."""
    return {row.user_id for row in db.rows_for(_NOTICED, user_ids)}


def save_many(db: Database, profiles: list[Profile]) -> None:
    """Upsert what Slack said about these people, in one transaction."""
    if not profiles:
        return
    rows = [
        {
            "user_id": p.user_id,
            "locale": p.locale,
            "tz": p.tz,
            "is_bot": p.is_bot,
            "notice_sent": bool(p.notice_sent),
            "fetched_at": p.fetched_at,
            "email": p.email,
            "deleted": p.deleted,
            "real_name": p.real_name,
            "display_name": p.display_name,
        }
        for p in profiles
    ]
    with db.engine.begin() as c:
        c.execute(_SAVE, rows)


def mark_notice_sent(db: Database, user_id: str, deferred: Deferred | None = None) -> None:
    """Record that the notice went out; with `deferred`, in the next transaction that runs those writes (if
    that is lost in a crash, the person's next DM simply carries the notice once more)."""
    db.write(_NOTICE, {"user_id": user_id}, deferred)


def user_of_email(db: Database, email: str) -> str | None:
    """The Slack id of the (not deactivated) person the directory knows by this e-mail."""
    with db.engine.connect() as c:
        row = c.execute(
            text("SELECT user_id FROM person WHERE email = :e AND NOT deleted ORDER BY user_id LIMIT 1"),
            {"e": email.strip().lower()},
        ).first()
    return str(row[0]) if row is not None else None


def emails_of(db: Database, user_ids: list[str]) -> dict[str, str]:
    """The e-mails the directory knows for these people (the dashboard shows them instead of Slack ids)."""
    if not user_ids:
        return {}
    with db.engine.connect() as c:
        q = text("SELECT user_id, email FROM person WHERE user_id IN :ids AND email IS NOT NULL").bindparams(
            bindparam("ids", expanding=True)
        )
        return {str(u): str(e) for u, e in c.execute(q, {"ids": list(dict.fromkeys(user_ids))})}


_NAMES = text(
    "SELECT real_name, display_name FROM person "
    "WHERE NOT is_bot AND (real_name IS NOT NULL OR display_name IS NOT NULL)"
)


_NAMES_STAMP = text(
    "SELECT count(*) AS n, max(fetched_at) AS latest, "
    "sum(length(coalesce(real_name, '')) + length(coalesce(display_name, ''))) AS letters FROM person "
    "WHERE NOT is_bot AND (real_name IS NOT NULL OR display_name IS NOT NULL)"
).columns(latest=UTCDateTime())


def names_stamp(db: Database) -> tuple[int, datetime | None, int]:
    """Changes whenever a name is added, removed or rewritten (its row is written with a new fetched_at, and
    most often with other letters): what the masking directory kept in memory is checked against, one query
    instead of reading every name."""
    with db.engine.connect() as c:
        row = c.execute(_NAMES_STAMP).one()
    return int(row.n), row.latest, int(row.letters or 0)


def all_names(db: Database) -> list[tuple[str | None, str | None]]:
    """(real name, display name) of every person the directory knows, deactivated ones too (a former
    colleague's name identifies as well): what comments are masked of."""
    with db.engine.connect() as c:
        return [(r.real_name, r.display_name) for r in c.execute(_NAMES)]


def names_of(db: Database, user_ids: list[str]) -> dict[str, str]:
    """How people are named on the dashboard's pages: the display name Slack shows, else their real name, else
    the e-mail the directory knows; people the directory knows nothing of are left out."""
    if not user_ids:
        return {}
    with db.engine.connect() as c:
        q = text(
            "SELECT user_id, display_name, real_name, email FROM person WHERE user_id IN :ids"
            " AND (display_name IS NOT NULL OR real_name IS NOT NULL OR email IS NOT NULL)"
        ).bindparams(bindparam("ids", expanding=True))
        return {str(u): str(d or r or e) for u, d, r, e in c.execute(q, {"ids": list(dict.fromkeys(user_ids))})}

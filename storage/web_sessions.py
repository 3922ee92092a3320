"""Dashboard sessions and the Entra ID accounts behind them.

The browser's cookie carries a random token; only its SHA-256 is stored, so the table alone does not let
anyone sign in. A session is alive until it expires or is signed out; an ended session never comes back.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from storage.db import Database
from storage.models import WebIdentity, WebSession


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def bound_email(db: Database, tid: str, oid: str) -> str | None:
    """The directory address this Entra account was bound to at its first sign-in, if it was."""
    with db.session() as s:
        found = s.get(WebIdentity, (tid, oid))
        return found.email if found is not None else None


def bind(db: Database, tid: str, oid: str, email: str, now: datetime) -> bool:
    """Bind the account to `email` once; False when another account already holds that address (the
    binding is never moved by a sign-in: an operator unbinds first)."""
    with db.session() as s:
        s.add(WebIdentity(tid=tid, oid=oid, email=email.strip().lower(), bound_at=now))
        try:
            s.commit()
        except IntegrityError:
            return False
    return True


def unbind(db: Database, email: str) -> int:
    """Forget whichever account was bound to this address (someone left, or their account was replaced)."""
    with db.session() as s:
        found = list(s.scalars(select(WebIdentity).where(col(WebIdentity.email) == email.strip().lower())))
        for row in found:
            s.delete(row)
        s.commit()
        return len(found)


def start(db: Database, tid: str, oid: str, name: str, hr_group: bool, now: datetime, expires: datetime) -> str:
    """A new session; the token for the cookie."""
    token = secrets.token_urlsafe(32)
    with db.session() as s:
        s.add(
            WebSession(
                token_hash=_hash(token),
                tid=tid,
                oid=oid,
                name=name[:200],
                hr_group=hr_group,
                created_at=now,
                expires_at=expires,
            )
        )
        s.commit()
    return token


def alive(db: Database, token: str, now: datetime) -> WebSession | None:
    """The session this token opened, while it is neither signed out nor expired."""
    with db.session() as s:
        found = s.get(WebSession, _hash(token))
        if found is None or found.ended_at is not None or found.expires_at <= now:
            return None
        s.expunge(found)
        return found


def set_hr_group(db: Database, token: str, member: bool) -> None:
    """What Entra said when asked again about the HR group."""
    with db.engine.begin() as c:
        c.execute(update(WebSession).where(col(WebSession.token_hash) == _hash(token)).values(hr_group=member))


def end(db: Database, token: str, now: datetime) -> None:
    """Sign out: the token opens nothing from now on."""
    with db.engine.begin() as c:
        c.execute(
            update(WebSession)
            .where(col(WebSession.token_hash) == _hash(token), col(WebSession.ended_at).is_(None))
            .values(ended_at=now)
        )

"""Exactly one scheduler acts at a time.

On PostgreSQL the scheduling process holds a session advisory lock on a connection of its own; if that
process dies, the server drops the connection and the lock with it, and a standby takes over on its next
try. SQLite is one file for one process, so that process is always the scheduler.
"""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from bot.core.runtime import log
from storage.db import Database

LOCK_KEY = 0x6469616C6F67  # "dialog"


class Leadership:
    def __init__(self, db: Database):
        self.db = db
        self.conn: Connection | None = None
        # NullPool: closing this connection really closes it, so the lock can never linger in a pool.
        self.engine = None if db.is_sqlite else create_engine(db.url, poolclass=NullPool)

    def hold(self) -> bool:
        """True while this process is (or has just become) the scheduler."""
        if self.engine is None:
            return True
        if self.conn is not None:
            try:
                self.conn.execute(text("SELECT 1"))
                return True
            except Exception:
                log.warning("lost the scheduler lock's connection; standing by")
                self._drop()
        try:
            conn = self.engine.connect()
        except Exception as e:
            log.warning("cannot reach the database to take the scheduler lock: %r", e)
            return False
        got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar()
        conn.commit()
        if got:
            self.conn = conn
            return True
        conn.close()
        return False

    def _drop(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
            self.conn = None

    def release(self) -> None:
        if self.conn is not None:
            try:
                self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                self.conn.commit()
            except Exception:
                pass
        self._drop()
        if self.engine is not None:
            self.engine.dispose()

"""Database engine and sessions from a URL; nothing global, so every test can have its own database."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from sqlalchemy import Executable, Row, create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session


def normalise_url(url: str) -> str:
    """Accept the plain `postgresql://` URLs operators paste, and use the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            # WAL lets the web threads read while one writes; FULL makes a commit survive power loss.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


class Database:
    """An engine plus a session factory; passed explicitly to everything that touches the store."""

    def __init__(self, url: str):
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        # SQLite has one writer at a time; queueing this process's hot writers on a lock wakes the next one as
        # soon as the lock is free, where SQLite's busy handler would sleep and poll (the p99 of a burst).
        self._write_lock: AbstractContextManager = threading.Lock() if self.is_sqlite else nullcontext()
        # PostgreSQL: a pool for single statements committed on their own (`one_statement`); connects lazily.
        self._autocommit: Engine | None = (
            None
            if self.is_sqlite
            else create_engine(
                self.url, pool_size=16, max_overflow=8, pool_pre_ping=False, isolation_level="AUTOCOMMIT"
            )
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as s:
            yield s

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A Core connection for one short write transaction on a hot path; commit it, or it rolls back."""
        with self._write_lock, self.engine.connect() as c:
            yield c

    def one_statement(self, statement: Executable, params: dict) -> Row | None:
        """Run one statement committed on its own (PostgreSQL) and return its first row.

        Its pool skips the pre-ping round trip: a connection found dropped (say the server restarted) is
        invalidated and the statement tried once more on a fresh one. Safe for statements whose second run
        cannot do twice what the first did (a unique key refuses it)."""
        if self._autocommit is None:
            raise RuntimeError("one_statement is for PostgreSQL; SQLite writes through `writing`")
        for attempt in (1, 2):
            try:
                with self._autocommit.connect() as c:
                    return c.execute(statement, params).first()
            except DBAPIError as e:
                if attempt == 2 or not e.connection_invalidated:
                    raise
        return None

    def warm(self, connections: int) -> None:
        """Open the single-statement pool's connections now (PostgreSQL), so the first burst of clicks does
        not wait while a dozen connections are set up at once."""
        if self._autocommit is None:
            return
        opened = [self._autocommit.connect() for _ in range(min(connections, 16))]
        for c in opened:
            c.close()

    def ping(self) -> bool:
        try:
            with self.engine.connect() as c:
                c.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def dispose(self) -> None:
        self.engine.dispose()
        if self._autocommit is not None:
            self._autocommit.dispose()

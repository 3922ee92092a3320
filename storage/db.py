"""Database engine and sessions from a URL; nothing global, so every test can have its own database."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, cast

from sqlalchemy import Executable, Row, create_engine, event, text
from sqlalchemy.engine import Connection, CursorResult, Dialect, Engine, Result, make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

Params = dict[str, Any]  # a statement's named parameters
log = logging.getLogger("dialogue_bot.storage")


def affected(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched (SQLAlchemy types `execute()`'s answer as a plain Result)."""
    return cast("CursorResult[Any]", result).rowcount


CONNECT_TIMEOUT = 3  # seconds, for PostgreSQL
INTERACTIVE_POOL = 16  # connections kept (and as many more at a peak) for the threads that answer people
SCRUB_WAIT = 10.0  # seconds a PostgreSQL scrub waits for older snapshots in its database to end
REWRITE_LOCK_WAIT = 0.1  # seconds a rewrite (VACUUM FULL) queues for its lock before stepping out to try again
# Other sessions of this database holding a snapshot (or an xid) at least as old as the given xid: the rows a
# scrub removes are still visible to them, so a rewrite would have to copy them.
OLDER_SNAPSHOTS = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    " AND greatest(age(backend_xmin), age(backend_xid)) >= age(%s::xid)"
)


def normalise_url(url: str) -> str:
    """Accept the plain `postgresql://` URLs operators paste, and use the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def make_engine(url: str, pool_size: int = 10, max_overflow: int = 10) -> Engine:
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
            # What is deleted or overwritten is zeroed in the file, not left in free space (see Database.scrub).
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

        return engine
    # A server that does not answer is known within seconds, not after the operating system's TCP timeout.
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT},
    )


# Which pool a thread takes its connections from: see Database.engine.
_lane = threading.local()


class Statement:
    """A statement of a hot path (the outbox, planning, storing an answer), run on the driver's own cursor.

    Through SQLAlchemy each execution costs tens of microseconds of Python around a few microseconds of
    SQLite; the scheduler runs several per message. Written once with `:name` parameters in SQL that reads
    the same on SQLite and PostgreSQL (no `%`, no `::` casts); parameters of the given types are converted
    exactly as SQLAlchemy converts them (timestamps are stored as the ORM stores them)."""

    def __init__(self, sql: str, **types: TypeEngine[Any]) -> None:
        self.sql = sql
        self.types = types
        self._prepared: dict[str, tuple[str, dict[str, Callable[[Any], Any]]]] = {}

    def _for(self, dialect: Dialect) -> tuple[str, dict[str, Callable[[Any], Any]]]:
        prepared = self._prepared.get(dialect.name)
        if prepared is None:
            # sqlite3 takes :name itself; psycopg wants %(name)s.
            sql = self.sql if dialect.name == "sqlite" else re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", self.sql)
            processors: dict[str, Callable[[Any], Any]] = {
                name: processor
                for name, type_ in self.types.items()
                if (processor := type_.dialect_impl(dialect).bind_processor(dialect)) is not None
            }
            prepared = (sql, processors)
            self._prepared[dialect.name] = prepared
        return prepared

    def run(self, c: Connection, params: Params | list[Params]) -> list[tuple[Any, ...]]:
        """Run inside `c`'s transaction (a list of parameter sets: one executemany); the rows it returns."""
        sql, processors = self._for(c.dialect)

        def convert(p: Params) -> Params:
            if not processors:
                return p
            p = dict(p)
            for k, f in processors.items():
                p[k] = f(p[k])
            return p

        cursor = c.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            if isinstance(params, list) and len(params) != 1:
                cursor.executemany(sql, [convert(p) for p in params])
                return []
            if isinstance(params, list):  # one set: psycopg's executemany would add a pipeline's round trips
                params = params[0]
            cursor.execute(sql, convert(params))
            return cursor.fetchall() if cursor.description else []
        finally:
            cursor.close()


class Deferred:
    """Writes that may wait for the next transaction: the scheduler records a message as sent (and its
    planned row as skipped or postponed) in the transaction that claims the next message, one commit per
    message instead of two. A crash loses at most what the last message left unrecorded, which is the
    window a send has anyway; the writes are run in order of first use, grouped into one executemany each."""

    def __init__(self, connection: Connection | None = None) -> None:
        self._writes: dict[Statement, list[Params]] = {}
        self.connection = connection  # a `Database.relaxed()` connection kept for the claims and these writes

    def add(self, statement: Statement, params: Params) -> None:
        self._writes.setdefault(statement, []).append(params)

    def __bool__(self) -> bool:
        return bool(self._writes)

    def run(self, c: Connection) -> None:
        """Run the writes on `c`, inside the caller's transaction; `clear()` once that committed."""
        for statement, params in self._writes.items():
            statement.run(c, params)

    def clear(self) -> None:
        self._writes.clear()

    def flush(self, db: Database) -> None:
        if self._writes:
            with db.bookkeeping(self.connection) as c:
                self.run(c)
            self.clear()


class Database:
    """An engine plus a session factory; passed explicitly to everything that touches the store."""

    def __init__(self, url: str, answer_key: bytes | None = None):
        """`answer_key` keys the link between a person and their anonymous answer (storage.rounds); it comes
        from the environment and is never stored, so a copy of the database alone cannot make that link."""
        self.answer_key = answer_key
        self.url = normalise_url(url)
        # Two pools: one for the threads that answer people (the acks), one for everything else. At a deadline
        # hundreds of summaries and their sends hold connections for a moment each; from one shared pool an
        # answer's acknowledgement waited behind them for seconds (bench/deadline.py: ack p99 2 s).
        self._background = make_engine(self.url)
        self._interactive = make_engine(self.url, pool_size=INTERACTIVE_POOL, max_overflow=INTERACTIVE_POOL)
        # SQLite has one writer at a time; queueing this process's hot writers on a lock wakes the next one as
        # soon as the lock is free, where SQLite's busy handler would sleep and poll (the p99 of a burst).
        self._write_lock: AbstractContextManager[Any] = threading.Lock() if self.is_sqlite else nullcontext()
        # PostgreSQL: a pool for single statements committed on their own (`one_statement`); connects lazily.
        self._autocommit: Engine | None = (
            None
            if self.is_sqlite
            else create_engine(
                self.url,
                pool_size=16,
                max_overflow=8,
                pool_pre_ping=False,
                isolation_level="AUTOCOMMIT",
                connect_args={"connect_timeout": CONNECT_TIMEOUT},
            )
        )
        # Scrubs asked for while one runs share the next one (see `scrub`): a deadline closing hundreds of
        # rounds at once runs a handful of scrubs, not one each, and none of them is skipped.
        self._scrub_cond = threading.Condition()
        self._scrub_asked = 0  # tickets handed out
        self._scrub_done = 0  # every ticket up to this one is covered by a finished scrub
        self._scrub_running = False
        self._scrub_tables: dict[str, bool] = {}  # table → rewrite it, for the next scrub
        self.scrubs_run = 0  # counters, for the benchmarks and the logs
        self.scrub_waits_given_up = 0

    @property
    def engine(self) -> Engine:
        """The engine of this thread's lane: the interactive pool on threads marked by `mark_interactive` (the
        web server's threads, the listeners'), the background pool on every other thread."""
        return self._interactive if getattr(_lane, "interactive", False) else self._background

    @staticmethod
    def mark_interactive() -> None:
        """Put the calling thread in the interactive lane for good (a thread pool's initializer)."""
        _lane.interactive = True

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

    def one_statement(self, statement: Statement, params: Params) -> tuple[Any, ...] | None:
        """Run one statement committed on its own (PostgreSQL), on the driver's cursor, and return its first row.

        Its pool skips the pre-ping round trip: a connection found dropped (say the server restarted) is
        invalidated and the statement tried once more on a fresh one. Safe for statements whose second run
        cannot do twice what the first did (a unique key refuses it). A constraint the statement breaks comes
        back as SQLAlchemy's IntegrityError, as from any other query."""
        import psycopg

        if self._autocommit is None:
            raise RuntimeError("one_statement is for PostgreSQL; SQLite writes through `writing`")
        for attempt in (1, 2):
            with self._autocommit.connect() as c:
                try:
                    rows = statement.run(c, params)
                except psycopg.IntegrityError as e:
                    raise IntegrityError(statement.sql, params, e) from e
                except psycopg.OperationalError:
                    c.invalidate()  # the server dropped it: a fresh connection next time
                    if attempt == 2:
                        raise
                    continue
                return rows[0] if rows else None
        return None

    def warm(self, connections: int) -> None:
        """Open the interactive and single-statement pools' connections now (PostgreSQL), so the first burst of
        clicks does not wait while a dozen connections are set up at once."""
        if self._autocommit is None:
            return
        opened = [e.connect() for e in (self._autocommit, self._interactive) for _ in range(min(connections, 16))]
        for c in opened:
            c.close()

    @contextmanager
    def relaxed(self) -> Iterator[Connection]:
        """A connection whose commits do not wait for the disk, for the outbox's bookkeeping (a claim, 'sent', a
        planned send moved on): SQLite's synchronous=NORMAL (in WAL), PostgreSQL's synchronous_commit=off.
        Such a commit survives the process dying at any point (kill -9); only a power cut or an operating-system
        crash can lose its last moments, and then a message of those moments may go out once more — none is
        ever lost. What people enter is always committed to disk before they are told. Back in the pool, the
        connection is fully durable again."""
        with self.engine.connect() as c:
            raw = c.connection.driver_connection
            if self.is_sqlite:
                raw.execute("PRAGMA synchronous=NORMAL")  # type: ignore[union-attr]
            else:
                c.exec_driver_sql("SET synchronous_commit = off")
                c.commit()
            try:
                yield c
            finally:
                if self.is_sqlite:
                    raw.execute("PRAGMA synchronous=FULL")  # type: ignore[union-attr]
                else:
                    c.rollback()
                    c.exec_driver_sql("RESET synchronous_commit")
                    c.commit()

    @contextmanager
    def bookkeeping(self, held: Connection | None = None) -> Iterator[Connection]:
        """One bookkeeping transaction, on `held` (a `relaxed()` connection a caller keeps for many) or on its own."""
        if held is not None:
            with held.begin():
                yield held
        elif self.is_sqlite:
            with self.relaxed() as c, c.begin():
                yield c
        else:  # one transaction alone: relaxed for just that transaction, no round trips to set and reset it
            with self.engine.begin() as c:
                c.exec_driver_sql("SET LOCAL synchronous_commit = off")
                yield c

    def write(self, statement: Statement, params: Params, deferred: Deferred | None = None) -> None:
        """A bookkeeping write in its own transaction now, or handed to `deferred` to ride with the next one."""
        if deferred is not None:
            deferred.add(statement, params)
            return
        with self.bookkeeping() as c:
            statement.run(c, params)

    def rows_for(self, statement: Executable, user_ids: list[str], chunk: int = 500) -> Iterator[Row[Any]]:
        """Rows of a statement with an expanding `:user_ids` list, asked for `chunk` ids at a time (well under
        SQLite's and PostgreSQL's parameter limits); each id once."""
        ids = list(dict.fromkeys(user_ids))
        with self.engine.connect() as c:
            for i in range(0, len(ids), chunk):
                yield from c.execute(statement, {"user_ids": ids[i : i + chunk]})

    def scrub(self, tables: tuple[str, ...], rewrite: tuple[str, ...] = ()) -> None:
        """Make what was just deleted or overwritten in `tables` unrecoverable from the files the database
        writes, as far as the database allows. SQLite (secure_delete is on, so freed space is zeroed) copies
        the WAL into the database file and truncates the WAL to nothing. PostgreSQL vacuums `tables` (their
        dead row versions can no longer be read through SQL, but their bytes may stay in the pages until
        reused) and rewrites `rewrite` (VACUUM FULL: a new file without them; keep it to small tables, it locks
        the table while it runs). PostgreSQL's WAL segments keep old row versions until they are recycled.
        On PostgreSQL a transaction in this database that may still see the old rows (a long report, an
        autovacuum ANALYZE) keeps them in the rewrite, so the scrub first waits up to `SCRUB_WAIT` seconds for
        every snapshot older than the change to end. Best effort: one that outlasts the wait keeps them until
        the next scrub — the next close, or the nightly retention run (counted, and logged as a warning).

        Returns once a scrub that began after this call has finished. Calls that come while a scrub runs wait
        for it and then share one more scrub that covers all of them (each began after their change was
        committed, so nothing is left unscrubbed)."""
        with self._scrub_cond:
            for table in tables:
                self._scrub_tables[table] = self._scrub_tables.get(table, False) or table in rewrite
            self._scrub_asked += 1
            ticket = self._scrub_asked
            while self._scrub_done < ticket:
                if self._scrub_running:
                    self._scrub_cond.wait()
                    continue
                self._scrub_running, covered = True, self._scrub_asked
                chosen, self._scrub_tables = self._scrub_tables, {}
                self._scrub_cond.release()
                finished = False
                try:
                    self._scrub_now(tuple(chosen), tuple(t for t, full in chosen.items() if full))
                    finished = True
                finally:
                    self._scrub_cond.acquire()
                    self._scrub_running = False
                    if finished:
                        self._scrub_done = covered
                        self.scrubs_run += 1
                    else:  # the tables go back for whoever runs the next one
                        for table, full in chosen.items():
                            self._scrub_tables[table] = self._scrub_tables.get(table, False) or full
                    self._scrub_cond.notify_all()

    def _scrub_now(self, tables: tuple[str, ...], rewrite: tuple[str, ...]) -> None:
        if self.is_sqlite:
            with self.engine.connect() as c:
                c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return
        assert self._autocommit is not None
        with self._autocommit.connect() as c:
            change = c.exec_driver_sql("SELECT (txid_current() %% 4294967296)::text").scalar()  # newer than the change
            deadline = time.monotonic() + SCRUB_WAIT
            while (older := c.exec_driver_sql(OLDER_SNAPSHOTS, (change,)).scalar()) and time.monotonic() < deadline:
                time.sleep(0.05)
            if older:
                self.scrub_waits_given_up += 1
                log.warning(
                    "scrub: %s older snapshot(s) still open after %.0f s; what they can see stays until the next scrub",
                    older,
                    SCRUB_WAIT,
                )
            for table in tables:
                if table in rewrite:
                    self._rewrite(c, table)
                else:
                    c.exec_driver_sql(f'VACUUM "{table}"')

    def _rewrite(self, c: Connection, table: str) -> None:
        """VACUUM FULL, asking for its exclusive lock a short while at a time: while it waits in the lock queue
        every reader of the table waits behind it (an answer's acknowledgement), so it steps out after
        REWRITE_LOCK_WAIT and tries again, for up to SCRUB_WAIT in all."""
        import psycopg

        deadline = time.monotonic() + SCRUB_WAIT
        c.exec_driver_sql(f"SET lock_timeout = '{int(REWRITE_LOCK_WAIT * 1000)}ms'")
        try:
            while True:
                try:
                    c.exec_driver_sql(f'VACUUM FULL "{table}"')
                    return
                except OperationalError as e:
                    if not isinstance(e.orig, psycopg.errors.LockNotAvailable) or time.monotonic() > deadline:
                        raise
                    time.sleep(REWRITE_LOCK_WAIT)
        finally:
            c.exec_driver_sql("RESET lock_timeout")

    def ping(self) -> bool:
        """Whether the database can take a write now. SQLite: a write lock within a second (another process
        holding it, a read-only or missing file all say no) — asked in turn with this process's own writers, so
        a burst of them is not taken for an outage; PostgreSQL: a round trip on a pooled connection."""
        if self.is_sqlite:
            import sqlite3

            path = make_url(self.url).database or ""
            try:
                raw = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=1.0, isolation_level=None)
                try:
                    with self._write_lock:
                        raw.execute("BEGIN IMMEDIATE")
                        raw.execute("ROLLBACK")
                finally:
                    raw.close()
                return True
            except sqlite3.Error:
                return False
        try:
            with self.engine.connect() as c:
                c.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def dispose(self) -> None:
        self._background.dispose()
        self._interactive.dispose()
        if self._autocommit is not None:
            self._autocommit.dispose()

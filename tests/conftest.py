"""Fixtures: a fake Slack server, a real database (SQLite file or PostgreSQL), and the bot on a real port."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Generator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from bot.core.clock import FakeClock
from bot.core.runtime import Runtime
from bot.entrypoints.composition import build_runtime
from bot.entrypoints.server import Server
from doubles.browser import chromium, dashboard
from doubles.driver import ANSWER_KEY, Bot
from doubles.fake_graph import FakeGraph
from doubles.fake_slack import FakeSlack
from doubles.settings import settings_for
from storage.db import Database
from storage.migrate import upgrade

# The tests that open many PostgreSQL connections at once (several processes, or a hundred threads, each with its
# pools) share the xdist group "postgresql_connections" (pyproject: --dist loadgroup), so they run one after the
# other on one worker: together they would outrun the server's max_connections (100 by default).
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(scope="session")
def pg_available() -> bool:
    ok = _pg_available()
    if not ok and os.environ.get("CI"):
        pytest.fail(f"PostgreSQL must answer at {PG_ADMIN_URL} in CI")
    return ok


def _pg_url(name: str) -> str:
    from psycopg.conninfo import conninfo_to_dict

    info = conninfo_to_dict(PG_ADMIN_URL)
    user = info.get("user", "postgres")
    host, port = info.get("host", "127.0.0.1"), info.get("port", "5432")
    return f"postgresql://{user}@{host}:{port}/{name}"


def _pg_database(pg_available: bool, template: str | None = None) -> Generator[str]:
    """A fresh PostgreSQL database for one test (a copy of `template` when given), dropped afterwards."""
    if not pg_available:
        pytest.skip(f"no PostgreSQL server answers at {PG_ADMIN_URL} (CI runs these)")
    import psycopg

    name = f"dialogue_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield _pg_url(name)
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_template(pg_available: bool) -> Iterator[str]:
    """One migrated PostgreSQL database per test process, copied for each test (CREATE DATABASE … TEMPLATE is
    a file copy; running the migrations for every test cost over a second each)."""
    gen = _pg_database(pg_available)
    url = next(gen)
    upgrade(url)
    yield url.rsplit("/", 1)[1]
    gen.close()


@pytest.fixture
def pg_url(pg_available: bool, pg_template: str) -> Iterator[str]:
    """A fresh PostgreSQL database for one test, migrated with Alembic (a copy of the migrated template)."""
    gen = _pg_database(pg_available, pg_template)
    yield next(gen)
    gen.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated with Alembic per test process, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "bot.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs on a SQLite file and on PostgreSQL, both migrated with Alembic."""
    if request.param == "sqlite":
        url: str = request.getfixturevalue("sqlite_url")
    else:
        url = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """The store itself, on each backend (for tests below the HTTP edge)."""
    d = Database(database_url, ANSWER_KEY)
    yield d
    d.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh SQLite file, migrated with Alembic (a copy of the migrated template)."""
    shutil.copyfile(sqlite_template, tmp_path / "bot.db")
    return f"sqlite:///{tmp_path / 'bot.db'}"


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    yield fake
    fake.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def start_server(slack: FakeSlack, clock: FakeClock):  # type: ignore[no-untyped-def]
    """Start the bot (as `serve` does) on a free port; stopped at the end of the test."""
    running: list[Server] = []

    def start(database_url: str, use_clock: object = clock, scheduler: bool = True, **overrides: object) -> Server:
        settings = settings_for(slack, database_url, **overrides)
        server = Server(settings, clock=use_clock, host="127.0.0.1", port=0, scheduler=scheduler).start()  # type: ignore[arg-type]
        running.append(server)
        return server

    yield start
    for s in running:
        try:
            s.stop()
        except Exception:
            pass


@pytest.fixture
def server(start_server: Callable[..., Server], database_url: str) -> Iterator[Server]:
    s = start_server(database_url)
    yield s
    s.stop()  # before the database fixture drops the database


@pytest.fixture
def bot(server: Server, slack: FakeSlack) -> Bot:
    return Bot(server.url, slack)


@pytest.fixture
def runtime(slack: FakeSlack, sqlite_url: str, clock: FakeClock) -> Iterator[Runtime]:
    """The services' Runtime from the composition root, without the web server: for testing decisions
    in-process (Slack is still the fake over HTTP, the database a real SQLite file)."""
    rt = build_runtime(settings_for(slack, sqlite_url), clock)
    yield rt
    rt.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, driven by Playwright, one per test module."""
    with chromium() as b:
        yield b


@pytest.fixture
def site(tmp_path: Path, slack: FakeSlack, clock: FakeClock, sqlite_url: str) -> Iterator[tuple[Server, FakeGraph]]:
    """The bot with the dashboard on (no scheduler), Entra the HTTPS fake, the demo's organisation in its database."""
    with dashboard(tmp_path, slack, clock, sqlite_url, scheduler=False, demo=True) as running:
        yield running

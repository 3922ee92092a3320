"""Seats under contention, straight against the store on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from doubles.driver import ANSWER_KEY
from doubles.scenario import make_workshop
from storage import workshops
from storage.db import Database, Statement
from storage.status import RegistrationOutcome, SeatStatus

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def new_workshop(db: Database, capacity: int = 20):  # type: ignore[no-untyped-def]
    return make_workshop(db, now=NOW, capacity=capacity)


@pytest.mark.xdist_group("postgresql_connections")  # see conftest: PostgreSQL's connection slots
def test_hundred_people_at_once_for_twenty_seats(db: Database) -> None:
    w = new_workshop(db)
    results: dict[str, str] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(100)

    def click(i: int) -> None:
        try:
            start.wait()
            results[f"U{i:03d}"] = workshops.register(db, w.id, f"U{i:03d}", NOW).status
        except BaseException as e:  # noqa: BLE001 - asserted below
            errors.append(e)

    threads = [threading.Thread(target=click, args=(i,)) for i in range(100)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results.values()).count("registered") == 20
    assert list(results.values()).count("waitlisted") == 80
    found = workshops.get(db, w.id)
    assert found is not None and found.seats_taken == 20
    assert len(workshops.seats(db, w.id, SeatStatus.REGISTERED)) == 20
    # A second click by anyone changes nothing.
    assert workshops.register(db, w.id, "U000", NOW).status == RegistrationOutcome.ALREADY
    assert len(workshops.seats(db, w.id)) == 100


def test_cancel_promotes_the_first_on_the_waitlist(db: Database) -> None:
    w = new_workshop(db, capacity=1)
    assert workshops.register(db, w.id, "UA", NOW).status == RegistrationOutcome.REGISTERED
    seat = workshops.register(db, w.id, "UB", NOW).seat
    assert seat is not None and workshops.position(db, seat) == 1
    seat = workshops.register(db, w.id, "UC", NOW).seat
    assert seat is not None and workshops.position(db, seat) == 2
    cancelled, promoted = workshops.cancel_seat(db, w.id, "UA")
    assert cancelled is not None and cancelled.status == SeatStatus.CANCELLED
    assert promoted is not None and promoted.user_id == "UB"
    seat = workshops.register(db, w.id, "UC", NOW).seat
    assert seat is not None and workshops.position(db, seat) == 1
    cancelled, promoted = workshops.cancel_seat(db, w.id, "UC")
    found = workshops.get(db, w.id)
    assert promoted is None and found is not None and found.seats_taken == 1
    cancelled, promoted = workshops.cancel_seat(db, w.id, "UB")
    found = workshops.get(db, w.id)
    assert promoted is None and found is not None and found.seats_taken == 0
    assert workshops.register(db, w.id, "UA", NOW).status == RegistrationOutcome.REGISTERED  # may come back
    assert workshops.register(db, w.id, "UD", NOW + timedelta(days=6, seconds=1)).status == RegistrationOutcome.CLOSED
    workshops.cancel(db, w.id)
    assert workshops.register(db, w.id, "UE", NOW).status == RegistrationOutcome.CANCELLED


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    """PostgreSQL only: there the registration is one statement on a pool of its own."""
    db = Database(pg_url, ANSWER_KEY)
    yield db
    db.dispose()


def test_a_registration_survives_a_dropped_database_connection(pg_db: Database) -> None:
    """The sign-up statement's pool skips the pre-ping; a connection the server dropped is replaced and the
    click still lands, once."""
    db = pg_db
    w = new_workshop(db, capacity=2)
    assert workshops.register(db, w.id, "UA", NOW).status == RegistrationOutcome.REGISTERED
    row = db.one_statement(Statement("SELECT pg_backend_pid()"), {})  # the connection the next click gets
    assert row is not None
    pid = row[0]
    with db.engine.connect() as c:  # as a server restart or a failover would
        assert c.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar_one()
    assert workshops.register(db, w.id, "UB", NOW).status == RegistrationOutcome.REGISTERED
    assert [s.user_id for s in workshops.seats(db, w.id)] == ["UA", "UB"]

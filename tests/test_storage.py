"""The store on SQLite and PostgreSQL: migrations, one answer per person, close-once, the outbox."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import String, inspect, text, update
from sqlalchemy.exc import StatementError
from sqlmodel import SQLModel, col

from doubles.scenario import make_round
from flows import engine as fe
from storage import deliveries, people, planned
from storage import rounds as round_store
from storage.db import Database, Deferred
from storage.migrate import alembic_config, upgrade
from storage.models import Round
from storage.status import DeliveryStatus, PlannedKind, RoundStatus, SaveOutcome

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def new_round(db: Database, anonymous: bool = True, people: tuple[str, ...] = ("U1", "U2", "U3")):  # type: ignore[no-untyped-def]
    return round_store.get_round(
        db, make_round(db, list(people), now=NOW, anonymous=anonymous, deadline=NOW + timedelta(hours=1))
    )


def test_migrations_build_exactly_the_models_schema(db: Database) -> None:
    upgrade(db.url)  # running it again is a no-op
    with db.engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), SQLModel.metadata)
        assert diff == []
        head = ScriptDirectory.from_config(alembic_config(db.url)).get_current_head()
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head
    assert {
        "round",
        "participant",
        "response",
        "answer",
        "delivery",
        "person",
        "seen_event",
        "planned",
        "action",
    } <= set(inspect(db.engine).get_table_names())


def test_states_are_stored_as_the_words_they_were_and_read_back_as_enums(db: Database) -> None:
    """The status columns are the VARCHARs they always were (no migration): the row holds the word, a model, a
    hot path's row and a plain select give the enum, and a word the enum does not know is refused before SQL."""
    rnd = new_round(db)
    assert type(rnd.status) is RoundStatus and rnd.status is RoundStatus.OPEN
    with db.engine.connect() as c:
        stored = c.execute(text("SELECT status FROM round WHERE id = :id"), {"id": rnd.id}).scalar_one()
        assert type(stored) is str and stored == "open"
    column = {c["name"]: c["type"] for c in inspect(db.engine).get_columns("round")}["status"]
    assert isinstance(column, String) and column.length == 16
    planned.plan(db, [planned.Send("enum-k", "U1", PlannedKind.PROMPT, NOW - timedelta(days=9), round_id=rnd.id)])
    assert planned.due(db, NOW - timedelta(days=8))[0].kind is PlannedKind.PROMPT
    with db.engine.connect() as c:
        assert c.execute(text("SELECT kind, status FROM planned")).one() == ("prompt", "planned")
    assert deliveries.claim(db, "enum-d", rnd.id, NOW) == 1
    found = deliveries.get(db, "enum-d")
    assert found is not None and found.status is DeliveryStatus.SENDING
    with db.session() as s, pytest.raises(StatementError, match="'opne' is not a valid RoundStatus"):
        s.execute(update(Round).where(col(Round.id) == rnd.id).values(status="opne"))
    stored = round_store.get_round(db, rnd.id)
    assert stored is not None and stored.status is RoundStatus.OPEN


def test_an_answer_is_replaced_never_duplicated_and_datetimes_come_back_aware(db: Database) -> None:
    rnd = new_round(db)
    assert round_store.save_response(db, rnd.id, "U1", [fe.Answer("workload", 2, "meh")], NOW) == SaveOutcome.STORED
    assert round_store.save_response(db, rnd.id, "U1", [fe.Answer("workload", 5, "better")], NOW) == SaveOutcome.STORED
    assert round_store.responses(db, rnd.id) == [(None, [fe.Answer("workload", 5, "better")])]
    assert round_store.my_answers(db, rnd.id, "U1") == {"workload": fe.Answer("workload", 5, "better")}
    assert round_store.counts(db, rnd.id) == (1, 3)
    stored = round_store.get_round(db, rnd.id)
    assert stored is not None and stored.deadline == NOW + timedelta(hours=1)  # aware UTC on both backends


def test_same_submission_racing_from_many_threads_stores_one_answer(db: Database) -> None:
    rnd = new_round(db)
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            assert (
                round_store.save_response(db, rnd.id, "U2", [fe.Answer("workload", 3, "x")], NOW) == SaveOutcome.STORED
            )
        except BaseException as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM response")).scalar_one() == 1
        assert c.execute(text("SELECT count(*) FROM answer")).scalar_one() == 1


def test_refusals_closed_late_and_outsiders_store_nothing(db: Database) -> None:
    rnd = new_round(db)
    assert round_store.save_response(db, rnd.id, "UX", [fe.Answer("workload", 3)], NOW) == SaveOutcome.NOT_PARTICIPANT
    assert (
        round_store.save_response(db, rnd.id, "U1", [fe.Answer("workload", 3)], NOW + timedelta(hours=2))
        == SaveOutcome.CLOSED
    )
    assert round_store.close_round(db, rnd.id, NOW) > 0
    assert round_store.close_round(db, rnd.id, NOW) == 0  # only one closer wins
    assert round_store.save_response(db, rnd.id, "U1", [fe.Answer("workload", 3)], NOW) == SaveOutcome.CLOSED
    with db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM response")).scalar_one() == 0


def test_anonymous_answers_cannot_be_tied_to_anyone_after_the_close(db: Database) -> None:
    rnd = new_round(db)
    round_store.save_response(db, rnd.id, "U1", [fe.Answer("workload", 1, "honest")], NOW)
    named = new_round(db, anonymous=False)
    round_store.save_response(db, named.id, "U1", [fe.Answer("workload", 1, "mine")], NOW)
    round_store.close_round(db, rnd.id, NOW)
    with db.engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT r.respondent, r.user_id, rd.secret FROM response r JOIN round rd "
                "ON rd.id = r.round_id WHERE rd.id = :id"
            ),
            {"id": rnd.id},
        ).all()
        assert len(rows) == 1 and rows[0][1] is None and rows[0][2] is None and "U1" not in rows[0][0]
        assert c.execute(text("SELECT user_id FROM response WHERE round_id = :id"), {"id": named.id}).scalar() == "U1"
    assert round_store.my_answers(db, rnd.id, "U1") == {}  # even the person cannot be matched any more


def test_outbox_claims_once_and_backs_off_after_a_failure(db: Database) -> None:
    assert deliveries.claim(db, "k", None, NOW) == 1  # the first attempt
    assert deliveries.claim(db, "k", None, NOW) == 0  # being sent
    deliveries.mark_failed(db, "k", "internal_error", NOW, permanent=False)
    assert deliveries.claim(db, "k", None, NOW + timedelta(seconds=5)) == 0  # backing off
    assert deliveries.claim(db, "k", None, NOW + timedelta(seconds=16)) == 2  # the second attempt
    deliveries.mark_sent(db, "k", "D1", "1.1", NOW)
    assert deliveries.claim(db, "k", None, NOW + timedelta(days=1)) == 0
    found = deliveries.get(db, "k")
    assert found is not None and found.ts == "1.1"
    # A claim lost with its process (no 'sent' after the lease) may be taken again.
    assert deliveries.claim(db, "lost", None, NOW) > 0
    assert deliveries.claim(db, "lost", None, NOW + deliveries.LEASE + timedelta(seconds=1)) == 2  # look first


def _durability(c) -> str:  # type: ignore[no-untyped-def]
    if c.dialect.name == "sqlite":
        return {1: "relaxed", 2: "full"}[c.exec_driver_sql("PRAGMA synchronous").scalar_one()]
    return {"off": "relaxed", "on": "full"}[c.exec_driver_sql("SHOW synchronous_commit").scalar_one()]


def test_bookkeeping_commits_without_waiting_for_the_disk_and_nothing_else_does(db: Database) -> None:
    """Claims and 'sent' marks skip the disk wait; the connection goes back to the pool fully durable."""
    with db.bookkeeping() as c:
        assert _durability(c) == "relaxed"
        c.execute(text("INSERT INTO delivery (key, status, attempts) VALUES ('b', 'sent', 1)"))
    with db.relaxed() as held:
        for key in ("c", "d"):  # one connection kept for many transactions, each committed
            with db.bookkeeping(held) as c:
                assert _durability(c) == "relaxed"
                c.execute(text("INSERT INTO delivery (key, status, attempts) VALUES (:k, 'sent', 1)"), {"k": key})
    with db.engine.connect() as c:
        assert _durability(c) == "full"
        assert c.execute(text("SELECT count(*) FROM delivery WHERE status = 'sent'")).scalar_one() == 3
    with db.session() as s:
        assert _durability(s.connection()) == "full"


def test_deferred_writes_ride_with_the_next_claim(db: Database) -> None:
    """In a chain, 'sent' for one message is committed by the claim of the next; nothing is lost when it
    is the last (flush) and a second claim of a key whose 'sent' is still deferred sees it as sent."""
    later = Deferred()
    assert deliveries.claim(db, "a", None, NOW, deferred=later) > 0
    deliveries.mark_sent(db, "a", "D1", "1.1", NOW, deferred=later)
    found = deliveries.get(db, "a")
    assert found is not None and found.status == DeliveryStatus.SENDING and later  # not written yet
    assert deliveries.claim(db, "a", None, NOW + timedelta(days=1), deferred=later) == 0
    found = deliveries.get(db, "a")
    assert found is not None and found.status == DeliveryStatus.SENT and not later
    assert deliveries.claim(db, "b", None, NOW, deferred=later) > 0
    deliveries.mark_sent(db, "b", "D1", "1.2", NOW, deferred=later)
    later.flush(db)
    found = deliveries.get(db, "b")
    assert found is not None and found.ts == "1.2" and not later


def facts(db: Database, round_id: int, user_id: str):  # type: ignore[no-untyped-def]
    """What the sweep asks before a reminder: (reminders in this round, the person's last message)."""
    return deliveries.reminder_facts(deliveries.recent(db, [user_id]).get(user_id, []), round_id, user_id)


def test_a_profile_refreshed_from_slack_keeps_whether_the_notice_went_out(db: Database) -> None:
    """Slack's facts replace ours; 'the privacy notice went out' is the bot's own and survives the refresh."""
    people.save_many(db, [people.Profile("U1", "en", "Europe/Copenhagen", False, False, NOW)])
    people.mark_notice_sent(db, "U1")
    people.save_many(db, [people.Profile("U1", "da", "America/New_York", False, False, NOW + timedelta(days=8))])
    got = people.get_many(db, ["U1"])["U1"]
    assert (got.locale, got.tz, got.notice_sent) == ("da", "America/New_York", True)
    assert got.fetched_at == NOW + timedelta(days=8)
    assert people.noticed(db, ["U1", "U2"]) == {"U1"} and people.get_many(db, ["U1", "U2"]).keys() == {"U1"}


def test_a_message_in_flight_counts_for_the_quiet_gap_and_the_reminder_cap(db: Database) -> None:
    assert deliveries.claim(db, "remind:1:U1:100", 1, NOW, user_id="U1") > 0  # being sent, not yet 'sent'
    assert facts(db, 1, "U1") == (1, NOW)
    assert facts(db, 2, "U1") == (0, NOW)  # another round's cap, the same person's gap
    deliveries.mark_failed(db, "remind:1:U1:100", "internal_error", NOW, permanent=False)
    assert facts(db, 1, "U1") == (0, None)


def test_timestamps_written_by_the_send_path_read_back_like_any_other(db: Database) -> None:
    """The claim/sent statements are plain SQL for speed; their timestamps must match the ORM's storage."""
    assert deliveries.claim(db, "t", None, NOW) > 0
    deliveries.mark_sent(db, "t", "D1", "1.1", NOW + timedelta(seconds=1))
    d = deliveries.get(db, "t")
    assert d is not None
    assert d.claimed_at == NOW and d.sent_at == NOW + timedelta(seconds=1)
    assert facts(db, 1, "nobody") == (0, None)
    with db.engine.connect() as c:
        raw = c.execute(text("SELECT claimed_at FROM delivery WHERE key = 't'")).scalar_one()
        orm = c.execute(text("SELECT deadline FROM round LIMIT 1")).scalar()
    if db.is_sqlite:  # stored as text on SQLite: both paths must use one format
        new_round(db)
        with db.engine.connect() as c:
            orm = c.execute(text("SELECT deadline FROM round LIMIT 1")).scalar_one()
        assert len(str(raw)) == len(str(orm)) and str(raw)[10] == str(orm)[10]

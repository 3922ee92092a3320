"""Closing at a campaign's deadline: scrubs asked for at the same time share one, and none is skipped — every
call returns only after a scrub that began after the call (so after the change it follows was committed)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, select
from sqlmodel import col

from bot.core.clock import FakeClock
from bot.core.runtime import Runtime
from doubles.fake_slack import FakeSlack
from flows import engine as fe
from storage import rounds as store
from storage.db import Database
from storage.models import Round

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_concurrent_scrubs_share_runs_and_each_call_is_covered_by_one_that_began_after_it(db: Database) -> None:
    began: list[float] = []
    marker = "wal_checkpoint" if db.is_sqlite else "VACUUM"
    engines = [db.engine] + ([db._autocommit] if db._autocommit is not None else [])  # noqa: SLF001 - observed only

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if marker in statement:
            began.append(time.monotonic())

    for e in engines:
        event.listen(e, "before_cursor_execute", seen)
    calls: list[tuple[float, float]] = []
    lock = threading.Lock()

    def close_one() -> None:
        asked = time.monotonic()
        db.scrub(("participant", "response"), rewrite=("round",))
        with lock:
            calls.append((asked, time.monotonic()))

    threads = [threading.Thread(target=close_one) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in engines:
        event.remove(e, "before_cursor_execute", seen)
    assert len(calls) == 12
    for asked, returned in calls:  # a scrub's first statement ran after the call and before it returned
        assert any(asked <= b <= returned for b in began), (asked, returned, began)
    assert 1 <= db.scrubs_run < 12  # shared: fewer runs than calls
    assert db.scrub_waits_given_up == 0


def test_the_sweep_closes_every_due_round_then_scrubs_once_and_summarises_each(
    runtime: Runtime, slack: FakeSlack, clock: FakeClock
) -> None:
    """A deadline that many rounds share: the sweep closes them all, then one scrub, then the summaries."""
    from bot.jobs.scheduler import sweep

    ids = []
    for r in range(5):
        slack.user(f"ULEAD{r}")  # a lead each: one DM channel takes a message a second
        rnd = store.create_round(
            runtime.db,
            flow_id="well_being",
            flow_version=1,
            lead_id=f"ULEAD{r}",
            participants=[f"U{r}_{i}" for i in range(3)],
            deadline=clock.now() + timedelta(minutes=1),
            pacing="all_now",
            anonymous=True,
            locale="en",
            now=clock.now(),
        )
        assert rnd is not None and rnd.id is not None
        answers = [fe.Answer(s, 3, None) for s in ("workload", "influence")]
        assert store.save_response(runtime.db, rnd.id, f"U{r}_0", answers, clock.now()) == "stored"
        ids.append(rnd.id)
    with runtime.db.engine.begin() as c:
        c.exec_driver_sql("UPDATE round SET invited_at = created_at")
    sweep(runtime)
    before = runtime.db.scrubs_run
    clock.advance(timedelta(minutes=2))
    sweep(runtime)
    assert runtime.db.scrubs_run == before + 1  # one for the five closes

    def found() -> list[Round]:
        with runtime.db.session() as s:
            return list(s.execute(select(Round).where(col(Round.id).in_(ids))).scalars())

    assert {r.status for r in found()} == {"closed"}
    # The summaries went out on the send threads before the sweep returned, each lead's once.
    slack.wait_for(lambda: all(r.summarised_at is not None for r in found()), what="the five summaries")
    sent = {r: len(slack.dms(f"ULEAD{r}")) for r in range(5)}
    assert all(sent.values())
    sweep(runtime)  # a sweep after sends nothing twice
    assert {r: len(slack.dms(f"ULEAD{r}")) for r in range(5)} == sent

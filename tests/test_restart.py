"""Deadlines live in the database (APScheduler's job store): a restart keeps them, a late start catches up."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import text

from bot.core.clock import SystemClock
from bot.entrypoints.server import Server
from doubles.driver import ANSWER_KEY, Bot
from doubles.fake_slack import FakeSlack
from doubles.scenario import WELL_BEING, all_ratings, answer, start_round, summary_of
from storage.db import Database


def test_deadline_job_survives_a_restart_and_runs_late_exactly_once(
    start_server: Callable[..., Server], database_url: str, slack: FakeSlack
) -> None:
    clock = SystemClock()
    # A long sweep interval, so only the persisted deadline job and the start-up sweep can close it; whichever
    # acts first, the summary must go out exactly once.
    first = start_server(database_url, use_clock=clock, sweep_seconds=300)
    bot = Bot(first.url, slack)
    start_round(bot, slack, "ULEAD", ["U1"], clock.now() + timedelta(seconds=3))
    assert answer(bot, slack, "U1", all_ratings(4, WELL_BEING)).status == 200
    db = Database(database_url, ANSWER_KEY)
    with db.engine.connect() as c:
        jobs = [r[0] for r in c.execute(text("SELECT id FROM apscheduler_jobs"))]
    assert any(j.startswith("close:") for j in jobs)
    first.stop()  # down over the deadline

    time.sleep(3.5)
    assert not any(m.text.startswith("Results") for m in slack.dms("ULEAD"))
    second = start_server(database_url, use_clock=clock, sweep_seconds=300)
    body = summary_of(slack, "ULEAD").all_text
    assert "1 of 1 answered" in body
    time.sleep(0.5)
    assert len([m for m in slack.dms("ULEAD") if m.text.startswith("Results")]) == 1
    with db.engine.connect() as c:
        assert not [r for r in c.execute(text("SELECT id FROM apscheduler_jobs WHERE id LIKE 'close:%'"))]
    db.dispose()
    second.stop()

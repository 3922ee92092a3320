"""Real processes: one scheduler acts while another stands by; a process killed mid-send loses nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from doubles.fake_slack import FakeSlack
from doubles.processes import Proc, seed_round, worker_env


@pytest.mark.xdist_group("postgresql_connections")  # see conftest: PostgreSQL's connection slots
def test_two_workers_on_postgresql_one_acts_the_other_takes_over_and_nothing_runs_twice(
    pg_url: str, slack: FakeSlack
) -> None:
    a = Proc(worker_env(slack, pg_url))
    b = None
    try:
        a.wait_for("this process is the scheduler")
        b = Proc(worker_env(slack, pg_url))
        seed_round(pg_url, slack, ["U1", "U2"], seconds=6)
        slack.wait_for(lambda: len(slack.dms("U1")) == 1 and len(slack.dms("U2")) == 1, what="invitations")
        assert not b.said("this process is the scheduler")  # standing by
        a.kill()  # dies without releasing anything: PostgreSQL drops its connection and the lock
        b.wait_for("this process is the scheduler")
        slack.wait_for(lambda: any(m.text.startswith("Results") for m in slack.dms("ULEAD")), timeout=20)
        time.sleep(1.0)
        assert len([m for m in slack.dms("ULEAD") if m.text.startswith("Results")]) == 1
        assert len(slack.dms("U1")) == 1 and len(slack.dms("U2")) == 1
    finally:
        a.stop()
        if b is not None:
            b.stop()


def test_a_worker_killed_between_due_and_sent_sends_once_after_restart(tmp_path: Path, slack: FakeSlack) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    from storage.migrate import upgrade

    upgrade(url)
    slack.fail("chat.postMessage", hang=30)  # the first send never reaches Slack
    seed_round(url, slack, ["U1"], seconds=3600)
    env = worker_env(slack, url, DELIVERY_LEASE_SECONDS="2")
    first = Proc(env)
    try:
        slack.wait_for(lambda: slack.count("chat.postMessage") >= 1, what="the send to start")
        first.kill()  # the delivery is claimed ('sending') but was never sent
    finally:
        first.stop()
    assert slack.dms("U1") == []
    second = Proc(env)
    try:
        slack.wait_for(lambda: len(slack.dms("U1")) == 1, timeout=20, what="the invitation after restart")
        time.sleep(1.5)
        assert len(slack.dms("U1")) == 1
    finally:
        second.stop()

"""Real processes: one scheduler acts while another stands by; a process killed mid-send loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from storage import rounds as round_store
from storage.db import Database
from tests.driver import ANSWER_KEY, SECRET
from tests.fake_slack import TOKEN, FakeSlack


class Proc:
    """A `dialogue-bot worker` subprocess whose log lines we can wait for."""

    def __init__(self, env: dict[str, str], *command: str):
        self.lines: list[str] = []
        self.p = subprocess.Popen(
            [sys.executable, "-m", "bot.entrypoints.cli", *(command or ("worker",))],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.p.stdout:  # type: ignore[union-attr]
            self.lines.append(line)

    def said(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def wait_for(self, text: str, timeout: float = 15) -> None:
        end = time.monotonic() + timeout
        while not self.said(text):
            assert self.p.poll() is None, "".join(self.lines)
            assert time.monotonic() < end, f"no {text!r} in:\n" + "".join(self.lines)
            time.sleep(0.05)

    def kill(self) -> None:
        self.p.send_signal(signal.SIGKILL)
        self.p.wait(timeout=10)

    def stop(self) -> None:
        if self.p.poll() is None:
            self.p.terminate()
            self.p.wait(timeout=10)


def worker_env(slack: FakeSlack, url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env.update(
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.url,
        DATABASE_URL=url,
        SWEEP_SECONDS="0.3",
        **extra,
    )
    return env


def seed_round(url: str, slack: FakeSlack, people: list[str], seconds: float) -> int:
    for u in ["ULEAD", *people]:
        slack.user(u)
    db = Database(url, ANSWER_KEY)
    now = datetime.now(UTC)
    rnd = round_store.create_round(
        db,
        flow_id="well_being",
        flow_version=1,
        lead_id="ULEAD",
        participants=people,
        deadline=now + timedelta(seconds=seconds),
        pacing="all_now",
        anonymous=True,
        locale="en",
        now=now,
    )
    db.dispose()
    return rnd.id  # type: ignore[return-value]


@pytest.mark.xdist_group("postgresql_connections")  # see conftest: PostgreSQL's connection slots
def test_two_workers_on_postgresql_one_acts_the_other_takes_over_and_nothing_runs_twice(pg_url, slack):
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


def test_a_worker_killed_between_due_and_sent_sends_once_after_restart(tmp_path, slack):
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

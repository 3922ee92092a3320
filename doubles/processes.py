"""`dialogue-bot worker` as a real process against the fake Slack, and a round seeded straight into its database:
for the tests of processes and the fan-out benchmark."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

from doubles.driver import ANSWER_KEY, SECRET
from doubles.fake_slack import TOKEN, FakeSlack
from storage import rounds as round_store
from storage.db import Database


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


def bot_env(slack: FakeSlack, url: str, **extra: str) -> dict[str, str]:
    """The environment of a `dialogue-bot` process against the fake Slack and `url`: none of the caller's own
    Slack or database settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env.update(SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.url, DATABASE_URL=url)
    env.update(extra)
    return env


def worker_env(slack: FakeSlack, url: str, **extra: str) -> dict[str, str]:
    """As `bot_env`, sweeping every 0.3 s unless `extra` says otherwise."""
    return bot_env(slack, url, **{"SWEEP_SECONDS": "0.3", **extra})


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
    assert rnd is not None and rnd.id is not None
    return rnd.id

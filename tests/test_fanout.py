"""Reaching a whole organisation: the people directory, a fan-out at the rate Slack allows, exactly once
across kill -9 — against the fake Slack with Slack's rate limits switched on."""

from __future__ import annotations

import random
import re
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.core.clock import FakeClock
from bot.core.runtime import Runtime
from bot.entrypoints.server import Server
from doubles.driver import Bot
from doubles.fake_slack import FakeSlack
from doubles.processes import Proc, seed_round, worker_env
from doubles.scenario import WELL_BEING, open_form, start_round


def invitations(slack: FakeSlack, round_id: int | None = None) -> Counter[str]:
    """How many invitations each person holds, counted by the delivery key Slack keeps in the metadata."""
    prefix = f"invite:{round_id}:" if round_id is not None else "invite:"
    with slack.lock:
        keys = [
            str((m.metadata or {}).get("event_payload", {}).get("key", ""))
            for m in slack.messages
            if m.metadata is not None
        ]
    return Counter(k.rsplit(":", 1)[1] for k in keys if k.startswith(prefix))


def test_2000_invitations_at_the_rate_slack_allows_with_one_percent_errors(
    start_server: Callable[..., Server], sqlite_url: str, slack: FakeSlack
) -> None:
    people = [f"U{i:05d}" for i in range(2000)]
    for u in ["ULEAD", *people]:
        slack.user(u)
    slack.limit(posts_per_second=80, per_minute={"users.list": 20, "users.info": 100}, scale=10, fail_rate=0.01)
    server = start_server(sqlite_url)
    slack.wait_for(lambda: slack.count("users.list") >= 11, what="the directory's ten pages and the last one")
    with server.rt.db.engine.connect() as c:  # the directory holds everyone before the round starts
        slack.wait_for(lambda: c.execute(text("SELECT count(*) FROM person")).scalar_one() == 2001)
    bot = Bot(server.url, slack)
    # However fast this machine lets the bot go, Slack says 429 at least these times (besides the budget).
    slack.fail("chat.postMessage", status=429, retry_after=1, times=3)
    started = time.monotonic()
    start_round(bot, slack, "ULEAD", people, server.rt.clock.now() + timedelta(days=3))
    slack.wait_for(lambda: sum(invitations(slack).values()) >= 2000, timeout=60, what="2,000 invitations")
    elapsed = time.monotonic() - started
    time.sleep(0.5)
    held = invitations(slack)
    assert len(held) == 2000 and set(held.values()) == {1}  # everyone, once
    assert slack.count("users.info") == 0  # the directory, not one call per person
    assert slack.server_errors > 0  # the 1 % of 500s happened, and were retried

    def scrape() -> str:
        with urllib.request.urlopen(server.url + "/metrics", timeout=10) as r:
            return str(r.read().decode())

    metrics = slack.wait_for(lambda: (m := scrape()) and 'state="sending"' not in m and m, what="the outbox settled")
    limited = re.search(r'dialogue_bot_ratelimited_total\{method="chat.postMessage"\} (\d+)', metrics)
    assert limited is not None and int(float(limited.group(1))) >= 3  # every 429 paused the method
    sends = re.search(r'dialogue_bot_sends_total\{kind="invite"\} (\d+)', metrics)
    assert sends is not None and int(float(sends.group(1))) > 1000  # counted (a send found again is not re-counted)
    assert "dialogue_bot_ack_seconds_bucket" in metrics and "dialogue_bot_scheduler_lag_seconds" in metrics

    print(f"2,000 invitations in {elapsed:.1f} s")
    assert elapsed < 60


def test_the_directory_pages_follows_changes_and_leaves_out_the_deactivated(
    start_server: Callable[..., Server], sqlite_url: str, slack: FakeSlack, clock: FakeClock
) -> None:
    people = [f"U{i:04d}" for i in range(450)]
    for u in people:
        slack.user(u)
    slack.user("UGONE", deleted=True)
    slack.user("ULEAD")
    server = start_server(sqlite_url)
    slack.wait_for(lambda: slack.count("users.list") == 3, what="three pages of users.list")
    bot = Bot(server.url, slack)
    with server.rt.db.engine.connect() as c:
        slack.wait_for(lambda: c.execute(text("SELECT count(*) FROM person")).scalar_one() == 452)
        assert c.execute(text("SELECT deleted FROM person WHERE user_id = 'UGONE'")).scalar_one() in (True, 1)
    # Someone moves to Tokyo: the event changes their time zone in the directory at once.
    moved = dict(slack.users["U0001"], tz="Asia/Tokyo")
    assert bot.event({"type": "user_change", "user": moved}).status == 200
    with server.rt.db.engine.connect() as c:
        slack.wait_for(
            lambda: c.execute(text("SELECT tz FROM person WHERE user_id = 'U0001'")).scalar_one() == "Asia/Tokyo"
        )
    assert (
        bot.event({"type": "team_join", "user": {"id": "UNEW", "tz": "Europe/Copenhagen", "locale": "da-DK"}}).status
        == 200
    )
    start_round(bot, slack, "ULEAD", ["U0001", "UGONE"], clock.now() + timedelta(days=1))
    slack.wait_for(lambda: invitations(slack).get("U0001") == 1)
    time.sleep(0.3)
    assert "UGONE" not in invitations(slack)  # deactivated: not invited, not counted
    with server.rt.db.engine.connect() as c:
        assert c.execute(text("SELECT user_id FROM participant")).scalars().all() == ["U0001"]
        assert c.execute(text("SELECT locale FROM person WHERE user_id = 'UNEW'")).scalar_one() == "da"
    assert slack.count("users.info") == 0


def _settled(url: str, round_id: int) -> bool:
    """No invitation of the round is still being sent (a lost claim's lease has run out and it was finished)."""
    from storage.db import Database

    db = Database(url)
    try:
        with db.engine.connect() as c:
            q = text("SELECT count(*) FROM delivery WHERE round_id = :r AND status != 'sent'")
            return bool(c.execute(q, {"r": round_id}).scalar_one() == 0)
    finally:
        db.dispose()


def test_kill_9_at_random_moments_of_a_500_person_fan_out_never_sends_twice(sqlite_url: str, slack: FakeSlack) -> None:
    """Ten trials: a worker fans out to 500 people and is killed at a random moment of it; the next worker
    (which also runs the next trial) finishes: everyone holds exactly one invitation."""
    people = [f"U{i:03d}" for i in range(500)]
    env = worker_env(slack, sqlite_url, DELIVERY_LEASE_SECONDS="1", SEND_CONCURRENCY="16")
    chance = random.Random(7)
    worker = Proc(env)
    try:
        for trial in range(10):
            rid = seed_round(sqlite_url, slack, people, seconds=3600)
            slack.wait_for(lambda r=rid: sum(invitations(slack, r).values()) >= 1, timeout=30, what="the fan-out")
            time.sleep(chance.uniform(0.0, 0.6))  # somewhere in the middle of it
            worker.kill()
            cut = sum(invitations(slack, rid).values())
            worker = Proc(env)
            slack.wait_for(lambda r=rid: len(invitations(slack, r)) == 500, timeout=60, what=f"trial {trial}: all")
            slack.wait_for(lambda r=rid: _settled(sqlite_url, r), timeout=30, what=f"trial {trial}: settled")
            held = invitations(slack, rid)
            assert len(held) == 500 and set(held.values()) == {1}, (trial, cut, [u for u, n in held.items() if n > 1])
            assert 0 < cut, trial
    finally:
        worker.stop()


def test_a_send_whose_record_was_lost_is_found_in_slack_and_not_sent_again(runtime: Runtime, slack: FakeSlack) -> None:
    """The process died after Slack accepted the message but before it was recorded: the next attempt finds
    the message by its metadata in the DM's history and records it instead of sending it again."""
    from bot.outbound import delivery
    from storage import deliveries

    slack.user("U1")
    key = "invite:7:U1"
    posted = runtime.client.chat_postMessage(
        channel="U1",
        text="hello",
        metadata={"event_type": delivery.METADATA_EVENT, "event_payload": {"key": key}},
    )
    past = runtime.clock.now() - timedelta(hours=1)
    assert deliveries.claim(runtime.db, key, None, past, user_id="U1") == 1  # the lost attempt's claim
    before = slack.count("chat.postMessage")
    assert (
        delivery.post(
            runtime, key, None, "U1", "hello", [{"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}]
        )
        == delivery.ALREADY
    )
    assert slack.count("chat.postMessage") == before  # not sent again
    row = deliveries.get(runtime.db, key)
    assert row is not None and row.status == "sent" and row.ts == posted["ts"]
    # A message that never reached Slack is sent on the next attempt, once.
    other = "invite:7:U2"
    slack.user("U2")
    assert deliveries.claim(runtime.db, other, None, past, user_id="U2") == 1
    section = [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]
    assert delivery.post(runtime, other, None, "U2", "hi", section) == delivery.SENT
    assert len(slack.dms("U2")) == 1


@pytest.mark.xdist_group("postgresql_connections")  # see conftest: PostgreSQL's connection slots
def test_two_serve_and_two_worker_processes_on_postgresql_send_every_invitation_once(
    pg_url: str, slack: FakeSlack
) -> None:
    """Rounds set up through either web process, and one found by the acting scheduler's sweep: with four
    processes sharing one PostgreSQL, everyone holds each invitation exactly once."""
    from doubles.ports import free_port

    people = [f"U{i:03d}" for i in range(150)]
    for u in ["ULEAD", "ULEAD2", *people]:
        slack.user(u)
    ports = [free_port(), free_port()]
    procs = [Proc(worker_env(slack, pg_url, PORT=str(p)), "serve", "--host", "127.0.0.1") for p in ports]
    procs += [Proc(worker_env(slack, pg_url)) for _ in range(2)]
    try:
        bots = [Bot(f"http://127.0.0.1:{p}", slack) for p in ports]
        for b in bots:
            slack.wait_for(lambda b=b: _healthy(b), timeout=30, what="serve answering")
        now = datetime.now(UTC)
        start_round(bots[0], slack, "ULEAD", people[:100], now + timedelta(days=1))
        start_round(bots[1], slack, "ULEAD2", people[50:], now + timedelta(days=1))
        swept = seed_round(pg_url, slack, people, seconds=3600)
        slack.wait_for(lambda: len(invitations(slack, swept)) == 150, timeout=60, what="the swept round")
        slack.wait_for(lambda: sum(invitations(slack).values()) == 100 + 100 + 150, timeout=60, what="all rounds")
        time.sleep(1)
        per_key = Counter(str(m.metadata["event_payload"]["key"]) for m in slack.messages if m.metadata is not None)
        assert [k for k, n in per_key.items() if n > 1] == []  # no message of any kind twice
        assert sum(1 for k in per_key if k.startswith("invite:")) == 350
    finally:
        for p in procs:
            p.stop()


def _healthy(bot: Bot) -> bool:
    try:
        with urllib.request.urlopen(bot.url.rsplit("/slack", 1)[0] + "/healthz", timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


@pytest.mark.xdist_group("postgresql_connections")  # see conftest: PostgreSQL's connection slots
def test_postgresql_away_for_a_while_health_says_503_slack_gets_a_fast_503_and_nothing_is_lost(
    start_server: Callable[..., Server], pg_url: str, slack: FakeSlack
) -> None:
    """The database is cut off from the bot (a proxy between them drops every connection and refuses new ones)
    for 5 seconds — the same path as Slack's 30 —, while a round waiting to be started lands in the database."""
    from doubles.tcp_proxy import TcpProxy

    proxy = TcpProxy(("127.0.0.1", 5432))
    through = pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    people = [f"U{i:03d}" for i in range(40)]
    for u in ["ULEAD", *people]:
        slack.user(u)
    server = start_server(through)
    bot = Bot(server.url, slack)
    try:
        proxy.cut()
        slack.wait_for(lambda: _health(server.url) == 503, timeout=20, what="/healthz 503")
        assert bot.slash("ULEAD", "help").status == 503  # Slack retries it; nothing half done meanwhile
        rid = seed_round(pg_url, slack, people, seconds=3600)  # written directly: the bot cannot see it yet
        time.sleep(5)
        assert invitations(slack, rid) == Counter()
        proxy.restore()
        slack.wait_for(lambda: _health(server.url) == 200, timeout=20, what="/healthz 200 again")
        assert bot.slash("ULEAD", "help").status == 200
        slack.wait_for(lambda: len(invitations(slack, rid)) == 40, timeout=30, what="the round, after the outage")
        time.sleep(0.5)
        assert set(invitations(slack, rid).values()) == {1}
    finally:
        proxy.close()


def _health(url: str) -> int:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=10) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)
    except OSError:
        return 0


def test_sqlite_locked_by_another_process_health_says_503_and_answers_wait_for_slacks_retry(
    start_server: Callable[..., Server], sqlite_url: str, slack: FakeSlack, clock: FakeClock
) -> None:
    """SQLite is a file, not a server: 'away' is its write lock held elsewhere (a backup, another process),
    or the file gone read-only. Meanwhile /healthz says 503 and Slack's requests get a fast 503, and once the
    lock is back the retried request is stored, once."""
    import sqlite3

    server = start_server(sqlite_url)
    bot = Bot(server.url, slack)
    start_round(bot, slack, "ULEAD", ["U1"], clock.now() + timedelta(days=1))
    form = open_form(bot, slack, "U1")
    view = bot.submit("U1", form, {f"rating__{s}": 3 for s in WELL_BEING}).json["view"]  # the preview: Send stores
    path = server.settings.database_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        slack.wait_for(lambda: _health(server.url) == 503, timeout=20, what="/healthz 503")
        assert bot.submit("U1", view, {}).status == 503
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    slack.wait_for(lambda: _health(server.url) == 200, timeout=20, what="/healthz 200 again")
    assert bot.submit("U1", view, {}).status == 200  # Slack's retry
    with server.rt.db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM response")).scalar_one() == 1

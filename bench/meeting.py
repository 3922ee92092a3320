"""Team meetings under load: 50 meetings at once with 20 people each against `dialogue-bot serve`, under Slack's
rate limits (the fake answers 429 with Retry-After). Everyone adds an anonymous thought (a form submission),
then clicks four contributions of their meeting's vote boards with three votes to give — each phase's requests
arriving within SPREAD seconds of its opening, open loop (`--flood`: as fast as 50 clients can send). Prints
the ack time of both, how long until every thought was in its thread and every board showed its final counts, the 429s
Slack answered, and what was left undelivered. Targets: ack p99 <= 300 ms, exactly 60 votes per meeting, no
delivery failed or dead (every 429 waited out and retried).
SQLite runs one `serve` with its scheduler (a trial's set-up); PostgreSQL runs as "Running in production" has
it, `serve --no-scheduler` beside a `worker` that runs the scheduler (`--one-process`: one `serve` there too).
Run: python bench/meeting.py [--pg postgresql://postgres@127.0.0.1:5432/test] [--sqlite-only] [--one-process] [--flood]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench, doubles, bot
from sqlalchemy import text  # noqa: E402

from bench import harness  # noqa: E402
from doubles.driver import ANSWER_KEY  # noqa: E402
from doubles.fake_slack import BOT_USER, FakeSlack  # noqa: E402
from storage import meetings as store  # noqa: E402
from storage import rounds as round_store  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.status import MeetingMode

MEETINGS, PEOPLE, CLIENTS, CLICKS = 50, 20, 50, 4
# Each phase's requests arrive within this many seconds of its opening: all 1,000 people add their thought
# within half a minute, then click their four votes within half a minute (33 and 133 requests a second).
SPREAD = 30.0


def _setup(db: Database, slack: FakeSlack) -> dict[int, tuple[int, list[str]]]:
    """Closed rounds and running meetings (a theme open), straight into the store: meeting id → (topic, people)."""
    now = datetime.now(UTC)
    out = {}
    for i in range(MEETINGS):
        lead = slack.user(f"UL{i:03d}")
        people = [slack.user(f"U{i:03d}{j:02d}") for j in range(PEOPLE)]
        rnd = round_store.create_round(
            db, flow_id="well_being", flow_version=1, lead_id=lead, participants=people, deadline=now,
            pacing="all_now", anonymous=True, locale="en", now=now - timedelta(days=1),
        )  # fmt: skip
        assert rnd is not None and rnd.id is not None
        round_store.close_round(db, rnd.id, now)
        with db.engine.begin() as c:  # its summary went out long ago: the sweep has nothing to do for it
            c.execute(
                text("UPDATE round SET invited_at = :t, summarised_at = :t WHERE id = :id"), {"t": now, "id": rnd.id}
            )
        channel = slack.channel(f"CM{i:04d}", [BOT_USER, lead, *people])
        m = store.create(
            db, round_id=rnd.id, lead_id=lead, facilitator_id=None, mode=MeetingMode.LIVE, channel_id=channel,
            locale="en", steps=["workload", "meaning"], members=[lead, *people], minutes=30, votes=3,
            review_round_id=None, schedule=None, now=now, first_ends=now + timedelta(minutes=30),
        )  # fmt: skip
        assert m is not None and m.id is not None
        out[m.id] = (store.topics(db, m.id)[0].id or 0, people)
    return out


def _submission(user: str, meeting_id: int, topic_id: int, n: int) -> bytes:
    view = {
        "id": f"VB{meeting_id:03d}{n:06d}",
        "type": "modal",
        "callback_id": "meeting_add_submit",
        "private_metadata": f"{meeting_id}:{topic_id}",
        "blocks": [],
        "state": {"values": {"thought": {"value": {"type": "plain_text_input", "value": f"Thought {n} of {user}"}}}},
        "team_id": "T0001",
        "app_id": "A0001",
    }
    return harness.view_submission_body(user, view)


def _click(slack: FakeSlack, user: str, contribution_id: int) -> bytes:
    payload = {
        "type": "block_actions",
        "team": {"id": "T0001"},
        "user": {"id": user, "team_id": "T0001"},
        "api_app_id": "A0001",
        "token": "legacy",
        "trigger_id": "1.1.x",
        "response_url": f"{slack.base}/respond/{user}",
        "actions": [
            {
                "type": "button",
                "action_id": "meeting_vote",
                "block_id": "b",
                "value": str(contribution_id),
                "action_ts": "1",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def _burst(port: int, bodies: list[bytes], spread: float | None) -> tuple[list[float], dict[str, int]]:
    """The bodies in random order from CLIENTS connections (`harness.post_all`): the ack times, and the answers
    that were not 200 by kind."""
    random.shuffle(bodies)
    latencies, problems = harness.post_all(port, bodies, CLIENTS, spread)
    return latencies, dict(Counter(problems))


def _wait(what: str, done, limit: float = 300.0) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    while not done():
        if time.perf_counter() - t0 > limit:
            print(f"  {what}: NOT within {limit:.0f} s")
            return float("nan")
        time.sleep(0.2)
    return time.perf_counter() - t0


def _count(db: Database, sql: str, **params: str) -> int:
    with db.engine.connect() as c:
        return int(c.execute(text(sql), params).scalar_one())


def _sent(db: Database, pattern: str) -> int:
    return _count(db, "SELECT count(*) FROM delivery WHERE key LIKE :p AND status = 'sent'", p=pattern)


def run(label: str, url: str, one_process: bool = True, spread: float | None = SPREAD) -> None:
    upgrade(url)
    slack = FakeSlack()
    # Slack's limits, ten times faster so a run is short: chat.postMessage one a second per channel and a
    # workspace budget, chat.update and views at their tiers.
    slack.limit(posts_per_second=20, per_minute={"chat.update": 50, "chat.postMessage": 1200}, scale=10)
    db = Database(url, ANSWER_KEY)
    meetings = _setup(db, slack)
    proc, port = harness.serve(slack, url, scheduler=one_process)  # the default sweep, every 15 s
    scheduler = None if one_process else harness.worker(slack, url)
    print(f"{label}: " + ("one `serve` with its scheduler" if one_process else "`serve --no-scheduler` and a `worker`"))
    how = f"spread over {spread:.0f} s" if spread else "as fast as they can (a flood)"
    try:
        opened = _wait(
            "themes posted", lambda: _count(db, "SELECT count(*) FROM meeting_topic WHERE ts IS NOT NULL") >= MEETINGS
        )
        print(
            f"{label}: {MEETINGS} meetings with {PEOPLE} people each, "
            f"first themes in their channels after {opened:.1f} s"
        )
        bodies = [
            _submission(user, mid, topic, n)
            for mid, (topic, people) in meetings.items()
            for n, user in enumerate(people)
        ]
        cpu0 = harness.cpu_seconds(proc.pid)
        lat_add, err_add = _burst(port, bodies, spread)
        print(
            f"{label}: {len(bodies)} anonymous thoughts from {CLIENTS} clients, {how}: "
            f"ack {harness.latency_line(lat_add)}, errors {err_add} (answered other than 200: not stored, "
            f"to be sent again), stored {_count(db, 'SELECT count(*) FROM contribution')}"
        )
        now = datetime.now(UTC)
        for mid in meetings:  # the facilitators move on to the votes
            store.move(db, mid, 0, 2, now, now + timedelta(minutes=30))
        stored = _count(db, "SELECT count(*) FROM contribution")
        cards = _wait("every thought in its thread", lambda: _sent(db, "meeting:%:card-%") >= stored)
        boards = _wait(
            "the vote boards",
            lambda: _sent(db, "meeting:%:board-%") >= 2 * MEETINGS,
        )
        print(f"{label}: every thought in its thread {cards:.1f} s later; the boards {boards:.1f} s after that")
        clicks = []
        for mid, (_topic, people) in meetings.items():
            ids = [c.id for c in store.contributions(db, mid) if c.id is not None]
            for user in people:
                clicks += [_click(slack, user, cid) for cid in random.sample(ids, CLICKS)]
        lat_vote, err_vote = _burst(port, clicks, spread)
        cpu = harness.cpu_seconds(proc.pid) - cpu0
        print(
            f"{label}: {len(clicks)} vote clicks ({CLICKS} each, 3 votes each), {how}: "
            f"ack {harness.latency_line(lat_vote)}, errors {err_vote}"
        )
        per_meeting = {mid: sum(store.vote_counts(db, mid).values()) for mid in meetings}
        exact = sum(1 for n in per_meeting.values() if n == 3 * PEOPLE)
        print(
            f"{label}: meetings with exactly {3 * PEOPLE} votes: {exact} of {MEETINGS} "
            f"(most {max(per_meeting.values())})"
        )
        answered = _wait("every click answered", lambda: len(slack.responses) >= len(clicks))
        settled = _wait(
            "nothing left to send",
            lambda: _count(db, "SELECT count(*) FROM delivery WHERE status IN ('pending', 'sending')") == 0,
        )
        left = _count(db, "SELECT count(*) FROM delivery WHERE status IN ('failed', 'dead')")
        limited = ", ".join(f"{k} {v}" for k, v in sorted(slack.ratelimited.items()))
        every = sorted(lat_add + lat_vote)
        print(
            f"{label}: all {len(every)} requests: ack {harness.latency_line(every)}; "
            f"acks over 3 s: {sum(x > 3 for x in every)}"
        )
        print(
            f"{label}: every vote answered {answered:.1f} s after the last click, "
            f"nothing pending {settled:.1f} s after; 429s answered by Slack: {sum(slack.ratelimited.values())} "
            f"({limited}); "
            f"deliveries failed or dead: {left}; server CPU {cpu * 1000 / len(every):.2f} ms per request"
        )
    finally:
        harness.stop(proc)
        if scheduler is not None:
            harness.stop(scheduler)
        slack.stop()
        db.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--sqlite-only", action="store_true")
    ap.add_argument("--one-process", action="store_true", help="PostgreSQL too: one `serve` with its scheduler")
    ap.add_argument("--flood", action="store_true", help="the clients send as fast as they can, not over SPREAD s")
    args = ap.parse_args()
    spread = None if args.flood else SPREAD
    run("sqlite", f"sqlite:///{tempfile.mkdtemp(prefix='bench-meeting-')}/bench.db", spread=spread)
    if not args.sqlite_only:
        with harness.postgres_database(args.pg, "bench_meeting") as url:
            if url is not None:
                run("postgresql", url, one_process=args.one_process, spread=spread)


if __name__ == "__main__":
    main()

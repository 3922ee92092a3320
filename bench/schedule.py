"""Scheduling at scale: 50 rounds x 200 participants (10,000 people in mixed time zones) over three weeks
on a fake clock, through the real planner, sweep and outbox on SQLite (or PostgreSQL with --pg).

Slack is an in-process recorder here (the subject is the timeline, not HTTP). Prints the number of sends,
the sends outside the recipient's working hours (must be 0), duplicates (must be 0), wall time and peak RSS.
Run: python bench/schedule.py [--rounds 50] [--people 200] [--pg [URL]]  (--pg: on a fresh PostgreSQL database,
as in production, instead of a SQLite file)
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_sdk import WebClient  # noqa: E402
from slack_sdk.web import SlackResponse  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bench import harness  # noqa: E402
from bot.core.clock import FakeClock  # noqa: E402
from bot.core.runtime import Runtime  # noqa: E402
from bot.core.settings import load_settings  # noqa: E402
from bot.jobs.scheduler import sweep  # noqa: E402
from bot.services.rounds import start_round  # noqa: E402
from doubles.scenario import next_event  # noqa: E402
from flows import engine as fe  # noqa: E402
from flows.loader import load_flows  # noqa: E402
from storage import rounds as store  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

ZONES = [
    "Europe/Copenhagen",
    "America/New_York",
    "Asia/Tokyo",
    "Europe/London",
    "America/Los_Angeles",
    "Australia/Sydney",
    "Asia/Kolkata",
]


class RecordingClient(WebClient):
    """Answers like Slack for the methods the scheduler uses, and records each post with the fake time."""

    def __init__(self, clock: FakeClock, zones: dict[str, str]):
        super().__init__(token="xoxb-bench", base_url="http://127.0.0.1:9/api/")
        self.clock, self.zones = clock, zones
        self.posts: list[tuple[datetime, str, str]] = []
        self.n = 0

    def api_call(
        self,
        api_method: str,
        *,
        http_verb: str = "POST",
        files: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        headers: dict[str, Any] | None = None,
        auth: dict[str, Any] | None = None,
    ) -> SlackResponse:
        args = {**(params or {}), **(data or {}), **(json or {})}
        body: dict[str, Any] = {"ok": True}
        if api_method == "users.info":
            body["user"] = {"id": args["user"], "tz": self.zones.get(args["user"]), "locale": "en-US"}
        elif api_method in ("chat.postMessage", "chat.update"):
            self.n += 1
            body.update(channel="D" + str(args["channel"])[1:], ts=f"{self.n}.000000")
            if api_method == "chat.postMessage":
                self.posts.append((self.clock.now(), str(args["channel"]), str(args.get("text"))))
        elif api_method == "conversations.open":
            body["channel"] = {"id": "D" + str(args["users"])[1:]}
        return SlackResponse(
            client=self, http_verb="POST", api_url=api_method, req_args={}, data=body, headers={}, status_code=200
        )

    def files_upload_v2(self, **kwargs):  # type: ignore[no-untyped-def]
        return {"ok": True, "file": {"id": "F1"}}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--people", type=int, default=200)
    ap.add_argument("--pg", nargs="?", const="postgresql://postgres@127.0.0.1:5432/test", default=None)
    args = ap.parse_args()
    if args.pg is None:
        run(args, f"sqlite:///{tempfile.mkdtemp(prefix='bench-schedule-')}/bench.db")
        return
    with harness.postgres_database(args.pg, "bench_schedule") as url:
        if url is not None:
            run(args, url)


def run(args: argparse.Namespace, url: str) -> None:
    rng = random.Random(7)
    start = datetime(2026, 3, 23, 5, tzinfo=UTC)  # Monday; EU DST on 29 March, Easter holidays in DK
    clock = FakeClock(start)
    upgrade(url)
    settings = load_settings(
        slack_bot_token="xoxb-bench", slack_signing_secret="s", database_url=url, slack_app_token=None
    )
    zones: dict[str, str] = {}
    client = RecordingClient(clock, zones)
    db = Database(url)
    rt = Runtime(settings=settings, db=db, flows=load_flows(), client=client, clock=clock)
    flow = rt.flows["well_being"]

    t0 = time.perf_counter()
    answers: list[tuple[datetime, int, str]] = []
    for r in range(args.rounds):
        people = [f"U{r:03d}{i:04d}" for i in range(args.people)]
        for p in people:
            zones[p] = rng.choice(ZONES)
        created = start + timedelta(hours=rng.randrange(0, 72))
        if created > clock.now():
            clock.advance(created - clock.now())
        rnd = store.create_round(
            rt.db,
            flow_id=flow.id,
            flow_version=1,
            lead_id=f"ULEAD{r:03d}",
            participants=people,
            deadline=created + timedelta(days=rng.randrange(10, 18)),
            pacing=fe.PACING_DAILY if r % 2 else fe.PACING_ALL,
            anonymous=True,
            locale="en",
            now=created,
        )
        assert rnd is not None and rnd.id is not None
        start_round(rt, rnd.id)
        for p in people:
            if rng.random() < 0.6:  # 60 % answer at some point; the others get reminders
                answers.append((created + timedelta(hours=rng.uniform(1, 200)), rnd.id, p))
    answers.sort()
    end = start + timedelta(weeks=3)
    sweeps = 0
    in_sweeps = 0.0
    while True:
        nxt = next_event(rt)
        if nxt is None or nxt > end:
            break
        if nxt > clock.now():
            clock.advance(nxt - clock.now())
        while answers and answers[0][0] <= clock.now():
            _, rid, p = answers.pop(0)
            store.save_response(rt.db, rid, p, [fe.Answer(s.id, 3) for s in flow.steps], clock.now())
        t_sweep = time.perf_counter()
        sweep(rt)
        in_sweeps += time.perf_counter() - t_sweep
        sweeps += 1
    wall = time.perf_counter() - t0

    hours = rt.hours
    dm = [(t, ch, text) for t, ch, text in client.posts if ch in zones]
    timed = [(t, ch) for t, ch, text in dm if "Today's theme" in text or "gentle reminder" in text]
    outside = sum(1 for t, ch in timed if not hours.contains(t, ZoneInfo(zones[ch])))
    # Every post claimed a fresh delivery key; a key sent twice would show as more posts than sent keys.
    with rt.db.engine.connect() as c:
        sent_keys = c.execute(
            text("SELECT count(*) FROM delivery WHERE status = 'sent' AND key NOT LIKE 'chart:%'")
        ).scalar_one()
    dupes = len(client.posts) - sent_keys
    themes_twice = sum(n - 1 for n in Counter((ch, x) for _, ch, x in dm if "Today's theme" in x).values() if n > 1)
    per_person = Counter(ch for _, ch, x in dm if "gentle reminder" in x)
    over_cap = sum(1 for n in per_person.values() if n > settings.max_reminders)
    kinds = Counter(
        "theme" if "Today's theme" in x else "reminder" if "gentle reminder" in x else "invitation" for _, _, x in dm
    )
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    print(
        f"{url.split(':')[0]}: {len(zones)} people in {args.rounds} rounds, {len(set(zones.values()))} time zones; "
        f"{sweeps} sweeps"
    )
    print(
        f"sends to participants: {len(dm)} ({kinds['invitation']} invitations, {kinds['theme']} paced themes, "
        f"{kinds['reminder']} reminders); all posts incl. leads: {len(client.posts)}"
    )
    print(f"sends outside working hours: {outside} (of {len(timed)} timed sends)")
    print(
        f"duplicates: {dupes} (posts {len(client.posts)} vs sent keys {sent_keys}); same theme twice to one "
        f"person: {themes_twice}; people over the reminder cap: {over_cap}"
    )
    print(
        f"wall time: {wall:.1f} s (of which the scheduler's sweeps {in_sweeps:.1f} s; process CPU incl. start-up "
        f"{cpu:.1f} s)   peak RSS: {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()

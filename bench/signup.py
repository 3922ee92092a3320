"""Workshop sign-up under load: 500 signed "Register" clicks for 50 seats from 50 concurrent clients against
`dialogue-bot serve`, on SQLite and on PostgreSQL. Prints registered / waitlisted / duplicates / errors and the
ack time (the seat is committed before the 200), the server's CPU time per click, and how long after the last
ack every clicker had their ephemeral answer and their DM (that work runs behind the acks, bot/core/after_ack.py).
Targets: exactly 50 registered, 0 duplicates, 0 errors, p99 <= 100 ms.
Run: python bench/signup.py [--pg postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench, doubles, bot
from bench import harness  # noqa: E402
from doubles.driver import signed_headers  # noqa: E402
from doubles.fake_slack import FakeSlack  # noqa: E402
from doubles.scenario import make_workshop  # noqa: E402
from storage import workshops as store  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

CLICKS, SEATS, CLIENTS = 500, 50, 50


def run(label: str, url: str) -> None:
    upgrade(url)
    slack = FakeSlack()
    slack.channel("C0ALL", [])
    people = [f"U{i:05d}" for i in range(CLICKS)]
    for p in people:
        slack.user(p)
    db = Database(url)
    w = make_workshop(db, now=datetime.now(UTC), capacity=SEATS, title="Bench workshop", channel_id="C0ALL")
    assert w.id is not None
    proc, port = harness.serve(slack, url, SWEEP_SECONDS="5")
    bodies = []
    for p in people:
        payload = {
            "type": "block_actions",
            "team": {"id": "T0001"},
            "user": {"id": p, "team_id": "T0001"},
            "api_app_id": "A0001",
            "token": "legacy",
            "trigger_id": "1.1.x",
            "response_url": f"{slack.base}/respond/{p}",
            "actions": [
                {"type": "button", "action_id": "ws_register", "block_id": "b", "value": str(w.id), "action_ts": "1"}
            ],
        }
        bodies.append(urlencode({"payload": json.dumps(payload)}).encode())
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client(mine: list[bytes]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.connect()  # connected before the start: the figure is the ack's, not TCP's connection set-up
        barrier.wait()
        for body in mine:
            t0 = time.perf_counter()
            headers = {"Content-Type": "application/x-www-form-urlencoded", **signed_headers(body)}
            try:
                conn.request("POST", "/slack/events", body=body, headers=headers)
                r = conn.getresponse()
                r.read()
                ok = r.status == 200
            except OSError as e:
                ok = False
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                with lock:
                    errors.append(repr(e))
            with lock:
                latencies.append(time.perf_counter() - t0)
                if not ok:
                    errors.append("non-200")

    try:
        threads = [threading.Thread(target=client, args=(bodies[i::CLIENTS],)) for i in range(CLIENTS)]
        cpu0 = harness.cpu_seconds(proc.pid)
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        cpu = harness.cpu_seconds(proc.pid) - cpu0
        t1 = time.perf_counter()
        answered = told = None
        while time.perf_counter() - t1 < 120 and told is None:
            if answered is None and len(slack.responses) >= CLICKS:
                answered = time.perf_counter() - t1
            with slack.lock:
                dm_channels = {m.channel for m in slack.messages if m.channel.startswith("D")}
            if answered is not None and len(dm_channels) >= CLICKS:
                told = time.perf_counter() - t1
            time.sleep(0.05)
        # Slack gives up on an ack after 3 s (the person sees an error even though the seat is taken): say how
        # many were that late. The seats are counted after the answers above have gone out.
        late = sum(1 for x in latencies if x > 3.0)
        seats = store.seats(db, w.id)
        registered = sum(s.status == "registered" for s in seats)
        waitlisted = sum(s.status == "waitlisted" for s in seats)
        dupes = len(seats) - len({s.user_id for s in seats})
        taken = store.get(db, w.id)
        assert taken is not None
        print(
            f"{label}: {len(latencies)} clicks in {wall:.1f} s from {CLIENTS} clients: registered {registered}, "
            f"waitlisted {waitlisted}, duplicates {dupes}, errors {len(errors)}, counter "
            f"{taken.seats_taken}"
        )
        print(f"{label}: ack time {harness.latency_line(latencies)}; acks later than 3 s: {late}")
        print(
            f"{label}: server CPU {cpu * 1000 / CLICKS:.2f} ms per click; after the last ack, every ephemeral answer "
            f"in {_s(answered)} and every DM in {_s(told)}"
        )
    finally:
        harness.stop(proc)
        slack.stop()
        db.dispose()


def _s(seconds: float | None) -> str:
    return "(not within 120 s)" if seconds is None else f"{seconds:.1f} s"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    args = ap.parse_args()
    run("sqlite", f"sqlite:///{tempfile.mkdtemp(prefix='bench-signup-')}/bench.db")
    with harness.postgres_database(args.pg, "bench_signup") as url:
        if url is not None:
            run("postgresql", url)


if __name__ == "__main__":
    main()

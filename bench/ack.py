"""Ack latency of answer submissions (the preview's Send, which masks and stores): 1,000 participants of one
round send at an open-loop 100/s for 10 s.

The app runs as `dialogue-bot serve` on SQLite (a separate process, so its peak RSS is its own) against the
fake Slack server from doubles/. Latency is measured from each request's *scheduled* send time to its HTTP 200,
which the app only returns once the answer is committed. Run: python bench/ack.py [--rate 100] [--seconds 10]
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench, doubles, bot
from bench import harness  # noqa: E402
from doubles.driver import signed_headers  # noqa: E402
from doubles.fake_slack import FakeSlack  # noqa: E402
from flows.loader import load_flows  # noqa: E402
from storage import rounds as store  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rate", type=float, default=100.0)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=32)
    args = ap.parse_args()
    n = int(args.rate * args.seconds)

    tmp = tempfile.mkdtemp(prefix="bench-ack-")
    url = f"sqlite:///{tmp}/bench.db"
    upgrade(url)
    slack = FakeSlack()
    people = [f"U{i:06d}" for i in range(n)]
    for p in people + ["ULEAD"]:
        slack.user(p)
    db = Database(url)
    flow = load_flows()["well_being"]
    rnd = store.create_round(
        db,
        flow_id=flow.id,
        flow_version=1,
        lead_id="ULEAD",
        participants=people,
        deadline=datetime.now(UTC) + timedelta(hours=2),
        pacing="all_now",
        anonymous=True,
        locale="en",
        now=datetime.now(UTC),
    )
    assert rnd is not None and rnd.id is not None
    proc, port = harness.serve(slack, url, SWEEP_SECONDS="2")
    try:
        # The start-up sweep sends the 1,000 invitations; wait for them so the load below is answers only.
        t0 = time.monotonic()
        while len([m for m in slack.messages if m.channel.startswith("D0")]) < n:
            time.sleep(0.2)
        print(f"fan-out: {n} invitations sent in {time.monotonic() - t0:.1f} s")

        # What is timed is the store: the preview's Send (the form's Next only shows "what your lead will see").
        step_ids = [s.id for s in flow.steps]
        bodies = []
        for i, user in enumerate(people):
            values = {s.id: {"rating": str(1 + (i + j) % 5), "text": None} for j, s in enumerate(flow.steps)}
            values["workload"]["text"] = f"reflection {i} [a colleague] æøå"
            meta = json.dumps({"round": rnd.id, "steps": step_ids, "values": values})
            view = {"type": "modal", "callback_id": "answer_send", "private_metadata": meta, "blocks": []}
            bodies.append(harness.view_submission_body(user, dict(view, state={"values": {}})))

        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        start = time.monotonic() + 0.5
        nxt = iter(range(n))

        def worker() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            while True:
                with lock:
                    i = next(nxt, None)
                if i is None:
                    return
                due = start + i / args.rate
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                headers = {"Content-Type": "application/x-www-form-urlencoded", **signed_headers(bodies[i])}
                try:
                    conn.request("POST", "/slack/events", body=bodies[i], headers=headers)
                    r = conn.getresponse()
                    data = r.read()
                    ok = r.status == 200 and json.loads(data or b"{}").get("response_action") == "clear"
                except OSError as e:
                    ok, data = False, repr(e).encode()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                took = time.monotonic() - due
                with lock:
                    latencies.append(took)
                    if not ok:
                        errors.append(data[:200].decode(errors="replace"))

        threads = [threading.Thread(target=worker) for _ in range(args.workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - start
        time.sleep(2)  # let the post-ack receipts finish before reading RSS
        rss = harness.peak_rss_mb(proc.pid)
        stored = store.counts(db, rnd.id)[0]
        print(f"submissions: {len(latencies)} in {wall:.1f} s (open loop, {args.rate:.0f}/s)")
        print(f"ack latency: {harness.latency_line(latencies)}")
        print(f"errors: {len(errors)}{'  e.g. ' + errors[0] if errors else ''}")
        print(f"answers stored: {stored} of {n}")
        print(f"app peak RSS: {rss:.0f} MB")
    finally:
        harness.stop(proc)
        slack.stop()
        db.dispose()


if __name__ == "__main__":
    main()

"""5,000 invitations ("all at once, now") from `dialogue-bot worker` against the fake Slack with Slack's limits.

The fake enforces a workspace-wide posting budget (`--workspace-per-min`), about one post a second per channel
and Slack's tiers (users.list: Tier 2, 20 a minute), all `--scale` times faster so a run is short; the bot is
told neither. It learns the pace from the 429s. Printed: wall time from the round's creation to the last
invitation, the floor the budget sets (recipients / posts per second), their ratio, the 429s, duplicates,
losses, and the worker's peak RSS.

    python bench/fanout.py                          # SQLite, 5,000 people, 600 posts/min, scale 10
    python bench/fanout.py --workspace-per-min 1200 # a workspace that allows twice as much
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bench.harness import peak_rss_mb  # noqa: E402
from doubles.driver import ANSWER_KEY  # noqa: E402
from doubles.fake_slack import FakeSlack  # noqa: E402
from doubles.processes import Proc, seed_round, worker_env  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402


def held(slack: FakeSlack, round_id: int) -> Counter[str]:
    prefix = f"invite:{round_id}:"
    with slack.lock:
        keys = [str((m.metadata or {}).get("event_payload", {}).get("key", "")) for m in slack.messages if m.metadata]
    return Counter(k.rsplit(":", 1)[1] for k in keys if k.startswith(prefix))


def run(recipients: int, per_min: float, scale: float, concurrency: int) -> None:
    slack = FakeSlack()
    people = [f"U{i:05d}" for i in range(recipients)]
    for u in ["ULEAD", *people]:
        slack.user(u)
    slack.limit(posts_per_second=per_min * scale / 60, per_minute={"users.list": 20, "users.info": 100}, scale=scale)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        worker = Proc(worker_env(slack, url, SEND_CONCURRENCY=str(concurrency)))
        try:
            db = Database(url, ANSWER_KEY)
            end = time.monotonic() + 120
            while time.monotonic() < end:  # the people directory, as a running bot has it
                with db.engine.connect() as c:
                    if c.execute(text("SELECT count(*) FROM person")).scalar_one() > recipients:
                        break
                time.sleep(0.2)
            started = time.monotonic()
            rid = seed_round(url, slack, people, seconds=3 * 24 * 3600)
            while len(held(slack, rid)) < recipients and time.monotonic() - started < 1800:
                time.sleep(0.05)
            wall = time.monotonic() - started
            time.sleep(2)
            counts = held(slack, rid)
            rss = peak_rss_mb(worker.p.pid)
            db.dispose()
        finally:
            worker.stop()
    slack.stop()
    rate = per_min * scale / 60
    floor = recipients / rate
    print(
        f"{recipients} recipients, workspace budget {per_min:g}/min x{scale:g} = {rate:g} posts/s, "
        f"{concurrency} threads: wall {wall:.1f} s, floor {floor:.1f} s, ratio {wall / floor:.2f}, "
        f"429s {slack.ratelimited.get('chat.postMessage', 0)} (users.list {slack.ratelimited.get('users.list', 0)}), "
        f"duplicates {sum(n - 1 for n in counts.values() if n > 1)}, losses {recipients - len(counts)}, "
        f"users.info {slack.count('users.info')}, peak RSS {rss:.0f} MB"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--recipients", type=int, default=5000)
    p.add_argument("--workspace-per-min", type=float, default=600.0, help="the fake's posting budget a minute")
    p.add_argument("--scale", type=float, default=10.0, help="every limit this many times faster")
    p.add_argument("--concurrency", type=int, default=32, help="SEND_CONCURRENCY of the worker")
    a = p.parse_args()
    run(a.recipients, a.workspace_per_min, a.scale, a.concurrency)


if __name__ == "__main__":
    main()

"""Export speed and memory: 100,000 answers in SQLite and in PostgreSQL, exported as CSV and XLSX.

Prints time and RSS growth of each export (the export streams from the database in chunks; XLSX uses
openpyxl's write-only mode, bot/outbound/xlsx.py). Targets: CSV <= 2 s, XLSX <= 10 s, RSS growth <= 100 MB.
Run: python bench/export.py [--answers 100000] [--pg postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench, doubles, bot
from sqlalchemy import insert, update  # noqa: E402
from sqlmodel import col  # noqa: E402

from bench import harness  # noqa: E402
from bot.services.exports import export  # noqa: E402
from flows.loader import load_flows  # noqa: E402
from storage import rounds as store  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Answer, Participant, Response, Round  # noqa: E402

STEPS = ["workload", "influence", "meaning", "predictability", "social_support", "recognition", "collaboration"]
TEXTS = [
    "=SUM(A1) as text",
    "More focus time, please 🙂",
    "Samarbejdet fungerer godt — æøå",
    "line one\nline two",
    "<!channel> should stay text",
    "x" * 400,
]


def seed(db: Database, answers: int) -> None:
    """Rounds of 200 people x 7 themes, written in bulk (the bench measures the export, not the seeding)."""
    now = datetime.now(UTC)
    per_round = 200 * len(STEPS)
    for r in range((answers + per_round - 1) // per_round):
        people = [f"U{r:04d}{i:04d}" for i in range(200)]
        rnd = store.create_round(
            db,
            flow_id="well_being",
            flow_version=1,
            lead_id="UL",
            participants=people,
            deadline=now + timedelta(days=1),
            pacing="all_now",
            anonymous=r % 2 == 0,
            locale="en",
            now=now,
        )
        assert rnd is not None and rnd.id is not None
        with db.engine.begin() as c:
            c.execute(
                insert(Response),
                [
                    {"round_id": rnd.id, "respondent": uuid.uuid4().hex, "user_id": None if r % 2 == 0 else p}
                    for p in people
                ],
            )
            ids = [row[0] for row in c.exec_driver_sql(f"SELECT id FROM response WHERE round_id = {rnd.id}")]
            rows = [
                {"response_id": rid, "step_id": s, "rating": 1 + (rid + j) % 5, "text": TEXTS[(rid + j) % 6]}
                for rid in ids
                for j, s in enumerate(STEPS)
            ]
            c.execute(insert(Answer), rows[: max(0, answers - r * per_round)])
            c.execute(update(Participant).where(col(Participant.round_id) == rnd.id).values(answered=True))
            # Closed: an anonymous round's answers are exported only once it has closed (bot.disclosure).
            c.execute(update(Round).where(col(Round.id) == rnd.id).values(status="closed", closed_at=now))


def measure(db: Database, label: str, answers: int, out_dir: Path) -> None:
    flows = load_flows()
    seed(db, answers)
    proc = psutil.Process()
    for fmt in ("csv", "xlsx"):
        gc.collect()
        before = proc.memory_info().rss
        peak = before
        t0 = time.perf_counter()
        # Sample RSS while exporting, from a thread, to catch the peak.
        import threading

        done = threading.Event()

        def sample(done: threading.Event = done) -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, proc.memory_info().rss)
                time.sleep(0.02)

        th = threading.Thread(target=sample)
        th.start()
        n = export(db, flows, 5, "answers", fmt, out_dir / f"{label}.{fmt}")
        elapsed = time.perf_counter() - t0
        done.set()
        th.join()
        size = (out_dir / f"{label}.{fmt}").stat().st_size / 1e6
        print(
            f"{label:10s} {fmt:4s}: {n} rows in {elapsed:.2f} s, RSS growth {(peak - before) / 1e6:.0f} MB, "
            f"file {size:.1f} MB"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--answers", type=int, default=100_000)
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-export-"))
    url = f"sqlite:///{tmp / 'bench.db'}"
    upgrade(url)
    measure(Database(url), "sqlite", args.answers, tmp)
    with harness.postgres_database(args.pg, "bench_export") as pg:
        if pg is not None:
            upgrade(pg)
            db = Database(pg)
            measure(db, "postgresql", args.answers, tmp)
            db.dispose()


if __name__ == "__main__":
    main()

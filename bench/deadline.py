"""A campaign's deadline at organisation scale, on PostgreSQL: 400 rounds of 25 people close in the same minute
while 1,000 people answer other open rounds.

As "Running in production" has it at this scale, `dialogue-bot serve --no-scheduler` answers Slack and a `dialogue-bot
worker` runs the scheduler (SWEEP_SECONDS as in production), both against the fake Slack server; `--one-process`
measures a single `serve` with its scheduler instead (a trial's set-up). The 400 rounds (20 of 25 answered each)
have their deadlines spread over one minute; from a few seconds before the first deadline until after the last,
1,000 participants of 40 other rounds submit their answers at an open-loop rate. Measured: the time from each
round's deadline until it is closed and its summary (messages and chart) is out; the answers' acknowledgement
latency from each request's scheduled send time to its HTTP 200 (the answer is committed by then); how many scrubs
ran (PostgreSQL's manual VACUUM count of `participant`), whether the last one began after the last close, and
whether any scrub gave up waiting for older snapshots (the server logs that as a warning). Targets: every round
closed and summarised within 2 minutes of its deadline, ack p99 ≤ 300 ms, no scrub skipped.

    python bench/deadline.py [--pg postgresql://postgres@127.0.0.1:5432/test] [--rounds 400] [--answering 1000]
                             [--one-process]

Invitations are not sent here (the rounds are made in the store, marked invited): the edits of their
invitations at the close are not part of this figure; bench/fanout.py measures sending against Slack's limits.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench, doubles, bot
from sqlalchemy import bindparam, text  # noqa: E402

from bench import harness  # noqa: E402
from doubles.driver import ANSWER_KEY  # noqa: E402
from doubles.fake_slack import FakeSlack  # noqa: E402
from flows import engine as fe  # noqa: E402
from flows.loader import load_flows  # noqa: E402
from storage import rounds as store  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.status import RoundStatus, SaveOutcome

PER_ROUND = 25
ANSWERED = 20  # of each closing round's 25, before the deadline
SPREAD = 60.0  # seconds over which the closing rounds' deadlines fall
LEAD_IN = 50.0  # seconds from the server's start to the first deadline


def seed(
    db: Database, slack: FakeSlack, rounds: int, answering: int, first_deadline: datetime
) -> tuple[list[Any], list[Any]]:
    """The closing rounds (answered, deadlines within a minute) and the open rounds whose people answer."""
    flow = load_flows()["well_being"]
    rng = random.Random(7)
    now = datetime.now(UTC)
    closing = []
    for r in range(rounds):
        lead = f"UL{r:04d}"
        people = [f"UC{r:04d}_{i:02d}" for i in range(PER_ROUND)]
        slack.user(lead)
        rnd = store.create_round(
            db,
            flow_id=flow.id,
            flow_version=1,
            lead_id=lead,
            participants=people,
            deadline=first_deadline + timedelta(seconds=SPREAD * r / rounds),
            pacing="all_now",
            anonymous=True,
            locale="en",
            now=now,
        )
        assert rnd is not None and rnd.id is not None
        for who in people[:ANSWERED]:
            answers = [fe.Answer(s.id, rng.randint(1, 5), None) for s in flow.rated_steps]
            assert store.save_response(db, rnd.id, who, answers, now) == SaveOutcome.STORED
        closing.append(rnd.id)
    open_rounds = []
    for r in range((answering + PER_ROUND - 1) // PER_ROUND):
        people = [f"UA{r:03d}_{i:02d}" for i in range(PER_ROUND)][: answering - r * PER_ROUND]
        for p in [*people, f"UO{r:03d}"]:
            slack.user(p)
        rnd = store.create_round(
            db,
            flow_id=flow.id,
            flow_version=1,
            lead_id=f"UO{r:03d}",
            participants=people,
            deadline=now + timedelta(days=3),
            pacing="all_now",
            anonymous=True,
            locale="en",
            now=now,
        )
        assert rnd is not None and rnd.id is not None
        open_rounds.append((rnd.id, people))
    with db.engine.begin() as c:  # as if every invitation had gone out: this measures the close, not the fan-out
        c.execute(text("UPDATE round SET invited_at = :now"), {"now": now})
    return closing, open_rounds


def bodies_for(open_rounds: list[Any]) -> list[bytes]:
    """Each person's Send from the preview ("what your lead will see"): the request that masks and stores."""
    flow = load_flows()["well_being"]
    step_ids = [s.id for s in flow.steps]
    out = []
    for round_id, people in open_rounds:
        for i, user in enumerate(people):
            values = {s.id: {"rating": str(1 + (i + j) % 5), "text": None} for j, s in enumerate(flow.steps)}
            meta = json.dumps({"round": round_id, "steps": step_ids, "values": values})
            view = {"type": "modal", "callback_id": "answer_send", "private_metadata": meta, "blocks": []}
            out.append(harness.view_submission_body(user, dict(view, id=f"VANS{round_id}_{i}", state={"values": {}})))
    random.Random(3).shuffle(out)
    return out


def refused(status: int, data: bytes) -> str | None:
    """What is wrong with an answer's acknowledgement: not 200, or a Send that did not close the forms."""
    if status == 200 and json.loads(data or b"{}").get("response_action", "clear") == "clear":
        return None
    return data[:200].decode(errors="replace")


def manual_vacuums(db: Database) -> tuple[int, datetime | None]:
    with db.engine.connect() as c:
        row = c.execute(
            text("SELECT vacuum_count, last_vacuum FROM pg_stat_user_tables WHERE relname = 'participant'")
        ).one()
    return int(row[0]), row[1]


def run(url: str, rounds: int, answering: int, workers: int, one_process: bool) -> None:
    upgrade(url)
    db = Database(url, ANSWER_KEY)
    slack = FakeSlack()
    t = time.perf_counter()
    first_deadline = datetime.now(UTC) + timedelta(days=1)  # moved to its real time once seeded
    closing, open_rounds = seed(db, slack, rounds, answering, first_deadline)
    bodies = bodies_for(open_rounds)
    print(
        f"seeded {len(closing)} closing rounds of {PER_ROUND} and {len(bodies)} people to answer "
        f"in {time.perf_counter() - t:.0f} s"
    )
    log = tempfile.NamedTemporaryFile(prefix="bench-deadline-", suffix=".log", delete=False)  # noqa: SIM115
    proc, port = harness.serve(slack, url, stderr=log, scheduler=one_process)
    scheduler = None if one_process else harness.worker(slack, url, stderr=log)
    shape = "one `serve` with its scheduler" if one_process else "`serve --no-scheduler` and a `worker`"
    print(f"processes: {shape}")
    try:
        deadline0 = datetime.now(UTC) + timedelta(seconds=LEAD_IN)
        with db.engine.begin() as c:  # the deadlines, now that the server is up: the first in LEAD_IN seconds
            c.execute(
                text("UPDATE round SET deadline = deadline - :shift WHERE id IN :ids").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"shift": first_deadline - deadline0, "ids": closing},
            )
        vacuums_before, _ = manual_vacuums(db)
        storm_start = time.monotonic() + LEAD_IN - 5
        storm_seconds = SPREAD + 20
        latencies, errors = harness.post_all(port, bodies, workers, storm_seconds, storm_start, refused)
        # Wait for every round to be closed and summarised, at most 2 minutes after the last deadline and more.
        give_up = time.monotonic() + 240
        while time.monotonic() < give_up:
            with db.engine.connect() as c:
                left = c.execute(
                    text("SELECT count(*) FROM round WHERE id IN :ids AND summarised_at IS NULL").bindparams(
                        bindparam("ids", expanding=True)
                    ),
                    {"ids": closing},
                ).scalar_one()
            if not left:
                break
            time.sleep(1)
        with db.engine.connect() as c:
            rows = c.execute(
                text("SELECT deadline, closed_at, summarised_at, status FROM round WHERE id IN :ids").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"ids": closing},
            ).all()
            stored = c.execute(
                text("SELECT count(*) FROM participant WHERE round_id IN :ids AND answered").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"ids": [r for r, _p in open_rounds]},
            ).scalar_one()
        vacuums_after, last_vacuum = manual_vacuums(db)
    finally:
        harness.stop(proc)
        if scheduler is not None:
            harness.stop(scheduler)
        slack.stop()
    closed = [r for r in rows if r.status == RoundStatus.CLOSED]
    summarised = [r for r in rows if r.summarised_at is not None]
    lags = sorted((r.summarised_at - r.deadline).total_seconds() for r in summarised)
    close_lags = sorted((r.closed_at - r.deadline).total_seconds() for r in closed)
    last_close = max((r.closed_at for r in closed), default=None)
    given_up = sum("older snapshot" in line for line in Path(log.name).read_text().splitlines())
    scrubs = vacuums_after - vacuums_before
    ack_p99 = sorted(latencies)[int(len(latencies) * 0.99) - 1] if latencies else float("nan")
    print(f"closed {len(closed)} of {len(rows)}, summarised {len(summarised)} of {len(rows)}")
    if lags:
        print(f"deadline → closed: median {close_lags[len(close_lags) // 2]:.1f} s, max {close_lags[-1]:.1f} s")
        print(f"deadline → summary out: median {lags[len(lags) // 2]:.1f} s, max {lags[-1]:.1f} s")
    print(
        f"answers: {len(latencies)} sent, {stored} stored, {len(errors)} errors"
        f"{'  e.g. ' + errors[0] if errors else ''}"
    )
    print(f"ack latency during the storm: {harness.latency_line(latencies)}")
    print(
        f"scrubs: {scrubs} for {len(closed)} closes; the last began after the last close: "
        f"{'yes' if last_vacuum and last_close and last_vacuum >= last_close else 'NO'}; "
        f"gave up waiting for older snapshots: {given_up}"
    )
    met = (
        len(summarised) == len(rows)
        and bool(lags)
        and lags[-1] <= 120
        and ack_p99 <= 0.300
        and given_up == 0
        and bool(last_vacuum and last_close and last_vacuum >= last_close)
    )
    print(f"targets (all summarised ≤ 2 min, ack p99 ≤ 300 ms, no scrub skipped): {'met' if met else 'MISSED'}")
    print(f"server log: {log.name}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--rounds", type=int, default=400)
    ap.add_argument("--answering", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=32)
    ap.add_argument("--one-process", action="store_true", help="one `serve` with its scheduler, no `worker`")
    args = ap.parse_args()
    with harness.postgres_database(args.pg, "bench_deadline") as url:
        if url is None:
            raise SystemExit("bench/deadline.py needs PostgreSQL (--pg)")
        run(url, args.rounds, args.answering, args.workers, args.one_process)


if __name__ == "__main__":
    main()

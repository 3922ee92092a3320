"""An organisation of 10,000 people in 400 units, from a generated CSV file to a campaign's results.

Steps, each timed: the import (`dialogue-bot org import`: parse, check, store as a difference), the campaign's
start (planning only: the leads' invitations are counted, not sent), a simulated answering (every unit's round
created, answered by 60–100 % of its members — a tenth of the units only 3 or 4 — and closed, as the bot does),
HR's progress view, and the results with small groups withheld (and the trend against an earlier campaign).
Printed: each step's seconds, the process's peak RSS, and the targets (import ≤ 10 s, results ≤ 2 s,
RSS ≤ 300 MB).

    python bench/campaign.py                 # SQLite
    python bench/campaign.py --url postgresql://postgres@127.0.0.1:5432/bench   # an empty PostgreSQL database
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import peak_rss_mb  # noqa: E402
from bot.entrypoints.demo import hold_campaign  # noqa: E402
from bot.services import campaign_results, campaigns, org  # noqa: E402
from doubles.driver import ANSWER_KEY  # noqa: E402
from flows import engine as fe  # noqa: E402
from flows.loader import load_flows  # noqa: E402
from storage import campaigns as campaign_store  # noqa: E402
from storage import people  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Campaign  # noqa: E402

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def org_csv(units: int, per_unit: int) -> tuple[bytes, list[str]]:
    """A university: one top unit, faculties under it, departments under those; `per_unit` people each."""
    faculties = 9
    names = ["University"] + [f"Faculty {f}" for f in range(faculties)]
    parents: dict[str, str] = {f"Faculty {f}": "University" for f in range(faculties)}
    for i in range(units - len(names)):
        name = f"Department {i:03d}"
        parents[name] = f"Faculty {i % faculties}"
        names.append(name)
    rows, emails = ["unit,parent,email,role"], []
    for name in names:
        for p in range(per_unit):
            email = f"{name.lower().replace(' ', '.')}.{p}@uni.example"
            rows.append(f"{name},{parents.get(name, '')},{email},{'lead' if p == 0 else 'member'}")
            emails.append(email)
    return ("\n".join(rows) + "\n").encode(), emails


def answer_campaign(db: Database, flows: dict[str, Any], campaign_id: int, rng: random.Random) -> int:
    """Every unit's round answered by 60–100 % of its 24 members (a tenth of the units: 3 or 4) and closed."""
    steps = flows["well_being"].rated_steps

    def answering(unit_id: int) -> dict[str, list[fe.Answer] | None]:
        members = [f"P{unit_id}_{i}" for i in range(24)]
        share = rng.choice([3, 4]) if rng.random() < 0.1 else int(len(members) * rng.uniform(0.6, 1.0))
        return {
            who: [fe.Answer(s.id, rng.randint(1, 5), None) for s in steps] if i < share else None
            for i, who in enumerate(members)
        }

    return hold_campaign(db, campaign_id, answering, NOW, date(2026, 3, 12))


def launch(db: Database, flows: dict[str, Any], starts: date) -> Campaign:
    """A Well-being campaign for the whole university, with its sub-units."""
    whole = campaigns.Launch("well_being", ["University"], True, starts, starts + timedelta(days=60))
    campaign = campaigns.start(db, flows, "UHR", whole, starts, NOW).campaign
    assert campaign is not None and campaign.id is not None
    return campaign


def run(url: str, units: int, per_unit: int) -> None:
    upgrade(url)
    db = Database(url, ANSWER_KEY)
    flows = load_flows()
    rng = random.Random(1)
    data, emails = org_csv(units, per_unit)
    people.save_many(  # the people directory, as users.list fills it
        db,
        [
            people.Profile(f"U{i:05d}", "en", "Europe/Copenhagen", False, True, NOW, email=e)
            for i, e in enumerate(emails)
        ],
    )
    figures: list[tuple[str, float, str]] = []

    t = time.perf_counter()
    changes = org.import_file(db, data, NOW, "bench", "org.csv")
    figures.append(("import", time.perf_counter() - t, f"{len(changes.new_units)} units, {changes.joined} people"))

    t = time.perf_counter()
    again = org.import_file(db, data, NOW, "bench", "org.csv")
    figures.append(("re-import, unchanged", time.perf_counter() - t, f"{again.joined} joined, {again.left} left"))

    earlier = launch(db, flows, date(2024, 3, 1))
    assert earlier.id is not None
    answer_campaign(db, flows, earlier.id, rng)

    t = time.perf_counter()
    campaign = launch(db, flows, date(2026, 3, 1))
    assert campaign.id is not None
    cid = campaign.id
    invitations = sum(1 for cu, _u in campaign_store.units_of(db, cid) if cu.holder_id)
    figures.append(("campaign start", time.perf_counter() - t, f"{invitations} lead invitations planned"))

    t = time.perf_counter()
    answered = answer_campaign(db, flows, cid, rng)
    figures.append(("answering (simulated)", time.perf_counter() - t, f"{answered} people answered"))

    t = time.perf_counter()
    progress = campaign_store.progress(db, cid, date(2026, 3, 20))
    figures.append(("progress", time.perf_counter() - t, f"{len(progress)} units"))

    t = time.perf_counter()
    results = campaign_results.compute(db, flows, campaign, 5)
    header, rows = campaign_results.table(results, "en")
    withheld = sum(1 for c in results.cells.values() if not c.released)
    figures.append(
        (
            "results",
            time.perf_counter() - t,
            f"{len(rows)} rows, {withheld} cells withheld, {len(results.previous)} trends",
        )
    )

    print(f"{units} units, {units * per_unit} people ({db.engine.dialect.name})")
    for name, seconds, what in figures:
        print(f"  {name:24s} {seconds:7.2f} s   {what}")
    rss = peak_rss_mb(os.getpid())
    imported = figures[0][1]
    result_s = figures[-1][1]
    print(f"  peak RSS {rss:.0f} MB")
    print(
        f"  targets: import ≤ 10 s ({'met' if imported <= 10 else 'MISSED'}), results ≤ 2 s "
        f"({'met' if result_s <= 2 else 'MISSED'}), RSS ≤ 300 MB ({'met' if rss <= 300 else 'MISSED'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--units", type=int, default=400)
    parser.add_argument("--per-unit", type=int, default=25)
    args = parser.parse_args()
    if args.url:
        run(args.url, args.units, args.per_unit)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{Path(tmp) / 'bench.db'}", args.units, args.per_unit)


if __name__ == "__main__":
    main()

"""The four ways issue 21 recovered a small unit's ratings, and HR inside a round — each now closed, checked on
the numbers themselves and by the adversary (tests/adversary.py) over everything released."""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.services import campaign_results
from bot.services.disclosure import HR_ROUND, ROUND_SUMMARY, round_summary
from bot.services.exports import export
from doubles.driver import ANSWER_KEY
from doubles.scenario import make_round
from flows import engine as fe
from flows.loader import load_flows
from flows.rollup import Cell
from storage import releases
from storage import rounds as round_store
from storage.db import Database
from tests.adversary import HR, Seen, Unit, World

FLOWS = load_flows()
NOW = datetime(2026, 5, 4, 9, tzinfo=UTC)


def world(db: Database, url: str, *units: Unit) -> World:
    w = World(db, url, NOW, {u.name: u for u in units}, answer_rate=1.0)
    w.start(random.Random(1))
    return w


def people(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


def cell(w: World, reader: str, node: str, hr: bool = True) -> Cell:
    """The node's workload cell as `reader` gets it; everything released kept for the adversary."""
    assert w.campaign is not None
    found = campaign_results.compute(w.db, FLOWS, w.campaign, 5, receiver=reader, hr=hr, now=NOW)
    for (_node, step), c in found.cells.items():
        if c.released and c.n:
            w.keep(Seen(reader, step, c.population, c.counts))
    return found.cells[(node, "workload")]


def test_a_leads_own_round_minus_the_roll_up_gives_nothing_away(sqlite_url: str, tmp_path: Path) -> None:
    db = Database(sqlite_url, ANSWER_KEY)
    w = world(
        db,
        sqlite_url,
        Unit("Dept", None, "UDEPT", [], people("UD", 5)),
        Unit("Team", "Dept", "UTEAM", [], people("UT", 4)),
    )
    w.close("Team")
    w.close("Dept")  # the Dept lead's own summary: Dept's 5 people
    for reader, hr in ((HR, True), ("UDEPT", False)):
        dept = cell(w, reader, "Dept", hr)
        # The roll-up would be Dept + Team; minus the lead's summary, Team's 4. It counts without Team instead.
        assert not dept.released or (dept.n == 5 and dept.left_out == 4)
    w.hr_round_page(w.rounds["Dept"])  # HR's round page shows the same 5
    w.export(tmp_path)
    assert not w.leaks()
    db.dispose()


def test_staggered_closes_do_not_let_a_later_round_be_subtracted(sqlite_url: str) -> None:
    db = Database(sqlite_url, ANSWER_KEY)
    w = world(
        db,
        sqlite_url,
        Unit("Faculty", None, "UFAC", [], []),
        Unit("T1", "Faculty", "UT1", [], people("UA", 6)),
        Unit("T2", "Faculty", "UT2", [], people("UB", 4)),
    )
    w.close("T1")
    first = cell(w, HR, "Faculty")
    assert first.released and first.n == 6
    w.close("T2")  # 4 people, days later
    second = cell(w, HR, "Faculty")
    assert not second.released or second.counts == first.counts  # never T1 + T2, whose difference is T2
    assert not w.leaks()
    db.dispose()


def test_a_reimport_moving_a_sub_unit_changes_nothing_about_a_running_campaign(sqlite_url: str) -> None:
    db = Database(sqlite_url, ANSWER_KEY)
    w = world(
        db,
        sqlite_url,
        Unit("Division", None, "UDIV", [], []),
        Unit("T1", "Division", "UT1", [], people("UA", 3)),
        Unit("T2", "Division", "UT2", [], people("UB", 4)),
        Unit("T3", "Division", "UT3", [], people("UC", 3)),
        Unit("Other", None, "UOTH", [], people("UO", 6)),
    )
    for name in ("T1", "T2", "T3", "Other"):
        w.close(name)
    before = cell(w, HR, "Division")
    assert before.released and before.n == 10
    w.units["T2"].parent = "Other"  # the organisation changes: T2 moves
    w.import_org()
    after = cell(w, HR, "Division")
    assert after.counts == before.counts  # the campaign's own tree, frozen when it started
    assert cell(w, HR, "Other").n == 6
    assert not w.leaks()
    db.dispose()


def test_the_answers_export_leaves_out_anonymous_rounds_still_open(sqlite_url: str, tmp_path: Path) -> None:
    db = Database(sqlite_url, ANSWER_KEY)
    members = people("UX", 7)
    rid = make_round(db, members, now=NOW)
    for u in members[:5]:
        round_store.save_response(db, rid, u, [fe.Answer("workload", 1 + len(u) % 5, None)], NOW)

    def rated() -> list[str]:
        path = tmp_path / "a.csv"
        export(db, FLOWS, 5, "answers", "csv", path, reader=HR, now=NOW)
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["round"] == str(rid)]
        assert rows
        return [r["rating"] for r in rows if r["rating"]]

    assert rated() == []  # five answers, still open: counts only
    round_store.save_response(db, rid, members[5], [fe.Answer("workload", 3, None)], NOW)
    assert rated() == []  # one more: still nothing that the difference could give away
    round_store.close_round(db, rid, NOW + timedelta(days=1))
    assert len(rated()) == 6  # closed: every rating, no name
    assert [r.surface for r in releases.of_reader(db, HR)] == ["answers_export"]
    db.dispose()


def test_hr_inside_a_round_does_not_see_the_other_four(sqlite_url: str) -> None:
    db = Database(sqlite_url, ANSWER_KEY)
    members = [HR, *people("UY", 4)]
    rid = make_round(db, members, now=NOW)  # led by UL
    for i, u in enumerate(members):
        round_store.save_response(db, rid, u, [fe.Answer("workload", 1 + i % 5, f"text {i}")], NOW)
    round_store.close_round(db, rid, NOW)
    rnd = round_store.get_round(db, rid)
    assert rnd is not None
    flow = FLOWS["well_being"]
    lead = round_summary(db, flow, rnd, 5, "UL", ROUND_SUMMARY, NOW)
    assert lead.shown and any(th.shown for th in lead.themes)  # the lead, not among them, sees the five
    hr = round_summary(db, flow, rnd, 5, HR, HR_ROUND, NOW)
    assert not hr.shown and not any(th.shown for th in hr.themes) and not hr.comments  # HR: four others
    assert hr.answered == 5  # participation stays visible
    db.dispose()

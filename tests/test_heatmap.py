"""The heatmap's scale and rows (bot.web.heatmap), progress as the tree (bot.progress_tree) and HR's home's
figures (bot.attention), below the browser: on the demo's organisation in a real SQLite file."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.core.runtime import Runtime
from bot.entrypoints.demo import seed
from bot.services import attention, progress_tree
from bot.services.campaign_results import Node, Results
from bot.web import heatmap
from flows.loader import load_flows
from flows.rollup import ROOT, Cell
from storage.models import Campaign

STEPS = ["workload", "influence", "meaning", "predictability", "social_support", "recognition", "collaboration"]


def test_every_colour_of_the_scale_reaches_aa_contrast_with_its_text() -> None:
    for _low, background, text in heatmap.BANDS:
        assert heatmap.contrast(background, text) >= 4.5, background
    assert heatmap.contrast(*heatmap.NO_REFERENCE) >= 4.5
    assert round(heatmap.contrast("#ffffff", "#000000"), 1) == 21.0


def test_a_difference_falls_in_its_band_and_the_middle_band_is_neutral() -> None:
    middle = len(heatmap.BANDS) // 2
    assert heatmap.band(0.0) == middle and heatmap.band(0.09) == middle and heatmap.band(-0.1) == middle
    assert heatmap.band(-0.11) == middle - 1 and heatmap.band(0.1) == middle + 1
    assert heatmap.band(-3.0) == 0 and heatmap.band(3.0) == len(heatmap.BANDS) - 1
    assert [low is None for _bg, _fg, low, _high in heatmap.legend()] == [True] + [False] * (len(heatmap.BANDS) - 1)


def results(
    cells: dict[tuple[str, str], Cell], nodes: list[Node], previous: dict[tuple[str, str], float] | None = None
) -> Results:
    flow = load_flows()["well_being"]
    campaign = Campaign(
        id=1, flow_id="well_being", starts_on=date(2026, 1, 1), ends_on=date(2026, 2, 1), created_by="UHR"
    )
    return Results(campaign, flow, 5, ["workload"], nodes, cells, previous or {})


def test_rows_drop_the_whole_when_it_repeats_the_single_top_unit_and_sort_by_a_theme() -> None:
    same = Cell((0, 2, 4, 4, 0), True)
    nodes = [Node(ROOT, None, 0), Node("Uni", None, 1), Node("A", "Uni", 2), Node("B", "Uni", 2), Node("C", "Uni", 2)]
    cells = {
        (ROOT, "workload"): same,
        ("Uni", "workload"): same,
        ("A", "workload"): Cell((0, 0, 2, 4, 0), True),  # 3.67: above the whole (3.2)
        ("B", "workload"): Cell((0, 2, 2, 0, 0), True),  # 2.5: below
        ("C", "workload"): Cell((1, 1, 0, 0, 0), False),  # withheld
    }
    found = heatmap.rows(results(cells, nodes, {("A", "workload"): 3.0}), heatmap.ORG, {"A": 7})
    assert [r.node.name for r in found] == ["Uni", "A", "B", "C"]
    a, b, c = found[1].cells[0], found[2].cells[0], found[3].cells[0]
    assert a.difference is not None and a.difference > 0.3 and a.background == heatmap.BANDS[-2][1]
    assert b.difference is not None and b.difference < -0.5 and b.background == heatmap.BANDS[0][1]
    assert a.arrow == "↑" and b.arrow == "" and c.state == "withheld" and found[1].unit_id == 7
    by_previous = heatmap.rows(results(cells, nodes, {("A", "workload"): 3.0}), heatmap.PREVIOUS, {})
    assert by_previous[2].cells[0].difference is None and by_previous[2].cells[0].background == "#ffffff"
    ordered = heatmap.rows(results(cells, nodes), heatmap.ORG, {}, sort="workload")
    assert [r.node.name for r in ordered] == ["B", "Uni", "A", "C"]  # weakest first, withheld last
    cells[(ROOT, "workload")] = Cell((0, 2, 4, 5, 0), True)  # the whole holds more than its top unit
    assert heatmap.rows(results(cells, nodes), heatmap.ORG, {})[0].node.name == ROOT


def test_progress_is_the_tree_with_roll_ups_and_groups_without_stage(runtime: Runtime) -> None:
    now = datetime.now(UTC)
    seed(runtime.db, STEPS, now)
    levels = {lv.name: lv for lv in progress_tree.tree(runtime.db, 3, now.date())}
    assert [lv.name for lv in progress_tree.tree(runtime.db, 3, now.date())][:3] == [
        "University",
        "Faculty of Arts",
        "History",
    ]
    uni, science, physics = levels["University"], levels["Faculty of Science"], levels["Physics"]
    assert uni.group and science.group and not physics.group and not uni.not_started
    assert (physics.answered, physics.invited, physics.own.stage) == (6, 8, "answering")
    assert (science.answered, science.invited, science.started, science.units) == (6, 8, 1, 3)
    assert (uni.answered, uni.invited, uni.started, uni.units) == (17, 23, 3, 5)
    assert progress_tree.totals(list(levels.values())) == (17, 23, 3, 5)
    assert {lv.name for lv in levels.values() if lv.not_started} == {"Biology", "Chemistry"}

    needs = attention.gather(runtime.db, runtime.flows, 5, now.date(), now, None)
    assert [(r.campaign.id, r.answered, r.invited) for r in needs.running] == [(3, 17, 23)]
    assert needs.latest is not None and needs.latest.campaign.id == 2  # the leadership one has no results yet
    assert len(needs.weakest) == 3 and needs.weakest == sorted(needs.weakest, key=lambda x: x[1])
    assert needs.changes and abs(needs.changes[0].change) >= abs(needs.changes[-1].change)
    assert [left for _w, left in needs.workshops] == [0] and needs.new_experiences == 4
    assert attention.gather(runtime.db, runtime.flows, 5, now.date(), now, date(2099, 1, 1)).new_experiences == 0


def test_the_directory_keeps_the_names_slack_shows_and_the_pages_use_them(runtime: Runtime) -> None:
    from bot.services import directory, unit_report

    directory.update(
        runtime,
        [
            {"id": "UX1", "profile": {"display_name": "Kim K", "real_name": "Kim Kristensen", "email": "k@x.example"}},
            {"id": "UX2", "real_name": "Lars L", "profile": {"display_name": "", "email": "l@x.example"}},
            {"id": "UX3", "profile": {"email": "m@x.example"}},
        ],
    )
    names = unit_report.names_of(runtime.db, ["UX1", "UX2", "UX3", "UX4"])
    assert names == {"UX1": "Kim K", "UX2": "Lars L", "UX3": "m@x.example", "UX4": "UX4"}
    directory.update(runtime, [{"id": "UX1", "profile": {"display_name": "Kim", "email": "k@x.example"}}])
    assert unit_report.names_of(runtime.db, ["UX1"]) == {"UX1": "Kim"}  # a changed name is stored again


def test_a_lead_opens_the_unit_pages_of_their_roll_ups_only(runtime: Runtime) -> None:
    from bot.services import unit_report
    from bot.web.dashboard import create_dashboard
    from bot.web.signin import Person

    seed(runtime.db, STEPS, datetime.now(UTC))
    ids = unit_report.unit_ids(runtime.db, 2)
    dean = Person(email="lead.faculty-of-science@demo.example", name="Dean", user_id="ULEAD01", hr=False, lead=True)
    client = create_dashboard(runtime, demo=dean).test_client()
    page = client.get(f"/hr/campaigns/2/units/{ids['Faculty of Science']}")
    assert page.status_code == 200 and "<svg" in page.get_data(as_text=True)
    shown = page.get_data(as_text=True)
    assert "Participation" not in shown and "Progress" not in shown  # HR's
    for other in ("Physics", "Faculty of Arts", "History"):
        assert client.get(f"/hr/campaigns/2/units/{ids[other]}").status_code == 404, other
    results = client.get("/hr/campaigns/2/results?sort=workload&ref=previous").get_data(as_text=True)
    assert "Faculty of Science" in results and "Physics" not in results and "Participation" not in results


def test_the_kept_results_page_shows_participation_as_it_is_now(runtime: Runtime) -> None:
    """A running campaign's participation changes without any round closing: the page kept in memory follows."""
    from bot.services import unit_report
    from bot.web.dashboard import create_dashboard
    from bot.web.signin import Person
    from flows import engine as fe
    from storage import campaigns as campaign_store
    from storage import rounds as round_store

    now = datetime.now(UTC)
    seed(runtime.db, STEPS, now)
    hr = Person(email="hr@demo.example", name="HR", user_id="UDEMOHR", hr=True, lead=False)
    client = create_dashboard(runtime, demo=hr).test_client()
    physics = unit_report.unit_ids(runtime.db, 3)["Physics"]
    assert "6 / 8" in client.get("/hr/campaigns/3/results").get_data(as_text=True).split("Physics")[1][:400]
    rnd = campaign_store.rounds_of(runtime.db, 3)[physics]
    assert rnd.id is not None
    answers = [fe.Answer(s.id, 4, None) for s in runtime.flows["leadership"].rated_steps]
    assert round_store.save_response(runtime.db, rnd.id, f"L{physics}-6", answers, now) == "stored"
    again = client.get("/hr/campaigns/3/results").get_data(as_text=True).split("Physics")[1][:400]
    assert "7 / 8" in again and "88%" in again

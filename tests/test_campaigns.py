"""Campaigns in-process and from the command line: progress by stage, the trend against the previous campaign
(for HR and for the lead), results and progress as files, what HR heard on visits, and charts on their scale."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.core.runtime import Runtime
from bot.entrypoints.demo import hold_campaign
from bot.outbound.chart import BAR, LEFT, ROW, STRIP, TOP, distribution_png
from bot.services import campaign_results, campaigns, org, summaries
from doubles.driver import ANSWER_KEY
from flows import engine as fe
from storage import actions, audit, people, units
from storage import campaigns as campaign_store
from storage import rounds as round_store
from storage.campaigns import Stage
from storage.db import Database
from storage.status import MeetingMode, UnitRole
from tests.test_cli import run_cli

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
ORG = (
    "unit,parent,email,role\n"
    "Library,,lib@x.example,lead\n"
    "Loans,Library,loans@x.example,lead\n"
    "=Archive,Library,archive@x.example,lead\n"
    "Loans,Library,a@x.example,member\n"
)


def _profiles(db: Database, emails: dict[str, str]) -> None:
    people.save_many(
        db, [people.Profile(u, "en", "Europe/Copenhagen", False, True, NOW, email=e) for u, e in emails.items()]
    )


def _setup(db: Database) -> None:
    _profiles(db, {"ULIB": "lib@x.example", "ULOANS": "loans@x.example", "UARCH": "archive@x.example"})
    org.import_file(db, ORG.encode(), NOW, "cli", "org.csv")


def _campaign(db: Database, flows, starts: date, ratings: dict[str, int], n: int, wording: str = "well_being") -> int:  # type: ignore[no-untyped-def]
    """A campaign whose every unit held a closed round in which `n` people rated each theme as `ratings`."""
    launch = campaigns.Launch(wording, ["Library"], True, starts, starts + timedelta(days=30))
    started = campaigns.start(db, flows, "UHR", launch, starts, NOW)
    assert started.campaign is not None and started.campaign.id is not None
    cid = started.campaign.id
    answers = [fe.Answer(step, value) for step, value in ratings.items()]
    hold_campaign(db, cid, lambda unit: {f"P{unit}_{i}": answers for i in range(n)}, NOW, starts + timedelta(days=10))
    return cid


def test_progress_stages_and_the_trend_against_the_previous_campaign(runtime: Runtime) -> None:
    db, flows = runtime.db, runtime.flows
    _setup(db)
    old = _campaign(db, flows, date(2024, 3, 1), {"workload": 2, "influence": 3}, 6)
    new = _campaign(db, flows, date(2026, 3, 1), {"workload": 4, "influence": 3}, 6)
    rows = {p.unit: p for p in campaign_store.progress(db, new, date(2026, 3, 5))}
    assert {p.stage for p in rows.values()} == {Stage.SUMMARISED}
    assert (rows["Loans"].answered, rows["Loans"].invited) == (6, 6)
    later = {p.unit: p.stage for p in campaign_store.progress(db, new, date(2026, 3, 20))}
    assert later["Loans"] == Stage.SUMMARISED  # the planned meeting day has passed: that says nothing was held
    loans_round = rows["Loans"].round_id
    assert loans_round is not None
    # Held with the bot: the stage says so, and HR learns when, how many took part — nothing else.
    from storage import meetings

    held = meetings.create(
        db, round_id=loans_round, lead_id="UL", facilitator_id=None, mode=MeetingMode.LIVE, channel_id="CM",
        locale="en", steps=["workload"], members=["UL"], minutes=10, votes=3, review_round_id=None, schedule=None,
        now=NOW,
    )  # fmt: skip
    assert held is not None and held.id is not None
    topic = meetings.topics(db, held.id)[0]
    assert meetings.add_contribution(db, held.id, topic.id or 0, "UL", "a thought", named=False) is not None
    assert meetings.end(db, held.id, datetime(2026, 3, 12, 10, tzinfo=UTC))
    loans_now = {p.unit: p for p in campaign_store.progress(db, new, date(2026, 3, 20))}["Loans"]
    assert loans_now.stage == Stage.MEETING_HELD
    assert loans_now.meeting == campaign_store.Held(date(2026, 3, 12), 1, 0)
    actions.record(
        db,
        loans_round,
        [{"position": 1, "what": "Fewer meetings", "who": "all", "due": None}],
        None,
        date(2026, 3, 12),
        NOW + timedelta(days=40),
    )
    assert {p.unit: p.stage for p in campaign_store.progress(db, new, date(2026, 3, 20))}["Loans"] == Stage.ACTIONS

    campaign = campaign_store.get(db, new)
    assert campaign is not None
    results = campaign_results.compute(db, flows, campaign, 5)
    assert results.cells[("Loans", "workload")].mean == 4.0
    assert results.previous[("Loans", "workload")] == 2.0  # the same unit, the campaign before
    assert results.previous[("", "influence")] == 3.0
    # The lead's summary shows the same trend for their unit.
    loans = round_store.get_round(db, loans_round)
    assert loans is not None
    assert summaries.previous_means(runtime, loans)["workload"] == 2.0
    assert old < new


def test_results_and_progress_as_files_from_the_command_line(tmp_path: Path, sqlite_url: str) -> None:
    from flows.loader import load_flows

    db = Database(sqlite_url, ANSWER_KEY)
    _setup(db)
    cid = _campaign(db, load_flows(), date(2026, 3, 1), {"workload": 4}, 3)  # 3 per unit: below the threshold
    env = {"DATABASE_URL": sqlite_url, "ANSWER_KEY": "k" * 32, "ANONYMITY_THRESHOLD": "5"}
    r = run_cli("campaign", "results", str(cid), env=env)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    workload = {row["Unit"]: row for row in rows if row["Theme id"] == "workload"}
    assert workload["'=Archive"]["Note"].startswith("Withheld")  # formula disarmed, small group withheld
    assert workload["'=Archive"]["Mean"] == "" and workload["Loans"]["Mean"] == ""
    assert workload["All units"]["Mean"] == "4.0" and workload["All units"]["Ratings"] == "9"  # 3 units × 3
    assert workload["Library"]["Mean"] == "4.0"  # Library = All units: no difference to take
    assert workload["Library"]["Theme"] == "Workload" and "Rated 4" in rows[0]
    danish = run_cli("--lang", "da", "campaign", "results", str(cid), env=env)
    assert danish.stdout.lstrip("\ufeff").startswith("Kampagne,Enhed,Del af,Niveau,Tema-id,Tema,Vurderinger,")
    assert "Alle enheder" in danish.stdout and "Tilbageholdt" in danish.stdout
    out = tmp_path / "progress.xlsx"
    r = run_cli("campaign", "status", str(cid), "--format", "xlsx", "--out", str(out), env=env)
    assert r.returncode == 0, r.stderr
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Campaign", "Unit", "Stage", "Answered", "Invited", "Participation (%)"]
    assert sorted(v[1] for v in values[1:]) == ["'=Archive", "Library", "Loans"]
    assert {v[2] for v in values[1:]} == {"summarised"}  # March's planned meetings passed: not held, as far as we know
    assert {v[5] for v in values[1:]} == {100}  # 3 of 3 answered in each unit
    assert [e.action for e in audit.entries(db)][-2:] == ["campaign:results", "campaign:status"]
    missing = run_cli("campaign", "results", "99", env=env)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert f"There is no campaign 99. The campaigns: {cid} (Well-being Dialogue, 2026-03-01–2026-03-31)." in (
        missing.stderr
    )


def test_cli_start_checks_its_choice_and_names_units_without_a_lead(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    _setup(db)
    env = {"DATABASE_URL": sqlite_url}
    r = run_cli(
        "campaign",
        "start",
        "--flow",
        "well_being",
        "--units",
        "Library,Nowhere",
        "--from",
        "2026-03-01",
        "--until",
        "2099-03-31",
        env=env,
    )
    assert r.returncode == 1 and "--units: there is no unit “Nowhere”." in r.stderr
    r = run_cli(
        "campaign",
        "start",
        "--flow",
        "well_being",
        "--units",
        "Library",
        "--subtree",
        "--from",
        "2026-03-01",
        "--until",
        "2099-03-31",
        "--message",
        "Welcome",
        env=env,
    )
    assert r.returncode == 0, r.stderr
    assert "Campaign 1 started for 3 units" in r.stdout
    assert r.stderr == ""  # every lead is in Slack: nothing to warn about
    units.apply(db, [units.Source("Solo", None, {"nobody@x.example": UnitRole.LEAD})])
    solo = ("campaign", "start", "--flow", "well_being", "--units", "Solo", "--from", "2026-03-01")
    r = run_cli(*solo, "--until", "2099-03-31", env=env)
    assert r.returncode == 1, r.stderr
    assert "The invitation cannot reach the lead of 1 unit:" in r.stderr
    assert "  Solo: no Slack account has the e-mail nobody@x.example." in r.stderr
    assert "Nothing was started" in r.stderr and len(campaign_store.all_campaigns(db)) == 1
    r = run_cli(*solo, "--until", "2099-03-31", "--yes", env=env)
    assert r.returncode == 0 and "Campaign 2 started for 1 unit;" in r.stdout
    assert "  Solo: no Slack account has the e-mail nobody@x.example." in r.stderr  # still said


def test_visits_are_imported_all_or_nothing_and_exported_with_their_source(tmp_path: Path, sqlite_url: str) -> None:
    env = {"DATABASE_URL": sqlite_url}
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "forum,date,dialogue,worked,different\nHealth and safety committee,2026-13-01,well_being,Fine,\n"
        "LLC,2026-03-01,lunch,,\n"
    )
    r = run_cli("experiences", "import", str(bad), env=env)
    assert r.returncode == 1 and "nothing was stored" in r.stderr
    assert "line 2: '2026-13-01' is not a date" in r.stderr
    assert "line 3: dialogue 'lunch' is not one of" in r.stderr and "line 3: neither what worked" in r.stderr
    good = tmp_path / "visits.csv"
    good.write_text(
        "\ufeffforum,date,dialogue,worked,different,notes\n"
        'Local liaison committee,2026-03-01,well_being,Talking first alone,=HYPERLINK("x")\n'
    )
    r = run_cli("experiences", "import", str(good), env=env)
    assert r.returncode == 0 and "1 experience from visits stored." in r.stdout
    r = run_cli("export", "experiences", env=env)
    human = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(h["Dialogue"], h["Source"], h["What worked"]) for h in human] == [
        ("Well-being Dialogue", "a visit", "Talking first alone")
    ]
    r = run_cli("export", "experiences", "--raw", env=env)
    rows = list(csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    assert rows == [
        {
            "shared_on": "2026-03-01",
            "dialogue": "well_being",
            "what worked": "Talking first alone",
            "what should be different": '\'=HYPERLINK("x")',
            "rating": "",
            "name": "",
            "source": "visit",
            "forum": "Local liaison committee",
        }
    ]


@pytest.mark.parametrize("value", [1, 5])
def test_the_chart_puts_a_mean_on_the_ratings_own_scale(value: int) -> None:
    """All ratings `value`: the mark sits at that end of the 1–5 strip (a 0-based axis would put a 1 a fifth in)."""
    png = distribution_png("t", [("Workload", tuple(8 if v == value else 0 for v in range(1, 6)), "Ø 1")], 5)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    y = TOP + ROW // 2
    strip_left = LEFT + BAR + 60
    dark = [x for x in range(strip_left - 10, strip_left + STRIP + 10) if sum(img.getpixel((x, y))) < 150]  # type: ignore[arg-type]
    centre = (min(dark) + max(dark)) / 2
    expected = strip_left + STRIP * (value - 1) / 4
    assert abs(centre - expected) <= 2, (centre, expected)


def test_a_person_a_database_still_lists_in_a_unit_and_its_sub_unit_is_in_one_campaign_round(runtime: Runtime) -> None:
    """Organisation files refuse one person in two units now; a database from before may still hold one. They
    belong to the round of the most specific unit only, so that the roll-up above counts them once — and the
    other unit's lead cannot add them."""
    db = runtime.db
    _profiles(db, {"ULIB": "lib@x.example", "ULOANS": "loans@x.example", "UA": "a@x.example", "UB": "b@x.example"})
    units.apply(  # stored directly, as an import before the check did
        db,
        [
            units.Source(
                "Library",
                None,
                {"lib@x.example": UnitRole.LEAD, "a@x.example": UnitRole.MEMBER, "b@x.example": UnitRole.MEMBER},
            ),
            units.Source("Loans", "Library", {"loans@x.example": UnitRole.LEAD, "a@x.example": UnitRole.MEMBER}),
        ],
    )
    launch = campaigns.Launch("well_being", ["Library"], True, NOW.date(), NOW.date() + timedelta(days=30))
    started = campaigns.start(db, runtime.flows, "UHR", launch, NOW.date(), NOW)
    assert started.campaign is not None and started.campaign.id is not None
    cid = started.campaign.id
    ids = {u.name: u.id for u in units.all_units(db)}
    library_id, loans_id = ids["Library"], ids["Loans"]
    assert library_id is not None and loans_id is not None
    library, loans = campaigns.round_people(db, cid, library_id), campaigns.round_people(db, cid, loans_id)
    assert library == {"ULIB", "UB"} and loans == {"ULOANS", "UA"} and not library & loans
    assert campaigns.outsiders(db, cid, library_id, ["UB", "UA"]) == ["UA"]
    assert campaigns.outsiders(db, cid, loans_id, ["UA"]) == []
    assert campaigns.round_people(db, cid + 1, loans_id) == set()  # not a unit of that campaign

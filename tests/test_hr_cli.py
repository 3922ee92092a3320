"""HR's command line as a new HR person meets it: every command on a fresh SQLite file and a CSV as Danish Excel
saves it, with no traceback; suggestions for a mistyped name; campaign start refusing while leads cannot be
reached; the people directory filled from (the fake) Slack; flows diff in words; the results workbook."""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.core.i18n import t
from bot.core.runtime import Runtime
from bot.services import campaign_results, readable
from bot.services.flow_diff import describe_changes
from bot.services.results_workbook import write
from bot.services.suggestions import closest
from doubles.driver import ANSWER_KEY, SECRET
from doubles.fake_slack import TOKEN, FakeSlack
from flows.loader import BUILTIN_DIR, load_flow, load_flows
from storage import campaigns as campaign_store
from storage.db import Database
from storage.status import UnitRole
from tests.test_campaigns import _campaign, _setup
from tests.test_cli import run_cli as _run_cli

# As Danish Excel saves "CSV (semikolonsepareret)": a BOM, semicolons, CRLF, Danish letters.
DANISH_ORG = (
    "\ufeffunit;parent;email;role;titel\r\n"
    "Universitetet;;rektor@uni.example;lead;Rektor\r\n"
    "Faculty of Health;Universitetet;dekan@uni.example;lead;Dekan\r\n"
    "Faculty of Health;Universitetet;søren@uni.example;member;\r\n"
    "Sygepleje;Faculty of Health;leder@uni.example;lead;\r\n"
    "Sygepleje;Faculty of Health;ida@uni.example;member;\r\n"
    "Sygepleje;Faculty of Health;bo@uni.example;member;\r\n"
)
VISITS = "forum;date;dialogue;worked;different\r\nSamarbejdsudvalget;2026-03-01;well_being;At tale først;Mere tid\r\n"


def run_cli(*args: str, env: dict[str, str]):  # type: ignore[no-untyped-def]
    """The real command in a subprocess; generous time: the CI machine may be busy with other tests."""
    return _run_cli(*args, env=env, timeout=300)


def _ok(r, code: int = 0) -> str:  # type: ignore[no-untyped-def]
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout, r.stderr
    assert r.returncode == code, (r.args, r.returncode, r.stdout, r.stderr)
    return str(r.stdout)


def test_every_hr_command_on_a_fresh_sqlite_file_and_a_danish_excel_csv(tmp_path: Path, slack: FakeSlack) -> None:
    db_file = tmp_path / "fresh.db"
    env = {"DATABASE_URL": f"sqlite:///{db_file}", "ANSWER_KEY": "k" * 32, "TIMEZONE": "Europe/Copenhagen"}
    org_file = tmp_path / "organisation.csv"
    org_file.write_bytes(DANISH_ORG.encode("utf-8"))
    assert not db_file.exists()

    imported = _ok(run_cli("org", "import", str(org_file), env=env))
    assert "Units: 3 new" in imported and "People: 6 joined" in imported
    assert "Nobody is in the people directory yet" in imported  # and what to do about it
    shown = _ok(run_cli("--lang", "da", "org", "show", env=env))
    assert "Faculty of Health  (2 personer, 0 i Slack)" in shown and "Sygepleje  (3 personer, 0 i Slack)" in shown
    assert "    leder: dekan@uni.example (ikke i Slack)" in shown.splitlines()

    start = ("campaign", "start", "--flow", "well_being", "--units", "Faculty of Health", "--subtree")
    period = ("--from", date.today().isoformat(), "--until", (date.today() + timedelta(days=30)).isoformat())
    refused = run_cli(*start, *period, env=env)
    _ok(refused, 1)
    assert "The invitation cannot reach the lead of 2 units:" in refused.stderr
    assert "  Faculty of Health: dekan@uni.example cannot be looked up: nobody is in the people directory" in (
        refused.stderr
    )
    assert "Nothing was started" in refused.stderr

    slack.user("UDEKAN", email="dekan@uni.example", real_name="Dorte Dekan")
    slack.user("ULEDER", email="leder@uni.example", real_name="Lars Leder")
    slack.user("UIDA", email="ida@uni.example")
    slack_env = {**env, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.url}
    synced = _ok(run_cli("directory", "sync", env=slack_env))
    assert "Slack lists 3 people." in synced
    assert "3 of the organisation's 6 people found in Slack by e-mail." in synced
    assert "3 people not found:" in synced and "  rektor@uni.example" in synced
    assert [m for m, _args in slack.calls] == ["auth.test", "users.list"]  # one page; the bot never started
    shown = _ok(run_cli("org", "show", env=env))
    assert "    lead: Dorte Dekan <dekan@uni.example>" in shown.splitlines()
    assert "Sygepleje  (3 people, 2 in Slack)" in shown

    started = _ok(run_cli(*start, *period, "--message", "Velkommen", env=env))
    assert "Campaign 1 started for 2 units;" in started
    status = _ok(run_cli("campaign", "status", env=env))
    assert list(csv.reader(io.StringIO(status)))[1] == ["1", "Faculty of Health", "not started", "0", "0", ""]

    visits = tmp_path / "besøg.csv"
    visits.write_bytes(VISITS.encode("cp1252"))  # plain "CSV" from Danish Excel: Windows-1252
    assert "1 experience from visits stored." in _ok(run_cli("experiences", "import", str(visits), env=env))

    out = tmp_path / "files"
    out.mkdir()
    commands = [
        ("campaign", "results", "1"),
        ("campaign", "results", "1", "--format", "xlsx", "--out", str(out / "results.xlsx")),
        ("campaign", "status", "1", "--format", "xlsx", "--out", str(out / "status.xlsx")),
        *[("export", what) for what in ("answers", "experiences", "actions", "workshops", "audit")],
        ("export", "audit", "--format", "xlsx", "--out", str(out / "audit.xlsx")),
        ("flows", "check"),
        ("flows", "diff", "well_being", str(BUILTIN_DIR / "well_being.yaml")),
        ("retention",),
        ("erase", "--user", "UIDA"),
    ]
    with ThreadPoolExecutor(2) as pool:  # independent of each other: at once, to keep the suite fast
        done = list(pool.map(lambda args: run_cli(*args, env=env), commands))
    for r in done:
        _ok(r)
    audit = list(csv.reader(io.StringIO(done[7].stdout)))
    assert audit[0] == ["When", "Who", "Action", "Detail", "Rows", "Allowed"]
    assert ("the command line", "Campaign started") in [(row[1], row[2]) for row in audit[1:]]
    assert "No differences." in done[10].stdout
    assert load_workbook(out / "results.xlsx").sheetnames == ["Heatmap", "Distributions"]


def _start(*args: str) -> tuple[str, ...]:
    return ("campaign", "start", *args, "--from", "2026-03-01", "--until", "2099-03-31")


def test_mistakes_get_a_sentence_the_choices_and_the_closest_name(tmp_path: Path, sqlite_url: str) -> None:
    db = Database(sqlite_url)
    _setup(db)
    env = {"DATABASE_URL": sqlite_url}
    r = run_cli(*_start("--flow", "wellbeing", "--units", "Libary"), env=env)
    _ok(r, 1)
    assert (
        "--flow: “wellbeing” is not one of them. Did you mean well_being (Well-being Dialogue)? Choose one of: "
        "leadership (Leadership Dialogue), well_being (Well-being Dialogue)." in r.stderr
    )
    assert "--units: there is no unit “Libary”. Did you mean Library?" in r.stderr
    assert "Choose one of: =Archive, Library, Loans." in r.stderr  # few units: all of them listed
    r = run_cli("--lang", "da", *_start("--flow", "well_being", "--units", "lOANS"), env=env)
    _ok(r, 1)
    assert "--units: der er ingen enhed “lOANS”. Mente du Loans?" in r.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("enhed;forælder;email\nA;;a@x.example\n", encoding="utf-8")
    r = run_cli("org", "import", str(bad), env=env)
    _ok(r, 1)
    assert "nothing was changed" in r.stderr and "it has 'enhed', 'forælder', 'email'" in r.stderr
    for args, code, said in (
        (("campaign", "status", "42"), 1, "There is no campaign 42"),
        (("campaign", "results", "1", "--format", "xlsx"), 2, "needs a file name: add --out FILE.xlsx"),
        (("flows", "diff", "wellbeing@1", "well_being"), 1, "Did you mean well_being (Well-being Dialogue)?"),
        (("org", "import", str(tmp_path / "missing.csv")), 2, "does not exist"),
        (("export", "audit", "--out", str(tmp_path / "no" / "such" / "dir.csv")), 1, "No such file or directory"),
    ):
        r = run_cli(*args, env=env)
        _ok(r, code)
        assert said in r.stderr, (args, r.stderr)
    fresh = tmp_path / "nothing-here.db"
    r = run_cli("campaign", "status", env={"DATABASE_URL": f"sqlite:///{fresh}"})
    _ok(r, 1)
    assert "There is no campaign yet" in r.stderr  # the fresh file was migrated, not a "no such table"


def test_the_closest_name_ignores_case_and_separators_and_suggests_nothing_far() -> None:
    units = ["Faculty of Health", "Faculty of Humanities", "Library"]
    assert closest("Faculty of Helth", units) == "Faculty of Health"
    assert closest("faculty-of-humanities", units) == "Faculty of Humanities"
    assert closest("wellbeing", ["well_being", "leadership"]) == "well_being"
    assert closest("Physics", units) is None and closest("", units) is None


def test_plurals_and_words_in_both_languages() -> None:
    assert t("org.n_people", "en", count=1) == "1 person" and t("org.n_people", "en", count=2) == "2 people"
    assert t("org.n_people", "da", count=1) == "1 person" and t("org.n_people", "da", count=1500) == "1.500 personer"
    assert t("cli.campaign.started", "en", count=1, id=3).startswith("Campaign 3 started for 1 unit;")
    assert readable.action("campaign:start", "da") == "Kampagne startet"
    assert readable.action("export.audit", "en") == "Export: Audit log"
    assert readable.action("web:results", "en") == "Dashboard: results"
    assert readable.action("something:new", "en") == "something:new"  # unknown: as it is, never lost
    assert readable.stage("not_started", "da") == "ikke startet"
    reader = readable.Reader("da", ZoneInfo("Europe/Copenhagen"), flows=load_flows())
    columns: list[object] = ["round", "dialogue", "deadline", "anonymous", "theme_id", "theme", "rating"]
    row = [7, "Well-being Dialogue", "2027-01-10T09:00:00+00:00", "yes", "workload", "Workload", 4]
    assert list(readable.rows(columns, [row], reader)) == [
        [7, "Trivselsdialog", "2027-01-10 10:00", "ja", "workload", "Arbejdsmængde", 4]
    ]
    assert readable.header(["theme_id", "rated_3", "previous_mean", "what worked"], "en") == [
        "Theme id",
        "Rated 3",
        "Previous mean",
        "What worked",
    ]


def test_flows_diff_in_words_warns_when_a_scale_or_a_kind_changes(tmp_path: Path) -> None:
    import yaml

    old = load_flow(BUILTIN_DIR / "well_being.yaml")
    first, second = old.steps[0], old.steps[1]
    assert first.rating is not None and second.rating is not None and second.reflect is not None
    # The first step's scale from 1–5 to 1–7; the second step loses its rating (a reflection only).
    steps = [
        first.model_copy(update={"rating": first.rating.model_copy(update={"scale": 7})}),
        second.model_copy(update={"rating": None}),
        *old.steps[2:],
    ]
    new = old.model_copy(update={"version": 2, "steps": steps})
    changed = tmp_path / "well_being.yaml"
    changed.write_text(
        yaml.safe_dump(new.model_dump(mode="json", exclude_defaults=True), allow_unicode=True), encoding="utf-8"
    )
    assert load_flow(changed) == new
    lines, warnings = describe_changes(old, new, "en")
    assert lines[0] == "Well-being Dialogue (well_being): version 1 → version 2"
    assert f"~ Step 1 “{first.theme.en}” ({first.id}) changes:" in lines
    assert "    Rating scale: 1 to 5 → 1 to 7" in lines
    assert f"~ Step 2 “{second.theme.en}” ({second.id}) changes:" in lines
    assert warnings == [
        f"Warning: Step 1 “{first.theme.en}” ({first.id}) changes its rating scale from 1–5 to 1–7. Its results "
        "cannot be compared with rounds on the old scale: trends leave this step out.",
        f"Warning: Step 2 “{second.theme.en}” ({second.id}) changes what it asks for, from a rating from 1 to 5 "
        "and a reflection to a reflection (no rating). Its results cannot be compared with earlier rounds: "
        "trends leave this step out.",
    ]
    da_lines, da_warnings = describe_changes(old, new, "da")
    assert "    Vurderingsskala: 1 til 5 → 1 til 7" in da_lines and da_warnings[0].startswith("Advarsel: Trin 1")
    r = run_cli("flows", "diff", "well_being", str(changed), env={"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    _ok(r)
    assert r.stdout.splitlines() == lines and r.stderr.splitlines() == warnings
    removed = describe_changes(new, old.model_copy(update={"steps": old.steps[1:]}), "en")[0]
    assert f"− Step 1 “{first.theme.en}” ({first.id}) is removed." in removed


@pytest.fixture
def results_db(sqlite_url: str):  # type: ignore[no-untyped-def]
    db = Database(sqlite_url, ANSWER_KEY)
    _setup(db)
    flows = load_flows()
    before = _campaign(db, flows, date(2024, 3, 1), {"workload": 2, "influence": 4}, 6)
    now = _campaign(db, flows, date(2026, 3, 1), {"workload": 4, "influence": 3}, 6)
    yield db, flows, before, now
    db.dispose()


def test_the_results_workbook_is_a_report_with_a_heatmap_its_colours_and_a_chart(tmp_path: Path, results_db) -> None:  # type: ignore[no-untyped-def]
    db, flows, _before, cid = results_db
    campaign = campaign_store.get(db, cid)
    assert campaign is not None
    results = campaign_results.compute(db, flows, campaign, 5)
    path = tmp_path / "results.xlsx"
    write(path, results, "en")
    book = load_workbook(path)
    assert book.sheetnames == ["Heatmap", "Distributions"]
    heat = book["Heatmap"]
    assert heat.freeze_panes == "B5" and heat.auto_filter.ref is not None and heat.auto_filter.ref.startswith("A4:")
    header = [c.value for c in heat[4]]
    assert header[:2] == ["Unit", "Level"] and "Workload" in header and "Influence" in header
    rows = {heat.cell(row=r, column=1).value: r for r in range(5, heat.max_row + 1)}
    workload = header.index("Workload") + 1
    assert heat.cell(row=rows["All units"], column=workload).value == 4.0
    # One colour scale per theme, centred on the whole organisation's value for it, orange below, blue above.
    rules = {str(rng.sqref): rule for rng in heat.conditional_formatting for rule in rng.rules}
    letter = heat.cell(row=4, column=workload).column_letter
    scale = rules[f"{letter}5:{letter}{rows['Loans']}"].colorScale  # the four units' rows
    assert [v.type for v in scale.cfvo] == ["num", "num", "num"]
    assert [float(v.val) for v in scale.cfvo] == [3.0, 4.0, 5.0]
    assert [c.rgb[-6:] for c in scale.color] == ["E08214", "F7F7F7", "2166AC"]
    rated = [s for s in results.steps if (whole := results.cells.get(("", s))) and whole.released and whole.n]
    assert sorted(rated) == ["influence", "workload"] and len(rules) == 2  # a theme nobody rated has no reference
    assert heat.column_dimensions["A"].width >= 16
    cells = [str(c.value) for row in heat.iter_rows() for c in row if c.value is not None]
    assert any(c.startswith("Withheld: fewer than 5 people") for c in cells)  # explained once
    assert "'=Archive" in cells  # a unit's name that looks like a formula is text
    charts = heat._charts
    assert len(charts) == 1 and charts[0].tagname == "barChart"
    dist = book["Distributions"]
    head = [c.value for c in dist[1]]
    assert head[:6] == ["Campaign", "Unit", "Part of", "Level", "Theme id", "Theme"]
    assert "Previous mean" in head and "Change" in head and dist.freeze_panes == "C2" and dist.auto_filter.ref
    by_unit = {(r[1], r[4]): r for r in dist.iter_rows(min_row=2, values_only=True)}
    whole = by_unit[("All units", "workload")]
    assert whole[head.index("Mean")] == 4.0 and whole[head.index("Previous mean")] == 2.0
    assert whole[head.index("Change")] == 2.0


def test_the_results_workbook_from_the_command_line_in_danish(tmp_path: Path, results_db, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    _db, _flows, _before, cid = results_db
    out = tmp_path / "resultater.xlsx"
    env = {"DATABASE_URL": sqlite_url, "ANSWER_KEY": "k" * 32}
    r = run_cli("--lang", "da", "campaign", "results", str(cid), "--format", "xlsx", "--out", str(out), env=env)
    _ok(r)
    book = load_workbook(out)
    assert book.sheetnames == ["Varmekort", "Fordelinger"]
    assert [c.value for c in book["Varmekort"][4]][:2] == ["Enhed", "Niveau"]
    assert book["Varmekort"].conditional_formatting and book["Varmekort"]._charts


def test_a_unit_started_without_a_reachable_lead_is_invited_once_the_directory_finds_them(
    runtime: Runtime, slack: FakeSlack
) -> None:
    from bot.services import campaigns, directory
    from storage import units

    db, now = runtime.db, runtime.clock.now()
    units.apply(db, [units.Source("Solo", None, {"solo-lead@x.example": UnitRole.LEAD})])
    today = now.astimezone(runtime.settings.tz).date()
    launch = campaigns.Launch("well_being", ["Solo"], False, today, today + timedelta(days=30))
    refused = campaigns.start(db, runtime.flows, "UHR", launch, today, now, go_ahead=False)
    assert refused.campaign is None and [(u.unit, u.reason) for u in refused.unreachable] == [
        ("Solo", "directory_empty")
    ]
    assert campaign_store.all_campaigns(db) == []  # refused: nothing stored
    started = campaigns.start(db, runtime.flows, "UHR", launch, today, now)  # HR went ahead
    assert started.campaign is not None and started.campaign.id is not None
    cid = started.campaign.id
    campaigns.invite_leads(runtime, cid)
    assert campaign_store.not_invited(db) == [cid]  # still waiting for Solo's lead
    slack.user("USOLO", email="solo-lead@x.example", real_name="Solveig Solo")
    directory.sweep(runtime)
    campaigns.invite_leads(runtime, cid)
    assert any("campaign_plan" in str(m.blocks) for m in slack.dms("USOLO"))
    assert campaign_store.not_invited(db) == []  # everyone reached: the sweep stops looking

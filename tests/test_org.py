"""The organisation: HR's CSV file (every problem named by line, nothing changed on error), Entra ID through the
local HTTPS fake of Graph (paging, 429, manager chains), re-imports as audited differences, `org show`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.clock import FakeClock
from bot.outbound.graph import Outlook
from bot.outbound.org_chart import OrgFileError, parse_csv
from bot.services import org
from doubles.fake_graph import FakeGraph
from doubles.fake_slack import FakeSlack
from storage import audit, people, units
from storage.db import Database
from tests.test_cli import run_cli
from tests.test_outlook import outlook

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def person(user_id: str, email: str) -> people.Profile:
    """Someone the people directory found in Slack."""
    return people.Profile(user_id, "en", "Europe/Copenhagen", False, False, NOW, email=email)


GOOD = (
    "\ufeffunit,parent,email,role,title\n"
    "Faculty,,dean@uni.example,lead,Dean\n"
    "Faculty,,Office@uni.example,member,\n"
    "Physics,Faculty,phys-head@uni.example,lead,\n"
    "Physics,Faculty,ada@uni.example,member,\n"
    "Physics,Faculty,bo@uni.example,member,\n"
    "Physics,Faculty,cy@uni.example,deputy,\n"
    "Chemistry,Faculty,chem-head@uni.example,lead,\n"
    "Chemistry,Faculty,di@uni.example,member,\n"
)


def test_a_good_file_is_the_tree_with_leads_deputies_and_members() -> None:
    found = parse_csv(GOOD.encode())
    assert sorted(found.units) == ["Chemistry", "Faculty", "Physics"]
    assert found.children(None) == ["Faculty"] and found.children("Faculty") == ["Chemistry", "Physics"]
    physics = found.units["Physics"]
    assert physics.with_role("lead") == ["phys-head@uni.example"] and physics.with_role("deputy") == ["cy@uni.example"]
    assert found.units["Faculty"].with_role("member") == ["office@uni.example"]  # e-mails in lower case


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("X,Nowhere,a@b.example,lead\n", ["line 2: unit 'X' has an unknown parent 'Nowhere'"]),
        (
            "A,,a@b.example,lead\nB,A,b@b.example,lead\nB,,c@b.example,member\n",
            ["line 4: unit 'B' has parent '(none)' here but 'A' on line 3"],
        ),
        (
            "A,B,a@b.example,lead\nB,A,b@b.example,lead\n",
            [
                "line 2: unit 'A' is inside a cycle of parents ('A' again)",
                "line 3: unit 'B' is inside a cycle of parents ('B' again)",
            ],
        ),
        ("A,,not-an-address,lead\nA,,b@b.example,lead\n", ["line 2: 'not-an-address' is not an e-mail address"]),
        ("A,,a@b.example,member\n", ["line 2: unit 'A' has no lead"]),
        ("A,,a@b.example,boss\nA,,b@b.example,lead\n", ["line 2: role 'boss' is not one of lead, deputy, member"]),
        (  # one person in a unit and its sub-unit (another case): counted twice in the unit's roll-up
            "A,,a@b.example,lead\nA,,c@b.example,member\nB,A,b@b.example,lead\nB,A,C@B.example,member\n",
            ["line 5: c@b.example is in 'B' here and in 'A' on line 3 (one unit each)"],
        ),
    ],
)
def test_each_problem_is_named_by_its_line(rows: str, expected: list[str]) -> None:
    with pytest.raises(OrgFileError) as e:
        parse_csv(("unit,parent,email,role\n" + rows).encode())
    assert [str(p) for p in e.value.problems] == expected


def test_a_file_without_the_columns_is_refused_naming_what_it_has() -> None:
    with pytest.raises(OrgFileError, match="line 1: the header lacks parent, role .* it has 'unit', 'email'"):
        parse_csv(b"unit,email\nA,a@b.example\n")


@pytest.mark.parametrize(
    "data",
    [
        "\ufeffunit;parent;email;role\r\nÆble;;a@b.example;lead\r\nKerne;Æble;b@b.example;lead\r\n".encode("utf-8"),
        "unit;parent;email;role\r\nÆble;;a@b.example;lead\r\nKerne;Æble;b@b.example;lead\r\n".encode("cp1252"),
        "unit\tparent\temail\trole\nÆble\t\ta@b.example\tlead\nKerne\tÆble\tb@b.example\tlead\n".encode("utf-16"),
        b"unit,parent,email,role\n\xc3\x86ble,,a@b.example,lead\nKerne,\xc3\x86ble,b@b.example,lead\n",
    ],
    ids=["danish-excel-semicolon-bom", "windows-1252-semicolon", "unicode-text-tab", "comma-utf8"],
)
def test_the_separator_and_encoding_a_spreadsheet_chose_are_read(data: bytes) -> None:
    org = parse_csv(data)
    assert sorted(org.units) == ["Kerne", "Æble"]
    assert org.units["Kerne"].parent == "Æble" and org.units["Æble"].with_role("lead") == ["a@b.example"]


def test_cli_import_show_and_a_bad_file_changes_nothing(tmp_path: Path, sqlite_url: str) -> None:
    env = {"DATABASE_URL": sqlite_url}
    good = tmp_path / "org.csv"
    good.write_text(GOOD, encoding="utf-8")
    db = Database(sqlite_url)
    people.save_many(db, [person("U1", "ada@uni.example"), person("U2", "dean@uni.example")])
    r = run_cli("org", "import", str(good), env=env)
    assert r.returncode == 0, r.stderr
    assert "Units: 3 new, 0 gone" in r.stdout and "People: 8 joined" in r.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,parent,email,role\nPhysics,Nowhere,x@uni.example,lead\nLone,,y@uni.example,member\n")
    r = run_cli("org", "import", str(bad), env=env)
    assert r.returncode == 1
    assert "nothing was changed" in r.stderr and "line 2: unit 'Physics' has an unknown parent 'Nowhere'" in r.stderr
    assert "line 3: unit 'Lone' has no lead" in r.stderr
    shown = run_cli("org", "show", env=env)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert [line for line in lines[:7] if "lead:" not in line and "deputy:" not in line] == [
        "Faculty  (2 people, 1 in Slack)",
        "  Chemistry  (2 people, 0 in Slack)",
        "  Physics  (4 people, 1 in Slack)",
    ]
    assert "  lead: dean@uni.example" in lines  # found in Slack, without a name there
    assert "    lead: chem-head@uni.example (not in Slack)" in lines
    assert "3 units; 6 people not found in Slack by e-mail:" in shown.stdout and "  bo@uni.example" in lines
    assert [e.action for e in audit.entries(db)] == ["org:import"]  # the refused file left no trace but its error


def test_a_re_import_applies_the_difference_and_is_audited(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    org.import_file(db, GOOD.encode(), NOW, "cli", "org.csv")
    physics_id = units.by_name(db, ["Physics"])["Physics"].id
    moved = (  # bo moves to Chemistry, di becomes its lead, chem-head and the office leave, Biology is new
        "unit,parent,email,role\n"
        "Faculty,,dean@uni.example,lead\n"
        "Physics,Faculty,phys-head@uni.example,lead\n"
        "Physics,Faculty,ada@uni.example,member\n"
        "Physics,Faculty,cy@uni.example,deputy\n"
        "Chemistry,Faculty,di@uni.example,lead\n"
        "Chemistry,Faculty,bo@uni.example,member\n"
        "Biology,Faculty,bio-head@uni.example,lead\n"
    )
    changes = org.import_file(db, moved.encode(), NOW, "U_HR", "org-2.csv")
    assert (changes.new_units, changes.gone_units, changes.new_leads) == (["Biology"], [], ["Chemistry"])
    assert (changes.joined, changes.left, changes.moved) == (1, 2, 1)  # bio-head; office, chem-head; bo
    assert units.by_name(db, ["Physics"])["Physics"].id == physics_id  # ids stay: campaigns point at them
    last = list(audit.entries(db))[-1]
    assert last.actor == "U_HR" and last.detail is not None and last.detail.startswith("file org-2.csv: units: 1 new")
    gone = org.import_file(
        db, moved.replace("Biology,Faculty,bio-head@uni.example,lead\n", "").encode(), NOW, "cli", "x"
    )
    assert gone.gone_units == ["Biology"] and "Biology" not in units.by_name(db, ["Biology"])


@pytest.fixture
def graph(tmp_path: Path):  # type: ignore[no-untyped-def]
    g = FakeGraph(tmp_path / "ca.pem")
    yield g
    g.stop()


def test_entra_departments_and_manager_chains_become_units_across_pages_and_a_429(
    graph: FakeGraph, sqlite_url: str
) -> None:
    graph.org = [
        {"id": "1", "mail": "Dean@uni.example", "department": "Faculty", "manager": None},
        {"id": "2", "mail": "office@uni.example", "department": "Faculty", "manager": "1"},
        {"id": "3", "mail": "phys-head@uni.example", "department": "Physics", "manager": "1"},
        {"id": "4", "mail": "ada@uni.example", "department": "Physics", "manager": "3"},
        {"id": "5", "mail": "bo@uni.example", "department": "Physics", "manager": "4"},  # a chain inside Physics
        {"id": "6", "mail": "chem-head@uni.example", "department": "Chemistry", "manager": "1"},
        {"id": "7", "mail": "di@uni.example", "department": "Chemistry", "manager": "6"},
        {"id": "8", "mail": "left@uni.example", "department": "Chemistry", "manager": "6", "enabled": False},
        {"id": "9", "mail": "nodept@uni.example", "department": None, "manager": "1"},
    ]
    graph.page_size = 4
    graph.fail("GET", "/v1.0/users", 429, times=1, retry_after="0")
    db = Database(sqlite_url)
    changes = org.import_entra(db, outlook(graph), NOW, "cli")
    assert sorted(changes.new_units) == ["Chemistry", "Faculty", "Physics"]
    pages = [c for c in graph.calls if c == ("GET", "/v1.0/users")]
    assert len(pages) == 4  # three pages of four, one of them asked twice after the 429
    tree = {r.name: r for r in units.tree(db)}
    assert tree["Physics"].parent_id == tree["Faculty"].id and tree["Faculty"].parent_id is None
    assert (tree["Physics"].members, tree["Chemistry"].members, tree["Faculty"].members) == (3, 2, 2)
    led = units.members(db, [tree["Physics"].id])[tree["Physics"].id]
    assert [(m.email, m.role) for m in led if m.role == "lead"] == [("phys-head@uni.example", "lead")]
    assert isinstance(outlook(graph), Outlook)


def test_the_nightly_sync_reads_entra_id_and_org_sync_needs_the_microsoft_settings(
    graph: FakeGraph, slack: FakeSlack, clock: FakeClock, sqlite_url: str
) -> None:
    from bot.core.settings import SettingsError
    from bot.entrypoints.composition import build_runtime
    from bot.jobs import scheduler
    from doubles.settings import settings_for

    with pytest.raises(SettingsError, match="ORG_SYNC=entra needs MS_TENANT_ID"):
        settings_for(slack, sqlite_url, org_sync="entra")
    with pytest.raises(SettingsError, match="ORG_SYNC must be entra"):
        settings_for(slack, sqlite_url, org_sync="ldap", **graph.settings())
    graph.org = [
        {"id": "1", "mail": "boss@uni.example", "department": "Office", "manager": None},
        {"id": "2", "mail": "clerk@uni.example", "department": "Office", "manager": "1"},
    ]
    rt = build_runtime(settings_for(slack, sqlite_url, org_sync="entra", **graph.settings()), clock)
    key = scheduler._key(rt)
    scheduler._RUNTIMES[key] = rt
    try:
        scheduler.org_sync_job(key)
        assert [(r.name, r.members) for r in units.tree(rt.db)] == [("Office", 2)]
        graph.fail("GET", "/v1.0/users", 403, times=5)
        scheduler.org_sync_job(key)  # Entra refuses: logged, nothing changed
        assert [(r.name, r.members) for r in units.tree(rt.db)] == [("Office", 2)]
        assert [e.actor for e in audit.entries(rt.db)] == ["org-sync"]
    finally:
        scheduler._RUNTIMES.pop(key, None)
        rt.shutdown()


def test_a_chain_of_five_thousand_parents_is_refused_by_line_and_one_in_the_database_breaks_nothing(
    sqlite_url: str,
) -> None:
    """A file whose parent column is wrong can make a chain thousands deep: refused, naming where it goes too
    deep. A tree that deep already in the database (stored before this check) is still shown and computed
    without a RecursionError anywhere."""
    from bot.services import campaign_results
    from flows.loader import load_flows
    from storage import campaigns as campaign_store

    depth = 5000
    rows = ["unit,parent,email,role"] + [
        f"U{i},{f'U{i - 1}' if i else ''},lead{i}@deep.example,lead" for i in range(depth)
    ]
    with pytest.raises(OrgFileError) as e:
        parse_csv(("\n".join(rows) + "\n").encode())
    assert [str(p) for p in e.value.problems] == [
        "line 52: unit 'U50' is 51 levels down (4950 units are deeper than 50 levels): is a parent column wrong?"
    ]
    db = Database(sqlite_url)
    depth = 1500  # deeper than Python's recursion limit (1,000), and quicker to store than 5,000
    chain = [units.Source(f"U{i}", f"U{i - 1}" if i else None, {f"lead{i}@deep.example": "lead"}) for i in range(depth)]
    units.apply(db, chain)
    people.save_many(db, [person("UTOP", "lead0@deep.example")])
    shown = [line for line in org.show(db).splitlines() if "lead:" not in line]  # each unit, then its lead
    assert shown[0].startswith("U0  (1 person,") and shown[depth - 1].startswith(
        " " * 2 * (depth - 1) + f"U{depth - 1}"
    )
    ids = {r.name: r.id for r in units.tree(db)}
    campaign = campaign_store.create(
        db,
        flow_id="well_being",
        starts_on=NOW.date(),
        ends_on=NOW.date(),
        message=None,
        created_by="UHR",
        holders={i: None for i in ids.values() if i is not None},
        now=NOW,
    )
    flows = load_flows()
    everything = campaign_results.compute(db, flows, campaign, 5, receiver="UHR", hr=True)
    assert len(everything.nodes) == depth + 1 and everything.nodes[-1].depth == depth
    top_lead = campaign_results.compute(db, flows, campaign, 5, receiver="UTOP", hr=False)
    assert top_lead.nodes[0].name == "U0"


def test_entra_accounts_sharing_an_address_are_refused_and_nothing_changes(graph: FakeGraph, sqlite_url: str) -> None:
    graph.org = [
        {"id": "1", "mail": "Dean@uni.example", "department": "Faculty", "manager": None},
        {"id": "2", "mail": "ada@uni.example", "department": "Faculty", "manager": "1"},
        {"id": "3", "mail": "phys-head@uni.example", "department": "Physics", "manager": "1"},
        {"id": "4", "mail": "ADA@uni.example", "department": "Physics", "manager": "3"},
    ]
    db = Database(sqlite_url)
    with pytest.raises(OrgFileError, match=r"ada@uni.example is the address of two Entra ID accounts \(2, 4\)"):
        org.import_entra(db, outlook(graph), NOW, "cli")
    assert units.tree(db) == [] and list(audit.entries(db)) == []

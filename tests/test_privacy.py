"""Who may do what, what leaves the bot, and what is forgotten: over HTTP and against both databases."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import text

from bot.core.clock import FakeClock
from bot.entrypoints.server import Server
from bot.services import campaigns, directory, org
from bot.services.exports import export
from doubles.driver import ANSWER_KEY, SECRET, Bot
from doubles.fake_slack import FakeSlack
from doubles.scenario import WELL_BEING, all_ratings, answer, invitation, make_round, start_round
from flows import engine as fe
from flows.loader import load_flows
from storage import experiences, privacy
from storage import rounds as round_store
from storage.db import Database

FLOWS = load_flows()
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
HOSTILE = [
    "=SUM(A1)",
    "+1+1",
    "-2",
    "@cmd",
    "\tindented",
    "\rreturn",
    "<!channel> & <@U1>",
    'say "hi", then',
    "line one\nline two",
    "æøå ÆØÅ 🙂👍",
    "x" * 3000,
]


def refused(db: Database, user: str, op: str) -> bool:
    with db.engine.connect() as c:
        return bool(
            c.execute(
                text("SELECT count(*) FROM audit WHERE actor = :u AND action = :op AND NOT allowed"),
                {"u": user, "op": op},
            ).scalar_one()
        )


def test_authorisation_matrix_every_role_against_every_guarded_operation(
    start_server: Callable[..., Server], sqlite_url: str, slack: FakeSlack, clock: FakeClock
) -> None:
    server = start_server(sqlite_url, hr_admins="UHR")
    bot = Bot(server.url, slack)
    for u in ("UHR", "ULEAD", "U1", "UEMP"):
        slack.user(u)
    start_round(bot, slack, "ULEAD", ["U1"], clock.now() + timedelta(days=2))
    invite = invitation(slack, "U1")
    status = slack.wait_for(lambda: next((m for m in slack.dms("ULEAD") if "is running" in m.all_text), None))
    answer_view = {
        "type": "modal",
        "callback_id": "answer_submit",
        "blocks": [],
        "private_metadata": json.dumps({"round": 1, "steps": []}),
    }
    export_view = {"type": "modal", "callback_id": "export_submit", "blocks": []}
    extend_view = {"type": "modal", "callback_id": "round_extend_submit", "blocks": [], "private_metadata": "1"}
    # ULEAD leads the unit "Team" of a campaign.
    directory.sweep(server.rt)
    org.import_file(
        server.rt.db,
        b"unit,parent,email,role\nTeam,,ulead@example.com,lead\nTeam,,u1@example.com,member\n",
        clock.now(),
        "cli",
        "org.csv",
    )
    today = clock.now().date()
    launch = campaigns.Launch("well_being", ["Team"], False, today, today + timedelta(days=30))
    team = campaigns.start(server.rt.db, server.rt.flows, "UHR", launch, today, clock.now())
    assert team.campaign is not None and team.campaign.id == 1
    campaign_start_view = {"type": "modal", "callback_id": "campaign_start", "blocks": []}
    plan_view = {
        "type": "modal",
        "callback_id": "campaign_plan_submit",
        "blocks": [],
        "private_metadata": json.dumps({"campaign": 1, "unit": 1}),
    }

    ops = {  # operation → how a user attempts it
        "command:export": lambda u: bot.slash(u, "export"),
        "command:audit": lambda u: bot.slash(u, "audit"),
        "view:export_submit": lambda u: bot.submit(u, export_view, {}),
        "action:round_close": lambda u: bot.click(u, status.button("round_close"), status),
        "action:round_extend": lambda u: bot.click(u, status.button("round_extend"), status),
        "action:round_remind": lambda u: bot.click(u, status.button("round_remind"), status),
        "view:round_extend_submit": lambda u: bot.submit(u, extend_view, {}),
        "action:answer_open": lambda u: bot.click(u, invite.button("answer_open"), invite),
        "view:answer_submit": lambda u: bot.submit(u, answer_view, {}),
        "action:answer_delete": lambda u: bot.click(u, {"action_id": "answer_delete", "value": "1"}),
        "command:start": lambda u: bot.slash(u, "start"),
        "command:status": lambda u: bot.slash(u, "status"),
        "command:share": lambda u: bot.slash(u, "share"),
        "command:campaign": lambda u: bot.slash(u, "campaign status"),
        "command:campaign_results": lambda u: bot.slash(u, "campaign results"),
        "view:campaign_start": lambda u: bot.submit(u, campaign_start_view, {}),
        "action:campaign_nudge": lambda u: bot.click(u, {"action_id": "campaign_nudge", "value": "1:all"}),
        "action:campaign_plan": lambda u: bot.click(u, {"action_id": "campaign_plan", "value": "1:1"}),
        "view:campaign_plan_submit": lambda u: bot.submit(u, plan_view, {}),
    }
    allowed = {
        "UHR": {
            "command:export",
            "command:audit",
            "view:export_submit",
            "command:campaign",
            "command:campaign_results",
            "view:campaign_start",
            "action:campaign_nudge",
            "command:start",
            "command:status",
            "command:share",
        },
        "ULEAD": {
            "command:campaign_results",  # the roll-ups of the units they lead
            "action:campaign_plan",
            "view:campaign_plan_submit",
            "action:round_close",
            "action:round_extend",
            "action:round_remind",
            "view:round_extend_submit",
            "command:start",
            "command:status",
            "command:share",
        },
        "U1": {
            "action:answer_open",
            "view:answer_submit",
            "action:answer_delete",
            "command:start",
            "command:status",
            "command:share",
        },
        "UEMP": {"command:start", "command:status", "command:share"},
    }
    db = Database(sqlite_url, ANSWER_KEY)
    order = [op for op in ops if op != "action:round_close"] + ["action:round_close"]  # closing last
    for user in ("UEMP", "U1", "UHR", "ULEAD"):
        for op in order:
            reply = ops[op](user)
            assert reply.status == 200, (user, op, reply)
            expected = op in allowed[user]
            assert refused(db, user, op) is not expected, (
                f"{user} {op}: expected {'allowed' if expected else 'refused'}"
            )
            if not expected and op.startswith("command:"):
                assert "Only HR administrators" in reply.json["text"]
            if not expected and op.startswith("view:"):
                assert reply.json["response_action"] == "update"
    slack.wait_for(lambda: any("Only the person who started this round" in r.get("text", "") for r in slack.responses))
    db.dispose()


def seed_answers(db: Database) -> tuple[int, int, int]:
    """An anonymous round with 400 respondents x 5 themes (2,000 answers), a named one, and a small anonymous one."""

    big = make_round(db, [f"UA{i:04d}" for i in range(400)], now=NOW)
    for i in range(400):
        answers = [fe.Answer(s, 1 + (i + j) % 5, HOSTILE[(i + j) % len(HOSTILE)]) for j, s in enumerate(WELL_BEING[:5])]
        round_store.save_response(db, big, f"UA{i:04d}", answers, NOW)
    named = make_round(db, ["UN1", "UN2"], now=NOW, anonymous=False)
    round_store.save_response(db, named, "UN1", [fe.Answer("workload", 2, '=HYPERLINK("x")')], NOW)
    small = make_round(db, ["US1", "US2", "US3"], now=NOW)
    for u in ("US1", "US2", "US3"):
        round_store.save_response(db, small, u, [fe.Answer("workload", 1, f"secret of {u}")], NOW)
    for rid in (big, named, small):
        round_store.close_round(db, rid, NOW)
    return big, named, small


def intact(cell: object, original: str) -> bool:
    """Exported text is the original, or the original behind the apostrophe that disarms a formula."""
    return cell == original or (original.startswith(("=", "+", "-", "@", "\t", "\r")) and cell == "'" + original)


def test_export_round_trip_csv_and_xlsx_keeps_every_text_and_disarms_formulas(
    database_url: str, tmp_path: Path
) -> None:
    db = Database(database_url, ANSWER_KEY)
    big, named, small = seed_answers(db)
    # Each person's five texts, as a multiset of people: R-numbers follow no order, so people are matched by
    # what they wrote, not by number.
    originals = Counter(tuple(HOSTILE[(i + j) % len(HOSTILE)] for j in range(5)) for i in range(400))
    csv_path, xlsx_path = tmp_path / "a.csv", tmp_path / "a.xlsx"
    assert export(db, FLOWS, 5, "answers", "csv", csv_path) == 2000 + 1 + 1
    assert export(db, FLOWS, 5, "answers", "xlsx", xlsx_path) == 2002
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 right

    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        csv_rows = list(csv.reader(f))
    wb = openpyxl.load_workbook(xlsx_path, read_only=True)
    xlsx_rows = [[("" if c is None else c) for c in row] for row in wb.active.iter_rows(values_only=True)]
    for rows in (csv_rows, xlsx_rows):
        header, data = rows[0], rows[1:]
        col = {name: i for i, name in enumerate(header)}
        big_rows = [r for r in data if str(r[col["round"]]) == str(big)]
        assert len(big_rows) == 2000
        people: dict[str, dict[str, str]] = {}
        for r in big_rows:
            got = str(r[col["text"]])
            typed = got[1:] if got.startswith("'") and got[1:].startswith(("=", "+", "-", "@", "\t", "\r")) else got
            assert intact(got, typed)
            people.setdefault(r[col["respondent"]], {})[r[col["theme_id"]]] = typed
            assert r[col["name"]] == ""  # never a name in an anonymous round
        assert Counter(tuple(p[s] for s in WELL_BEING[:5]) for p in people.values()) == originals
        for r in data:
            for cell in r:
                assert not (isinstance(cell, str) and cell.startswith(("=", "+", "-", "@", "\t", "\r")))
        assert not any("UA0" in str(cell) for r in data for cell in r)  # no user id of an anonymous answer
        small_rows = [r for r in data if str(r[col["round"]]) == str(small)]
        assert len(small_rows) == 1 and "counts only" in str(small_rows[0][col["theme"]])
        assert not any("secret of" in str(c) for r in data for c in r)
        named_rows = [r for r in data if str(r[col["round"]]) == str(named)]
        assert named_rows[0][col["name"]] == "UN1" and named_rows[0][col["text"]] == '\'=HYPERLINK("x")'
    for row in openpyxl.load_workbook(xlsx_path).active.iter_rows():
        assert all(c.data_type != "f" for c in row)  # not one live formula
    db.dispose()


def test_retention_deletes_text_and_identities_but_keeps_aggregates(database_url: str) -> None:
    db = Database(database_url, ANSWER_KEY)
    old_named = make_round(db, ["U1", "U2"], now=NOW, anonymous=False, deadline=NOW)
    recent = make_round(db, ["U1"], now=NOW, anonymous=True, deadline=NOW)
    round_store.save_response(db, old_named, "U1", [fe.Answer("workload", 4, "old words")], NOW - timedelta(seconds=1))
    round_store.save_response(db, recent, "U1", [fe.Answer("workload", 2, "new words")], NOW - timedelta(seconds=1))
    round_store.close_round(db, old_named, NOW - timedelta(days=800))
    round_store.close_round(db, recent, NOW - timedelta(days=10))
    experiences.add(
        db,
        dialogue="leadership",
        worked="old",
        different="older",
        rating=3,
        user_id="U1",
        shared_on=(NOW - timedelta(days=800)).date(),
    )
    experiences.add(
        db, dialogue="leadership", worked="fresh", different=None, rating=4, user_id="U1", shared_on=NOW.date()
    )
    before = round_store.counts(db, old_named)

    removed = privacy.apply_retention(db, NOW, 730)
    assert removed["rounds"] == 1 and removed["texts"] == 1 and removed["participants"] == 2
    assert round_store.counts(db, old_named) == before == (1, 2)  # participation survives as numbers
    assert round_store.responses(db, old_named) == [(None, [fe.Answer("workload", 4, None)])]  # rating kept, unlinked
    assert round_store.responses(db, recent)[0][1] == [fe.Answer("workload", 2, "new words")]  # too young: untouched
    with db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM participant WHERE round_id = :r"), {"r": old_named}).scalar() == 0
        assert c.execute(text("SELECT count(*) FROM response WHERE user_id IS NOT NULL")).scalar_one() == 0
        exp = c.execute(text("SELECT worked, different, user_id FROM experience ORDER BY id")).all()
    assert [tuple(e) for e in exp] == [(None, None, None), ("fresh", None, "U1")]
    assert privacy.apply_retention(db, NOW, 730)["rounds"] == 0  # idempotent
    db.dispose()


def test_erase_removes_a_persons_identity_and_identifiable_answers(database_url: str, tmp_path: Path) -> None:
    db = Database(database_url, ANSWER_KEY)
    named = make_round(db, ["U1", "U2"], now=NOW, anonymous=False)
    open_anon = make_round(db, ["U1", "U2"], now=NOW, anonymous=True)
    closed_anon = make_round(db, ["U1"], now=NOW, anonymous=True)
    for rid in (named, open_anon, closed_anon):
        round_store.save_response(db, rid, "U1", [fe.Answer("workload", 3, "mine")], NOW)
    round_store.save_response(db, named, "U2", [fe.Answer("workload", 5, "theirs")], NOW)
    round_store.close_round(db, closed_anon, NOW)
    experiences.add(
        db, dialogue="well_being", worked="named", different=None, rating=None, user_id="U1", shared_on=NOW.date()
    )
    from storage import audit

    audit.record(db, NOW, "U1", "answer.delete", detail="round 9")

    r = subprocess.run(
        [sys.executable, "-m", "bot.entrypoints.cli", "erase", "--user", "U1"],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    )
    assert r.returncode == 2 and "export ANSWER_KEY=" in r.stderr  # without the key, it says what it needs
    r = subprocess.run(
        [sys.executable, "-m", "bot.entrypoints.cli", "erase", "--user", "U1"],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin", "SLACK_SIGNING_SECRET": SECRET},
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert "responses: 2" in r.stdout and "experiences: 1" in r.stdout and "Erased U1: " in r.stdout
    assert round_store.responses(db, named) == [("U2", [fe.Answer("workload", 5, "theirs")])]
    assert round_store.responses(db, open_anon) == []
    assert len(round_store.responses(db, closed_anon)) == 1  # unlinkable since the close: nothing ties it to U1
    with db.engine.connect() as c:
        for table, column in (
            ("participant", "user_id"),
            ("experience", "user_id"),
            ("person", "user_id"),
            ("audit", "actor"),
            ("audit", "detail"),
            ("response", "user_id"),
        ):
            n = c.execute(text(f"SELECT count(*) FROM {table} WHERE {column} LIKE '%U1%'")).scalar_one()
            assert n == 0, (table, column)
    db.dispose()


def share_forms(slack: FakeSlack, user: str) -> list[dict[str, Any]]:
    """The share-an-experience forms opened for `user` so far, oldest first."""
    return [v for u, v in slack.views if u == user and v["callback_id"] == "share_submit"]


def test_share_an_experience_anonymously_or_named_and_hr_exports_it_to_their_dm(
    start_server: Callable[..., Server], sqlite_url: str, slack: FakeSlack
) -> None:
    server = start_server(sqlite_url, hr_admins="UHR")
    bot = Bot(server.url, slack)
    for u in ("UHR", "U1", "U2"):
        slack.user(u)
    for user, anonymity in (("U1", "yes"), ("U2", "no")):
        bot.slash(user, "share")
        view = slack.wait_for(lambda u=user: share_forms(slack, u))[-1]
        empty = bot.submit(user, view, {"dialogue": "leadership", "anonymous": anonymity})
        assert empty.json["errors"] == {"text__worked": "Write what worked or what should be different."}
        ok = bot.submit(
            user,
            view,
            {
                "dialogue": "leadership",
                "text__worked": f"=1+1 worked for {user} 🙂",
                "text__different": "more time\nplease",
                "rating__rating": 4,
                "anonymous": anonymity,
            },
        )
        assert ok.json["response_action"] == "update" and "Thank you" in json.dumps(ok.json)
    # HR's form has "from a visit"; a forged one from someone else is refused inline; HR records a visit.
    bot.slash("UHR", "share")
    hr_view = slack.wait_for(lambda: share_forms(slack, "UHR"))[-1]
    assert "visit_forum" in json.dumps(hr_view) and "visit_forum" not in json.dumps(view)
    visit_block = next(b for b in hr_view["blocks"] if b.get("block_id") == "visit_forum")
    forged_view = dict(view, blocks=[*view["blocks"], visit_block])
    forged = bot.submit("U1", forged_view, {"dialogue": "well_being", "text__worked": "x", "visit_forum": "LLC"})
    assert forged.json["errors"] == {"visit_forum": "Only HR records visits."}
    visit = {"dialogue": "well_being", "text__different": "Longer meetings", "anonymous": "no"}
    future = bot.submit("UHR", hr_view, {**visit, "visit_forum": "LLC", "visit_date": "2999-01-01"})
    assert future.json["errors"] == {"visit_date": "The visit cannot be in the future."}
    assert bot.submit("UHR", hr_view, {**visit, "visit_forum": "LLC", "visit_date": "2026-01-05"}).status == 200

    bot.slash("UHR", "export")
    view = slack.wait_for(lambda: [v for u, v in slack.views if u == "UHR" and v["callback_id"] == "export_submit"])[-1]
    assert bot.submit("UHR", view, {"what": "experiences", "format": "csv", "round": "abc"}).json["errors"] == {
        "round": "Enter a round number, e.g. 12."
    }
    backwards = bot.submit(
        "UHR", view, {"what": "experiences", "format": "csv", "since": "2026-06-10", "until": "2026-06-01"}
    )
    assert backwards.json["errors"] == {"until": "Pick an end date on or after the start date."}
    assert bot.submit("UHR", view, {"what": "experiences", "format": "csv"}).body == ""
    upload = slack.wait_for(lambda: next((u for u in slack.uploads.values() if u["data"]), None), what="the file")
    rows = list(csv.reader(io.StringIO(upload["data"].decode("utf-8-sig"))))
    assert rows[0][:4] == ["shared_on", "dialogue", "what worked", "what should be different"]
    by_text = {r[2]: r for r in rows[1:]}
    assert by_text["'=1+1 worked for U1 🙂"][5] == ""  # anonymous: no name
    assert by_text["'=1+1 worked for U2 🙂"][5] == "U2"  # chose to share with name
    assert by_text["'=1+1 worked for U1 🙂"][3] == "more time\nplease"
    assert by_text["'=1+1 worked for U1 🙂"][6:] == ["chat", ""]
    assert [r[0] for r in rows[1:] if r[6:] == ["visit", "LLC"]] == ["2026-01-05"]
    assert next(r for r in rows[1:] if r[6] == "visit")[5] == ""  # on the forum's behalf: no name
    assert slack.wait_for(lambda: [m for m in slack.dms("UHR") if m.files])  # in the HR person's DM
    db = Database(sqlite_url, ANSWER_KEY)

    def audited() -> list[int]:  # written just after the upload: wait for it rather than race it
        with db.engine.connect() as c:
            q = text("SELECT rows FROM audit WHERE action = 'export.experiences' AND actor = 'UHR'")
            return list(c.execute(q).scalars())

    assert slack.wait_for(audited, what="the audit entry") == [3]
    db.dispose()


def test_what_someone_writes_to_the_bot_can_be_shared_as_an_experience(
    bot: Bot, slack: FakeSlack, server: Server
) -> None:
    slack.user("U1", locale="da-DK")
    slack.user("U2")
    words = "Dialogen om <trivsel> gav os en ærlig snak & en plan 🙂\nMen den var for lang"
    assert bot.event(slack.user_says("U1", words)).status == 200
    reply = slack.wait_for(lambda: next((m for m in slack.dms("U1") if "share_chat" in str(m.blocks)), None))
    assert "Del som det, der virkede" in reply.all_text and "Intet gemmes" in reply.all_text  # in their language
    db = Database(server.settings.database_url, ANSWER_KEY)

    def shared() -> list[tuple[Any, ...]]:
        with db.engine.connect() as c:
            return [tuple(r) for r in c.execute(text("SELECT worked, different, user_id, dialogue FROM experience"))]

    assert shared() == []  # writing in chat stores nothing

    # "Share as what to change": the form opens with the message, as typed, in that field, for them to edit.
    assert bot.click("U1", reply.button("share_chat_different"), reply).status == 200
    view = slack.wait_for(lambda: share_forms(slack, "U1"))[-1]
    filled = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"] if b["type"] == "input"}
    assert filled["text__different"] == words and filled["text__worked"] is None
    ok = bot.submit("U1", view, {"dialogue": "well_being", "text__different": words, "anonymous": "yes"})
    assert ok.json["response_action"] == "update"
    assert shared() == [(None, words, None, "well_being")]  # anonymous by default

    # Someone else pressing the same button (a forged click) gets an empty form, never U1's words.
    assert bot.click("U2", reply.button("share_chat_worked"), reply).status == 200
    other = slack.wait_for(lambda: share_forms(slack, "U2"))[-1]
    assert "trivsel" not in json.dumps(other)
    # Slack failing to give the message back: the form still opens, empty (the words are still in the chat).
    slack.fail("conversations.history", error="internal_error")
    assert bot.click("U1", reply.button("share_chat_worked"), reply).status == 200
    slack.wait_for(lambda: len(share_forms(slack, "U1")) == 2)
    again = share_forms(slack, "U1")[-1]
    assert "trivsel" not in json.dumps(again)
    # Slack slow to answer: the form is not lost to the click's 3-second trigger, it opens empty in time.
    slack.fail("conversations.history", hang=5)
    assert bot.click("U1", reply.button("share_chat_worked"), reply).status == 200
    slack.wait_for(lambda: len(share_forms(slack, "U1")) == 3)
    db.dispose()


def test_privacy_notice_comes_with_the_first_dm_only(bot: Bot, slack: FakeSlack, clock: FakeClock) -> None:
    start_round(bot, slack, "ULEAD", ["U1"], clock.now() + timedelta(days=1))
    first = invitation(slack, "U1")
    assert "Privacy:" in first.all_text and "at least 5 people" in first.all_text
    start_round(bot, slack, "ULEAD", ["U1"], clock.now() + timedelta(days=2), concept="leadership")
    second = slack.wait_for(lambda: next((m for m in slack.dms("U1") if "Leadership" in m.all_text), None))
    assert "Privacy:" not in second.all_text


def test_my_answers_are_shown_to_me_alone_and_i_can_delete_them(
    bot: Bot, slack: FakeSlack, clock: FakeClock, server: Server
) -> None:
    start_round(bot, slack, "ULEAD", ["U1", "U2"], clock.now() + timedelta(days=1))
    assert answer(bot, slack, "U1", all_ratings(4, WELL_BEING), {"workload": "my own words"}).status == 200
    bot.event({"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "DU1"})
    home = slack.wait_for(lambda: slack.home.get("U1"))
    assert "my own words" in json.dumps(home)
    bot.event({"type": "app_home_opened", "user": "U2", "tab": "home", "channel": "DU2"})
    assert "my own words" not in json.dumps(slack.wait_for(lambda: slack.home.get("U2")))
    delete = next(
        el
        for b in home["blocks"]
        if b["type"] == "actions"
        for el in b["elements"]
        if el["action_id"] == "answer_delete"
    )
    assert bot.click("U1", delete).status == 200
    slack.wait_for(lambda: "my own words" not in json.dumps(slack.home.get("U1")), what="home without the answer")
    db = Database(server.settings.database_url, ANSWER_KEY)
    assert round_store.responses(db, 1) == [] and round_store.counts(db, 1) == (0, 2)
    with db.engine.connect() as c:
        assert c.execute(text("SELECT rows FROM audit WHERE action = 'answer.delete'")).scalar_one() == 7
    db.dispose()


def test_hr_experience_round_invites_reminds_and_reports(
    start_server: Callable[..., Server], database_url: str, slack: FakeSlack
) -> None:
    from bot.core.clock import FakeClock
    from doubles.scenario import simulate

    clock = FakeClock(datetime(2026, 6, 1, 8, tzinfo=UTC))  # Monday, 10:00 in Copenhagen
    server = start_server(database_url, use_clock=clock, scheduler=False, hr_admins="UHR")
    bot = Bot(server.url, slack)
    for u in ("UHR", "ULEAD", "U1", "U2"):
        slack.user(u)
    deadline = datetime(2026, 6, 10, 12, tzinfo=UTC)
    # Only HR is offered (and allowed) the experience round.
    bot.slash("ULEAD", "start")
    lead_view = slack.wait_for(lambda: [v for u, v in slack.views if u == "ULEAD"])[-1]
    assert "experience" not in json.dumps(lead_view)
    forged = bot.submit(
        "ULEAD",
        lead_view,
        {
            "participants": ["U1"],
            "concept": "experience",
            "pacing": "all_now",
            "anonymous": "yes",
            "deadline": int(deadline.timestamp()),
        },
    )
    assert forged.json["response_action"] == "update" and "Only HR" in json.dumps(forged.json)
    start_round(bot, slack, "UHR", ["U1", "U2"], deadline, concept="experience")

    dm = invitation(slack, "U1")
    assert "You choose whether to share anonymously" in dm.all_text
    bot.click("U1", dm.button("answer_open"), dm)
    view = slack.wait_for(lambda: share_forms(slack, "U1"))[-1]
    reply = bot.submit(
        "U1", view, {"dialogue": "well_being", "text__worked": "Talking first, alone", "anonymous": "yes"}
    )
    assert reply.json["response_action"] == "update"
    slack.wait_for(lambda: "received" in invitation(slack, "U1").all_text)

    sent = simulate(server, slack, clock, deadline + timedelta(minutes=1))
    reminders = {m.channel for _, m in sent if "A reminder:" in m.text}
    assert reminders == {"D2"}  # U1 shared already
    report = next(m for _, m in sent if m.channel == "DHR" and "shared their experience" in m.text)
    assert "1 of 2 shared" in report.text
    db = Database(database_url, ANSWER_KEY)
    with db.engine.connect() as c:
        row = c.execute(text("SELECT worked, user_id, round_id FROM experience")).one()
    assert tuple(row) == ("Talking first, alone", None, 1)
    db.dispose()


def test_export_period_includes_both_ends_and_nothing_outside(database_url: str, tmp_path: Path) -> None:
    from storage.exports import Period

    db = Database(database_url, ANSWER_KEY)
    for day in (1, 2, 3):
        experiences.add(
            db,
            dialogue="well_being",
            worked=f"day {day}",
            different=None,
            rating=None,
            user_id=None,
            shared_on=date(2026, 6, day),
        )
    period = Period(datetime(2026, 6, 2, tzinfo=UTC), datetime(2026, 6, 3, tzinfo=UTC))  # 2 June, inclusive
    n = export(db, FLOWS, 5, "experiences", "csv", tmp_path / "e.csv", period)
    rows = list(csv.reader((tmp_path / "e.csv").open(encoding="utf-8-sig")))
    assert n == 1 and rows[1][2] == "day 2"
    db.dispose()

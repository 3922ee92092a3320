"""Names kept out of comments, end to end over HTTP: a person writes a comment naming a colleague and giving
her e-mail address, sees "what your lead will see" with both masked (nothing stored yet), sends it; the lead's
summary in Slack, HR's round page on the dashboard (a real browser, signed in through the Entra fake) and the
answers export contain neither — and neither does the database."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlalchemy import text

from bot.core.clock import FakeClock
from bot.entrypoints.server import Server
from bot.services import directory
from doubles.browser import dashboard
from doubles.driver import ANSWER_KEY, Bot
from doubles.fake_graph import FakeGraph
from doubles.fake_slack import FakeSlack
from doubles.scenario import WELL_BEING, all_ratings, answer, open_form, start_round, summary_of
from storage.db import Database

MEMBERS = ["U1", "U2", "U3", "U4", "U5"]
COMMENT = "Since Mette moved me to the night shift I sleep badly. Ask her yourself: mette.hansen@example.com"
DANISH = "Mettes beslutning om nattevagter gør mig træt. Ring til Mette Hansen på 12 34 56 78."
SECRETS = ("Mette", "mette", "mette.hansen@example.com", "12 34 56 78")


@pytest.fixture
def site(tmp_path: Path, slack: FakeSlack, clock: FakeClock, sqlite_url: str) -> Iterator[tuple[Server, FakeGraph]]:
    """The dashboard of tests/conftest.py, but with its scheduler (rounds close at their deadline) and no demo."""
    with dashboard(tmp_path, slack, clock, sqlite_url, scheduler=True, demo=False) as running:
        yield running


def test_a_named_colleague_and_her_address_reach_no_one(
    browser: Browser, site: tuple[Server, FakeGraph], slack: FakeSlack, clock: FakeClock, sqlite_url: str
) -> None:
    server, graph = site
    bot = Bot(server.url, slack)
    slack.user("UMETTE", real_name="Mette Hansen", display_name="mette.h", email="mette.hansen@example.com")
    slack.user("U2", locale="da-DK")
    for u in ("ULEAD", *MEMBERS):
        if u != "U2":
            slack.user(u)
    directory.sweep(server.rt)  # the people directory, names included, from users.list
    start_round(bot, slack, "ULEAD", MEMBERS, clock.now() + timedelta(hours=2))

    # U1 fills in the form and presses Next: the preview is pushed over the form, with both masked.
    form = open_form(bot, slack, "U1")
    values: dict[str, object] = {f"rating__{k}": v for k, v in all_ratings(2, WELL_BEING).items()}
    values["text__workload"] = COMMENT
    pushed = bot.submit("U1", form, values)
    assert pushed.status == 200 and pushed.json["response_action"] == "push", pushed
    preview = pushed.json["view"]
    shown = json.dumps(preview["blocks"], ensure_ascii=False)
    assert preview["submit"]["text"] == "Send" and preview["close"]["text"] == "Back"
    assert "What your lead will see" in shown
    assert "Since [a colleague] moved me to the night shift" in shown and "[an e-mail address]" in shown
    assert "We replaced 1 name and 1 e-mail address" in shown
    assert "one of the ratings counted in this theme's chart" in shown  # a rating only as one of many
    assert not any(s in shown for s in SECRETS)
    assert not any(s in preview["private_metadata"] for s in SECRETS)  # what Send stores is already masked

    # Nothing is stored before Send.
    db = Database(sqlite_url, ANSWER_KEY)
    with db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM answer")).scalar_one() == 0
        assert c.execute(text("SELECT count(*) FROM participant WHERE answered")).scalar_one() == 0

    sent = bot.submit("U1", preview, {})
    assert sent.status == 200 and sent.json == {"response_action": "clear"}, sent  # stored; every view closes
    slack.wait_for(lambda: "received" in slack.last_dm("U1").all_text, what="U1's receipt")

    # U2 writes in Danish: the preview speaks Danish and masks the genitive, the full name and the phone number.
    reply = answer(bot, slack, "U2", all_ratings(4, WELL_BEING), {"influence": DANISH})
    assert reply.status == 200 and reply.json == {"response_action": "clear"}, reply
    danish = next(v for u, v in reversed(slack.views) if u == "U2" and v.get("callback_id") == "answer_submit")
    assert danish["submit"]["text"] == "Videre"
    for m in MEMBERS[2:]:
        assert answer(bot, slack, m, all_ratings(3, WELL_BEING)).status == 200

    with db.engine.connect() as c:
        stored = [r[0] for r in c.execute(text("SELECT text FROM answer WHERE text IS NOT NULL"))]
    assert sorted(stored) == sorted(
        [
            "Since [a colleague] moved me to the night shift I sleep badly. Ask her yourself: [an e-mail address]",
            "[en kollegas] beslutning om nattevagter gør mig træt. Ring til [en kollega] på [et telefonnummer].",
        ]
    )
    db.dispose()

    # The deadline passes: the lead's summary has the comments, masked.
    clock.advance(timedelta(hours=2, seconds=1))
    body = summary_of(slack, "ULEAD").all_text
    assert "5 of 5 answered" in body and "Since [a colleague] moved me" in body and "[an e-mail address]" in body
    assert "[en kollegas] beslutning" in body
    assert not any(s in body for s in SECRETS)

    # HR's round page and the answers export (HR through the Entra group).
    graph.signin_as = {"email": "hr@example.com", "name": "HR person", "groups": ["group-hr"]}
    context = browser.new_context(ignore_https_errors=True, locale="en-GB")
    page = context.new_page()
    page.goto(f"{server.url}/hr/")
    response = page.goto(f"{server.url}/hr/rounds/1")
    assert response is not None and response.status == 200
    main = page.inner_text("main")
    assert "Since [a colleague] moved me" in main and "[an e-mail address]" in main
    assert not any(s in main for s in SECRETS)
    export = context.request.get(f"{server.url}/hr/exports/answers.csv")
    assert export.status == 200
    rows = list(csv.reader(io.StringIO(export.body().decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert any("Since [a colleague] moved me" in cell for cell in cells)
    assert not any(s in cell for cell in cells for s in SECRETS)
    context.close()

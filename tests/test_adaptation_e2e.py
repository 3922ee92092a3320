"""A lead adapts the Well-being Dialogue over real HTTP: drops a theme, adds two questions of the team's own,
rephrases a meeting question, previews, starts; the team answers; the summary and the export show the adapted
round; the variant is offered next time; wrong entries get inline errors in the lead's language."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.core.clock import FakeClock
from bot.entrypoints.server import Server
from bot.jobs.scheduler import sweep
from bot.services.exports import export
from doubles.driver import ANSWER_KEY, Bot
from doubles.fake_slack import FakeSlack
from doubles.scenario import WELL_BEING, answer, summary_of
from storage.db import Database

MEMBERS = ["U1", "U2", "U3", "U4", "U5"]
COFFEE = "How is our coffee machine?"
CELEBRATE = "What should we celebrate?"


def begin(bot: Bot, slack: FakeSlack, lead: str, deadline: int) -> dict[str, Any]:
    """`/dialogue start` with *Adapt the questions first* ticked: the reply is the adaptation form."""
    before = len([v for u, v in slack.views if u == lead])
    bot.slash(lead, "start")
    slack.wait_for(lambda: len([v for u, v in slack.views if u == lead]) > before, what="the start form")
    values = {
        "participants": MEMBERS,
        "concept": "well_being",
        "deadline": deadline,
        "pacing": "all_now",
        "anonymous": "yes",
        "adapt": ["yes"],
    }
    reply = bot.submit(lead, slack.last_view(lead), values)
    assert reply.json["response_action"] == "update", reply
    view: dict[str, Any] = reply.json["view"]
    assert view["callback_id"] == "round_adapt"
    return view


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def test_a_round_with_a_theme_left_out_and_two_questions_of_the_teams_own(
    start_server: Callable[..., Server], sqlite_url: str, slack: FakeSlack, clock: FakeClock, tmp_path: Path
) -> None:
    server = start_server(sqlite_url, use_clock=clock, scheduler=False)
    bot = Bot(server.url, slack)
    for u in ["ULEAD", "UDA", *MEMBERS]:
        slack.user(u, locale="da-DK" if u == "UDA" else "en-US")
    deadline = int((clock.now() + timedelta(hours=2)).timestamp())
    form = begin(bot, slack, "ULEAD", deadline)
    keep = [o["value"] for o in block(form, "keep")["element"]["options"]]
    assert keep == ["predictability", "recognition", "collaboration"]  # HR's core is not offered for removal
    assert "Workload" in json.dumps(form["blocks"][1])  # …and said to be kept

    # Wrong entries: formatting, too long, a label with a link — each named inline, nothing started.
    wrong = bot.submit(
        "ULEAD",
        form,
        {
            "keep": ["predictability", "collaboration"],
            "local_1": "How is the *coffee*?",
            "local_2": "x" * 201,
            "local_3": "Fine?",
            "local_3_low": "see https://x.example",
        },
    )
    assert wrong.json == {
        "response_action": "errors",
        "errors": {
            "local_1": "Plain words only: no formatting characters (* _ ~ ` < > |) or links.",
            "local_2": "That is too long: keep it short.",
            "local_3": "No links, web or e-mail addresses or @-mentions: everyone in the team reads the question.",
        },
    }
    # Questions that would single someone out, refused with the reason; so are links of every kind and case.
    wrong = bot.submit(
        "ULEAD",
        form,
        {
            "local_1": "Your initials, please",
            "local_2": "Rate 5 if you work nights",
            "local_3": "Log in at WWW.Example.org/login first",
        },
    )
    errors = wrong.json["errors"]
    assert set(errors) == {"local_1", "local_2", "local_3"}
    assert errors["local_1"].startswith("This question could single someone out: it asks for initials.")
    assert "it asks for a working pattern or shift." in errors["local_2"]
    assert errors["local_3"].startswith("No links")
    assert not [m for m in slack.messages if m.channel.startswith("D") and "answer_open" in str(m.blocks)]

    values = {
        "keep": ["predictability", "collaboration"],
        "local_1": COFFEE,
        "local_1_other": "Hvordan er vores kaffe?",
        "local_1_kind": "rating",
        "local_1_low": "Broken",
        "local_1_high": "Great",
        "local_2": CELEBRATE,
        "local_2_kind": "text",
        "question__workload": "What would make Mondays lighter?",
    }
    preview = bot.submit("ULEAD", form, values).json["view"]
    assert preview["callback_id"] == "round_preview"
    shown = json.dumps(preview)
    assert COFFEE in shown and CELEBRATE in shown and "What would make Mondays lighter?" in shown
    assert "Recognition" not in shown and "Workload" in shown  # left out; HR's core stays
    assert not [m for m in slack.messages if "answer_open" in str(m.blocks)]  # nothing sent before Start

    # Someone else cannot start the lead's set-up; the lead can, once.
    assert "already been started" in json.dumps(bot.submit("U1", preview, {}).json)
    assert bot.submit("ULEAD", preview, {}).body == ""
    assert "already been started" in json.dumps(bot.submit("ULEAD", preview, {}).json)

    steps = [s for s in WELL_BEING if s != "recognition"] + ["local_1"]
    for i, m in enumerate(MEMBERS):
        ratings: dict[str, object] = {s: 1 + i % 5 for s in steps}
        if m == "U1":
            del ratings["local_1"]  # a question of the team's own is always optional for the person answering
        if m == "U2":
            ratings["local_1"] = "rather_not_say"
        reply = answer(bot, slack, m, ratings, {"local_2": f"The launch, says {i}"})  # type: ignore[arg-type]
        assert reply.status == 200 and reply.json == {"response_action": "clear"}, reply  # stored; views closed
    form_u1 = next(v for u, v in slack.views if u == "U1" and v.get("callback_id") == "answer_submit")
    assert COFFEE in json.dumps(form_u1) and "Recognition" not in json.dumps(form_u1)

    clock.advance(timedelta(hours=2, seconds=1))
    sweep(server.rt)
    summary = summary_of(slack, "ULEAD").all_text
    assert COFFEE in summary and "The launch, says 3" in summary and "What would make Mondays lighter?" in summary
    assert "Recognition" not in summary

    db = Database(sqlite_url, ANSWER_KEY)
    path = tmp_path / "answers.csv"
    export(db, server.rt.flows, 5, "answers", "csv", path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    # A team's own questions stay with its lead: never in HR's files (neither the question nor the answers).
    assert rows and not [r for r in rows if r["theme_id"].startswith("local_")]
    assert COFFEE not in path.read_text(encoding="utf-8-sig") and "The launch" not in path.read_text("utf-8-sig")
    assert {r["version"] for r in rows} == {"1"}
    assert not [r for r in rows if r["theme_id"] == "recognition"]

    # Next time the variant is offered: the same themes ticked, the same questions filled in.
    again = begin(bot, slack, "ULEAD", deadline + 86400)
    assert [o["value"] for o in block(again, "keep")["element"]["initial_options"]] == [
        "predictability",
        "collaboration",
    ]
    assert block(again, "local_1")["element"]["initial_value"] == COFFEE
    assert block(again, "local_1_other")["element"]["initial_value"] == "Hvordan er vores kaffe?"

    # A Danish lead's inline errors are in Danish.
    dansk = begin(bot, slack, "UDA", deadline + 86400)
    wrong = bot.submit(
        "UDA",
        dansk,
        {"local_1": "<b>Kaffe</b>?", "local_2": "Giv 5, hvis du arbejder om natten", "local_3": "Dine initialer?"},
    )
    assert wrong.json["errors"] == {
        "local_1": "Kun almindelige ord: ingen formateringstegn (* _ ~ ` < > |) eller links.",
        "local_2": "Spørgsmålet kan udpege en person: det spørger om arbejdstid eller vagter. Spørg om arbejdet, "
        "ikke om hvem der svarer — i et lille team peger sådan en detalje på én person.",
        "local_3": "Spørgsmålet kan udpege en person: det spørger om initialer. Spørg om arbejdet, ikke om hvem "
        "der svarer — i et lille team peger sådan en detalje på én person.",
    }
    db.dispose()

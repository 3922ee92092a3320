"""A whole round over real HTTP: the lead starts it, six members answer, the deadline passes, the lead reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.core.clock import FakeClock
from bot.entrypoints.server import Server
from doubles.driver import ANSWER_KEY, Bot
from doubles.fake_slack import FakeSlack
from doubles.scenario import (
    HOSTILE,
    WELL_BEING,
    all_ratings,
    answer,
    invitation,
    open_form,
    send_preview,
    start_round,
    summary_of,
)
from storage.db import Database

MEMBERS = ["U1", "U2", "U3", "U4", "U5", "U6"]


def test_lead_runs_a_well_being_round_to_summary(
    bot: Bot, slack: FakeSlack, clock: FakeClock, server: Server, database_url: str
) -> None:
    slack.user("U6", locale="da-DK")
    start_round(bot, slack, "ULEAD", MEMBERS, clock.now() + timedelta(hours=2))

    # Every member is invited in a DM that says who, why, by when, and how anonymity works.
    for m in MEMBERS:
        dm = invitation(slack, m)
        assert "<@ULEAD>" in dm.all_text
        assert (
            ("Anonymous" in dm.all_text)
            if m != "U6"
            else ("Anonymt" in dm.all_text and "Trivselsdialog" in dm.all_text)
        )
        assert "<!date^" in dm.all_text

    # The lead is told the round is running: 0 of 6.
    status = slack.wait_for(lambda: next((m for m in slack.dms("ULEAD") if "is running" in m.all_text), None))
    assert "0 of 6" in status.all_text
    assert "participation only" not in status.all_text  # six people: enough for results

    for i, m in enumerate(MEMBERS):
        texts = {"workload": HOSTILE} if m == "U3" else {"meaning": f"Meaningful work, says person {i}"}
        reply = answer(bot, slack, m, all_ratings(1 + i % 5, WELL_BEING), texts)
        assert reply.status == 200 and reply.json == {"response_action": "clear"}, reply  # stored; views closed
        slack.wait_for(
            lambda m=m: "received" in slack.last_dm(m).all_text or "modtaget" in slack.last_dm(m).all_text,
            what=f"{m}'s receipt",
        )

    clock.advance(timedelta(hours=2, seconds=1))
    summary = summary_of(slack, "ULEAD")
    body = summary.all_text
    assert "6 of 6 answered" in body
    assert "Workload" in body and "mean 2.7 (6 ratings)" in body  # ratings 1,2,3,4,5,1 → 16/6
    # Hostile text stays text: a broadcast is escaped, a mention of a person masked (flows.masking), letters and
    # emoji intact, no names travel along.
    assert "&lt;!channel&gt; =SUM(A1) [a colleague] æøå 🙂" in body
    assert "<!channel>" not in body and "<@U1>" not in body
    for m in MEMBERS:
        assert f"<@{m}>" not in body
    assert "What would make the biggest difference to our workload?" in body  # the dialogue questions

    # The chart went up through files.getUploadURLExternal → upload → files.completeUploadExternal.
    chart = slack.wait_for(lambda: next((m for m in slack.dms("ULEAD") if m.files), None), what="the chart")
    upload = slack.uploads[chart.files[0]["id"]]
    assert upload["data"].startswith(b"\x89PNG")
    assert slack.count("files.getUploadURLExternal") == 1 and slack.count("files.completeUploadExternal") == 1

    # The status message was edited in place, not posted again; members' DMs now say the round closed.
    slack.wait_for(lambda: "is closed" in status.all_text and "6 of 6" in status.all_text, what="closed status")
    assert len([m for m in slack.dms("ULEAD") if "Close now" in str(m.history) or "is running" in m.all_text]) <= 1
    slack.wait_for(lambda: "closed" in slack.last_dm("U1").all_text, what="U1's closed notice")

    # After the close the anonymity secret is gone: the raw tables cannot tie an answer to a person.
    db = Database(database_url, ANSWER_KEY)
    with db.engine.connect() as c:
        assert c.execute(text("SELECT secret FROM round")).scalar_one() is None
        assert c.execute(text("SELECT count(*) FROM response WHERE user_id IS NOT NULL")).scalar_one() == 0
        respondents = [r[0] for r in c.execute(text("SELECT respondent FROM response"))]
    assert len(respondents) == 6 and not set(respondents) & set(MEMBERS)
    db.dispose()


def test_leadership_dialogue_is_always_anonymous_the_start_form_says_so_and_the_server_refuses_names(
    bot: Bot, slack: FakeSlack, clock: FakeClock
) -> None:
    """The Leadership Dialogue is about the very person who would read the names: never with names."""
    slack.user("UMGR", locale="da-DK")
    slack.user("U1")
    assert bot.slash("UMGR", "start").status == 200
    slack.wait_for(lambda: [v for u, v in slack.views if u == "UMGR"], what="the start modal")
    view = slack.last_view("UMGR")
    hint = next(b for b in view["blocks"] if b.get("block_id") == "anonymous")["hint"]["text"]
    assert hint.startswith("Altid anonym: Ledelsesdialog")
    # A submission with names anyway (a forged one, or the choice made before picking the concept): refused
    # inline in the lead's language, and nothing is started.
    reply = bot.submit(
        "UMGR",
        view,
        {
            "participants": ["U1", "U2"],
            "concept": "leadership",
            "deadline": int((clock.now() + timedelta(hours=1)).timestamp()),
            "pacing": "all_now",
            "anonymous": "no",
        },
    )
    assert reply.json == {
        "response_action": "errors",
        "errors": {"anonymous": "Ledelsesdialog er altid anonym: vælg Anonym."},
    }
    assert not [m for m in slack.messages if "answer_open" in str(m.blocks)]


def test_a_named_round_shows_the_lead_who_said_what(bot: Bot, slack: FakeSlack, clock: FakeClock) -> None:
    members = ["U1", "U2"]
    start_round(bot, slack, "UMGR", members, clock.now() + timedelta(hours=1), anonymous=False)
    invite = invitation(slack, "U1")
    assert "Well-being Dialogue" in invite.all_text and "With names" in invite.all_text
    answer(bot, slack, "U1", all_ratings(4, WELL_BEING), {"influence": "I have a say"})
    answer(bot, slack, "U2", all_ratings(2, WELL_BEING))
    clock.advance(timedelta(hours=1, seconds=1))
    body = summary_of(slack, "UMGR").all_text
    assert "2 of 2 answered" in body and "Workload" in body and "mean 3.0 (2 ratings)" in body
    assert "<@U1>" in body and "I have a say" in body  # a named round shows who said what


@pytest.mark.parametrize("answers", [4, 5])
def test_anonymity_threshold_four_answers_hide_results_five_show_them(
    bot: Bot, slack: FakeSlack, clock: FakeClock, answers: int
) -> None:
    start_round(bot, slack, "ULEAD", MEMBERS, clock.now() + timedelta(hours=1))
    for m in MEMBERS[:answers]:
        assert answer(bot, slack, m, all_ratings(4, WELL_BEING), {"workload": f"comment {m}"}).status == 200
    clock.advance(timedelta(hours=1, seconds=1))
    body = summary_of(slack, "ULEAD").all_text
    assert f"{answers} of 6 answered" in body
    shown = answers >= 5
    assert ("Fewer than 5 people answered" in body) is not shown
    assert ("mean 4.0 (5 ratings)" in body) is shown
    assert all((f"comment {m}" in body) is shown for m in MEMBERS[:answers])
    if shown:
        slack.wait_for(lambda: any(m.files for m in slack.dms("ULEAD")), what="the chart")
    else:
        assert "mean" not in body and not any(m.files for m in slack.dms("ULEAD"))  # no chart either


@pytest.mark.parametrize(("members", "anonymous", "warned"), [(4, True, True), (5, True, False), (3, False, False)])
def test_lead_is_told_at_once_when_an_anonymous_round_is_too_small_to_show_results(
    bot: Bot, slack: FakeSlack, clock: FakeClock, members: int, anonymous: bool, warned: bool
) -> None:
    slack.user("ULEAD", locale="da-DK")
    start_round(bot, slack, "ULEAD", MEMBERS[:members], clock.now() + timedelta(days=1), anonymous=anonymous)
    status = slack.wait_for(lambda: next((m for m in slack.dms("ULEAD") if "er i gang" in m.all_text), None))
    assert (f"Der er kun {members} personer i denne anonyme runde" in status.all_text) is warned
    assert ("mindst 5 har svaret" in status.all_text) is warned


def test_lead_closes_early_and_status_command_lists_open_rounds(bot: Bot, slack: FakeSlack, clock: FakeClock) -> None:
    start_round(bot, slack, "ULEAD", ["U1"], clock.now() + timedelta(days=3))
    reply = bot.slash("ULEAD", "status")
    assert reply.status == 200 and "0 of 1" in reply.body and "Well-being Dialogue" in reply.body
    answer(bot, slack, "U1", all_ratings(5, WELL_BEING))
    status = slack.wait_for(lambda: next((m for m in slack.dms("ULEAD") if "is running" in m.all_text), None))
    # Someone else cannot close it.
    assert bot.click("U1", status.button("round_close"), status).status == 200
    slack.wait_for(lambda: slack.responses, what="the refusal")
    assert "Only the person who started" in slack.responses[-1]["text"]
    assert not any(m.text.startswith("Results") for m in slack.dms("ULEAD"))
    # The lead can.
    assert bot.click("ULEAD", status.button("round_close"), status).status == 200
    body = summary_of(slack, "ULEAD").all_text
    assert "1 of 1 answered" in body and "Fewer than 5" in body
    assert "You have no open dialogue rounds" in bot.slash("ULEAD", "status").body


def test_daily_pacing_opens_one_more_theme_each_working_day(bot: Bot, slack: FakeSlack, clock: FakeClock) -> None:
    # Start on the next Friday morning (Copenhagen), so the weekend is in between.
    now = clock.now()
    friday = (now + timedelta(days=(4 - now.weekday()) % 7 or 7)).replace(hour=8, minute=0, second=0)
    clock.advance(friday - now)
    start_round(bot, slack, "ULEAD", ["U1"], clock.now() + timedelta(days=14), pacing="daily")
    assert "A new theme opens each working day" in invitation(slack, "U1").all_text
    form = open_form(bot, slack, "U1")
    assert [b["block_id"] for b in form["blocks"] if b["type"] == "input"] == ["rating__workload", "text__workload"]
    # A forged form naming a theme that is not open yet stores only what is open.
    forged = dict(form, private_metadata=form["private_metadata"].replace('"workload"', '"workload", "influence"'))
    reply = send_preview(bot, "U1", bot.submit("U1", forged, {"rating__workload": 4}))
    assert reply.status == 200 and reply.json == {"response_action": "clear"}  # stored; 'influence' not demanded
    clock.advance(timedelta(days=1))  # Saturday: nothing new
    assert len([b for b in open_form(bot, slack, "U1")["blocks"] if b["type"] == "input"]) == 2
    clock.advance(timedelta(days=2))  # Monday
    form = open_form(bot, slack, "U1")
    inputs = [b for b in form["blocks"] if b["type"] == "input"]
    assert [b["block_id"] for b in inputs][:3] == ["rating__workload", "text__workload", "rating__influence"]
    assert inputs[0]["element"]["initial_option"]["value"] == "4"  # Friday's answer, pre-filled
    assert "initial_option" not in inputs[2]["element"]  # nothing was stored for 'influence' ahead of time

"""The team meeting over real HTTP: six people, last time's actions reviewed, two themes, anonymous and named
contributions, a hidden one, votes limited under concurrent clicks, two actions agreed and found in the
follow-up six weeks later, the record as the channel's canvas, the closing question in HR's experiences — and
then nothing in the database files links an anonymous contribution or a vote to anyone."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from bot.core.clock import FakeClock
from bot.entrypoints.server import Server
from bot.services import meetings as meeting_services
from doubles.driver import Bot
from doubles.fake_slack import FakeSlack, Message
from doubles.scenario import HOSTILE, WELL_BEING, all_ratings, answer, start_round, summary_of
from storage import actions as action_store
from storage import meetings as meeting_store
from storage import rounds as round_store
from storage.db import Database
from storage.status import ActionStatus, MeetingRecord, MeetingStatus

MEMBERS = ["U1", "U2", "U3", "U4", "U5", "U6"]


def accessory(message: Message, action_id: str) -> list[dict[str, Any]]:
    return [
        dict(b["accessory"], block_id=b.get("block_id", "b"))
        for b in message.blocks
        if b.get("accessory", {}).get("action_id") == action_id
    ]


def earlier_round_with_actions(db: Database, now) -> int:  # type: ignore[no-untyped-def]
    """Last time: a closed round of the same lead with two actions agreed — written closed, summarised and
    followed up in the transaction that creates it, so the running bot's sweep never sees it open."""
    then = now - timedelta(days=400)

    def closed(s, round_id: int) -> bool:  # type: ignore[no-untyped-def]
        s.execute(
            text(
                "UPDATE round SET status = 'closed', salt = NULL, closed_at = :t, invited_at = :t, "
                "summarised_at = :t, followed_up = true WHERE id = :id"
            ),
            {"t": then, "id": round_id},
        )
        return True

    rnd = round_store.create_round(
        db, flow_id="well_being", flow_version=1, lead_id="ULEAD", participants=MEMBERS, deadline=then,
        pacing="all_now", anonymous=True, locale="en", now=then - timedelta(days=10), claim=closed,
    )  # fmt: skip
    assert rnd is not None and rnd.id is not None
    action_store.record(
        db,
        rnd.id,
        [{"what": "Stand-up at 9:15", "who": "Team", "due": None}, {"what": "Quiet Fridays", "who": None, "due": None}],
        None,
        (then + timedelta(days=2)).date(),
        then + timedelta(days=44),
    )
    return rnd.id


def open_view(bot: Bot, slack: FakeSlack, user: str, button: dict[str, Any], message: Message | None) -> dict[str, Any]:
    before = len([v for u, v in slack.views if u == user])
    assert bot.click(user, button, message).status == 200
    slack.wait_for(lambda: len([v for u, v in slack.views if u == user]) > before, what=f"{user}'s form")
    return slack.last_view(user)


def channel_message(slack: FakeSlack, channel: str, needle: str) -> Message:
    found: Message = slack.wait_for(
        lambda: next((m for m in slack.channel_messages(channel) if needle in str(m.blocks)), None), what=needle
    )
    return found


def test_a_live_team_meeting_from_summary_to_follow_up(
    bot: Bot, slack: FakeSlack, clock: FakeClock, server: Server, database_url: str
) -> None:
    db: Database = server.rt.db
    slack.people("ULEAD", *MEMBERS)
    previous = earlier_round_with_actions(db, clock.now())
    slack.user("UOUT")
    start_round(bot, slack, "ULEAD", MEMBERS, clock.now() + timedelta(hours=2))
    for i, m in enumerate(MEMBERS):
        assert answer(bot, slack, m, all_ratings(1 + i % 5, WELL_BEING)).status == 200
    clock.advance(timedelta(hours=2, seconds=1))
    summary_of(slack, "ULEAD")

    # From the lead's summary: hold the meeting in Slack, live, in a new private channel.
    ask = slack.wait_for(
        lambda: next(
            (m for m in slack.dms("ULEAD") if f"'meeting_setup', 'value': '{previous}'" not in str(m.blocks)
             and "meeting_setup" in str(m.blocks)),
            None,
        ),
        what="the offer",
    )  # fmt: skip
    setup = open_view(bot, slack, "ULEAD", ask.button("meeting_setup"), ask)
    themes = next(b for b in setup["blocks"] if b.get("block_id") == "themes")["element"]
    assert [o["value"] for o in themes["initial_options"]] == ["workload", "influence"]  # the weakest suggested
    assert "review" in str(setup["blocks"][1]).lower() or "reviewing" in str(setup["blocks"][1])
    reply = bot.submit(
        "ULEAD", setup, {"mode": "live", "themes": ["workload", "meaning"], "minutes": "10", "votes": "3"}
    )
    assert reply.status == 200 and not reply.body, reply
    channel = slack.wait_for(lambda: next(iter(slack.private), None), what="the meeting's channel")
    slack.wait_for(lambda: set(slack.channels[channel]) >= {"ULEAD", *MEMBERS}, what="everyone invited")
    facilitation = channel_message(slack, channel, "meeting_next")
    assert (
        "Phase 1 of 5: Last time's actions" in facilitation.all_text
        and "About 10 minutes left" in facilitation.all_text
    )

    # Last time's actions first; a member cannot mark them, the lead can.
    review = channel_message(slack, channel, "meeting_review_done")
    assert "Stand-up at 9:15" in review.all_text and "Quiet Fridays" in review.all_text
    done = review.button("meeting_review_done")
    assert bot.click("U1", done, review).status == 200
    slack.wait_for(lambda: any("Only the lead or the co-facilitator" in r.get("text", "") for r in slack.responses))
    bot.click("ULEAD", done, review)
    slack.wait_for(lambda: action_store.of_round(db, previous)[0].status == ActionStatus.DONE, what="the review")

    def next_phase(expect: str) -> None:
        current = channel_message(slack, channel, "meeting_next")
        assert bot.click("ULEAD", current.button("meeting_next"), current).status == 200
        slack.wait_for(lambda: expect in current.all_text, what=expect)

    # Theme 1: two anonymous thoughts through the form, one named reply in the thread.
    next_phase("Phase 2 of 5: Workload")
    workload = channel_message(slack, channel, "Theme: Workload")
    assert "mean" in workload.all_text and "What would make the biggest difference" in workload.all_text
    assert "Replies and reactions in a thread carry your name" in workload.all_text

    def add(user: str, theme: Message, words: str) -> None:
        form = open_view(bot, slack, user, theme.button("meeting_add"), theme)
        assert bot.submit(user, form, {"thought": words}).status == 200

    add("U1", workload, "Too many ad hoc requests from other teams")
    add("U2", workload, "Deadlines pile up at month end")
    outsider = bot.click("UOUT", workload.button("meeting_add"), workload)
    assert outsider.status == 200
    slack.wait_for(lambda: any("for the people of the dialogue round" in r.get("text", "") for r in slack.responses))
    bot.event(
        {"type": "message", "channel_type": "group", "channel": channel, "user": "U3",
         "text": "I would like a shared calendar", "ts": f"{time.time():.6f}", "thread_ts": workload.ts}
    )  # fmt: skip
    cards = slack.wait_for(
        lambda: len(slack.channel_messages(channel, workload.ts)) == 2 and slack.channel_messages(channel, workload.ts)
    )
    for card in cards:
        assert "Anonymous" in card.all_text and not any(f"<@{u}>" in card.all_text for u in MEMBERS)

    # Theme 2: one anonymous thought (hostile text stays text), then hidden by the lead; one more each way.
    next_phase("Phase 3 of 5: Meaning")
    meaning = channel_message(slack, channel, "Theme: Meaning")
    add("U4", meaning, HOSTILE)
    add("U6", meaning, "Meeting the users keeps it real")
    bot.event(
        {"type": "message", "channel_type": "group", "channel": channel, "user": "U5",
         "text": "Our work helps people", "ts": f"{time.time():.6f}", "thread_ts": meaning.ts}
    )  # fmt: skip
    hostile = slack.wait_for(
        lambda: next((m for m in slack.channel_messages(channel, meaning.ts) if "SUM" in m.all_text), None)
    )
    assert "&lt;!channel&gt;" in hostile.all_text and "<!channel>" not in hostile.all_text
    assert bot.click("U1", hostile.button("meeting_hide"), hostile).status == 200  # not a facilitator
    bot.click("ULEAD", hostile.button("meeting_hide"), hostile)
    slack.wait_for(lambda: "Hidden by the facilitator" in hostile.all_text, what="the hidden card")
    slack.wait_for(lambda: len(meeting_store.contributions(db, 1)) == 5, what="five visible contributions")

    # Voting: U1 clicks every contribution at once, from many devices — three votes count, never more.
    next_phase("Phase 4 of 5: Voting")
    boards = slack.wait_for(
        lambda: (
            (b := [m for m in slack.channel_messages(channel) if "meeting_vote" in str(m.blocks)]) and len(b) == 2 and b
        )
    )
    buttons = [(b, button) for b in boards for button in accessory(b, "meeting_vote")]
    assert len(buttons) == 5 and "SUM" not in str([b.blocks for b in boards])  # the hidden one is not on the board
    with db.engine.connect() as c:
        salt = c.execute(text("SELECT salt FROM meeting")).scalar_one()
    with ThreadPoolExecutor(10) as pool:
        replies = list(pool.map(lambda bb: bot.click("U1", bb[1], bb[0]), buttons * 2))
    assert all(r.status == 200 for r in replies)
    u1 = meeting_store.voter_key(db, salt, "U1")
    slack.wait_for(lambda: len([r for r in slack.responses if "vote" in r.get("text", "")]) >= 10, what="answers")
    with db.engine.connect() as c:
        assert c.execute(text("SELECT used FROM ballot WHERE voter = :v"), {"v": u1}).scalar_one() <= 3
        assert c.execute(text("SELECT count(*) FROM vote WHERE voter = :v"), {"v": u1}).scalar_one() <= 3
    first = buttons[0]
    for voter in ("U2", "U3", "U4"):
        bot.click(voter, first[1], first[0])
    slack.wait_for(lambda: meeting_store.vote_counts(db, 1).get(int(first[1]["value"]), 0) >= 3, what="the votes")
    with db.engine.connect() as c:
        voters = [r[0] for r in c.execute(text("SELECT voter FROM ballot"))]
    assert len(voters) >= 6  # everyone who contributed, replied or voted

    # Actions: the lead turns the most-voted thoughts into two actions, straight into the follow-up.
    next_phase("Phase 5 of 5: Agreeing actions")
    agree = channel_message(slack, channel, "meeting_actions")
    form = open_view(bot, slack, "ULEAD", agree.button("meeting_actions"), agree)
    assert next(b for b in form["blocks"] if b.get("block_id") == "what__0")["element"].get("initial_value")
    today = clock.now().date()
    reply = bot.submit(
        "ULEAD",
        form,
        {
            "meeting": today.isoformat(),
            "what__0": "A shared team calendar",
            "who__0": "Anna",
            "due__0": (today + timedelta(days=14)).isoformat(),
            "what__1": "One request inbox for other teams",
        },
    )
    assert reply.status == 200 and not reply.body, reply
    slack.wait_for(lambda: "A shared team calendar" in agree.all_text, what="the agreed actions in the channel")

    # End: the record as the channel's canvas; everyone asked how the dialogue went.
    end = channel_message(slack, channel, "meeting_end")
    assert bot.click("U2", end.button("meeting_end"), end).status == 200  # not a facilitator: nothing ends
    meeting = meeting_store.get(db, 1)
    assert meeting is not None and meeting.status == MeetingStatus.RUNNING
    bot.click("ULEAD", end.button("meeting_end"), end)
    canvas = slack.wait_for(lambda: slack.canvases.get(channel), what="the record")["markdown"]
    assert "Workload" in canvas and "Meaning" in canvas and "A shared team calendar" in canvas
    assert "Too many ad hoc requests from other teams".replace(" ", " ") in canvas.replace("\\", "")
    assert "_Anonymous_" in canvas and "![](@U3)" in canvas and "![](@U5)" in canvas
    assert "SUM" not in canvas  # hidden
    for anonymous_author in ("U1", "U2", "U4", "U6"):
        assert f"@{anonymous_author}" not in canvas
    assert "3 votes" in canvas or "4 votes" in canvas
    slack.wait_for(lambda: "has ended" in end.all_text, what="the ended facilitation message")
    m = slack.wait_for(lambda: (x := meeting_store.get(db, 1)) is not None and x.record and x, what="recorded")
    assert m.took_part == len(voters) and m.actions_agreed == 2 and m.record == MeetingRecord.CANVAS

    # A third action recorded after the meeting ended (the lead's form from the summary): HR's count follows.
    offer = next(x for x in slack.dms("ULEAD") if "actions_open" in str(x.blocks))
    again = open_view(bot, slack, "ULEAD", offer.button("actions_open"), offer)
    reply = bot.submit(
        "ULEAD",
        again,
        {
            "meeting": today.isoformat(),
            "what__0": "A shared team calendar",
            "who__0": "Anna",
            "due__0": (today + timedelta(days=14)).isoformat(),
            "what__1": "One request inbox for other teams",
            "what__2": "Lunch together on Fridays",
        },
    )
    assert reply.status == 200 and not reply.body, reply
    meeting = meeting_store.get(db, 1)
    assert meeting is not None and meeting.actions_agreed == 3
    assert meeting_services.held(server.rt, [m.round_id])[m.round_id].actions == 3

    for user, words in (("U1", "Voting made it easy to speak up"), ("U5", "Good to see last time's actions")):
        dm = slack.wait_for(
            lambda user=user: next((x for x in slack.dms(user) if "meeting_ask" in str(x.blocks)), None)
        )
        ask_form = open_view(bot, slack, user, dm.button("meeting_ask"), dm)
        assert bot.submit(user, ask_form, {"rating": "4", "worked": words}).status == 200
    with db.engine.connect() as c:
        shared = c.execute(text("SELECT worked, user_id, round_id, source FROM experience ORDER BY worked")).all()
    assert [tuple(r) for r in shared] == [
        ("Good to see last time's actions", None, None, "meeting"),
        ("Voting made it easy to speak up", None, None, "meeting"),
    ]

    # Six weeks later the follow-up brings the two actions back to the lead.
    clock.advance(timedelta(weeks=6, days=3))
    follow = slack.wait_for(
        lambda: next((x for x in slack.dms("ULEAD") if "action_done" in str(x.blocks)), None), what="the follow-up"
    )
    assert "A shared team calendar" in follow.all_text and "One request inbox for other teams" in follow.all_text

    # Nothing in the files links an anonymous contribution or a vote to anyone.
    with db.engine.connect() as c:
        assert c.execute(text("SELECT salt FROM meeting")).scalar_one() is None
        assert c.execute(text("SELECT count(*) FROM vote")).scalar_one() == 0
        assert c.execute(text("SELECT count(*) FROM ballot")).scalar_one() == 0
        anonymous = [r[0] for r in c.execute(text("SELECT text FROM contribution WHERE author IS NULL"))]
        assert len(anonymous) == 4
        assert (
            c.execute(
                text("SELECT count(*) FROM delivery WHERE key LIKE 'meeting:%' AND user_id IS NOT NULL")
            ).scalar_one()
            == 0
        )
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[1]
        raw = b"".join(open(p, "rb").read() for p in (path, path + "-wal") if os.path.exists(p))
        assert salt.encode() not in raw
        assert not [v for v in voters if v.encode() in raw]
    _ = date

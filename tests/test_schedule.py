"""A round's timeline: paced themes and reminders in each person's own working hours, exactly once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from bot.core.clock import FakeClock
from bot.entrypoints.server import Server
from doubles.driver import Bot
from doubles.fake_slack import FakeSlack, Message
from doubles.scenario import (
    WELL_BEING,
    all_ratings,
    answer,
    invitation,
    send_preview,
    simulate,
    start_round,
    summary_of,
)
from flows.timeline import WorkingHours, holidays_of
from storage import deliveries
from storage.status import PlannedKind

ZONES = {"UCPH": "Europe/Copenhagen", "UNYC": "America/New_York", "UTYO": "Asia/Tokyo"}
HOURS = WorkingHours(time(9), time(15, 30), holidays_of("DK"))


@pytest.fixture
def world(start_server: Callable[..., Server], database_url: str, slack: FakeSlack):  # type: ignore[no-untyped-def]
    """The bot with a fake clock set by each test, and no scheduler thread: `simulate` sweeps instead."""

    def make(start: datetime):  # type: ignore[no-untyped-def]
        clock = FakeClock(start)
        server = start_server(database_url, use_clock=clock, scheduler=False)
        for user, tz in ZONES.items():
            slack.user(user, tz=tz)
        return server, Bot(server.url, slack), clock

    return make


def to_people(
    sent: list[tuple[datetime, Message]], people: Iterable[str] = tuple(ZONES)
) -> list[tuple[datetime, Message]]:
    return [(t, m) for t, m in sent if m.channel in {"D" + p[1:] for p in people}]


def status_of(slack: FakeSlack, lead):  # type: ignore[no-untyped-def]
    return slack.wait_for(lambda: next((m for m in slack.dms(lead) if "is running" in m.all_text), None))


def test_paced_round_over_a_weekend_and_kristi_himmelfartsdag_lands_in_everyones_window_once(
    world: Callable[[datetime], tuple[Server, Bot, FakeClock]], slack: FakeSlack
) -> None:
    # Monday 11 May 2026, 06:00 UTC: 08:00 in Copenhagen, 02:00 in New York, 15:00 in Tokyo.
    server, bot, clock = world(datetime(2026, 5, 11, 6, tzinfo=UTC))
    deadline = datetime(2026, 5, 22, 12, tzinfo=UTC)
    start_round(bot, slack, "ULEAD", list(ZONES), deadline, pacing="daily")
    status_of(slack, "ULEAD")
    sent = simulate(server, slack, clock, clock.now())
    assert [m.channel for _, m in to_people(sent)] == ["DTYO"]  # 15:00 in Tokyo: only that window is open

    sent += simulate(server, slack, clock, datetime(2026, 5, 12, 12, tzinfo=UTC))
    assert answer(bot, slack, "UCPH", {"workload": 3, "influence": 4}).status == 200
    sent += simulate(server, slack, clock, deadline + timedelta(minutes=1))

    for user, tz_name in ZONES.items():
        tz = ZoneInfo(tz_name)
        mine = to_people(sent, [user])
        for when, msg in mine:
            local = when.astimezone(tz)
            assert HOURS.contains(when, tz), f"{user} got {msg.text!r} at {local:%a %d %b %H:%M}"
            assert local.date().isoformat() != "2026-05-14"  # Kristi Himmelfartsdag
        themes = [m.text for _, m in mine if "Today's theme" in m.text]
        assert len(themes) == len(set(themes)) == 6  # the invitation carries the first of 7, then one a day
        reminders = [(t, m) for t, m in mine if "A reminder:" in m.text]
        if user == "UCPH":
            assert reminders == []  # answered on day 2
        else:
            assert 1 <= len(reminders) <= 2
    # Copenhagen: 09:00 every working day, the holiday and the weekend skipped.
    cph = [t.astimezone(ZoneInfo("Europe/Copenhagen")).strftime("%a %d %H:%M") for t, m in to_people(sent, ["UCPH"])]
    assert cph == [
        "Mon 11 09:00",
        "Tue 12 09:00",
        "Wed 13 09:00",
        "Fri 15 09:00",
        "Mon 18 09:00",
        "Tue 19 09:00",
        "Wed 20 09:00",
    ]
    assert "5 of" not in summary_of(slack, "ULEAD").all_text  # the deadline still closed it (3 invited)


@pytest.mark.parametrize("start", [datetime(2026, 3, 26, 12, tzinfo=UTC), datetime(2026, 10, 22, 12, tzinfo=UTC)])
def test_dst_changes_neither_shift_nor_double_a_send(
    world: Callable[[datetime], tuple[Server, Bot, FakeClock]], slack: FakeSlack, start: datetime
) -> None:
    server, bot, clock = world(start)
    start_round(bot, slack, "ULEAD", list(ZONES), start + timedelta(days=9), pacing="daily")
    status_of(slack, "ULEAD")
    sent = to_people(simulate(server, slack, clock, start + timedelta(days=9, minutes=1)))
    for user, tz_name in ZONES.items():
        local = [
            t.astimezone(ZoneInfo(tz_name))
            for t, m in sent
            if m.channel == "D" + user[1:] and "Today's theme" in m.text
        ]
        assert local and all(t.strftime("%H:%M") == "09:00" for t in local), (user, local)
        assert len({t.date() for t in local}) == len(local)  # never twice on one day


def test_reminders_respect_the_cap_the_quiet_gap_mute_and_the_leads_once_a_day_button(
    world: Callable[[datetime], tuple[Server, Bot, FakeClock]], slack: FakeSlack
) -> None:
    server, bot, clock = world(datetime(2026, 6, 1, 8, tzinfo=UTC))  # Monday, 10:00 in Copenhagen
    for u in ("U1", "U2", "U3"):
        slack.user(u)
    deadline = datetime(2026, 6, 12, 12, tzinfo=UTC)
    start_round(bot, slack, "ULEAD", ["U1", "U2", "U3"], deadline)
    for u in ("U1", "U2", "U3"):
        invitation(slack, u)
    assert answer(bot, slack, "U3", all_ratings(4, WELL_BEING)).status == 200
    # *Mute reminders* is not on the first invitation: there it would read as the expected choice.
    assert "reminders_mute" not in str(invitation(slack, "U2").blocks)

    status = status_of(slack, "ULEAD")
    bot.click("ULEAD", status.button("round_remind"), status)
    slack.wait_for(lambda: any("Reminders will reach 2 people" in r.get("text", "") for r in slack.responses))
    bot.click("ULEAD", status.button("round_remind"), status)
    slack.wait_for(lambda: any("already sent reminders" in r.get("text", "") for r in slack.responses))
    # Not even the lead's button breaks the 2-hour quiet gap after the invitation.
    assert not any("A reminder:" in m.text for m in slack.dms("U1"))

    sent = simulate(server, slack, clock, datetime(2026, 6, 1, 10, 1, tzinfo=UTC))
    (first,) = [m for _, m in to_people(sent, ["U2"]) if "A reminder:" in m.text]
    # Neutral: it never names the lead, and it is where reminders can be muted.
    assert "ULEAD" not in first.text + str(first.blocks) and "up to you" in first.text
    assert bot.click("U2", first.button("reminders_mute"), first).status == 200
    slack.wait_for(lambda: any("muted" in r.get("text", "") for r in slack.responses))

    sent += simulate(server, slack, clock, deadline + timedelta(minutes=1))
    to_u1 = [(t, m) for t, m in to_people(sent, ["U1"]) if "A reminder:" in m.text]
    assert len(to_u1) == 2  # the lead's, then one planned; the cap stops the third
    assert to_u1[0][0] == datetime(2026, 6, 1, 10, tzinfo=UTC)  # invitation at 08:00Z + 2 hours
    assert to_u1[1][0] - to_u1[0][0] >= timedelta(hours=2)
    assert all(HOURS.contains(t, ZoneInfo("Europe/Copenhagen")) for t, _ in to_u1)
    assert len([m for m in slack.dms("U2") if "A reminder:" in m.text]) == 1  # muted from the first one
    assert not any("A reminder:" in m.text for m in slack.dms("U3"))  # answered
    # The reminders' records served the cap while the round was open; after the close they are gone (they
    # would tell who had not answered).
    assert deliveries.sent_count(server.rt.db, "remind:") == 0


def test_a_reminder_due_with_a_theme_waits_the_quiet_gap_after_it(
    world: Callable[[datetime], tuple[Server, Bot, FakeClock]], slack: FakeSlack
) -> None:
    """Both come due in one sweep, the theme first: its 'sent' is not yet recorded when the reminder is looked
    at, yet the reminder must count it as the last message and wait two hours."""
    from storage import planned
    from storage import rounds as round_store
    from storage.keys import remind as remind_key

    server, bot, clock = world(datetime(2026, 6, 1, 8, tzinfo=UTC))  # Monday, 10:00 in Copenhagen
    deadline = datetime(2026, 6, 12, 12, tzinfo=UTC)
    start_round(bot, slack, "ULEAD", ["UCPH"], deadline, pacing="daily")
    status_of(slack, "ULEAD")
    simulate(server, slack, clock, clock.now())
    (rnd,) = round_store.open_rounds_of(server.rt.db, "ULEAD")
    assert rnd.id is not None
    tuesday = datetime(2026, 6, 2, 7, tzinfo=UTC)  # 09:00 in Copenhagen: the second theme is due
    planned.plan(
        server.rt.db, [planned.Send(remind_key(rnd.id, "UCPH", tuesday), "UCPH", PlannedKind.REMIND, tuesday, rnd.id)]
    )
    sent = to_people(simulate(server, slack, clock, tuesday + timedelta(hours=3)), ["UCPH"])
    theme = next(t for t, m in sent if "Today's theme" in m.text and t >= tuesday)
    reminders = [t for t, m in sent if "A reminder:" in m.text]
    assert theme == tuesday and reminders == [tuesday + timedelta(hours=2)]


def test_status_updates_in_place_and_the_deadline_can_be_extended(
    world: Callable[[datetime], tuple[Server, Bot, FakeClock]], slack: FakeSlack
) -> None:
    server, bot, clock = world(datetime(2026, 6, 1, 8, tzinfo=UTC))
    slack.user("U1", locale="da-DK")
    old = datetime(2026, 6, 3, 12, tzinfo=UTC)
    start_round(bot, slack, "ULEAD", ["U1", "UCPH"], old)
    status = status_of(slack, "ULEAD")
    assert "0 of 2" in status.all_text
    assert answer(bot, slack, "U1", all_ratings(2, WELL_BEING)).status == 200
    simulate(server, slack, clock, clock.now())
    assert "1 of 2" in status.all_text and len([m for m in slack.dms("ULEAD") if "is running" in m.all_text]) == 1

    bot.click("ULEAD", status.button("round_extend"), status)
    view = slack.wait_for(
        lambda: [v for u, v in slack.views if u == "ULEAD" and v["callback_id"] == "round_extend_submit"]
    )[-1]
    too_early = bot.submit("ULEAD", view, {"deadline": int((old - timedelta(hours=1)).timestamp())})
    assert too_early.json["errors"] == {"deadline": "Pick a time after the current deadline."}
    new = datetime(2026, 6, 5, 12, tzinfo=UTC)
    assert bot.submit("ULEAD", view, {"deadline": int(new.timestamp())}).body == ""
    slack.wait_for(lambda: str(int(new.timestamp())) in invitation(slack, "U1").all_text, what="the new deadline")

    simulate(server, slack, clock, old + timedelta(minutes=1))
    assert not any(m.text.startswith("Results") for m in slack.dms("ULEAD"))
    simulate(server, slack, clock, new + timedelta(minutes=1))
    assert "1 of 2 answered" in summary_of(slack, "ULEAD").all_text
    assert "is closed" in status.all_text


def test_follow_up_actions_recorded_then_looked_back_at_with_a_check_in(
    world: Callable[[datetime], tuple[Server, Bot, FakeClock]], slack: FakeSlack
) -> None:
    server, bot, clock = world(datetime(2026, 6, 1, 8, tzinfo=UTC))
    members = ["U1", "U2", "U3", "U4", "U5"]
    for u in members:
        slack.user(u)
    start_round(bot, slack, "ULEAD", members, datetime(2026, 6, 5, 12, tzinfo=UTC))
    for u in members:
        assert answer(bot, slack, u, all_ratings(3, WELL_BEING)).status == 200
    status = status_of(slack, "ULEAD")
    bot.click("ULEAD", status.button("round_close"), status)
    summary_of(slack, "ULEAD")

    # The lead is asked to record what the team agreed.
    ask = slack.wait_for(lambda: next((m for m in slack.dms("ULEAD") if "actions_open" in str(m.blocks)), None))
    bot.click("ULEAD", ask.button("actions_open"), ask)
    view = slack.wait_for(lambda: [v for u, v in slack.views if v["callback_id"] == "actions_submit"])[-1]
    bad = bot.submit("ULEAD", view, {"meeting": "2026-06-08", "who__1": "Ann"})
    assert bad.json["errors"] == {"what__1": "Say what the action is."}
    empty = bot.submit("ULEAD", view, {"meeting": "2026-06-08"})
    assert empty.json["errors"] == {"what__0": "Record at least one action, or what to keep."}
    ok = bot.submit(
        "ULEAD",
        view,
        {
            "meeting": "2026-06-08",
            "what__0": "Protect focus time <!channel>",
            "who__0": "Everyone",
            "due__0": "2026-06-30",
            "what__1": "Weekly 1:1s",
            "keep": "Friday breakfast",
        },
    )
    assert ok.body == ""
    with server.rt.db.engine.connect() as c:  # stored before the form closed, not some time after
        assert sorted(c.execute(text("SELECT what FROM action")).scalars()) == [
            "Protect focus time <!channel>",
            "Weekly 1:1s",
        ]
    slack.wait_for(lambda: "Agreed at the team meeting on Jun 8, 2026" in ask.all_text)
    assert "&lt;!channel&gt;" in ask.all_text and "Friday breakfast" in ask.all_text

    # Six weeks after the meeting, at the start of the lead's working day: the look back, and a check-in.
    sent = simulate(server, slack, clock, datetime(2026, 7, 20, 12, tzinfo=UTC))
    follow = next((t, m) for t, m in sent if m.channel == "DLEAD" and "weeks since your team met" in m.text)
    assert follow[0] == datetime(2026, 7, 20, 7, tzinfo=UTC)  # Monday 20 July, 09:00 in Copenhagen
    checkins = [(t, m) for t, m in sent if "Follow-up check-in" in m.all_text and m.channel != "DLEAD"]
    assert sorted(m.channel for _, m in checkins) == ["D1", "D2", "D3", "D4", "D5"]
    assert all(HOURS.contains(t, ZoneInfo("Europe/Copenhagen")) for t, _ in checkins)

    msg = follow[1]
    done = next(
        el for b in msg.blocks if b["type"] == "actions" for el in b["elements"] if el["action_id"] == "action_done"
    )
    assert bot.click("U1", done, msg).status == 200  # not the lead: refused
    bot.click("ULEAD", done, msg)
    slack.wait_for(lambda: "_done_" in msg.all_text, what="the action marked done")
    assert msg.all_text.count("_open_") == 1

    # The check-in is answered like any other prompt, and summarised like any other round.
    for u in members:
        form = slack.wait_for(lambda u=u: next((m for m in slack.dms(u) if "Follow-up check-in" in m.all_text), None))
        bot.click(u, form.button("answer_open"), form)
        view = slack.wait_for(
            lambda u=u: [v for uu, v in slack.views if uu == u and v["title"]["text"] == "Follow-up check-in"]
        )[-1]
        sent_reply = send_preview(bot, u, bot.submit(u, view, {"rating__difference": 4}))  # Next, then Send
        assert sent_reply.json == {"response_action": "clear"}
    simulate(server, slack, clock, datetime(2026, 7, 28, 12, tzinfo=UTC))
    results = [m for m in slack.dms("ULEAD") if m.text == "Results: Follow-up check-in"]
    assert len(results) == 1 and "5 of 5 answered" in results[0].all_text and "mean 4.0" in results[0].all_text

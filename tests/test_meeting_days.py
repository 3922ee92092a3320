"""The team meeting over a few days, under the fake clock: each phase open until its time, the meeting moving on
by itself, and each person told of a new phase only inside their own working hours (their Slack time zone)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.clock import FakeClock
from bot.entrypoints.server import Server
from bot.jobs.scheduler import sweep
from doubles.driver import Bot
from doubles.fake_slack import FakeSlack
from doubles.scenario import WELL_BEING, all_ratings, answer, start_round, summary_of
from storage import meetings as meeting_store

MEMBERS = ["U1", "U2", "U3", "U4", "U5", "U6"]
ZONES = {"U1": "America/New_York", "U2": "Asia/Tokyo"}  # the others and the lead work in Copenhagen


def test_a_meeting_over_three_days_announces_phases_only_in_working_hours(
    start_server: Callable[..., Server], slack: FakeSlack, clock: FakeClock, sqlite_url: str
) -> None:
    # Monday 08:00 in Copenhagen.
    now = clock.now()
    monday = (now + timedelta(days=(7 - now.weekday()) % 7 or 7)).replace(hour=7, minute=0, second=0)
    clock.advance(monday - now)
    server = start_server(sqlite_url, use_clock=clock, scheduler=False)
    bot = Bot(server.url, slack)
    for member in MEMBERS:
        slack.user(member, tz=ZONES.get(member, "Europe/Copenhagen"))
    slack.user("ULEAD")
    start_round(bot, slack, "ULEAD", MEMBERS, clock.now() + timedelta(hours=1))
    sweep(server.rt)
    for i, member in enumerate(MEMBERS):
        assert answer(bot, slack, member, all_ratings(1 + i % 5, WELL_BEING)).status == 200
    clock.advance(timedelta(hours=1, minutes=1))
    sweep(server.rt)
    summary_of(slack, "ULEAD")
    ask = slack.wait_for(lambda: next((x for x in slack.dms("ULEAD") if "meeting_setup" in str(x.blocks)), None))
    before = len(slack.views)
    bot.click("ULEAD", ask.button("meeting_setup"), ask)
    slack.wait_for(lambda: len(slack.views) > before, what="the set-up form")
    setup = slack.last_view("ULEAD")

    # A meeting over a few days needs its closing time, in the future.
    reply = bot.submit("ULEAD", setup, {"mode": "days", "themes": ["workload", "meaning"], "votes": "2"})
    assert reply.json["response_action"] == "errors" and "until" in reply.json["errors"]
    until = clock.now() + timedelta(days=3)
    reply = bot.submit(
        "ULEAD",
        setup,
        {"mode": "days", "themes": ["workload", "meaning"], "votes": "2", "until": int(until.timestamp())},
    )
    assert reply.status == 200 and not reply.body, reply
    slack.wait_for(lambda: slack.private, what="the meeting's channel")

    # Three days, a sweep every half hour.
    announced: dict[str, list[datetime]] = {}
    seen = 0
    while clock.now() < until + timedelta(days=1):
        sweep(server.rt)
        server.rt.pool.submit(lambda: None).result()  # background work of this moment done
        with slack.lock:
            fresh, seen = slack.messages[seen:], len(slack.messages)
        for msg in fresh:
            if "has moved on to" in msg.all_text:
                user = next(u for u in [*MEMBERS, "ULEAD"] if slack.dm_channel(u) == msg.channel)
                announced.setdefault(user, []).append(clock.now())
        clock.advance(timedelta(minutes=30))

    m = meeting_store.get(server.rt.db, 1)
    assert m is not None and m.status == "ended" and m.salt is None  # it ended by itself at its closing time
    assert slack.canvases, "the record went to the channel"
    for user in [*MEMBERS, "ULEAD"]:
        times = announced.get(user, [])
        assert len(times) == 4, (user, times)  # two themes, voting, actions: each phase once
        tz = ZoneInfo(ZONES.get(user, "Europe/Copenhagen"))
        for at in times:
            local = at.astimezone(tz)
            assert local.weekday() < 5 and 9 <= local.hour and (local.hour, local.minute) < (15, 30), (user, local)
    # Someone in Tokyo and someone in New York heard of the same phase at different moments.
    assert announced["U1"][1] != announced["U2"][1]

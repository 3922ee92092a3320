"""Workshops over HTTP: HR's form, one-click registration under contention, waitlist, reminders, calendar."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import FakeClock
from bot.entrypoints.server import Server
from doubles.driver import ANSWER_KEY, Bot
from doubles.fake_slack import FakeSlack
from doubles.scenario import simulate
from storage import workshops as workshop_store
from storage.db import Database
from storage.status import SeatStatus


def form(start: datetime, **over: object) -> dict[str, object]:
    values: dict[str, object] = {
        "title": "How did the Well-being Dialogue go?",
        "description": "Pros & cons <!channel>",
        "starts": int(start.timestamp()),
        "ends": int((start + timedelta(hours=2)).timestamp()),
        "place": "Room 4 / https://meet.example.org/ws",
        "capacity": "20",
        "deadline": int((start - timedelta(days=1)).timestamp()),
        "concept": "well_being",
        "channel": "C0ALL",
    }
    values.update(over)
    return values


def create(bot: Bot, slack: FakeSlack, values: dict[str, object]):  # type: ignore[no-untyped-def]
    listing = bot.slash("UHR", "workshops").json
    new = next(
        el for b in listing["blocks"] if b["type"] == "actions" for el in b["elements"] if el["action_id"] == "ws_new"
    )
    bot.click("UHR", new)
    view = slack.wait_for(lambda: [v for u, v in slack.views if u == "UHR" and v["callback_id"] == "ws_submit"])[-1]
    return bot.submit("UHR", view, values), view


@pytest.fixture
def hr_bot(start_server: Callable[..., Server], database_url: str, slack: FakeSlack):  # type: ignore[no-untyped-def]
    clock = FakeClock(datetime(2026, 6, 1, 8, tzinfo=UTC))  # Monday 10:00 in Copenhagen
    server = start_server(database_url, use_clock=clock, scheduler=False, hr_admins="UHR")
    slack.user("UHR", locale="da-DK")
    slack.channel("C0ALL", [])
    return server, Bot(server.url, slack), clock


def test_hr_form_errors_are_inline_and_in_danish(hr_bot: tuple[Server, Bot, FakeClock], slack: FakeSlack) -> None:
    server, bot, clock = hr_bot
    start = datetime(2026, 6, 10, 12, tzinfo=UTC)
    reply, view = create(bot, slack, form(start, capacity="0"))
    assert view["title"]["text"] == "Ny workshop"
    assert reply.json["errors"] == {"capacity": "Skriv et helt antal pladser, mindst 1."}
    bad = bot.submit(
        "UHR",
        view,
        form(
            start,
            title="*Bold* <b>",
            capacity="-3",
            ends=int((start - timedelta(hours=1)).timestamp()),
            deadline=int((start + timedelta(hours=1)).timestamp()),
            channel=None,
        ),
    )
    assert bad.json["errors"] == {
        "title": "Brug almindelig tekst: ingen < > * _ ~ eller ` i titlen.",
        "capacity": "Skriv et helt antal pladser, mindst 1.",
        "ends": "Slutningen skal være efter starten.",
        "deadline": "Tilmeldingen skal lukke, før workshoppen starter.",
        "channel": "Vælg en kanal eller personer at annoncere den for.",
    }
    slack.user("UEMP")
    assert "Kun HR" not in bot.slash("UEMP", "workshops").body  # anyone sees the list …
    assert bot.submit("UEMP", view, form(start)).json["response_action"] == "update"  # … only HR creates


def test_hundred_clicks_in_one_second_for_twenty_seats_over_http(
    hr_bot: tuple[Server, Bot, FakeClock], slack: FakeSlack, database_url: str
) -> None:
    server, bot, clock = hr_bot
    reply, _ = create(bot, slack, form(datetime(2026, 6, 10, 12, tzinfo=UTC)))
    assert reply.body == ""
    ann = slack.wait_for(lambda: next((m for m in slack.messages if m.channel == "C0ALL"), None))
    assert "20 af 20 pladser tilbage" in ann.all_text and "&lt;!channel&gt;" in ann.all_text
    button = ann.button("ws_register")
    people = [f"U{i:03d}" for i in range(100)]
    for p in people:
        slack.user(p)
    replies: list[int] = []
    barrier = threading.Barrier(25)

    def clicker(batch: list[str]) -> None:
        barrier.wait()
        for p in batch:
            replies.append(bot.click(p, button, ann).status)

    threads = [threading.Thread(target=clicker, args=(people[i::25],)) for i in range(25)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert replies == [200] * 100
    db = Database(database_url, ANSWER_KEY)
    w = workshop_store.upcoming(db, clock.now())[0]
    assert w.id is not None
    seats = workshop_store.seats(db, w.id)
    assert len(seats) == 100 and len({s.user_id for s in seats}) == 100
    assert sum(s.status == SeatStatus.REGISTERED for s in seats) == 20 and w.seats_taken == 20
    assert sum(s.status == SeatStatus.WAITLISTED for s in seats) == 80
    # Twice is still once.
    bot.click("U000", button, ann)
    assert len(workshop_store.seats(db, w.id)) == 100
    full = re.compile(r"(?<!\d)0 af 20 pladser tilbage")  # not the "10 af 20" of an edit still on its way
    slack.wait_for(lambda: full.search(ann.all_text), what="the announcement to update in place")
    assert "Skriv mig på ventelisten" in ann.all_text
    slack.wait_for(lambda: all(slack.dms(p) for p in people), timeout=20, what="a DM to everyone")
    db.dispose()


def test_cancel_promotes_the_next_who_is_told_and_gets_a_calendar_file(
    hr_bot: tuple[Server, Bot, FakeClock], slack: FakeSlack
) -> None:
    server, bot, clock = hr_bot
    create(bot, slack, form(datetime(2026, 6, 10, 12, tzinfo=UTC), capacity="1"))
    ann = slack.wait_for(lambda: next((m for m in slack.messages if m.channel == "C0ALL"), None))
    for p in ("UA", "UB", "UC"):
        slack.user(p)
        bot.click(p, ann.button("ws_register"), ann)
    assert "number 2 on the waitlist" in slack.wait_for(lambda: slack.dms("UC") and slack.dms("UC")[-1]).all_text
    dm = slack.wait_for(lambda: next((m for m in slack.dms("UA") if "registered for" in m.all_text), None))
    bot.click("UA", dm.button("ws_leave"), dm)
    promoted = slack.wait_for(lambda: next((m for m in slack.dms("UB") if "A seat freed up" in m.all_text), None))
    bot.click("UB", promoted.button("ws_ics"), promoted)
    ics = slack.wait_for(
        lambda: next((u for u in slack.uploads.values() if u["filename"].endswith(".ics") and u["data"]), None),
        what="the .ics file",
    )
    body = ics["data"].decode()
    assert "BEGIN:VEVENT" in body and "DTSTART:20260610T120000Z" in body and "\r\n" in body
    assert "How did the Well-being Dialogue go?" in body
    # Registering again after the deadline, or for a cancelled workshop, changes nothing and says why.
    slack.user("UD")
    clock.advance(timedelta(days=8, hours=5))  # past the deadline (9 June 12:00)
    bot.click("UD", ann.button("ws_register"), ann)
    slack.wait_for(
        lambda: any("Registration for this workshop has closed" in r.get("text", "") for r in slack.responses)
    )


def test_reminders_the_working_day_before_and_an_hour_before_inside_the_window(
    hr_bot: tuple[Server, Bot, FakeClock], slack: FakeSlack
) -> None:
    server, bot, clock = hr_bot
    start = datetime(2026, 6, 8, 12, tzinfo=UTC)  # Monday 14:00 in Copenhagen
    create(bot, slack, form(start, deadline=int((start - timedelta(hours=3)).timestamp())))
    ann = slack.wait_for(lambda: next((m for m in slack.messages if m.channel == "C0ALL"), None))
    slack.user("UA", tz="Europe/Copenhagen")
    slack.user("UB", tz="America/New_York")  # 08:00 in New York an hour before: outside the window
    for p in ("UA", "UB"):
        bot.click(p, ann.button("ws_register"), ann)
        slack.wait_for(lambda p=p: slack.dms(p))
    sent = simulate(server, slack, clock, start)
    cph = [
        t.astimezone(ZoneInfo("Europe/Copenhagen")).strftime("%a %H:%M")
        for t, m in sent
        if m.channel == "DA" and "Reminder" in m.text
    ]
    assert cph == ["Fri 09:00", "Mon 13:00"]  # the working day before (a weekend in between), then 1 h before
    nyc = [t for t, m in sent if m.channel == "DB" and "Reminder" in m.text]
    assert len(nyc) == 1 and nyc[0].astimezone(ZoneInfo("America/New_York")).strftime("%a %H:%M") == "Fri 09:00"


def test_hr_cancels_and_everyone_registered_or_waiting_is_told(
    hr_bot: tuple[Server, Bot, FakeClock], slack: FakeSlack
) -> None:
    server, bot, clock = hr_bot
    create(bot, slack, form(datetime(2026, 6, 10, 12, tzinfo=UTC), capacity="1"))
    ann = slack.wait_for(lambda: next((m for m in slack.messages if m.channel == "C0ALL"), None))
    for p in ("UA", "UB"):
        slack.user(p)
        bot.click(p, ann.button("ws_register"), ann)
        slack.wait_for(lambda p=p: slack.dms(p))
    listing = bot.slash("UHR", "workshops").json
    assert "UA" in str(listing) and "UB" in str(listing)  # HR sees registrations and the waitlist
    cancel = next(
        el
        for b in listing["blocks"]
        if b["type"] == "actions"
        for el in b["elements"]
        if el["action_id"] == "ws_cancel"
    )
    slack.user("UEMP")
    bot.click("UEMP", cancel)  # not HR: refused
    bot.click("UHR", cancel)
    for p in ("UA", "UB"):
        slack.wait_for(lambda p=p: any("is cancelled" in m.text for m in slack.dms(p)), what=f"{p} told")
    slack.wait_for(lambda: "er aflyst" in ann.all_text)

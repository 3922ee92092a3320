"""Outlook invitations through msal and Graph, against a local HTTPS fake that trusts only a test CA."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.clock import FakeClock
from bot.core.settings import Settings, load_settings
from bot.entrypoints.server import Server
from bot.outbound.graph import GraphError, Outlook
from doubles.driver import ANSWER_KEY, Bot
from doubles.fake_graph import FakeGraph
from doubles.fake_slack import TOKEN, FakeSlack
from storage import workshops as workshop_store
from storage.db import Database
from storage.status import CalendarStatus, SeatStatus
from tests.test_workshops import create, form


@pytest.fixture
def graph(tmp_path: Path):  # type: ignore[no-untyped-def]
    g = FakeGraph(tmp_path / "ca.pem")
    yield g
    g.stop()


def outlook(graph: FakeGraph, **kw: Any) -> Outlook:
    settings = load_settings(
        Settings, slack_bot_token=TOKEN, slack_signing_secret="s", slack_app_token=None, **graph.settings()
    )
    return Outlook(settings, **kw)


def test_token_is_requested_once_and_reused(graph: FakeGraph) -> None:
    graph.users["ann@example.com"] = "ann@example.com"
    o = outlook(graph)
    assert [o.find_user("ann@example.com") for _ in range(3)] == ["ann@example.com"] * 3
    assert o.find_user("nobody@example.com") is None
    assert graph.token_requests == 1


def test_429_and_503_with_retry_after_are_retried(graph: FakeGraph) -> None:
    graph.users["ann@example.com"] = "ann@example.com"
    graph.fail("GET", "/v1.0/users", 429, retry_after="1")
    graph.fail("GET", "/v1.0/users", 503, retry_after="0")
    assert outlook(graph).find_user("ann@example.com") == "ann@example.com"
    assert [c for c in graph.calls if c[1].startswith("/v1.0/users")].__len__() == 3


def test_a_401_gets_a_fresh_token_once(graph: FakeGraph) -> None:
    graph.users["ann@example.com"] = "ann@example.com"
    o = outlook(graph)
    o.find_user("ann@example.com")
    graph.revoke_tokens()
    assert o.find_user("ann@example.com") == "ann@example.com"
    assert graph.token_requests == 2


def test_an_outage_that_outlasts_the_retries_is_an_error_not_a_hang(graph: FakeGraph) -> None:
    graph.fail("GET", "/v1.0/users", 503, times=10, retry_after="0")
    with pytest.raises(GraphError):
        outlook(graph, attempts=3).find_user("ann@example.com")


def test_registration_cancel_and_promotion_keep_the_outlook_event_in_step(
    start_server: Callable[..., Server], sqlite_url: str, slack: FakeSlack, graph: FakeGraph
) -> None:
    clock = FakeClock(datetime(2026, 6, 1, 8, tzinfo=UTC))
    server = start_server(sqlite_url, use_clock=clock, scheduler=False, hr_admins="UHR", **graph.settings())
    bot = Bot(server.url, slack)
    slack.user("UHR")
    slack.channel("C0ALL", [])
    for u in ("UA", "UB", "UC"):
        slack.user(u)  # e-mails ua@example.com, …
    graph.users.update({"ua@example.com": "ua@example.com", "ub@example.com": "ub@example.com"})  # UC: no match
    create(bot, slack, form(datetime(2026, 6, 10, 12, tzinfo=UTC), capacity="2"))
    ann = slack.wait_for(lambda: next((m for m in slack.messages if m.channel == "C0ALL"), None))
    bot.click("UA", ann.button("ws_register"), ann)
    slack.wait_for(lambda: graph.events and graph.attendees() == ["ua@example.com"], what="UA in the event")
    seat_a = slack.wait_for(lambda: next((m for m in slack.dms("UA") if "registered for" in m.all_text), None))
    slack.wait_for(lambda: "It is in your Outlook calendar" in seat_a.all_text, what="UA's entry confirmed")
    bot.click("UC", ann.button("ws_register"), ann)  # no Graph user for UC: an .ics in the DM instead
    slack.wait_for(
        lambda: any(u["filename"].endswith(".ics") and u["data"] for u in slack.uploads.values()),
        what="the .ics fallback",
    )
    bot.click("UB", ann.button("ws_register"), ann)  # full: waitlisted, not in the event
    slack.wait_for(lambda: slack.dms("UB"))
    assert graph.attendees() == ["ua@example.com"]

    dm = next(m for m in slack.dms("UA") if "registered for" in m.all_text)
    bot.click("UA", dm.button("ws_leave"), dm)
    slack.wait_for(lambda: graph.attendees() == ["ub@example.com"], what="UB promoted into the event, UA out")
    assert any("A seat freed up" in m.all_text for m in slack.dms("UB"))
    assert len(graph.events) == 1  # created once

    # A Graph outage leaves the seat taken, shows in HR's view, and the sweep catches up afterwards.
    slack.user("UD")
    graph.users["ud@example.com"] = "ud@example.com"
    graph.fail("PATCH", "/v1.0/users", 503, times=10, retry_after="0")  # two syncs x 5 attempts
    dm_b = next(m for m in slack.dms("UB") if "A seat freed up" in m.all_text)
    bot.click("UB", dm_b.button("ws_leave"), dm_b)
    bot.click("UD", ann.button("ws_register"), ann)
    db = Database(sqlite_url, ANSWER_KEY)
    w = workshop_store.upcoming(db, clock.now())[0]
    wid = w.id
    assert wid is not None
    slack.wait_for(
        lambda: any(s.calendar == CalendarStatus.FAILED for s in workshop_store.seats(db, wid)),
        what="the failure recorded",
    )
    seat = workshop_store.seat_of(db, wid, "UD")
    assert seat is not None and seat.status == SeatStatus.REGISTERED
    assert "1 calendar update failed" in bot.slash("UHR", "workshops").body
    from bot.jobs.scheduler import sweep

    sweep(server.rt)
    assert "ud@example.com" in graph.attendees() and "ub@example.com" not in graph.attendees()
    db.dispose()
    clock.advance(timedelta(seconds=1))


def test_people_are_found_by_mail_and_aliases_not_only_their_principal_name(graph: FakeGraph) -> None:
    graph.directory.append(
        {
            "mail": "ann.smith@example.com",
            "userPrincipalName": "as123@corp.onmicrosoft.com",
            "proxyAddresses": ["SMTP:ann.smith@example.com", "smtp:ann@example.com"],
        }
    )
    graph.directory.append({"mail": "o'brien@example.com", "userPrincipalName": "ob@corp.onmicrosoft.com"})
    o = outlook(graph)
    assert o.find_user("ann.smith@example.com") == "ann.smith@example.com"  # by mail
    assert o.find_user("Ann@Example.com") == "ann.smith@example.com"  # by an alias, any case
    assert o.find_user("as123@corp.onmicrosoft.com") == "ann.smith@example.com"  # by principal name
    assert o.find_user("o'brien@example.com") == "o'brien@example.com"  # a quote in the address is escaped
    assert o.find_user("nobody@example.com") is None


def _ics_messages(slack: FakeSlack, user: str) -> list[Any]:
    return [m for m in slack.dms(user) if any(f["name"].endswith(".ics") for f in m.files or [])]


def _edit(bot: Bot, slack: FakeSlack, values: dict[str, object]) -> None:
    listing = bot.slash("UHR", "workshops").json
    edit = next(
        el for b in listing["blocks"] if b["type"] == "actions" for el in b["elements"] if el["action_id"] == "ws_edit"
    )
    before = len([v for u, v in slack.views if u == "UHR"])
    bot.click("UHR", edit)
    view = slack.wait_for(lambda: [v for u, v in slack.views if u == "UHR"][before:])[-1]
    assert bot.submit("UHR", view, values).status == 200


def test_a_person_outlook_does_not_know_gets_one_file_and_a_new_one_only_when_time_or_place_change(
    start_server: Callable[..., Server], sqlite_url: str, slack: FakeSlack, graph: FakeGraph
) -> None:
    clock = FakeClock(datetime(2026, 6, 1, 8, tzinfo=UTC))
    server = start_server(sqlite_url, use_clock=clock, scheduler=False, hr_admins="UHR", **graph.settings())
    bot = Bot(server.url, slack)
    slack.user("UHR")
    slack.channel("C0ALL", [])
    for u in ("UA", "UB", "UC"):
        slack.user(u)
    graph.users.update({"ua@example.com": "ua@example.com", "ub@example.com": "ub@example.com"})  # UC: no match
    start = datetime(2026, 6, 10, 12, tzinfo=UTC)
    create(bot, slack, form(start, capacity="5"))
    ann = slack.wait_for(lambda: next((m for m in slack.messages if m.channel == "C0ALL"), None))
    bot.click("UC", ann.button("ws_register"), ann)
    slack.wait_for(lambda: len(_ics_messages(slack, "UC")) == 1, what="UC's calendar file")
    seat_c = slack.wait_for(lambda: next((m for m in slack.dms("UC") if "registered for" in m.all_text), None))
    slack.wait_for(lambda: "Outlook does not know your Slack e-mail" in seat_c.all_text, what="UC told, not misled")
    assert "It is in your Outlook calendar" not in seat_c.all_text and seat_c.button("ws_ics")
    # Later changes to the event (others registering and leaving) send UC nothing new.
    bot.click("UA", ann.button("ws_register"), ann)
    seat_a = slack.wait_for(lambda: next((m for m in slack.dms("UA") if "registered for" in m.all_text), None))
    slack.wait_for(lambda: "It is in your Outlook calendar" in seat_a.all_text, what="UA's entry confirmed")
    bot.click("UB", ann.button("ws_register"), ann)
    slack.wait_for(lambda: graph.attendees() == ["ua@example.com", "ub@example.com"])
    bot.click("UA", seat_a.button("ws_leave"), seat_a)
    slack.wait_for(lambda: graph.attendees() == ["ub@example.com"])
    _edit(bot, slack, form(start, capacity="5", description="Now with coffee"))  # neither time nor place
    slack.wait_for(lambda: "Now with coffee" in str(graph.events), what="the event's new description")
    assert len(_ics_messages(slack, "UC")) == 1
    # A new place: the event moves, and UC gets a new file saying what changed.
    _edit(bot, slack, form(start, capacity="5", description="Now with coffee", place="Room 9"))
    slack.wait_for(lambda: len(_ics_messages(slack, "UC")) == 2, what="UC's updated calendar file")
    assert "new place Room 9" in _ics_messages(slack, "UC")[-1].text
    assert "new time" not in _ics_messages(slack, "UC")[-1].text
    assert next(iter(graph.events.values()))["location"] == {"displayName": "Room 9"}
    sync_calls = len([c for c in graph.calls if c[0] == "PATCH"])
    assert sync_calls >= 5 and len(_ics_messages(slack, "UC")) == 2

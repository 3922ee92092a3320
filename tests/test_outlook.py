"""Outlook invitations through msal and Graph, against a local HTTPS fake that trusts only a test CA."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FakeClock
from bot.graph import GraphError, Outlook
from bot.settings import load_settings
from storage import workshops as workshop_store
from storage.db import Database
from tests.driver import ANSWER_KEY, Bot
from tests.fake_graph import FakeGraph
from tests.fake_slack import TOKEN
from tests.test_workshops import create, form


@pytest.fixture
def graph(tmp_path):  # type: ignore[no-untyped-def]
    g = FakeGraph(tmp_path / "ca.pem")
    yield g
    g.stop()


def outlook(graph: FakeGraph, **kw) -> Outlook:  # type: ignore[no-untyped-def]
    settings = load_settings(slack_bot_token=TOKEN, slack_signing_secret="s", slack_app_token=None, **graph.settings())
    return Outlook(settings, **kw)


def test_token_is_requested_once_and_reused(graph):
    graph.users["ann@example.com"] = "ann@example.com"
    o = outlook(graph)
    assert [o.find_user("ann@example.com") for _ in range(3)] == ["ann@example.com"] * 3
    assert o.find_user("nobody@example.com") is None
    assert graph.token_requests == 1


def test_429_and_503_with_retry_after_are_retried(graph):
    graph.users["ann@example.com"] = "ann@example.com"
    graph.fail("GET", "/v1.0/users", 429, retry_after="1")
    graph.fail("GET", "/v1.0/users", 503, retry_after="0")
    assert outlook(graph).find_user("ann@example.com") == "ann@example.com"
    assert [c for c in graph.calls if c[1].startswith("/v1.0/users")].__len__() == 3


def test_a_401_gets_a_fresh_token_once(graph):
    graph.users["ann@example.com"] = "ann@example.com"
    o = outlook(graph)
    o.find_user("ann@example.com")
    graph.revoke_tokens()
    assert o.find_user("ann@example.com") == "ann@example.com"
    assert graph.token_requests == 2


def test_an_outage_that_outlasts_the_retries_is_an_error_not_a_hang(graph):
    graph.fail("GET", "/v1.0/users", 503, times=10, retry_after="0")
    with pytest.raises(GraphError):
        outlook(graph, attempts=3).find_user("ann@example.com")


def test_registration_cancel_and_promotion_keep_the_outlook_event_in_step(start_server, sqlite_url, slack, graph):
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
    assert "in your Outlook calendar" in slack.wait_for(lambda: slack.dms("UA") and slack.dms("UA")[-1]).all_text
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
    slack.wait_for(
        lambda: any(s.calendar == "failed" for s in workshop_store.seats(db, w.id)), what="the failure recorded"
    )
    assert workshop_store.seat_of(db, w.id, "UD").status == "registered"
    assert "1 calendar update failed" in bot.slash("UHR", "workshops").body
    from bot.scheduler import sweep

    sweep(server.rt)
    assert "ud@example.com" in graph.attendees() and "ub@example.com" not in graph.attendees()
    db.dispose()
    clock.advance(timedelta(seconds=1))

"""Slack outages and rate limits are retried, never dropped, never doubled; failures show on the lead's status."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from bot.core.clock import FakeClock
from bot.entrypoints.server import Server
from doubles.driver import Bot
from doubles.fake_slack import FakeSlack
from doubles.scenario import invitation, start_round
from flows import engine as fe


def test_429_with_retry_after_and_5xx_are_retried_and_sent_once(bot: Bot, slack: FakeSlack, clock: FakeClock) -> None:
    slack.fail("chat.postMessage", status=429, retry_after=1)
    slack.fail("chat.postMessage", status=503)
    start_round(bot, slack, "ULEAD", ["U1"], clock.now() + timedelta(hours=1))
    dm = invitation(slack, "U1")
    assert "<@ULEAD>" in dm.all_text
    assert len(slack.dms("U1")) == 1
    assert slack.count("chat.postMessage") >= 3  # the two failures and the success


def test_an_outage_is_retried_later_by_the_sweep_and_shown_meanwhile(
    bot: Bot, slack: FakeSlack, clock: FakeClock
) -> None:
    slack.fail("chat.postMessage", error="internal_error")  # ok:false, not retried by the client
    start_round(bot, slack, "ULEAD", ["U1"], clock.now() + timedelta(hours=1))
    status = slack.wait_for(lambda: next((m for m in slack.dms("ULEAD") if "is running" in m.all_text), None))
    slack.wait_for(lambda: "could not be delivered yet" in status.all_text, what="the failure on the status")
    assert slack.dms("U1") == []
    clock.advance(timedelta(seconds=20))  # past the first backoff: the sweep tries again
    invitation(slack, "U1")
    slack.wait_for(lambda: "could not be delivered" not in status.all_text, what="the status to clear")
    clock.advance(timedelta(minutes=10))
    assert len(slack.dms("U1")) == 1


def test_a_permanent_error_is_not_retried_and_is_shown(bot: Bot, slack: FakeSlack, clock: FakeClock) -> None:
    slack.fail("chat.postMessage", error="user_disabled")  # will never work: not retried
    start_round(bot, slack, "ULEAD", ["U1"], clock.now() + timedelta(hours=1))
    status = slack.wait_for(lambda: next((m for m in slack.dms("ULEAD") if "is running" in m.all_text), None))
    slack.wait_for(lambda: "could not be delivered (see the log)" in status.all_text)
    calls = slack.count("chat.postMessage")
    clock.advance(timedelta(minutes=30))
    time.sleep(0.5)  # several sweeps (every 0.1 s) pass
    assert slack.count("chat.postMessage") == calls and slack.dms("U1") == []


def test_channel_members_are_invited_and_a_missing_channel_is_explained(
    bot: Bot, slack: FakeSlack, clock: FakeClock
) -> None:
    slack.user("U7")
    slack.user("UBOT", is_bot=True)
    slack.channel("C0TEAM", ["U7", "UBOT"])
    start_round(bot, slack, "ULEAD", ["U1"], clock.now() + timedelta(hours=1), channel="C0TEAM")
    invitation(slack, "U7")
    invitation(slack, "U1")
    assert slack.dms("UBOT") == []
    status = slack.wait_for(lambda: next((m for m in slack.dms("ULEAD") if "is running" in m.all_text), None))
    slack.wait_for(lambda: "0 of 2" in status.all_text)
    start_round(bot, slack, "ULEAD2", [], clock.now() + timedelta(hours=1), channel="C0GONE")
    status = slack.wait_for(lambda: next((m for m in slack.dms("ULEAD2") if "is running" in m.all_text), None))
    slack.wait_for(lambda: "Could not read the members" in status.all_text and "channel_not_found" in status.all_text)


def test_a_status_post_that_loses_a_race_is_refreshed_by_the_next_sweep(
    start_server: Callable[..., Server], database_url: str, slack: FakeSlack, clock: FakeClock
) -> None:
    """Two threads refresh a new round's status at once: the one that finds the other mid-post must not drop
    what it counted (a failure found since, say). The round stays marked, and the next sweep posts it."""
    from bot.jobs.scheduler import sweep
    from bot.services.rounds import refresh_status
    from doubles.scenario import make_round
    from storage import deliveries, keys
    from storage import rounds as round_store

    slack.user("UL")
    server = start_server(database_url, scheduler=False)
    db = server.rt.db
    rid = make_round(db, ["U1"], now=clock.now())
    round_store.mark_done(db, rid, "invited", clock.now())  # nothing else would refresh it: only the mark can
    assert deliveries.claim(db, keys.status(rid), rid, clock.now(), user_id="UL")  # another thread is posting it
    refresh_status(server.rt, rid)
    stored = round_store.get_round(db, rid)
    assert stored is not None and stored.status_dirty and slack.dms("UL") == []
    deliveries.mark_failed(db, keys.status(rid), "internal_error", clock.now(), permanent=False)  # it did not land
    clock.advance(timedelta(seconds=20))  # past the backoff
    sweep(server.rt)
    status = slack.wait_for(lambda: next((m for m in slack.dms("UL") if "is running" in m.all_text), None))
    stored = round_store.get_round(db, rid)
    assert "0 of 1" in status.all_text and stored is not None and not stored.status_dirty


def test_a_scheduler_taking_over_refreshes_every_open_rounds_status(
    start_server: Callable[..., Server], database_url: str, slack: FakeSlack, clock: FakeClock
) -> None:
    """A sweep takes every 'needs refresh' flag at once; if it dies before posting them, those statuses would
    stay stale. The next scheduler to act marks every open round, so its first sweep brings them up to date."""
    from bot.services.rounds import refresh_status
    from doubles.scenario import make_round
    from storage import rounds as round_store

    slack.user("UL")
    first = start_server(database_url, scheduler=False)
    db = first.rt.db
    rid = make_round(db, ["U1", "U2"], now=clock.now())
    round_store.mark_done(db, rid, "invited", clock.now())
    refresh_status(first.rt, rid)
    status = slack.wait_for(lambda: next((m for m in slack.dms("UL") if "is running" in m.all_text), None))
    assert "0 of 2" in status.all_text
    round_store.save_response(db, rid, "U1", [fe.Answer("workload", 4, None)], clock.now())
    round_store.mark_dirty(db, rid)
    assert round_store.take_all_dirty(db) == [rid]  # a sweep took the flag… and died before the refresh
    first.stop()

    second = start_server(database_url)  # the scheduler of the next process
    slack.wait_for(lambda: "1 of 2" in status.all_text, what="the status refreshed after the take-over")
    stored = round_store.get_round(second.rt.db, rid)
    assert stored is not None and not stored.status_dirty

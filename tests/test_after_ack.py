"""The lanes that keep acks fast: work after an ack waits behind requests in flight, and the HTTP answer
leaves the moment a listener acks."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import urlencode

from slack_bolt import BoltRequest
from slack_sdk import WebClient

from bot.core.after_ack import AfterAck
from bot.slack.ack_first import AckFirstApp
from doubles.fake_slack import TOKEN, FakeSlack


@contextmanager
def lane(patience: float) -> Iterator[AfterAck]:
    """A one-worker lane, stopped after the test whatever happens."""
    started = AfterAck(workers=1, patience=patience)
    try:
        yield started
    finally:
        started.stop()


def test_work_after_an_ack_waits_while_requests_are_in_flight() -> None:
    ran = threading.Event()
    with lane(patience=30) as work:
        work.request_started()
        work.submit(ran.set)
        assert not ran.wait(0.3)  # a request is still being answered: the work waits
        work.request_finished()
        assert ran.wait(5)  # and runs as soon as none is


def test_work_after_an_ack_is_never_held_longer_than_its_patience() -> None:
    ran = threading.Event()
    with lane(patience=0) as work:
        work.request_started()  # a burst that never ends
        work.submit(ran.set)
        assert ran.wait(5)


def test_the_sweep_waits_for_requests_in_flight_to_be_answered() -> None:
    with lane(patience=30) as work:
        work.request_started()
        sweeper = threading.Thread(target=work.quiet)
        sweeper.start()
        sweeper.join(0.3)
        assert sweeper.is_alive()  # still waiting for the burst
        work.request_finished()
        sweeper.join(5)
        assert not sweeper.is_alive()


def test_work_asked_for_once_runs_once_for_a_burst_and_again_for_what_came_after_it_started() -> None:
    runs: list[int] = []
    started, release = threading.Event(), threading.Event()

    def refresh(n: int) -> None:
        runs.append(n)
        started.set()
        release.wait(5)

    with lane(patience=30) as work:
        work.request_started()
        for n in range(50):  # fifty votes of one meeting while the burst goes on
            work.submit_once("boards", refresh, n)
        work.request_finished()
        assert started.wait(5)
        work.submit_once("boards", refresh, 99)  # came after the run began: it may have missed this one
        release.set()
        work.stop()
    assert runs == [0, 99]


def test_a_failing_piece_of_work_does_not_stop_the_lane() -> None:
    ran = threading.Event()
    with lane(patience=0) as work:
        work.submit(lambda: 1 / 0)
        work.submit(ran.set)
        assert ran.wait(5)


def click(action_id: str) -> BoltRequest:
    payload = {
        "type": "block_actions",
        "team": {"id": "T0001"},
        "user": {"id": "U1", "team_id": "T0001"},
        "api_app_id": "A0001",
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": "1", "action_ts": "1"}],
    }
    return BoltRequest(body=urlencode({"payload": json.dumps(payload)}), headers={})


def app(slack: FakeSlack) -> AckFirstApp:
    return AckFirstApp(
        pool=ThreadPoolExecutor(4),
        client=WebClient(token=TOKEN, base_url=slack.url),
        signing_secret="s",
        token_verification_enabled=False,
        request_verification_enabled=False,
    )


def test_the_answer_leaves_at_ack_while_the_listener_carries_on(slack: FakeSlack) -> None:
    bolt = app(slack)
    release, finished = threading.Event(), threading.Event()

    @bolt.action("slow")
    def slow(ack, body):  # type: ignore[no-untyped-def]
        ack()
        release.wait(10)
        finished.set()

    response = bolt.dispatch(click("slow"))
    assert response.status == 200
    assert not finished.is_set()  # answered before the work after the ack was done
    release.set()
    assert finished.wait(5)


def test_a_listener_that_fails_before_its_ack_gets_a_500_and_one_that_answers_errors_is_heard(slack: FakeSlack) -> None:
    bolt = app(slack)

    @bolt.action("broken")
    def broken(ack):  # type: ignore[no-untyped-def]
        raise RuntimeError("before the ack")

    @bolt.action("errors")
    def errors(ack):  # type: ignore[no-untyped-def]
        ack(response_action="errors", errors={"b": "no"})

    assert bolt.dispatch(click("broken")).status == 500
    answer = bolt.dispatch(click("errors"))
    assert answer.status == 200 and json.loads(answer.body) == {"response_action": "errors", "errors": {"b": "no"}}


def test_an_inline_listener_runs_on_the_request_thread_and_is_answered_when_it_returns(slack: FakeSlack) -> None:
    bolt = app(slack)
    seen: list[str] = []

    @bolt.inline_action("register")
    def register(ack):  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread().name)
        ack(text="seat taken")
        seen.append("after the ack")  # still before the answer leaves: the 200 follows everything it did

    response = bolt.dispatch(click("register"))
    assert response.status == 200 and response.body == "seat taken"
    assert seen == [threading.current_thread().name, "after the ack"]  # no hand-over to a pool thread


def view(callback_id: str) -> BoltRequest:
    payload = {
        "type": "view_submission",
        "team": {"id": "T0001"},
        "user": {"id": "U1", "team_id": "T0001"},
        "api_app_id": "A0001",
        "view": {"id": "V1", "type": "modal", "callback_id": callback_id, "state": {"values": {}}},
    }
    return BoltRequest(body=urlencode({"payload": json.dumps(payload)}), headers={})


def test_listeners_are_matched_on_the_body_alone_and_the_right_one_runs(slack: FakeSlack) -> None:
    """Bolt's own matchers are called with the body (not every argument a listener could ask for), and routing
    is what it was: exact and pattern action ids, view callbacks, inline forms on the request thread."""
    import re

    from slack_bolt.listener_matcher.builtins import BuiltinListenerMatcher

    from bot.slack.ack_first import BodyMatcher

    bolt = app(slack)
    seen: list[str] = []

    def other(ack, action):  # type: ignore[no-untyped-def]
        ack()
        seen.append(action["action_id"])

    for i in range(30):  # others first: the last one registered is found all the same
        bolt.action(f"other_{i}")(other)

    @bolt.action(re.compile("^meeting_(next|back)$"))
    def facilitate(ack, action):  # type: ignore[no-untyped-def]
        ack()
        seen.append(action["action_id"])

    @bolt.inline_view("thought")
    def thought(ack):  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread().name)
        ack(response_action="clear")

    assert all(isinstance(x.matchers[0], BodyMatcher) for x in bolt._listeners)
    assert not any(isinstance(m, BuiltinListenerMatcher) for x in bolt._listeners for m in x.matchers)
    assert bolt.dispatch(click("meeting_back")).status == 200
    assert bolt.dispatch(click("other_7")).status == 200
    answer = bolt.dispatch(view("thought"))
    assert json.loads(answer.body) == {"response_action": "clear"}
    assert bolt.dispatch(click("meeting_nowhere")).status == 404
    for _ in range(50):
        if len(seen) >= 3:
            break
        threading.Event().wait(0.1)
    assert sorted(seen) == sorted(["meeting_back", "other_7", threading.current_thread().name])

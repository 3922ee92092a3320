"""What an adversarial test found, each class with a test: requests the gate does not recognise, other
organisations, payloads of the wrong shape, oversized and slow clients."""

from __future__ import annotations

import json
import socket
import time
import urllib.request
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from bot.core.clock import FakeClock
from bot.entrypoints.server import Server
from doubles.driver import TEAM, Bot
from doubles.fake_slack import FakeSlack
from doubles.scenario import start_round


def _rows(server: Server, sql: str) -> list[Any]:
    with server.rt.db.engine.connect() as c:
        return list(c.execute(text(sql)))


def _healthy(server: Server, timeout: float = 5) -> bool:
    with urllib.request.urlopen(server.url + "/healthz", timeout=timeout) as r:
        return bool(r.status == 200)


def test_interactive_message_and_dialog_submission_are_refused_and_audited(
    bot: Bot, slack: FakeSlack, server: Server, clock: FakeClock
) -> None:
    start_round(bot, slack, "ULEAD", ["U1", "U2"], clock.now() + timedelta(days=2))
    slack.wait_for(lambda: _rows(server, "SELECT id FROM round"), what="the round")
    for callback in ("round_close", "round_remind", "actions_open", "ws_cancel", "ws_new", "answer_open"):
        for kind in ("interactive_message", "dialog_submission"):
            payload = {
                "type": kind,
                "callback_id": callback,
                "team": {"id": TEAM},
                "user": {"id": "U1", "team_id": TEAM},
                "actions": [{"name": callback, "type": "button", "value": "1"}],
                "submission": {"x": "1"},
                "trigger_id": slack.trigger("U1"),
                "response_url": f"{slack.base}/respond/x",
            }
            assert bot.payload(payload).status == 200
    time.sleep(0.3)
    assert _rows(server, "SELECT status FROM round") == [("open",)]  # not closed by a member
    assert not slack.dms("ULEAD") or all("Results" not in m.text for m in slack.dms("ULEAD"))
    refused = _rows(server, "SELECT actor, action, detail, allowed FROM audit WHERE action LIKE 'refused:%'")
    assert len(refused) == 12 and {r[1] for r in refused} == {
        "refused:interactive_message",
        "refused:dialog_submission",
    }
    assert all(r[0] == "U1" and r[3] in (False, 0) for r in refused)


def test_requests_from_another_organisation_are_refused_politely_and_nothing_is_stored(
    bot: Bot, slack: FakeSlack, server: Server, clock: FakeClock
) -> None:
    slack.user("UOUT")
    fields = {
        "team_id": "T0THER",
        "user_id": "UOUT",
        "command": "/dialogue",
        "text": "start",
        "trigger_id": slack.trigger("UOUT"),
        "response_url": f"{slack.base}/respond/1",
    }
    reply = bot.form(fields)
    assert reply.status == 200 and "serves only the organisation that installed it" in reply.json["text"]
    # A round set-up posted from the other organisation: a polite modal, no round, no invitation.
    view = {"type": "modal", "callback_id": "round_start", "id": "V1", "private_metadata": "en", "blocks": []}
    payload = {
        "type": "view_submission",
        "team": {"id": "T0THER"},
        "user": {"id": "UOUT", "team_id": "T0THER"},
        "view": dict(view, state={"values": {"participants": {"value": {"selected_users": ["U1"]}}}}),
    }
    reply = bot.payload(payload)
    assert reply.status == 200 and reply.json["response_action"] == "update"
    # A user of another organisation in a shared channel, clicking in our workspace.
    click = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": "UOUT", "team_id": "T0THER"},
        "actions": [{"action_id": "home_start_round", "value": "start"}],
        "trigger_id": slack.trigger("UOUT"),
    }
    assert bot.payload(click).status == 200
    time.sleep(0.3)
    for table in ("round", "participant", "audit", "delivery"):
        assert _rows(server, f"SELECT * FROM {table}") == [], table
    # The people directory lists the workspace's own members; a request from outside adds no one to it.
    assert _rows(server, "SELECT user_id FROM person WHERE user_id NOT IN ('UOUT')") == []
    assert not [c for c in slack.calls if c[0] in ("users.info", "views.open", "chat.postMessage")]


def test_signed_payloads_of_the_wrong_shape_get_400_and_one_log_line(
    bot: Bot, slack: FakeSlack, server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    slack.user("U1")
    shapes: list[dict[str, Any]] = [
        {"type": "block_actions", "user": "U1", "actions": [{"action_id": "answer_open", "value": "1"}]},
        {"type": "block_actions", "user": {"id": "U1"}, "actions": {"action_id": "answer_open"}},
        {"type": "block_actions", "user": {"id": "U1"}, "actions": [{"action_id": "answer_open", "value": 10**22}]},
        {"type": "view_submission", "user": {"id": "U1"}, "view": "round_start"},
        {"type": "view_submission", "user": {"id": "U1"}, "view": {"callback_id": "x", "private_metadata": 5}},
    ]
    for payload in shapes:
        reply = bot.payload(payload)
        assert reply.status == 400 and "Traceback" not in reply.body, payload
    assert bot.post(json.dumps({"type": "event_callback", "event": "x"}).encode(), "application/json").status == 400
    assert bot.form({"command": "/dialogue", "user_id": ""}).status == 400
    # A 23-digit number where a round id belongs is not one of ours: the polite answer, not a crash.
    big = {"action_id": "answer_open", "value": "1" * 23}
    assert bot.click("U1", big).status == 200
    assert _healthy(server)
    refusals = [r for r in caplog.records if "malformed payload" in r.getMessage()]
    assert len(refusals) == 7 and all(r.exc_info is None for r in refusals)


def test_an_oversized_body_is_refused_from_its_length_before_it_is_read(server: Server) -> None:
    host, port = "127.0.0.1", server.port
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 900000000\r\n\r\n" + b"x" * 65536
        )
        s.settimeout(5)
        answer = s.recv(200)  # without the limit, the server would wait for 900 MB first
    assert answer.startswith(b"HTTP/1.1 413"), answer
    assert _healthy(server)


def test_idle_connections_do_not_crowd_out_slack_or_the_health_check(
    bot: Bot, slack: FakeSlack, server: Server
) -> None:
    idle = []
    try:
        for _ in range(150):  # more than waitress's default connection limit (100)
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            s.sendall(b"POST /slack/events HTTP/1.1\r\n")  # a request line, then nothing
            idle.append(s)
        time.sleep(0.3)
        assert _healthy(server, timeout=5)
        slack.user("U1")
        assert bot.slash("U1", "help").status == 200
    finally:
        for s in idle:
            s.close()


def test_a_replayed_share_or_workshop_form_creates_nothing_twice(
    start_server: Callable[..., Server], sqlite_url: str, slack: FakeSlack
) -> None:
    from tests.test_privacy import share_forms
    from tests.test_workshops import create, form

    server = start_server(sqlite_url, hr_admins="UHR")
    bot = Bot(server.url, slack)
    slack.user("UHR")
    slack.user("U1")
    slack.channel("C0ALL", [])
    bot.slash("U1", "share")
    view = slack.wait_for(lambda: share_forms(slack, "U1"))[-1]
    values = {"dialogue": "leadership", "text__worked": "the walk and talk", "anonymous": "yes"}
    for _ in range(2):  # a replay inside the 5 minutes, or a retry: thanked both times, stored once
        assert "Thank you" in bot.submit("U1", view, values).body
    start = server.rt.clock.now() + timedelta(days=10)
    reply, ws_view = create(bot, slack, form(start))
    assert reply.status == 200 and bot.submit("UHR", ws_view, form(start)).status == 200
    time.sleep(0.3)
    assert _rows(server, "SELECT count(*) FROM experience") == [(1,)]
    assert _rows(server, "SELECT count(*) FROM workshop") == [(1,)]
    # A second form, opened anew, is a new submission: it stores a second experience.
    bot.slash("U1", "share")
    again = slack.wait_for(lambda: share_forms(slack, "U1")[1:])[-1]
    assert "Thank you" in bot.submit("U1", again, values).body
    assert _rows(server, "SELECT count(*) FROM experience") == [(2,)]

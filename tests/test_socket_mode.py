"""Socket Mode: with SLACK_APP_TOKEN the bot connects out and gets commands and clicks over a WebSocket."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable

from bot.entrypoints.server import Server
from doubles.fake_slack import FakeSlack
from doubles.fake_socket_mode import FakeSocketMode


def test_commands_and_clicks_arrive_over_socket_mode_and_are_acked(
    start_server: Callable[..., Server], sqlite_url: str, slack: FakeSlack
) -> None:
    ws = FakeSocketMode()
    slack.socket_url = ws.url
    slack.user("ULEAD")
    try:
        server = start_server(sqlite_url, slack_app_token="xapp-1-test")
        ack = ws.deliver(
            "slash_commands",
            {
                "command": "/dialogue",
                "text": "status",
                "user_id": "ULEAD",
                "team_id": "T0001",
                "channel_id": "C1",
                "trigger_id": slack.trigger("ULEAD"),
                "response_url": f"{slack.base}/respond/1",
            },
        )
        assert "You have no open dialogue rounds" in str(ack.get("payload"))
        ack = ws.deliver(
            "interactive",
            {
                "type": "block_actions",
                "user": {"id": "ULEAD"},
                "team": {"id": "T0001"},
                "trigger_id": slack.trigger("ULEAD"),
                "actions": [{"action_id": "home_start_round", "value": "start"}],
            },
        )
        assert ack.get("envelope_id")
        view = slack.wait_for(lambda: [v for u, v in slack.views if u == "ULEAD"])[-1]
        assert view["callback_id"] == "round_start"  # the modal opened straight after the ack
        with urllib.request.urlopen(server.url + "/healthz", timeout=5) as r:  # HTTP still serves health
            assert r.status == 200
    finally:
        ws.stop()

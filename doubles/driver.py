"""Drives the running bot as Slack would: signed slash commands, clicks, view submissions and events."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from bot.core.settings import DatabaseSettings, load_settings
from doubles.fake_slack import FakeSlack, Message

SECRET = "test-signing-secret"
# The key the bot files anonymous answers under (derived from the signing secret, as without ANSWER_KEY), for
# tests that open the database themselves.
ANSWER_KEY = load_settings(DatabaseSettings, slack_signing_secret=SECRET).answer_key_bytes
TEAM = "T0001"
_ids = itertools.count(1)


@dataclass
class Reply:
    status: int
    body: str

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.body) if self.body else {}


def signed_headers(body: bytes, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Sign as Slack does (written out here, over raw bytes, so even a non-UTF-8 body can be signed)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    mac = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + mac}


def fill(view: dict[str, Any], values: Mapping[str, object]) -> dict[str, Any]:
    """Slack's view.state for `view` with `values` (block id → value) entered, untouched inputs left null."""
    state: dict[str, dict[str, Any]] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        bid, el = block["block_id"], block["element"]
        kind, v = el["type"], values.get(block["block_id"])
        entry: dict[str, Any] = {"type": kind}
        if kind in ("static_select", "radio_buttons"):
            opt = next((o for o in el["options"] if o["value"] == str(v)), None) if v is not None else None
            if v is not None and opt is None:  # a value the form never offered (a forged or stale submission)
                opt = {"text": {"type": "plain_text", "text": str(v)}, "value": str(v)}
            entry["selected_option"] = opt
        elif kind in ("multi_static_select", "checkboxes"):
            chosen = [str(x) for x in (v or [])]  # type: ignore[attr-defined]
            offered = {o["value"]: o for o in el["options"]}
            entry["selected_options"] = [offered.get(x, {"value": x}) for x in chosen]
        elif kind == "users_select":
            entry["selected_user"] = v
        elif kind == "multi_users_select":
            entry["selected_users"] = list(v or [])  # type: ignore[call-overload]
        elif kind == "conversations_select":
            entry["selected_conversation"] = v
        elif kind == "datetimepicker":
            entry["selected_date_time"] = None if v is None else int(v)  # type: ignore[call-overload]
        elif kind == "datepicker":
            entry["selected_date"] = v
        elif kind == "plain_text_input":
            entry["value"] = v
        state[bid] = {el["action_id"]: entry}
    return state


class Bot:
    def __init__(self, url: str, slack: FakeSlack, secret: str = SECRET):
        self.url = url.rstrip("/") + "/slack/events"
        self.slack = slack
        self.secret = secret

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        sign: bool = True,
        timestamp: int | None = None,
    ) -> Reply:
        h = {"Content-Type": content_type}
        if sign:
            h.update(signed_headers(body, self.secret, timestamp))
        h.update(headers or {})
        req = urllib.request.Request(self.url, data=body, headers=h, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return Reply(r.status, r.read().decode())
        except urllib.error.HTTPError as e:
            return Reply(e.code, e.read().decode())

    def form(self, fields: dict[str, str], **kw) -> Reply:  # type: ignore[no-untyped-def]
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded", **kw)

    def payload(self, payload: Mapping[str, object], **kw: Any) -> Reply:
        return self.form({"payload": json.dumps(payload)}, **kw)

    def slash(self, user: str, text: str) -> Reply:
        return self.form(
            {
                "token": "legacy",
                "team_id": TEAM,
                "team_domain": "acme",
                "channel_id": "C0GENERAL",
                "channel_name": "general",
                "user_id": user,
                "user_name": user.lower(),
                "command": "/dialogue",
                "text": text,
                "api_app_id": "A0001",
                "response_url": f"{self.slack.base}/respond/{next(_ids)}",
                "trigger_id": self.slack.trigger(user),
            }
        )

    def click(
        self,
        user: str,
        button: dict[str, Any],
        message: Message | None = None,
        *,
        trigger: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM, "domain": "acme"},
            "user": {"id": user, "team_id": TEAM},
            "api_app_id": "A0001",
            "token": "legacy",
            "trigger_id": trigger or self.slack.trigger(user),
            "response_url": f"{self.slack.base}/respond/{next(_ids)}",
            "actions": [
                {
                    "type": button.get("type", "button"),
                    "action_id": button["action_id"],
                    "block_id": button.get("block_id", "b"),
                    "value": button.get("value"),
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
        if message is not None:
            payload["container"] = {"type": "message", "channel_id": message.channel, "message_ts": message.ts}
            payload["channel"] = {"id": message.channel}
            payload["message"] = {"ts": message.ts, "text": message.text, "blocks": message.blocks}
        return self.payload(payload, headers=headers)

    def submit(
        self, user: str, view: dict[str, Any], values: Mapping[str, object], *, headers: dict[str, str] | None = None
    ) -> Reply:
        submitted = dict(view, state={"values": fill(view, values)}, team_id=TEAM, app_id="A0001")
        if "id" not in view:  # a view the test wrote itself: Slack gives every view an id (stable, for replays)
            submitted["id"] = "V" + hashlib.sha256(json.dumps(view, sort_keys=True).encode()).hexdigest()[:10].upper()
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM, "domain": "acme"},
            "user": {"id": user, "team_id": TEAM},
            "api_app_id": "A0001",
            "token": "legacy",
            "trigger_id": self.slack.trigger(user),
            "view": submitted,
            "response_urls": [],
        }
        return self.payload(payload, headers=headers)

    def event(self, event: dict[str, Any], event_id: str | None = None, retry_num: int | None = None) -> Reply:
        body = {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A0001",
            "type": "event_callback",
            "event": event,
            "event_id": event_id or f"Ev{next(_ids):08d}",
            "event_time": int(time.time()),
        }
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else {}
        return self.post(json.dumps(body).encode(), "application/json", headers=headers)

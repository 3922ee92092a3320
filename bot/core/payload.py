"""Reading what Slack sends (button values, modal state) and answering under a clicked message.

Every read here tolerates a payload of the wrong shape (a string where a dict belongs, a list that is not one):
a signed request can still be malformed, and the answer to that is "nothing there", never a crash.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import zlib
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Respond

from flows.text import clean

Payload = Mapping[str, object]
"""Something Slack sent (a body, a view, an action): JSON whose shape is not promised, read field by field here."""

BoltPayload = dict[str, Any]
"""A payload as Bolt hands it to a listener — body, command, action, view or event — in Bolt's own type
(`Dict[str, Any]`). Listeners index it only where `shape_problem` checked the field at the edge (a user's id, a
trigger_id, an action's value); everything else goes through the readers here, which take any `Payload`."""

MAX_ID = 2**53  # ids we hand out are far smaller; a 23-digit "number" is not one of ours


def int_value(value: object) -> int | None:
    """A button value or private_metadata that should be a number (a round, a workshop); None if it is not."""
    if isinstance(value, bool):
        return None
    try:
        n = int(str(value))
    except ValueError:
        return None
    return n if -MAX_ID < n < MAX_ID else None


def as_dict(value: object) -> Payload:
    """`value` if it is a JSON object, else an empty one: a field of the wrong shape reads as absent."""
    return value if isinstance(value, dict) else {}


PACKED = "z:"  # a modal's metadata that had to be compressed to fit Slack's 3,000 characters


def packed_json(value: Mapping[str, object], limit: int = 3000) -> str | None:
    """`value` as JSON for a modal's metadata, compressed (PACKED) when too long; None when it cannot fit."""
    raw = json.dumps(value, ensure_ascii=False)
    if len(raw) <= limit:
        return raw
    packed = PACKED + base64.b64encode(zlib.compress(raw.encode(), 9)).decode()
    return packed if len(packed) <= limit else None


def json_object(value: object) -> Payload:
    """A JSON object from a button value or a modal's metadata (packed or not); {} for anything else (not
    JSON, not an object)."""
    if not isinstance(value, str):
        return {}
    try:
        if value.startswith(PACKED):
            value = zlib.decompress(base64.b64decode(value[len(PACKED) :], validate=True)).decode()
        return as_dict(json.loads(value))
    except (ValueError, zlib.error):
        return {}


def unit_ref(value: object) -> tuple[int, int] | None:
    """(campaign id, unit id) from a button's 'campaign:unit' or a plan form's JSON metadata."""
    if isinstance(value, str) and value.startswith("{"):
        meta = json_object(value)
        value = f"{meta.get('campaign')}:{meta.get('unit')}"
    ids = [int_value(p) for p in str(value or "").split(":")]
    if len(ids) != 2 or ids[0] is None or ids[1] is None:
        return None
    return ids[0], ids[1]


def day_start(text: str | None) -> datetime | None:
    """A form's YYYY-MM-DD as the start of that day in UTC (None when empty or not a date)."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC) if text else None
    except ValueError:
        return None


def str_value(value: object) -> str | None:
    """A field that should be text (an id, a value); None if it is not."""
    return value if isinstance(value, str) else None


class ModalState:
    """A submitted modal's inputs, read one way everywhere: every input of ours has action_id 'value'."""

    def __init__(self, view: object):
        self.values: Payload = as_dict(as_dict(as_dict(view).get("state")).get("values"))

    def element(self, block: str) -> Payload:
        return as_dict(as_dict(self.values.get(block)).get("value"))

    def items(self) -> Iterator[tuple[str, Payload]]:
        """(block id, input state) of every input, for forms whose blocks are named by step."""
        for block_id, actions in self.values.items():
            if isinstance(block_id, str):
                yield block_id, as_dict(as_dict(actions).get("value"))

    def option(self, block: str) -> str | None:
        """The chosen option's value of a select or radio input."""
        return str_value(as_dict(self.element(block).get("selected_option")).get("value"))

    def text(self, block: str) -> str:
        """A text input's value, cleaned of characters that mislead (flows.text) and stripped ('' when empty)."""
        return clean(str_value(self.element(block).get("value")) or "").strip()

    def options(self, block: str) -> list[str]:
        """The chosen options' values of a multi-select or checkboxes input."""
        chosen = self.element(block).get("selected_options")
        found = [str_value(as_dict(o).get("value")) for o in chosen] if isinstance(chosen, list) else []
        return [v for v in found if v is not None]

    def user(self, block: str) -> str | None:
        return str_value(self.element(block).get("selected_user"))

    def date(self, block: str) -> str | None:
        return str_value(self.element(block).get("selected_date"))

    def day(self, block: str) -> dt.date | None:
        """A datepicker's value as a date (None when empty or not a date)."""
        raw = self.date(block)
        try:
            return dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            return None

    def moment(self, block: str) -> datetime | None:
        """A datetimepicker's value as an aware UTC datetime."""
        v = self.element(block).get("selected_date_time")
        if isinstance(v, bool) or not isinstance(v, int | float):
            return None
        try:
            return datetime.fromtimestamp(v, UTC)
        except (OverflowError, OSError, ValueError):
            return None

    def users(self, block: str) -> list[str]:
        users = self.element(block).get("selected_users")
        return [u for u in users if isinstance(u, str)] if isinstance(users, list) else []

    def conversation(self, block: str) -> str | None:
        return str_value(self.element(block).get("selected_conversation"))


def _optional_str(d: Payload, key: str) -> bool:
    return d.get(key) is None or isinstance(d.get(key), str)


def shape_problem(body: Payload) -> str | None:
    """What is wrong with the shape of a (signed) payload the listeners will read, or None when it is fine.

    Checked at the edge so that a payload of the wrong shape is a 400 with one log line, never a traceback
    deep inside a listener. Only the fields the bot reads are checked; anything else is Slack's business."""
    if body.get("command") is not None:
        for key in ("command", "user_id"):
            if not isinstance(body.get(key), str) or not body[key]:
                return f"command without a {key}"
        return None if all(_optional_str(body, k) for k in ("text", "trigger_id", "team_id")) else "odd command fields"
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return "event_callback without an event"
        ok = all(_optional_str(event, k) for k in ("channel", "text", "ts", "tab", "subtype"))
        ok = ok and (_optional_str(event, "user") or isinstance(event.get("user"), dict))  # user_change: a user
        return None if ok and _optional_str(body, "event_id") else "odd event fields"
    if kind in ("url_verification", "app_rate_limited"):
        return None
    user = body.get("user")
    if not isinstance(user, dict) or not isinstance(user.get("id"), str) or not user["id"]:
        return "user is not an object with an id"
    if not all(_optional_str(body, k) for k in ("trigger_id", "response_url")):
        return "odd trigger_id or response_url"
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions:
            return "actions is not a list"
        for a in actions:
            if not isinstance(a, dict) or not isinstance(a.get("action_id"), str) or not _optional_str(a, "value"):
                return "an action without a string action_id and value"
    if kind in ("view_submission", "view_closed"):
        view = body.get("view")
        if not isinstance(view, dict) or not _optional_str(view, "callback_id"):
            return "view is not an object"
        for key in ("type", "id"):  # Bolt reads view.type (a KeyError without it); a submission is filed by id
            if not isinstance(view.get(key), str) or not view[key]:
                return f"view without a {key}"
        if not _optional_str(view, "private_metadata") or not isinstance(view.get("state", {}), dict):
            return "odd view fields"
    return None


def submission_key(view: Payload) -> str:
    """A form submission's identity: the view's id and what was entered. The same submission sent twice (a
    replay, a retry) has the same key; a corrected or a new form has another."""
    content = json.dumps([view.get("id"), ModalState(view).values], sort_keys=True, default=str)
    return hashlib.sha256(content.encode()).hexdigest()


def say(respond: Respond, text: str) -> None:
    """An ephemeral answer under the clicked message, leaving the message itself as it was."""
    respond(text=text, response_type="ephemeral", replace_original=False)

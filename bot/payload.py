"""Reading what Slack sends (button values, modal state) and answering under a clicked message.

Every read here tolerates a payload of the wrong shape (a string where a dict belongs, a list that is not one):
a signed request can still be malformed, and the answer to that is "nothing there", never a crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from slack_bolt import Respond

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


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


class ModalState:
    """A submitted modal's inputs, read one way everywhere: every input of ours has action_id 'value'."""

    def __init__(self, view: object):
        self.values: dict = _dict(_dict(_dict(view).get("state")).get("values"))

    def element(self, block: str) -> dict:
        return _dict(_dict(self.values.get(block)).get("value"))

    def items(self) -> Iterator[tuple[str, dict]]:
        """(block id, input state) of every input, for forms whose blocks are named by step."""
        for block_id, actions in self.values.items():
            if isinstance(block_id, str):
                yield block_id, _dict(_dict(actions).get("value"))

    def option(self, block: str) -> str | None:
        """The chosen option's value of a select or radio input."""
        return _str(_dict(self.element(block).get("selected_option")).get("value"))

    def text(self, block: str) -> str:
        """A text input's value, stripped ('' when empty)."""
        return (_str(self.element(block).get("value")) or "").strip()

    def date(self, block: str) -> str | None:
        return _str(self.element(block).get("selected_date"))

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
        return _str(self.element(block).get("selected_conversation"))


def say(respond: Respond, text: str) -> None:
    """An ephemeral answer under the clicked message, leaving the message itself as it was."""
    respond(text=text, response_type="ephemeral", replace_original=False)

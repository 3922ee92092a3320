"""Reading what Slack sends (button values, modal state) and answering under a clicked message."""

from __future__ import annotations

from slack_bolt import Respond


def int_value(value: object) -> int | None:
    """A button value or private_metadata that should be a number (a round, a workshop); None if it is not."""
    try:
        return int(str(value))
    except ValueError:
        return None


def state_value(values: dict, block: str) -> dict:
    """The one input element's state in a modal block (every input of ours has action_id 'value')."""
    return ((values.get(block) or {}).get("value")) or {}


def say(respond: Respond, text: str) -> None:
    """An ephemeral answer under the clicked message, leaving the message itself as it was."""
    respond(text=text, response_type="ephemeral", replace_original=False)

"""Form inputs for modals. Every input's element answers under action_id 'value': that is how every form of
ours is read back (bot.payload.state_value)."""

from __future__ import annotations

from bot.outbound.blocks.kit import Element, InputBlock, Option
from bot.outbound.blocks.mrkdwn import plain


def input_block(
    block_id: str, label: str, element: Element, *, optional: bool = False, hint: str | None = None
) -> InputBlock:
    block: InputBlock = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": plain(label, 2000),
        "element": {"action_id": "value", **element},
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def radio_input(block_id: str, label: str, options: list[tuple[str, str]], initial: str | None = None) -> InputBlock:
    """Radio buttons from (value, text) pairs, with `initial` (a value) selected."""
    opts: list[Option] = [{"text": plain(text), "value": value} for value, text in options]
    element: Element = {"type": "radio_buttons", "options": opts}
    if initial is not None:
        element["initial_option"] = next(o for o in opts if o["value"] == initial)
    return input_block(block_id, label, element)

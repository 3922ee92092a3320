"""Block Kit's shapes, as far as the bot uses them, so mypy checks every message and form built in this folder.

At runtime they are the plain dicts Slack's JSON is made of (a TypedDict adds nothing), so what is sent stays
byte for byte what it was. Blocks and views are unions told apart by their `type`; the keys Slack leaves out
unless set are `NotRequired`. The form elements share one TypedDict (`Element`): an input spreads its element
into a dict with `action_id` first (bot.outbound.blocks.inputs), which mypy checks for one TypedDict but not for
a union of them. slack_sdk and Bolt type their arguments as `dict`, which no TypedDict is: `slack_view` and
`slack_blocks` hand the same dicts over at that edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NotRequired, TypedDict


class PlainText(TypedDict):
    type: Literal["plain_text"]
    text: str
    emoji: NotRequired[bool]


class Mrkdwn(TypedDict):
    type: Literal["mrkdwn"]
    text: str
    verbatim: NotRequired[bool]  # the bot's own are always verbatim (bot.outbound.blocks.mrkdwn)


class Option(TypedDict):
    """A choice of a select, radio buttons or checkboxes."""

    text: PlainText
    value: str


class Confirm(TypedDict):
    """The 'are you sure?' dialog of a button."""

    title: PlainText
    text: PlainText
    confirm: PlainText
    deny: PlainText


Style = Literal["primary", "danger"]


class Button(TypedDict):
    type: Literal["button"]
    text: PlainText
    action_id: NotRequired[str]
    value: NotRequired[str]
    url: NotRequired[str]
    style: NotRequired[Style]
    confirm: NotRequired[Confirm]


class ConversationFilter(TypedDict, total=False):
    include: list[str]
    exclude_bot_users: bool


ElementType = Literal[
    "radio_buttons",
    "checkboxes",
    "static_select",
    "multi_static_select",
    "users_select",
    "multi_users_select",
    "conversations_select",
    "datepicker",
    "datetimepicker",
    "plain_text_input",
]


class Element(TypedDict):
    """A form element (or a select in an actions block); each kind uses a few of the optional keys."""

    type: ElementType
    action_id: NotRequired[str]
    options: NotRequired[list[Option]]
    initial_option: NotRequired[Option]
    initial_options: NotRequired[list[Option]]
    placeholder: NotRequired[PlainText]
    initial_users: NotRequired[list[str]]
    filter: NotRequired[ConversationFilter]
    initial_date: NotRequired[str]
    initial_date_time: NotRequired[int]
    multiline: NotRequired[bool]
    max_length: NotRequired[int]
    initial_value: NotRequired[str]


class SectionBlock(TypedDict):
    type: Literal["section"]
    block_id: NotRequired[str]
    text: Mrkdwn
    accessory: NotRequired[Button]


class ContextBlock(TypedDict):
    type: Literal["context"]
    elements: list[Mrkdwn]


class HeaderBlock(TypedDict):
    type: Literal["header"]
    text: PlainText


class DividerBlock(TypedDict):
    type: Literal["divider"]


class ActionsBlock(TypedDict):
    type: Literal["actions"]
    block_id: NotRequired[str]
    elements: list[Button | Element]


class InputBlock(TypedDict):
    type: Literal["input"]
    block_id: str
    optional: NotRequired[bool]
    label: PlainText
    hint: NotRequired[PlainText]
    element: Element


Block = SectionBlock | ContextBlock | HeaderBlock | DividerBlock | ActionsBlock | InputBlock


class Modal(TypedDict):
    type: Literal["modal"]
    callback_id: NotRequired[str]
    private_metadata: NotRequired[str]
    title: PlainText
    submit: NotRequired[PlainText]
    close: NotRequired[PlainText]
    blocks: list[Block]


class HomeView(TypedDict):
    type: Literal["home"]
    blocks: list[Block]


View = Modal | HomeView

Message = tuple[str, list[Block]]
"""A message: its notification text (also what screen readers and old clients show) and its blocks."""


def fallback_text(blocks: Sequence[Block]) -> str:
    """The first block's text when it is a section (what a message whose blocks open with one shows in a
    notification), else ""."""
    first = blocks[0] if blocks else None
    return first["text"]["text"] if first is not None and first["type"] == "section" else ""


def slack_view(view: View) -> dict[str, object]:
    """`view` as slack_sdk and Bolt type it (`dict`): the same keys and values."""
    return dict(view)


def slack_blocks(blocks: Sequence[Block]) -> list[dict[str, object]]:
    """`blocks` as slack_sdk and Bolt type them (a sequence of `dict`): the same keys and values."""
    return [dict(b) for b in blocks]

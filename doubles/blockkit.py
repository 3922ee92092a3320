"""Block Kit's structural limits, written from Slack's reference independently of the bot's code.

Used by the fake Slack server (which answers `invalid_blocks` like Slack does) and by the render test.
"""

from __future__ import annotations

from typing import Any

BLOCK_TYPES = {"section", "header", "context", "actions", "divider", "input", "image", "rich_text"}
ELEMENTS = {
    "button",
    "static_select",
    "multi_static_select",
    "radio_buttons",
    "multi_users_select",
    "conversations_select",
    "datetimepicker",
    "datepicker",
    "plain_text_input",
    "users_select",
    "checkboxes",
    "image",
    "mrkdwn",
    "plain_text",
}


def _text(obj: object, where: str, limit: int, kinds: tuple[str, ...] = ("plain_text", "mrkdwn")) -> list[str]:
    if not isinstance(obj, dict) or obj.get("type") not in kinds:
        return [f"{where}: must be a text object of type {'/'.join(kinds)}"]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return [f"{where}: text must be a non-empty string"]
    if len(text) > limit:
        return [f"{where}: text is {len(text)} characters, more than {limit}"]
    return []


def _option(o: dict[str, Any], where: str) -> list[str]:
    errs = _text(o.get("text"), f"{where}.text", 75)
    if not isinstance(o.get("value"), str) or len(o["value"]) > 150:
        errs.append(f"{where}.value must be a string of at most 150 characters")
    return errs


def _element(el: dict[str, Any], where: str) -> list[str]:
    kind = el.get("type")
    errs: list[str] = []
    if kind not in ELEMENTS:
        return [f"{where}: unknown element type {kind!r}"]
    if kind in ("mrkdwn", "plain_text"):
        return _text(el, where, 3000)
    if "action_id" in el and (not isinstance(el["action_id"], str) or len(el["action_id"]) > 255):
        errs.append(f"{where}.action_id must be a string of at most 255 characters")
    if kind == "button":
        errs += _text(el.get("text"), f"{where}.text", 75, ("plain_text",))
        if len(str(el.get("value", ""))) > 2000:
            errs.append(f"{where}.value is longer than 2000 characters")
        if el.get("style") not in (None, "primary", "danger"):
            errs.append(f"{where}.style must be primary or danger")
    if kind in ("static_select", "multi_static_select", "radio_buttons", "checkboxes"):
        opts = el.get("options") or []
        limit = 100 if kind in ("static_select", "multi_static_select") else 10
        if not 1 <= len(opts) <= limit:
            errs.append(f"{where}: {len(opts)} options, must be 1..{limit}")
        for i, o in enumerate(opts):
            errs += _option(o, f"{where}.options[{i}]")
        if "initial_option" in el and el["initial_option"] not in opts:
            errs.append(f"{where}.initial_option is not one of the options")
        if any(o not in opts for o in el.get("initial_options") or []):
            errs.append(f"{where}.initial_options are not all among the options")
    if "placeholder" in el:
        errs += _text(el["placeholder"], f"{where}.placeholder", 150, ("plain_text",))
    if kind == "plain_text_input":
        max_length = el.get("max_length", 3000)
        if not 1 <= max_length <= 3000:
            errs.append(f"{where}.max_length must be 1..3000")
        if len(el.get("initial_value") or "") > max_length:
            errs.append(f"{where}.initial_value is longer than max_length")
    return errs


def check_blocks(blocks: object, limit: int) -> list[str]:
    if not isinstance(blocks, list):
        return ["blocks must be a list"]
    errs: list[str] = []
    if len(blocks) > limit:
        errs.append(f"{len(blocks)} blocks, more than {limit}")
    ids: set[str] = set()
    for i, b in enumerate(blocks):
        where = f"blocks[{i}]"
        kind = b.get("type") if isinstance(b, dict) else None
        if kind not in BLOCK_TYPES:
            errs.append(f"{where}: unknown block type {kind!r}")
            continue
        bid = b.get("block_id")
        if bid is not None:
            if len(bid) > 255:
                errs.append(f"{where}.block_id is longer than 255 characters")
            if bid in ids:
                errs.append(f"{where}.block_id {bid!r} is used twice")
            ids.add(bid)
        if kind == "section":
            if "text" not in b and "fields" not in b:
                errs.append(f"{where}: a section needs text or fields")
            if "text" in b:
                errs += _text(b["text"], f"{where}.text", 3000)
        elif kind == "header":
            errs += _text(b.get("text"), f"{where}.text", 150, ("plain_text",))
        elif kind == "context":
            els = b.get("elements") or []
            if not 1 <= len(els) <= 10:
                errs.append(f"{where}: {len(els)} context elements, must be 1..10")
            for j, el in enumerate(els):
                errs += _element(el, f"{where}.elements[{j}]")
        elif kind == "actions":
            els = b.get("elements") or []
            if not 1 <= len(els) <= 25:
                errs.append(f"{where}: {len(els)} action elements, must be 1..25")
            for j, el in enumerate(els):
                errs += _element(el, f"{where}.elements[{j}]")
        elif kind == "input":
            errs += _text(b.get("label"), f"{where}.label", 2000, ("plain_text",))
            if "hint" in b:
                errs += _text(b["hint"], f"{where}.hint", 2000, ("plain_text",))
            if not isinstance(b.get("element"), dict):
                errs.append(f"{where}: an input block needs an element")
            else:
                errs += _element(b["element"], f"{where}.element")
    return errs


def check_message(text: object, blocks: object) -> list[str]:
    errs = [] if blocks is None else check_blocks(blocks, 50)
    if not text and not blocks:
        errs.append("a message needs text or blocks")
    if isinstance(text, str) and len(text) > 40000:
        errs.append("text is longer than 40000 characters")
    return errs


def check_view(view: object) -> list[str]:
    if not isinstance(view, dict):
        return ["view must be an object"]
    kind = view.get("type")
    if kind == "home":
        return check_blocks(view.get("blocks"), 100)
    if kind != "modal":
        return [f"unknown view type {kind!r}"]
    errs = _text(view.get("title"), "title", 24, ("plain_text",))
    for key in ("submit", "close"):
        if key in view:
            errs += _text(view[key], key, 24, ("plain_text",))
    has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or [])
    if has_input and "submit" not in view:
        errs.append("a modal with input blocks needs a submit button")
    if len(view.get("private_metadata") or "") > 3000:
        errs.append("private_metadata is longer than 3000 characters")
    if len(view.get("callback_id") or "") > 255:
        errs.append("callback_id is longer than 255 characters")
    return errs + check_blocks(view.get("blocks"), 100)

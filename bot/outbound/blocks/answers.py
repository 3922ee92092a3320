"""The participant's answer modal, and the polite 'nothing was stored' modal."""

from __future__ import annotations

import json

from bot.core.i18n import t
from bot.core.payload import ModalState, Payload
from bot.outbound.blocks.kit import Block, Element, Modal
from bot.outbound.blocks.mrkdwn import context, escape, plain, section
from bot.outbound.blocks.rating import rating_input
from flows.engine import MAX_TEXT, Answer
from flows.model import Flow, Step

CALLBACK = "answer_submit"


def rating_block(step: Step) -> str:
    return f"rating__{step.id}"


def text_block(step: Step) -> str:
    return f"text__{step.id}"


def answer_modal(flow: Flow, steps: list[Step], locale: str, round_id: int, previous: dict[str, Answer]) -> Modal:
    """One modal with every open theme: a rating (with *rather not say*; bot.views.rating) and an optional
    reflection each, pre-filled when re-answering."""
    blocks: list[Block] = [section(escape(flow.intro.get(locale)))]
    for step in steps:
        prev = previous.get(step.id)
        blocks.append({"type": "header", "text": plain(step.theme.get(locale), 150)})
        if step.rating is not None:
            blocks.append(rating_input(step, locale, rating_block(step), prev))
        if step.reflect is not None:
            element: Element = {
                "type": "plain_text_input",
                "action_id": "value",
                "multiline": True,
                "max_length": MAX_TEXT,
            }
            if prev and prev.text:
                element["initial_value"] = prev.text
            blocks.append(
                {
                    "type": "input",
                    "block_id": text_block(step),
                    "optional": True,
                    "label": plain(step.reflect.get(locale), 2000),
                    "hint": plain(t("answer.identifying_hint", locale), 2000),
                    "element": element,
                }
            )
        if step.dialogue_question is not None:
            blocks.append(context(t("answer.question", locale, q=escape(step.dialogue_question.get(locale)))))
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "title": plain(flow.title.get(locale), 24),
        "submit": plain(t("preview.next", locale), 24),  # then "what your lead will see" (answer_preview)
        "close": plain(t("answer.cancel", locale), 24),
        "private_metadata": json.dumps({"round": round_id, "steps": [s.id for s in steps]}),
        "blocks": blocks,
    }


def read_metadata(view: Payload) -> tuple[int, list[str]]:
    """The round id and step ids the modal was opened with; ValueError when they are not ours."""
    raw = view.get("private_metadata")
    meta = json.loads(raw if isinstance(raw, str) and raw else "{}")
    if not isinstance(meta, dict):
        raise ValueError("private_metadata is not an answer form's")
    round_id, steps = meta.get("round"), meta.get("steps")
    if not isinstance(round_id, int) or not isinstance(steps, list) or not all(isinstance(s, str) for s in steps):
        raise ValueError("private_metadata is not an answer form's")
    return round_id, steps


def read_values(view: Payload) -> dict[str, dict[str, str | None]]:
    """Turn Slack's view state into {step_id: {"rating": "4", "text": "…"}} for the engine."""
    out: dict[str, dict[str, str | None]] = {}
    state = ModalState(view)
    for block_id, _element in state.items():
        kind, _, step_id = block_id.partition("__")
        if kind == "rating":
            out.setdefault(step_id, {})["rating"] = state.option(block_id)
        elif kind == "text":
            raw = _element.get("value")
            out.setdefault(step_id, {})["text"] = raw if isinstance(raw, str) else None
    return out


def polite_modal(locale: str, message: str) -> Modal:
    return {
        "type": "modal",
        "callback_id": "polite",
        "title": plain(t("polite.title", locale), 24),
        "close": plain(t("polite.ok", locale), 24),
        "blocks": [section(message)],
    }

"""The lead's adaptation form (themes to keep, questions of the team's own, the meeting's questions in the
team's words) and the preview of exactly what the team will be asked."""

from __future__ import annotations

from bot.core.i18n import t
from bot.outbound.blocks.answers import answer_modal
from bot.outbound.blocks.inputs import input_block, radio_input
from bot.outbound.blocks.kit import Block, Element, InputBlock, Modal, Option
from bot.outbound.blocks.mrkdwn import context, escape, plain, section
from flows.adaptation import MAX_LABEL, MAX_QUESTION, Adaptation
from flows.model import LOCALES, Flow

ADAPT_CALLBACK = "round_adapt"
PREVIEW_CALLBACK = "round_preview"


def other(locale: str) -> str:
    return next(loc for loc in LOCALES if loc != locale)


def _text_input(
    block: str, label: str, initial: str | None, limit: int, optional: bool = True, hint: str | None = None
) -> InputBlock:
    element: Element = {"type": "plain_text_input", "max_length": limit}
    if initial:
        element["initial_value"] = initial[:limit]
    return input_block(block, label, element, optional=optional, hint=hint)


def adapt_modal(locale: str, flow: Flow, offered: Adaptation | None, key: str) -> Modal:
    """Prefilled with `offered` (the unit's or the lead's variant from last time, or the draft's own)."""
    offered = offered or Adaptation()
    required = [s.theme.get(locale) for s in flow.steps if s.required]
    optional = [s for s in flow.steps if not s.required]
    blocks: list[Block] = [section(t("adapt.intro", locale, title=escape(flow.title.get(locale))))]
    if required:
        blocks.append(context(t("adapt.required", locale, themes=escape(", ".join(required)))))
    if optional:
        options: list[Option] = [{"text": plain(s.theme.get(locale), 75), "value": s.id} for s in optional]
        kept = [o for o in options if o["value"] not in offered.omit]
        element: Element = {"type": "checkboxes", "options": options}
        if kept:
            element["initial_options"] = kept
        blocks.append(input_block("keep", t("adapt.keep", locale), element, optional=True))
    for i in range(1, flow.local_questions + 1):
        q = offered.local[i - 1] if i <= len(offered.local) else None
        blocks.append(
            _text_input(
                f"local_{i}",
                t("adapt.local", locale, n=i),
                q.text.get(locale) if q else None,
                MAX_QUESTION,
                hint=t("adapt.local_hint", locale) if i == 1 else None,
            )
        )
        blocks.append(
            _text_input(
                f"local_{i}_other",
                t(f"adapt.other.{other(locale)}", locale),
                q.text.get(other(locale)) if q else None,
                MAX_QUESTION,
            )
        )
        kinds = [("rating", t("adapt.kind.rating", locale)), ("text", t("adapt.kind.text", locale))]
        blocks.append(radio_input(f"local_{i}_kind", t("adapt.kind", locale), kinds, q.kind if q else "rating"))
        blocks.append(
            _text_input(f"local_{i}_low", t("adapt.low", locale), q.low.get(locale) if q and q.low else None, MAX_LABEL)
        )
        blocks.append(
            _text_input(
                f"local_{i}_high", t("adapt.high", locale), q.high.get(locale) if q and q.high else None, MAX_LABEL
            )
        )
    for s in flow.steps:
        if s.dialogue_question is None:
            continue
        current = offered.questions.get(s.id) or s.dialogue_question
        blocks.append(
            _text_input(
                f"question__{s.id}",
                t("adapt.question", locale, theme=s.theme.get(locale)),
                current.get(locale),
                MAX_QUESTION,
            )
        )
    return {
        "type": "modal",
        "callback_id": ADAPT_CALLBACK,
        "title": plain(t("adapt.title", locale), 24),
        "submit": plain(t("adapt.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "private_metadata": key,
        "blocks": blocks,
    }


def preview_modal(locale: str, flow: Flow, key: str) -> Modal:
    """The answer form exactly as the team will get it (its inputs optional here, so *Start* is never blocked)."""
    form = answer_modal(flow, flow.steps, locale, 0, {})
    blocks: list[Block] = [context(t("adapt.preview", locale))]
    for block in form["blocks"]:
        blocks.append({**block, "optional": True} if block["type"] == "input" else block)
    questions = [f"• {escape(s.dialogue_question.get(locale))}" for s in flow.steps if s.dialogue_question]
    if questions:
        blocks.append(section(t("adapt.meeting", locale) + "\n" + "\n".join(questions)))
    return {
        "type": "modal",
        "callback_id": PREVIEW_CALLBACK,
        "title": plain(t("adapt.preview_title", locale), 24),
        "submit": plain(t("start.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "private_metadata": key,
        "blocks": blocks[:100],
    }

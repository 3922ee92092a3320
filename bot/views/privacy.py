"""HR's export modal, the share-an-experience modal, and an employee's own answers on App Home."""

from __future__ import annotations

from datetime import date

from bot.i18n import t
from bot.views.mrkdwn import button, clip, context, escape, header, plain, section
from flows import engine as fe
from flows.model import Flow
from storage.exports import WHAT
from storage.models import Round

EXPORT_CALLBACK = "export_submit"
SHARE_CALLBACK = "share_submit"
SHARE_ACTION = "home_share"
DELETE_ACTION = "answer_delete"
DIALOGUES = ("well_being", "leadership", "workshop")


def _radio(block_id: str, label: str, options: list[tuple[str, str]], initial: str | None = None) -> dict:
    opts = [{"text": plain(text), "value": value} for value, text in options]
    el: dict = {"type": "radio_buttons", "action_id": "value", "options": opts}
    if initial is not None:
        el["initial_option"] = next(o for o in opts if o["value"] == initial)
    return {"type": "input", "block_id": block_id, "label": plain(label, 2000), "element": el}


def export_modal(locale: str, initial: str = "answers") -> dict:
    return {
        "type": "modal",
        "callback_id": EXPORT_CALLBACK,
        "title": plain(t("export.title", locale), 24),
        "submit": plain(t("export.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "blocks": [
            context(t("export.intro", locale)),
            _radio("what", t("export.what", locale), [(w, t(f"export.what.{w}", locale)) for w in WHAT], initial),
            {
                "type": "input",
                "block_id": "round",
                "optional": True,
                "label": plain(t("export.round", locale), 2000),
                "element": {"type": "plain_text_input", "action_id": "value", "max_length": 12},
            },
            {
                "type": "input",
                "block_id": "since",
                "optional": True,
                "label": plain(t("export.since", locale), 2000),
                "element": {"type": "datepicker", "action_id": "value"},
            },
            {
                "type": "input",
                "block_id": "until",
                "optional": True,
                "label": plain(t("export.until", locale), 2000),
                "element": {"type": "datepicker", "action_id": "value"},
            },
            _radio("format", t("export.format", locale), [("csv", "CSV"), ("xlsx", "Excel (XLSX)")], "csv"),
        ],
    }


def share_modal(flow: Flow, locale: str) -> dict:
    """The experience flow's prompts, plus which dialogue it is about and whether to share it with a name."""
    blocks: list[dict] = [
        section(escape(flow.intro.get(locale))),
        _radio("dialogue", t("share.dialogue", locale), [(d, t(f"share.dialogue.{d}", locale)) for d in DIALOGUES]),
    ]
    for step in flow.steps:
        if step.reflect is not None:
            blocks.append(
                {
                    "type": "input",
                    "block_id": f"text__{step.id}",
                    "optional": True,
                    "label": plain(step.reflect.get(locale), 2000),
                    "element": {
                        "type": "plain_text_input",
                        "action_id": "value",
                        "multiline": True,
                        "max_length": fe.MAX_TEXT,
                    },
                }
            )
        if step.rating is not None:
            options = [
                {"text": plain(step.rating.label(v, locale)), "value": str(v)} for v in range(1, step.rating.scale + 1)
            ]
            blocks.append(
                {
                    "type": "input",
                    "block_id": f"rating__{step.id}",
                    "optional": not step.rating.required,
                    "label": plain(step.theme.get(locale), 2000),
                    "element": {
                        "type": "static_select",
                        "action_id": "value",
                        "options": options,
                        "placeholder": plain(t("answer.choose", locale), 150),
                    },
                }
            )
    blocks.append(
        _radio(
            "anonymous",
            t("start.anonymous", locale),
            [("yes", t("share.anonymous", locale)), ("no", t("share.named", locale))],
            "yes",
        )
    )
    return {
        "type": "modal",
        "callback_id": SHARE_CALLBACK,
        "title": plain(flow.title.get(locale), 24),
        "submit": plain(t("answer.submit", locale), 24),
        "close": plain(t("answer.cancel", locale), 24),
        "blocks": blocks,
    }


def my_answers_blocks(locale: str, mine: list[tuple[Round, Flow, dict[str, fe.Answer]]], today: date) -> list[dict]:
    """What this person answered in rounds still open, with a delete button each (nobody else sees this)."""
    blocks: list[dict] = [header(t("mine.header", locale))]
    if not mine:
        return [*blocks, section(t("mine.none", locale))]
    for rnd, flow, answers in mine[:20]:
        lines = [f"*{escape(flow.title.get(locale))}*"]
        for step in flow.steps:
            a = answers.get(step.id)
            if a is None:
                continue
            rating = f"{a.rating}/{step.rating.scale}" if a.rating and step.rating else ""
            text = f" — {escape(a.text)}" if a.text else ""
            lines.append(f"• {escape(step.theme.get(locale))}: {rating}{text}")
        blocks.append(section(clip("\n".join(lines), 3000)))
        blocks.append(
            {
                "type": "actions",
                "block_id": f"mine__{rnd.id}",
                "elements": [button(t("mine.delete", locale), DELETE_ACTION, str(rnd.id), "danger")],
            }
        )
    return blocks

"""HR's export modal, the share-an-experience modal, and an employee's own answers on App Home."""

from __future__ import annotations

from datetime import date

from bot.i18n import t
from bot.views.inputs import input_block, radio_input
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


def export_modal(locale: str, initial: str = "answers") -> dict:
    return {
        "type": "modal",
        "callback_id": EXPORT_CALLBACK,
        "title": plain(t("export.title", locale), 24),
        "submit": plain(t("export.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "blocks": [
            context(t("export.intro", locale)),
            radio_input("what", t("export.what", locale), [(w, t(f"export.what.{w}", locale)) for w in WHAT], initial),
            input_block(
                "round", t("export.round", locale), {"type": "plain_text_input", "max_length": 12}, optional=True
            ),
            input_block("since", t("export.since", locale), {"type": "datepicker"}, optional=True),
            input_block("until", t("export.until", locale), {"type": "datepicker"}, optional=True),
            radio_input("format", t("export.format", locale), [("csv", "CSV"), ("xlsx", "Excel (XLSX)")], "csv"),
        ],
    }


def share_modal(flow: Flow, locale: str) -> dict:
    """The experience flow's prompts, plus which dialogue it is about and whether to share it with a name."""
    blocks: list[dict] = [
        section(escape(flow.intro.get(locale))),
        radio_input(
            "dialogue", t("share.dialogue", locale), [(d, t(f"share.dialogue.{d}", locale)) for d in DIALOGUES]
        ),
    ]
    for step in flow.steps:
        if step.reflect is not None:
            blocks.append(
                input_block(
                    f"text__{step.id}",
                    step.reflect.get(locale),
                    {"type": "plain_text_input", "multiline": True, "max_length": fe.MAX_TEXT},
                    optional=True,
                )
            )
        if step.rating is not None:
            options = [
                {"text": plain(step.rating.label(v, locale)), "value": str(v)} for v in range(1, step.rating.scale + 1)
            ]
            blocks.append(
                input_block(
                    f"rating__{step.id}",
                    step.theme.get(locale),
                    {
                        "type": "static_select",
                        "options": options,
                        "placeholder": plain(t("answer.choose", locale), 150),
                    },
                    optional=not step.rating.required,
                )
            )
    blocks.append(
        radio_input(
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

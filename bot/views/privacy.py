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
# Share what someone wrote to the bot in chat, as "what worked" or "what should be different".
SHARE_CHAT_ACTIONS = {"share_chat_worked": "worked", "share_chat_different": "different"}
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


def share_modal(flow: Flow, locale: str, prefill: dict[str, str] | None = None) -> dict:
    """The experience flow's prompts, plus which dialogue it is about and whether to share it with a name;
    `prefill` puts text (e.g. what the person wrote in chat) into a step's field, for them to edit."""
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
                    {
                        "type": "plain_text_input",
                        "multiline": True,
                        "max_length": fe.MAX_TEXT,
                        **({"initial_value": text[: fe.MAX_TEXT]} if (text := (prefill or {}).get(step.id)) else {}),
                    },
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


def share_thanks(flow: Flow, locale: str) -> dict:
    """The share form, once sent: thanks, and nothing else to do."""
    return {
        "type": "modal",
        "title": plain(flow.title.get(locale), 24),
        "close": plain(t("polite.ok", locale), 24),
        "blocks": [section(t("share.thanks", locale))],
    }


def chat_reply(locale: str, message_ts: str | None) -> tuple[str, list[dict]]:
    """The answer to someone writing to the bot: what it can do, and — for more than a word or two — an offer
    to share what they wrote as an experience (it is stored only if they go on and send the form)."""
    text = t("help.text", locale)
    blocks = [section(text)]
    if message_ts:
        blocks.append(context(t("chat.offer", locale)))
        blocks.append(
            {
                "type": "actions",
                "block_id": "share_chat",
                "elements": [
                    button(t(f"chat.as_{step}", locale), action_id, message_ts)
                    for action_id, step in SHARE_CHAT_ACTIONS.items()
                ],
            }
        )
    return text, blocks


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

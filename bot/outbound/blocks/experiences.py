"""Sharing an experience: the form, its thanks, and the bot's answer to a chat message that offers it."""

from __future__ import annotations

from bot.core.i18n import t
from bot.outbound.blocks.inputs import input_block, radio_input
from bot.outbound.blocks.kit import Block, Element, Message, Modal, Option
from bot.outbound.blocks.mrkdwn import button, context, escape, plain, section
from flows import engine as fe
from flows.model import Flow

SHARE_CALLBACK = "share_submit"
SHARE_ACTION = "home_share"
SHARE_CHAT_ACTIONS = {"share_chat_worked": "worked", "share_chat_different": "different"}
DIALOGUES = ("well_being", "leadership", "workshop")
VISIT_FORUM_MAX = 200


def share_modal(flow: Flow, locale: str, prefill: dict[str, str] | None = None, hr: bool = False) -> Modal:
    """The experience flow's prompts, plus which dialogue it is about and whether to share it with a name;
    `prefill` puts text (e.g. what the person wrote in chat) into a step's field, for them to edit. HR also
    gets "from a visit": the forum it heard this from and the day (stored on the forum's behalf, no name)."""
    blocks: list[Block] = [
        section(escape(flow.intro.get(locale))),
        radio_input(
            "dialogue", t("share.dialogue", locale), [(d, t(f"share.dialogue.{d}", locale)) for d in DIALOGUES]
        ),
    ]
    for step in flow.steps:
        if step.reflect is not None:
            element: Element = {"type": "plain_text_input", "multiline": True, "max_length": fe.MAX_TEXT}
            if text := (prefill or {}).get(step.id):
                element["initial_value"] = text[: fe.MAX_TEXT]
            blocks.append(input_block(f"text__{step.id}", step.reflect.get(locale), element, optional=True))
        if step.rating is not None:
            options: list[Option] = [
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
    if hr:
        blocks.append(
            input_block(
                "visit_forum",
                t("share.visit_forum", locale),
                {"type": "plain_text_input", "max_length": VISIT_FORUM_MAX},
                optional=True,
                hint=t("share.visit_hint", locale),
            )
        )
        blocks.append(input_block("visit_date", t("share.visit_date", locale), {"type": "datepicker"}, optional=True))
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


def share_thanks(flow: Flow, locale: str) -> Modal:
    """The share form, once sent: thanks, and nothing else to do."""
    return {
        "type": "modal",
        "title": plain(flow.title.get(locale), 24),
        "close": plain(t("polite.ok", locale), 24),
        "blocks": [section(t("share.thanks", locale))],
    }


def chat_reply(locale: str, message_ts: str | None) -> Message:
    """The answer to someone writing to the bot: what it can do, and — for more than a word or two — an offer
    to share what they wrote as an experience (it is stored only if they go on and send the form)."""
    text = t("help.text", locale)
    blocks: list[Block] = [section(text)]
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

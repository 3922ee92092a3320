"""The lead's 'new round' modal."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.i18n import t
from bot.outbound.blocks.inputs import input_block, radio_input
from bot.outbound.blocks.kit import Block, Modal, Option
from bot.outbound.blocks.mrkdwn import context, plain
from flows.engine import PACINGS
from flows.model import Flow, FlowKind

CALLBACK = "round_start"


def start_modal(locale: str, flows: dict[str, Flow], now: datetime, hr: bool = False) -> Modal:
    """HR may also start an experience round: the share form sent as a DM to many people."""
    concepts = [(f.id, f.title.get(locale)) for f in flows.values() if f.startable]
    if hr:
        concepts += [
            (f.id, t("start.experience_round", locale)) for f in flows.values() if f.kind == FlowKind.EXPERIENCE
        ]
    default_deadline = int((now + timedelta(days=7)).replace(minute=0, second=0, microsecond=0).timestamp())
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "title": plain(t("start.title", locale), 24),
        "submit": plain(t("start.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "private_metadata": locale,
        "blocks": [
            context(t("start.intro", locale)),
            input_block(
                "participants",
                t("start.participants", locale),
                {"type": "multi_users_select"},
                optional=True,
                hint=t("start.not_you", locale),
            ),
            input_block(
                "channel",
                t("start.channel", locale),
                {
                    "type": "conversations_select",
                    "filter": {"include": ["public", "private"], "exclude_bot_users": True},
                },
                optional=True,
                hint=t("start.channel_hint", locale),
            ),
            radio_input("concept", t("start.concept", locale), concepts, concepts[0][0]),
            input_block(
                "deadline",
                t("start.deadline", locale),
                {"type": "datetimepicker", "initial_date_time": default_deadline},
            ),
            *round_choices(locale, always_anonymous=[f.title.get(locale) for f in flows.values() if not f.allow_named]),
        ],
    }


def round_choices(locale: str, allow_named: bool = True, always_anonymous: list[str] | None = None) -> list[Block]:
    """Pacing, anonymity and whether to adapt the questions first, as every round set-up asks them (a campaign
    unit's plan form too). `allow_named` False (the concept is known and always anonymous): *with names* is not
    offered at all. `always_anonymous`: the concepts that are, named under the choice where the concept is
    picked in the same form (the server refuses *with names* for them: bot.listeners.round.read_start)."""
    adapt: Option = {"text": plain(t("start.adapt", locale)), "value": "yes"}
    modes = [("yes", t("anon.yes", locale))] + ([("no", t("anon.no", locale))] if allow_named else [])
    anonymous = radio_input("anonymous", t("start.anonymous", locale), modes, "yes")
    if always_anonymous:
        anonymous["hint"] = plain(t("start.always_anonymous", locale, titles=", ".join(always_anonymous)), 2000)
    return [
        radio_input("pacing", t("start.pacing", locale), [(p, t(f"pacing.{p}", locale)) for p in PACINGS], PACINGS[0]),
        anonymous,
        input_block("adapt", t("start.adapt_label", locale), {"type": "checkboxes", "options": [adapt]}, optional=True),
    ]

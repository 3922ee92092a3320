"""The lead's 'new round' modal."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.i18n import t
from bot.views.mrkdwn import context, plain
from flows.engine import PACINGS
from flows.model import Flow

CALLBACK = "round_start"


EXPERIENCE = "experience"  # HR's experience round: the share flow sent as a DM to many people


def start_modal(locale: str, flows: dict[str, Flow], now: datetime, hr: bool = False) -> dict:
    concepts = [{"text": plain(f.title.get(locale)), "value": f.id} for f in flows.values() if f.startable]
    if hr and EXPERIENCE in flows:
        concepts.append({"text": plain(t("start.experience_round", locale)), "value": EXPERIENCE})
    default_deadline = int((now + timedelta(days=7)).replace(minute=0, second=0, microsecond=0).timestamp())
    pacing = [{"text": plain(t(f"pacing.{p}", locale)), "value": p} for p in PACINGS]
    anon = [
        {"text": plain(t("anon.yes", locale)), "value": "yes"},
        {"text": plain(t("anon.no", locale)), "value": "no"},
    ]
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "title": plain(t("start.title", locale), 24),
        "submit": plain(t("start.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "private_metadata": locale,
        "blocks": [
            context(t("start.intro", locale)),
            {
                "type": "input",
                "block_id": "participants",
                "optional": True,
                "label": plain(t("start.participants", locale), 2000),
                "element": {"type": "multi_users_select", "action_id": "value"},
            },
            {
                "type": "input",
                "block_id": "channel",
                "optional": True,
                "label": plain(t("start.channel", locale), 2000),
                "hint": plain(t("start.channel_hint", locale), 2000),
                "element": {
                    "type": "conversations_select",
                    "action_id": "value",
                    "filter": {"include": ["public", "private"], "exclude_bot_users": True},
                },
            },
            {
                "type": "input",
                "block_id": "concept",
                "label": plain(t("start.concept", locale), 2000),
                "element": {
                    "type": "radio_buttons",
                    "action_id": "value",
                    "options": concepts,
                    "initial_option": concepts[0],
                },
            },
            {
                "type": "input",
                "block_id": "deadline",
                "label": plain(t("start.deadline", locale), 2000),
                "element": {"type": "datetimepicker", "action_id": "value", "initial_date_time": default_deadline},
            },
            {
                "type": "input",
                "block_id": "pacing",
                "label": plain(t("start.pacing", locale), 2000),
                "element": {
                    "type": "radio_buttons",
                    "action_id": "value",
                    "options": pacing,
                    "initial_option": pacing[0],
                },
            },
            {
                "type": "input",
                "block_id": "anonymous",
                "label": plain(t("start.anonymous", locale), 2000),
                "element": {"type": "radio_buttons", "action_id": "value", "options": anon, "initial_option": anon[0]},
            },
        ],
    }

"""Sharing an experience: `/dialogue share`, App Home's button, a chat message offered as one, HR's rounds."""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot.core.i18n import t
from bot.core.payload import BoltPayload
from bot.core.runtime import Runtime
from bot.outbound.blocks.experiences import SHARE_ACTION, SHARE_CALLBACK, SHARE_CHAT_ACTIONS, share_modal, share_thanks
from bot.outbound.blocks.kit import slack_view
from bot.outbound.people import locale_of
from bot.services import access, experiences
from flows import engine as fe
from flows.model import FlowKind, flow_of_kind


def open_share_modal(rt: Runtime, trigger_id: str, user_id: str, prefill: dict[str, str] | None = None) -> None:
    hr = access.is_hr(rt, user_id)
    view = share_modal(flow_of_kind(rt.flows, FlowKind.EXPERIENCE), locale_of(rt, user_id), prefill, hr=hr)
    rt.client.views_open(trigger_id=trigger_id, view=slack_view(view))


def share_command(rt: Runtime, command: BoltPayload, ack: Ack) -> None:
    ack()
    open_share_modal(rt, command["trigger_id"], command["user_id"])


def register(app: App, rt: Runtime) -> None:
    @app.action(SHARE_ACTION)
    def home_share(ack: Ack, body: BoltPayload) -> None:
        ack()
        open_share_modal(rt, body["trigger_id"], body["user"]["id"])

    @app.action(re.compile("^(" + "|".join(SHARE_CHAT_ACTIONS) + ")$"))
    def share_chat(ack: Ack, body: BoltPayload, action: BoltPayload) -> None:
        ack()
        user_id = body["user"]["id"]
        channel = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id")
        text = experiences.chat_text(rt, channel, action.get("value"), user_id)
        prefill = {SHARE_CHAT_ACTIONS[action["action_id"]]: text} if text else None
        open_share_modal(rt, body["trigger_id"], user_id, prefill)

    @app.view(SHARE_CALLBACK)
    def share_submitted(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        outcome = experiences.share(rt, user_id, view)
        if isinstance(outcome, experiences.Invalid):
            errors = {field: t(f"error.{code}", locale, n=fe.MAX_TEXT) for field, code in outcome.errors.items()}
            ack(response_action="errors", errors=errors)
            return
        ack(response_action="update", view=slack_view(share_thanks(outcome.flow, locale)))

"""`/dialogue VERB`: one listener that hands each verb (bot.commands) to the listener module that owns it."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, App

from bot.core.i18n import t
from bot.core.payload import BoltPayload
from bot.core.runtime import Runtime
from bot.outbound.people import locale_of
from bot.slack.commands import Verb, verb_of
from bot.slack.listeners import campaigns, experiences, exports, rounds, workshops

Handler = Callable[[Runtime, BoltPayload, Ack], None]

HANDLERS: dict[Verb, Handler] = {
    Verb.START: rounds.start_command,
    Verb.STATUS: rounds.status_command,
    Verb.SHARE: experiences.share_command,
    Verb.WORKSHOPS: workshops.listing_command,
    Verb.EXPORT: exports.export_command,
    Verb.AUDIT: exports.audit_command,
    Verb.CAMPAIGN: campaigns.campaign_command,
}


def register(app: App, rt: Runtime) -> None:
    @app.command("/dialogue")
    def dialogue(ack: Ack, command: BoltPayload) -> None:
        handler = HANDLERS.get(verb_of(command.get("text")))
        if handler is None:
            ack(text=t("help.text", locale_of(rt, command["user_id"])))
            return
        handler(rt, command, ack)

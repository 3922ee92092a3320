"""`/dialogue VERB`: one listener that hands each verb (bot.commands) to the listener module that owns it."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack, App

from bot.commands import Verb, verb_of
from bot.i18n import t
from bot.listeners import campaigns, exports, round, share, workshops
from bot.people import locale_of
from bot.runtime import Runtime

Handler = Callable[[Runtime, dict, Ack], None]

HANDLERS: dict[Verb, Handler] = {
    Verb.START: round.start_command,
    Verb.STATUS: round.status_command,
    Verb.SHARE: share.share_command,
    Verb.WORKSHOPS: workshops.listing_command,
    Verb.EXPORT: exports.export_command,
    Verb.AUDIT: exports.audit_command,
    Verb.CAMPAIGN: campaigns.campaign_command,
}


def register(app: App, rt: Runtime) -> None:
    @app.command("/dialogue")
    def dialogue(ack: Ack, command: dict) -> None:
        handler = HANDLERS.get(verb_of(command.get("text")))
        if handler is None:
            ack(text=t("help.text", locale_of(rt, command["user_id"])))
            return
        handler(rt, command, ack)

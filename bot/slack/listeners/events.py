"""Direct messages to the bot get a short help reply (and an offer to share what was written as an experience);
anything the bot does not handle is acked quietly."""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot.core.payload import BoltPayload
from bot.core.runtime import Runtime, log
from bot.outbound import delivery
from bot.outbound.blocks.experiences import chat_reply
from bot.outbound.people import locale_of
from bot.services import directory

ANYTHING = re.compile(".*")
SHARE_MIN_WORDS = 3  # "hi" gets the help; a sentence also gets the offer to share it as an experience


def register(app: App, rt: Runtime) -> None:
    @app.event("user_change")
    @app.event("team_join")
    def person_changed(event: BoltPayload) -> None:
        """Keep the people directory current between its daily sweeps (time zone, language, deactivation)."""
        user = event.get("user")
        if isinstance(user, dict) and isinstance(user.get("id"), str):
            directory.update(rt, [user])

    @app.event({"type": "message", "channel_type": "im"})
    def direct_message(event: BoltPayload, body: BoltPayload) -> None:
        if event.get("bot_id") or event.get("subtype") or not event.get("user"):
            return
        user_id = event["user"]
        key = f"reply:{body.get('event_id') or event.get('client_msg_id') or event.get('ts')}"
        substantial = len((event.get("text") or "").split()) >= SHARE_MIN_WORDS
        text, blocks = chat_reply(locale_of(rt, user_id), event.get("ts") if substantial else None)
        delivery.post(rt, key, None, event["channel"], text, blocks)


def register_fallbacks(app: App) -> None:
    """Registered last: Bolt runs the first matching listener, so these only see what nothing else wanted."""

    @app.action(ANYTHING)
    def unknown_action(ack: Ack, body: BoltPayload) -> None:
        ack()
        ids = [a.get("action_id") for a in body.get("actions") or []]
        log.info("ignored unknown action %s", ids)

    @app.view(ANYTHING)
    def unknown_view(ack: Ack, view: BoltPayload) -> None:
        ack()
        log.info("ignored unknown view submission %s", view.get("callback_id"))

    @app.event(ANYTHING)
    def other_event(event: BoltPayload) -> None:
        log.debug("ignored event %s", event.get("type"))

    @app.message(ANYTHING)
    def other_message() -> None:
        return None

"""The Bolt app: its listeners behind the gate, and the shape check of a payload before Bolt reads it."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

from slack_bolt import App, BoltResponse
from sqlalchemy.exc import IntegrityError

from bot.core.payload import shape_problem
from bot.core.runtime import Runtime, log
from bot.slack import authz
from bot.slack.ack_first import AckFirstApp
from bot.slack.listeners import (
    adaptation,
    answers,
    campaigns,
    commands,
    events,
    experiences,
    exports,
    follow_up,
    home,
    meetings,
    rounds,
    workshops,
)
from storage.models import SeenEvent

MAX_BODY = 1024 * 1024  # Slack's payloads are far smaller; anything bigger is not from Slack


def build_bolt(rt: Runtime) -> App:
    app = AckFirstApp(
        pool=ThreadPoolExecutor(32, thread_name_prefix="listener", initializer=rt.db.mark_interactive),
        client=rt.client,
        signing_secret=rt.settings.slack_signing_secret,
        token_verification_enabled=False,
        # WebApp checks every HTTP request's signature (over raw bytes) before Bolt sees it; Socket Mode
        # needs none. One place, so the check cannot drift.
        request_verification_enabled=False,
        raise_error_for_unhandled_request=False,
    )

    authz.install(app, rt)  # first: other organisations, kinds of request not answered, then who may do what

    @app.middleware
    def skip_seen_events(body: dict, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        """Slack retries an event it thinks we missed (X-Slack-Retry-Num); its event_id says we did not."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id:
            with rt.db.session() as s:
                s.add(SeenEvent(event_id=str(event_id)[:64], seen_at=rt.clock.now()))
                try:
                    s.commit()
                except IntegrityError:
                    log.info("event %s seen before; acked without acting again", event_id)
                    return BoltResponse(status=200, body="")
        return next()

    @app.error
    def on_error(error: Exception, body: dict) -> None:
        log.error("listener failed for a %s request: %r", body.get("type") or "command", error, exc_info=error)

    workshops.register(app, rt)  # first: Bolt tries listeners in order, and a sign-up burst is the hot path
    commands.register(app, rt)
    rounds.register(app, rt)
    answers.register(app, rt)
    follow_up.register(app, rt)
    experiences.register(app, rt)
    exports.register(app, rt)
    campaigns.register(app, rt)
    adaptation.register(app, rt)
    home.register(app, rt)
    meetings.register(app, rt)  # before events: its channel messages must not reach the DM listener
    events.register(app, rt)
    events.register_fallbacks(app)
    return app


def malformed(body: bytes, content_type: str) -> str | None:
    """Why a (correctly signed) body is not a Slack payload we can read; None when it is."""
    try:
        text = body.decode("utf-8")
        if content_type.startswith("application/json"):
            data = json.loads(text)
        else:
            form = parse_qs(text, strict_parsing=bool(text))
            if "ssl_check" in form:
                return None
            if "command" in form:
                return shape_problem({k: v[0] for k, v in form.items()})
            if "payload" not in form:
                return "neither a command nor an interaction payload"
            data = json.loads(form["payload"][0])
        if not isinstance(data, dict) or not isinstance(data.get("type"), str):
            return "no payload type"
        return shape_problem(data)
    except (UnicodeDecodeError, ValueError) as e:
        return f"unreadable body ({type(e).__name__})"

"""HR exports, sharing an experience, and one's own answers (see and delete)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import privacy
from bot import rounds as service
from bot.i18n import t
from bot.payload import int_value, say, state_value
from bot.people import locale_of
from bot.runtime import Runtime, log
from bot.views.answer import read_values
from bot.views.privacy import (
    DELETE_ACTION,
    DIALOGUES,
    EXPORT_CALLBACK,
    SHARE_ACTION,
    SHARE_CALLBACK,
    SHARE_CHAT_ACTIONS,
    export_modal,
)
from bot.views.privacy import share_modal as build_share_modal
from flows import engine as fe
from storage import audit, experiences
from storage import rounds as store
from storage.exports import WHAT, Period

SHARE_FLOW = "experience"


def open_share_modal(rt: Runtime, trigger_id: str, user_id: str, prefill: dict[str, str] | None = None) -> None:
    view = build_share_modal(rt.flows[SHARE_FLOW], locale_of(rt, user_id), prefill)
    rt.client.views_open(trigger_id=trigger_id, view=view)


CHAT_READ_SECONDS = 1.0  # the click's trigger_id lives 3 s, and the form must still open after this


def chat_text(rt: Runtime, channel: str | None, ts: str | None, user_id: str) -> str | None:
    """What this person wrote to the bot in that message, read back from Slack (the bot keeps no copy of
    chat). None if it is gone, is someone else's, or Slack cannot say in time: the form then opens empty.
    One try with a short timeout, not the retrying client: waiting longer would cost the form itself."""
    if not channel or not ts:
        return None
    quick = WebClient(token=rt.client.token, base_url=rt.client.base_url, timeout=CHAT_READ_SECONDS, retry_handlers=[])
    try:
        r = quick.conversations_history(channel=channel, latest=ts, oldest=ts, inclusive=True, limit=1)
    except (SlackApiError, OSError) as e:
        log.warning("could not read back a chat message to share: %r", e)
        return None
    found = [m for m in r.get("messages") or [] if m.get("ts") == ts and m.get("user") == user_id]
    if not found:
        return None
    # Slack escapes these three in message text; the form shows the text as it was typed.
    return (found[0].get("text") or "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def on_command(rt: Runtime, verb: str, command: dict, ack: Ack) -> bool:
    """`/dialogue export|audit|share`; False for verbs that are not ours. bot.authz has checked the role."""
    user_id = command["user_id"]
    if verb == "export":
        ack()
        rt.client.views_open(trigger_id=command["trigger_id"], view=export_modal(locale_of(rt, user_id)))
    elif verb == "audit":
        ack(text=t("export.done", locale_of(rt, user_id), what=t("export.what.audit", locale_of(rt, user_id)), n="…"))
        rt.background(privacy.export_to_dm, rt, user_id, "audit", "csv", Period(), None)
    elif verb == "workshops":
        from bot.listeners.workshops import listing

        blocks = listing(rt, user_id)
        ack(text=t("ws.upcoming", locale_of(rt, user_id)), blocks=blocks)
    elif verb == "share":
        ack()
        open_share_modal(rt, command["trigger_id"], user_id)
    else:
        return False
    return True


def register(app: App, rt: Runtime) -> None:
    @app.action(SHARE_ACTION)
    def home_share(ack: Ack, body: dict) -> None:
        ack()
        open_share_modal(rt, body["trigger_id"], body["user"]["id"])

    @app.action(re.compile("^(" + "|".join(SHARE_CHAT_ACTIONS) + ")$"))
    def share_chat(ack: Ack, body: dict, action: dict) -> None:
        ack()
        user_id = body["user"]["id"]
        channel = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id")
        text = chat_text(rt, channel, action.get("value"), user_id)
        prefill = {SHARE_CHAT_ACTIONS[action["action_id"]]: text} if text else None
        open_share_modal(rt, body["trigger_id"], user_id, prefill)

    @app.view(EXPORT_CALLBACK)
    def export_submitted(ack: Ack, body: dict, view: dict) -> None:
        user_id = body["user"]["id"]
        values = (view.get("state") or {}).get("values") or {}
        what = (state_value(values, "what").get("selected_option") or {}).get("value")
        fmt = (state_value(values, "format").get("selected_option") or {}).get("value", "csv")
        round_text = (state_value(values, "round").get("value") or "").strip()
        since_text = state_value(values, "since").get("selected_date")
        until_text = state_value(values, "until").get("selected_date")
        locale = locale_of(rt, user_id)
        round_id = int_value(round_text) if round_text else None
        if round_text and round_id is None:
            ack(response_action="errors", errors={"round": t("error.not_a_number", locale)})
            return
        if what not in WHAT or fmt not in ("csv", "xlsx"):
            ack(response_action="errors", errors={"what": t("error.unknown_concept", locale)})
            return
        since = datetime.fromisoformat(since_text).replace(tzinfo=UTC) if since_text else None
        until = datetime.fromisoformat(until_text).replace(tzinfo=UTC) + timedelta(days=1) if until_text else None
        if since and until and until <= since:
            ack(response_action="errors", errors={"until": t("error.until_before_since", locale)})
            return
        ack()
        rt.background(privacy.export_to_dm, rt, user_id, what, fmt, Period(since, until), round_id)

    @app.view(SHARE_CALLBACK)
    def share_submitted(ack: Ack, body: dict, view: dict) -> None:
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        values = (view.get("state") or {}).get("values") or {}
        dialogue = (state_value(values, "dialogue").get("selected_option") or {}).get("value")
        named = (state_value(values, "anonymous").get("selected_option") or {}).get("value") == "no"
        flow = rt.flows[SHARE_FLOW]
        answers, problems = fe.parse_answers(flow.steps, read_values(view))
        by_step = {a.step_id: a for a in answers}
        errors = {}
        if dialogue not in DIALOGUES:
            errors["dialogue"] = t("error.unknown_concept", locale)
        for p in problems:
            errors[f"{p.field}__{p.step_id}"] = t(f"error.{p.code}", locale, n=fe.MAX_TEXT)
        if not errors and not (by_step["worked"].text or by_step["different"].text):
            errors["text__worked"] = t("error.share_empty", locale)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        # From an HR experience round's DM: linked to the round, so reminders stop and HR sees participation.
        rid = int_value(view.get("private_metadata"))
        rnd = store.get_round(rt.db, rid) if rid is not None else None
        in_round = rnd is not None and rnd.status == "open" and store.is_participant(rt.db, rnd.id, user_id)  # type: ignore[arg-type]
        experiences.add(
            rt.db,
            dialogue=dialogue,
            worked=by_step["worked"].text,
            different=by_step["different"].text,
            rating=by_step["rating"].rating,
            user_id=user_id if named else None,
            shared_on=rt.clock.now().date(),
            round_id=rid if in_round else None,
        )
        if in_round:
            store.mark_answered(rt.db, rid, user_id)  # type: ignore[arg-type]
            rt.background(service.answered, rt, rid, user_id)
        ack(
            response_action="update",
            view={
                "type": "modal",
                "title": {"type": "plain_text", "text": flow.title.get(locale)[:24]},
                "close": {"type": "plain_text", "text": t("polite.ok", locale)},
                "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": t("share.thanks", locale)}}],
            },
        )

    @app.action(DELETE_ACTION)
    def delete_clicked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        round_id = int_value(action.get("value"))
        n = store.delete_response(rt.db, round_id, user_id) if round_id is not None else 0
        audit.record(rt.db, rt.clock.now(), user_id, "answer.delete", detail=f"round {round_id}", rows=n)
        if body.get("response_url"):
            say(respond, t("mine.deleted", locale_of(rt, user_id)))
        from bot.listeners.home import publish_home

        publish_home(rt, user_id)

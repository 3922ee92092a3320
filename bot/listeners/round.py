"""A lead starts, follows and closes a round: `/dialogue`, the start modal, the close button."""

from __future__ import annotations

from datetime import UTC, datetime

from slack_bolt import Ack, App, Respond

from bot import rounds as service
from bot.i18n import t
from bot.people import locale_of
from bot.runtime import Runtime
from bot.views.home import START_ACTION, rounds_blocks
from bot.views.round import CLOSE_ACTION
from bot.views.start import CALLBACK as START_CALLBACK
from bot.views.start import start_modal
from flows.engine import PACINGS
from storage import rounds as store


def open_start_modal(rt: Runtime, trigger_id: str, user_id: str) -> None:
    rt.client.views_open(trigger_id=trigger_id, view=start_modal(locale_of(rt, user_id), rt.flows, rt.clock.now()))


def open_rounds_summary(rt: Runtime, lead_id: str) -> list[tuple]:
    return [(r, *store.counts(rt.db, r.id)) for r in store.open_rounds_of(rt.db, lead_id)]  # type: ignore[arg-type]


def _value(values: dict, block: str) -> dict:
    return ((values.get(block) or {}).get("value")) or {}


def read_start(view: dict, flows: dict, now: datetime, locale: str) -> tuple[dict, dict[str, str]]:
    """The start modal's values, and inline errors (block id → sentence in the lead's language)."""
    values = (view.get("state") or {}).get("values") or {}
    users = [u for u in (_value(values, "participants").get("selected_users") or []) if isinstance(u, str)]
    channel = _value(values, "channel").get("selected_conversation")
    concept = (_value(values, "concept").get("selected_option") or {}).get("value")
    when = _value(values, "deadline").get("selected_date_time")
    pacing = (_value(values, "pacing").get("selected_option") or {}).get("value")
    anonymous = (_value(values, "anonymous").get("selected_option") or {}).get("value", "yes") != "no"
    errors: dict[str, str] = {}
    if not users and not channel:
        errors["participants"] = t("error.no_participants", locale)
    if concept not in flows:
        errors["concept"] = t("error.unknown_concept", locale)
    deadline = None
    if not isinstance(when, int | float):
        errors["deadline"] = t("error.deadline_missing", locale)
    else:
        deadline = datetime.fromtimestamp(when, UTC)
        if deadline <= now:
            errors["deadline"] = t("error.deadline_past", locale)
    data = {
        "users": users,
        "channel": channel if isinstance(channel, str) else None,
        "concept": concept,
        "deadline": deadline,
        "pacing": pacing if pacing in PACINGS else PACINGS[0],
        "anonymous": anonymous,
    }
    return data, errors


def register(app: App, rt: Runtime) -> None:
    @app.command("/dialogue")
    def dialogue(ack: Ack, command: dict) -> None:
        words = (command.get("text") or "").strip().lower().split()
        verb = words[0] if words else "help"
        user_id = command["user_id"]
        if verb == "start":
            ack()
            open_start_modal(rt, command["trigger_id"], user_id)
            return
        locale = locale_of(rt, user_id)
        if verb == "status":
            blocks = rounds_blocks(locale, open_rounds_summary(rt, user_id), rt.flows)
            ack(text=blocks[0]["text"]["text"], blocks=blocks)
            return
        ack(text=t("help.text", locale))

    @app.action(START_ACTION)
    def home_start(ack: Ack, body: dict) -> None:
        ack()
        open_start_modal(rt, body["trigger_id"], body["user"]["id"])

    @app.view(START_CALLBACK)
    def start_submitted(ack: Ack, body: dict, view: dict) -> None:
        lead_id = body["user"]["id"]
        locale = view.get("private_metadata") if view.get("private_metadata") in ("en", "da") else "en"
        data, errors = read_start(view, rt.flows, rt.clock.now(), locale)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        flow = rt.flows[data["concept"]]
        rnd = store.create_round(
            rt.db,
            flow_id=flow.id,
            flow_version=flow.version,
            lead_id=lead_id,
            participants=data["users"],
            deadline=data["deadline"],
            pacing=data["pacing"],
            anonymous=data["anonymous"],
            locale=locale,
            now=rt.clock.now(),
            team_id=(body.get("team") or {}).get("id"),
            channel_id=data["channel"],
        )
        assert rnd.id is not None
        rt.schedule_close(rnd.id)
        ack()
        rt.background(service.invite_all, rt, rnd.id)

    @app.action(CLOSE_ACTION)
    def close_clicked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        try:
            rnd = store.get_round(rt.db, int(action.get("value", "")))
        except ValueError:
            rnd = None
        if rnd is None or rnd.lead_id != user_id:
            respond(
                text=t("status.not_lead", locale_of(rt, user_id)), response_type="ephemeral", replace_original=False
            )
            return
        rt.background(service.close_and_summarise, rt, rnd.id, True)

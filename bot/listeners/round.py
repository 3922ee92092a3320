"""A lead starts, follows and closes a round: `/dialogue`, the start modal, the close button."""

from __future__ import annotations

from datetime import UTC, datetime

from slack_bolt import Ack, App, Respond

from bot import planner
from bot import rounds as service
from bot.i18n import t
from bot.payload import int_value, say, state_value
from bot.people import locale_of, person
from bot.runtime import Runtime
from bot.views.answer import polite_modal
from bot.views.home import START_ACTION, rounds_blocks
from bot.views.round import (
    CLOSE_ACTION,
    EXTEND_ACTION,
    EXTEND_CALLBACK,
    MUTE_ACTION,
    REMIND_ACTION,
    extend_modal,
)
from bot.views.start import CALLBACK as START_CALLBACK
from bot.views.start import EXPERIENCE, start_modal
from flows.engine import PACINGS
from storage import planned, roles
from storage import rounds as store
from storage.models import Round


def open_start_modal(rt: Runtime, trigger_id: str, user_id: str) -> None:
    view = start_modal(locale_of(rt, user_id), rt.flows, rt.clock.now(), hr=roles.is_hr(rt.db, user_id))
    rt.client.views_open(trigger_id=trigger_id, view=view)


def open_rounds_summary(rt: Runtime, lead_id: str) -> list[tuple]:
    return [(r, *store.counts(rt.db, r.id)) for r in store.open_rounds_of(rt.db, lead_id)]  # type: ignore[arg-type]


def read_start(view: dict, flows: dict, now: datetime, locale: str) -> tuple[dict, dict[str, str]]:
    """The start modal's values, and inline errors (block id → sentence in the lead's language)."""
    values = (view.get("state") or {}).get("values") or {}
    users = [u for u in (state_value(values, "participants").get("selected_users") or []) if isinstance(u, str)]
    channel = state_value(values, "channel").get("selected_conversation")
    concept = (state_value(values, "concept").get("selected_option") or {}).get("value")
    when = state_value(values, "deadline").get("selected_date_time")
    pacing = (state_value(values, "pacing").get("selected_option") or {}).get("value")
    anonymous = (state_value(values, "anonymous").get("selected_option") or {}).get("value", "yes") != "no"
    errors: dict[str, str] = {}
    if not users and not channel:
        errors["participants"] = t("error.no_participants", locale)
    # The experience round is HR's (bot.authz checks that); every other concept must be startable.
    if concept not in flows or not (flows[concept].startable or concept == EXPERIENCE):
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
        from bot.listeners import privacy

        if privacy.on_command(rt, verb, command, ack):
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
        rt.background(service.start_round, rt, rnd.id)

    def round_of(action: dict) -> Round | None:
        """The round a status button is about (bot.authz has already checked that the clicker leads it)."""
        rid = int_value(action.get("value"))
        return store.get_round(rt.db, rid) if rid is not None else None

    @app.action(CLOSE_ACTION)
    def close_clicked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        if (rnd := round_of(action)) is not None:
            rt.background(service.close_and_summarise, rt, rnd.id, True)

    @app.action(REMIND_ACTION)
    def remind_clicked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        if (rnd := round_of(action)) is None or rnd.status != "open":
            return
        assert rnd.id is not None
        locale = locale_of(rt, rnd.lead_id)
        now = rt.clock.now()
        today = now.astimezone(rt.tz_of(person(rt, rnd.lead_id).tz)).date()
        if not store.claim_remind_day(rt.db, rnd.id, today):
            say(respond, t("remind.already", locale))
            return
        who = [p.user_id for p in store.participants(rt.db, rnd.id) if not p.answered and not p.muted]
        rows = [planned.Send(service.remind_key(rnd.id, u, now), u, "remind", now, round_id=rnd.id) for u in who]
        planned.plan(rt.db, rows)
        say(respond, t("remind.queued", locale, n=len(who)) if who else t("remind.none", locale))
        rt.background(planner.send_due, rt, now)

    @app.action(EXTEND_ACTION)
    def extend_clicked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        if (rnd := round_of(action)) is not None and rnd.status == "open":
            view = extend_modal(locale_of(rt, rnd.lead_id), rnd.id, rnd.deadline)  # type: ignore[arg-type]
            rt.client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(EXTEND_CALLBACK)
    def extend_submitted(ack: Ack, body: dict, view: dict) -> None:
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        rnd = store.get_round(rt.db, round_id) if (round_id := int_value(view.get("private_metadata"))) else None
        if rnd is None or rnd.status != "open":
            ack(response_action="update", view=polite_modal(locale, t("invite.closed", locale)))
            return
        when = state_value((view.get("state") or {}).get("values") or {}, "deadline").get("selected_date_time")
        error = None
        if not isinstance(when, int | float):
            error = "error.deadline_missing"
        elif datetime.fromtimestamp(when, UTC) <= rt.clock.now():
            error = "error.deadline_past"
        elif datetime.fromtimestamp(when, UTC) <= rnd.deadline:
            error = "error.deadline_not_later"
        if error:
            ack(response_action="errors", errors={"deadline": t(error, locale)})
            return
        store.extend(rt.db, rnd.id, datetime.fromtimestamp(when, UTC))  # type: ignore[arg-type]
        rt.schedule_close(rnd.id)  # type: ignore[arg-type]
        ack()
        rt.background(service.replan_reminders, rt, rnd.id)

    @app.action(MUTE_ACTION)
    def mute_clicked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        round_id = int_value(action.get("value"))
        if round_id is not None and store.mute(rt.db, round_id, user_id):
            say(respond, t("mute.done", locale_of(rt, user_id)))

"""A lead starts, follows and closes a round: the set-up form, `/dialogue start|status`, the status buttons."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import Ack, App, Respond

from bot.core.i18n import t
from bot.core.payload import BoltPayload, ModalState, Payload, as_dict, int_value, say, str_value, submission_key
from bot.core.runtime import Runtime
from bot.outbound.blocks.adaptation import adapt_modal
from bot.outbound.blocks.answers import polite_modal
from bot.outbound.blocks.home import START_ACTION, rounds_blocks
from bot.outbound.blocks.kit import fallback_text, slack_blocks, slack_view
from bot.outbound.blocks.rounds import (
    CLOSE_ACTION,
    EXTEND_ACTION,
    EXTEND_CALLBACK,
    MUTE_ACTION,
    REMIND_ACTION,
    extend_modal,
)
from bot.outbound.blocks.start import CALLBACK as START_CALLBACK
from bot.outbound.blocks.start import start_modal
from bot.outbound.people import locale_of
from bot.services import access, adaptation, planner, rounds, summaries
from flows.adaptation import adaptable
from flows.engine import PACINGS
from flows.model import LOCALES, Flow, FlowKind


def open_start_modal(rt: Runtime, trigger_id: str, user_id: str) -> None:
    view = start_modal(locale_of(rt, user_id), rt.flows, rt.clock.now(), hr=access.is_hr(rt, user_id))
    rt.client.views_open(trigger_id=trigger_id, view=slack_view(view))


def start_command(rt: Runtime, command: BoltPayload, ack: Ack) -> None:
    ack()
    open_start_modal(rt, command["trigger_id"], command["user_id"])


def status_command(rt: Runtime, command: BoltPayload, ack: Ack) -> None:
    user_id = command["user_id"]
    blocks = rounds_blocks(locale_of(rt, user_id), rounds.open_rounds_of(rt, user_id), rt.flows)
    ack(text=fallback_text(blocks), blocks=slack_blocks(blocks))


def read_start(
    view: Payload, flows: dict[str, Flow], now: datetime, locale: str, lead_id: str, concept: str | None = None
) -> tuple[rounds.Setup | None, dict[str, str]]:
    """The set-up form's choices, or inline errors (block id → sentence in the lead's language). The lead is
    not a participant of their own round (the form says so). `concept`: set by a campaign, not chosen."""
    state = ModalState(view)
    users, channel = [u for u in state.users("participants") if u != lead_id], state.conversation("channel")
    concept = concept or state.option("concept")
    deadline, pacing = state.moment("deadline"), state.option("pacing")
    errors: dict[str, str] = {}
    if not users and not channel:
        errors["participants"] = t("error.no_participants", locale)
    # HR's experience round is startable by HR only (bot.slack.authz checks that); every other concept must be
    # startable.
    flow = flows.get(concept or "")
    if flow is None or not (flow.startable or flow.kind == FlowKind.EXPERIENCE):
        errors["concept"] = t("error.unknown_concept", locale)
    anonymous = state.option("anonymous") != "no"
    if flow is not None and not anonymous and not flow.allow_named:  # always anonymous, whatever was sent
        errors["anonymous"] = t("error.named_not_allowed", locale, title=flow.title.get(locale))
    if deadline is None:
        errors["deadline"] = t("error.deadline_missing", locale)
    elif deadline <= now:
        errors["deadline"] = t("error.deadline_past", locale)
    if errors or flow is None or deadline is None:
        return None, errors
    setup = rounds.Setup(
        flow_id=flow.id,
        participants=users,
        channel_id=channel,
        deadline=deadline,
        pacing=pacing if pacing in PACINGS else PACINGS[0],
        anonymous=anonymous,
    )
    return setup, {}


def offer_adaptation(
    rt: Runtime, ack: Ack, view: Payload, lead_id: str, setup: rounds.Setup, locale: str, team: str | None
) -> bool:
    """When the lead ticked *Adapt the questions first* (and the concept can be adapted): keep the set-up as a
    draft and answer with the adaptation form, pre-filled with the variant from last time. True when it did."""
    if "yes" not in ModalState(view).options("adapt") or not adaptable(rt.flows[setup.flow_id]):
        return False
    key = adaptation.begin(rt, lead_id, setup, locale, team, submission_key(view))
    offered = adaptation.flow_and_variant(rt, key, lead_id)
    ack(
        response_action="update",
        view=slack_view(adapt_modal(locale, rt.flows[setup.flow_id], offered and offered[1], key)),
    )
    return True


def register(app: App, rt: Runtime) -> None:
    @app.action(START_ACTION)
    def home_start(ack: Ack, body: BoltPayload) -> None:
        ack()
        open_start_modal(rt, body["trigger_id"], body["user"]["id"])

    @app.view(START_CALLBACK)
    def start_submitted(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        lead_id = body["user"]["id"]
        meta = view.get("private_metadata")
        locale = meta if isinstance(meta, str) and meta in LOCALES else LOCALES[0]
        setup, errors = read_start(view, rt.flows, rt.clock.now(), locale, lead_id)
        if setup is None:
            ack(response_action="errors", errors=errors)
            return
        team = str_value(as_dict(body.get("team")).get("id"))
        if offer_adaptation(rt, ack, view, lead_id, setup, locale, team):
            return
        rnd = rounds.create(rt, lead_id, setup, locale, team, submission=submission_key(view))
        ack()
        if rnd is not None:  # None: this very submission created its round before
            rt.background(rounds.start_round, rt, rnd.id)

    # A status button names its round by id; bot.slack.authz has already checked that the clicker leads it.

    @app.action(CLOSE_ACTION)
    def close_clicked(ack: Ack, action: BoltPayload) -> None:
        ack()
        if (rnd := rounds.get(rt, int_value(action.get("value")))) is not None:
            rt.background(summaries.close_and_summarise, rt, rnd.id, True)

    @app.action(REMIND_ACTION)
    def remind_clicked(ack: Ack, action: BoltPayload, respond: Respond) -> None:
        ack()
        if (rnd := rounds.open_round(rt, int_value(action.get("value")))) is None:
            return
        locale = locale_of(rt, rnd.lead_id)
        n = rounds.remind_now(rt, rnd)
        if n is None:
            say(respond, t("remind.already", locale))
            return
        say(respond, t("remind.queued", locale, count=n) if n else t("remind.none", locale))
        rt.background(planner.send_due, rt, rt.clock.now())

    @app.action(EXTEND_ACTION)
    def extend_clicked(ack: Ack, body: BoltPayload, action: BoltPayload) -> None:
        ack()
        if (rnd := rounds.open_round(rt, int_value(action.get("value")))) is not None and rnd.id is not None:
            view = extend_modal(locale_of(rt, rnd.lead_id), rnd.id, rnd.deadline)
            rt.client.views_open(trigger_id=body["trigger_id"], view=slack_view(view))

    @app.view(EXTEND_CALLBACK)
    def extend_submitted(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        locale = locale_of(rt, body["user"]["id"])
        rnd = rounds.open_round(rt, int_value(view.get("private_metadata")))
        if rnd is None or rnd.id is None:
            ack(response_action="update", view=slack_view(polite_modal(locale, t("invite.closed", locale))))
            return
        problem = rounds.extend(rt, rnd, ModalState(view).moment("deadline"))
        if problem is not None:
            ack(response_action="errors", errors={"deadline": t(f"error.{problem.value}", locale)})
            return
        ack()
        rt.background(rounds.replan_reminders, rt, rnd.id)

    @app.action(MUTE_ACTION)
    def mute_clicked(ack: Ack, body: BoltPayload, action: BoltPayload, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        round_id = int_value(action.get("value"))
        if round_id is not None and rounds.mute(rt, round_id, user_id):
            say(respond, t("mute.done", locale_of(rt, user_id)))

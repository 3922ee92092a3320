"""Campaigns in Slack: `/dialogue campaign [status|results] [ID]` for HR, the start form, HR's nudges, and the
unit lead's *Plan our dialogue* form that starts their unit's round (or hands it to a deputy)."""

from __future__ import annotations

from dataclasses import replace

from slack_bolt import Ack, App, Respond

from bot.core.i18n import day, t
from bot.core.payload import (
    BoltPayload,
    ModalState,
    as_dict,
    int_value,
    json_object,
    say,
    str_value,
    submission_key,
    unit_ref,
)
from bot.core.runtime import Runtime
from bot.outbound.blocks.answers import polite_modal
from bot.outbound.blocks.campaigns import (
    NUDGE_ACTION,
    PLAN_ACTION,
    PLAN_CALLBACK,
    START_CALLBACK,
    plan_modal,
    progress_blocks,
    start_modal,
)
from bot.outbound.blocks.kit import fallback_text, slack_blocks, slack_view
from bot.outbound.people import locale_of
from bot.services import campaigns, org, rounds
from bot.slack.listeners.rounds import offer_adaptation, read_start
from flows.model import LOCALES


def campaign_command(rt: Runtime, command: BoltPayload, ack: Ack) -> None:
    """`/dialogue campaign` opens the start form; `status [ID]` answers with progress; `results [ID]` sends the
    results to the asker's DM (bot.slack.authz: HR, or for results a lead of units with sub-units in it)."""
    user_id = command["user_id"]
    locale = locale_of(rt, user_id)
    words = str(command.get("text") or "").split()[1:]
    sub = words[0].lower() if words else ""
    if sub == "status":
        campaign = campaigns.find(rt.db, int_value(words[1]) if len(words) > 1 else None)
        if campaign is None or campaign.id is None:
            ack(text=t("campaign.none", locale))
            return
        rows = campaigns.progress(rt, campaign.id)
        blocks = progress_blocks(locale, campaign, rt.flows.get(campaign.flow_id), rows)
        ack(text=fallback_text(blocks), blocks=slack_blocks(blocks))
        return
    if sub == "results":
        campaign = campaigns.find(rt.db, int_value(words[1]) if len(words) > 1 else None)
        if campaign is None or campaign.id is None:
            ack(text=t("campaign.none", locale))
            return
        ack(text=t("export.coming", locale, what=t("campaign.heatmap", locale)))
        rt.background(campaigns.results_to_dm, rt, user_id, campaign.id)
        return
    names = org.unit_names(rt.db)
    if not names:
        ack(text=t("campaign.no_org", locale))
        return
    ack()
    today = rt.clock.now().astimezone(rt.settings.tz).date()
    rt.client.views_open(trigger_id=command["trigger_id"], view=slack_view(start_modal(locale, rt.flows, names, today)))


def register(app: App, rt: Runtime) -> None:
    @app.view(START_CALLBACK)
    def start_submitted(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        user_id = body["user"]["id"]
        meta = view.get("private_metadata")
        locale = meta if isinstance(meta, str) and meta in LOCALES else locale_of(rt, user_id)
        state = ModalState(view)
        chosen = state.options("units") or [n for n in state.text("units").replace("\n", ",").split(",") if n.strip()]
        launch = campaigns.Launch(
            flow_id=state.option("flow") or "",
            unit_names=chosen,
            subtree="yes" in state.options("subtree"),
            starts_on=state.day("from"),
            ends_on=state.day("until"),
            message=state.text("message") or None,
        )
        now = rt.clock.now()
        started = campaigns.start(rt.db, rt.flows, user_id, launch, now.astimezone(rt.settings.tz).date(), now)
        if started.campaign is None or started.campaign.id is None:
            errors = {b: t(k, locale, units=", ".join(started.unknown_units)) for b, k in started.errors.items()}
            ack(response_action="errors", errors=errors)
            return
        text = t("campaign.started", locale, count=started.units, id=started.campaign.id)
        if started.without_lead:
            text += "\n\n" + t("campaign.without_lead", locale, units=", ".join(started.without_lead))
        ack(response_action="update", view=slack_view(polite_modal(locale, text)))
        rt.background(campaigns.invite_leads, rt, started.campaign.id)

    @app.action(NUDGE_ACTION)
    def nudge_chosen(ack: Ack, body: BoltPayload, action: BoltPayload, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        value = str(as_dict(action.get("selected_option")).get("value") or action.get("value") or "")
        cid_text, _, unit_text = value.partition(":")
        cid = int_value(cid_text)
        if cid is None:
            return
        n = campaigns.nudge(rt, user_id, cid, None if unit_text == "all" else int_value(unit_text))
        say(respond, t("campaign.nudged", locale_of(rt, user_id), count=n))

    @app.action(PLAN_ACTION)
    def plan_clicked(ack: Ack, body: BoltPayload, action: BoltPayload) -> None:
        ack()
        ref = unit_ref(action.get("value"))
        plan = campaigns.plan(rt, *ref) if ref else None
        if ref is None or plan is None:
            return
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        if not plan.open:
            rt.client.views_open(
                trigger_id=body["trigger_id"], view=slack_view(polite_modal(locale, t("campaign.plan.taken", locale)))
            )
            return
        people = sorted(u for u in campaigns.round_people(rt.db, *ref) if u != user_id)  # as frozen at the start
        view = plan_modal(locale, plan.campaign, plan.flow, plan.unit_name, ref[1], people, rt.clock.now())
        rt.client.views_open(trigger_id=body["trigger_id"], view=slack_view(view))

    @app.view(PLAN_CALLBACK)
    def plan_submitted(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        user_id = body["user"]["id"]
        meta = json_object(view.get("private_metadata"))
        chosen_locale = meta.get("locale")
        locale = (
            chosen_locale if isinstance(chosen_locale, str) and chosen_locale in LOCALES else locale_of(rt, user_id)
        )
        ref = unit_ref(view.get("private_metadata"))
        plan = campaigns.plan(rt, *ref) if ref else None
        if ref is None or plan is None:
            ack(response_action="update", view=slack_view(polite_modal(locale, t("campaign.none", locale))))
            return
        campaign, name = plan.campaign, plan.unit_name
        state = ModalState(view)
        if (deputy := state.user("hand_over")) and deputy != user_id:
            done = campaigns.hand_over(rt, campaign, ref[1], name, deputy)
            text = t("campaign.plan.handed", locale, user=deputy) if done else t("campaign.plan.taken", locale)
            ack(response_action="update", view=slack_view(polite_modal(locale, text)))
            return
        setup, errors = read_start(view, rt.flows, rt.clock.now(), locale, user_id, concept=campaign.flow_id)
        meeting = state.day("meeting")
        outside = campaigns.outside_period(rt, campaign, user_id, setup.deadline if setup else None, meeting)
        errors |= {block: t(key, locale, end=day(campaign.ends_on, locale)) for block, key in outside.items()}
        others = campaigns.outsiders(rt.db, *ref, setup.participants) if setup is not None else []
        if others or (setup is not None and setup.channel_id):  # the form offers no channel: a forged one
            errors["participants"] = t("campaign.error.outsiders", locale, count=max(len(others), 1), unit=name)
        if errors or setup is None:
            ack(response_action="errors", errors=errors)
            return
        setup = replace(setup, campaign_id=ref[0], unit_id=ref[1], meeting_on=meeting)
        team = str_value(as_dict(body.get("team")).get("id"))
        if offer_adaptation(rt, ack, view, user_id, setup, locale, team):
            return
        rnd = rounds.create(rt, user_id, setup, locale, team, submission=submission_key(view))
        if rnd is None:  # the unit was started meanwhile (by a deputy), or this very submission started it
            ack(response_action="update", view=slack_view(polite_modal(locale, t("campaign.plan.taken", locale))))
            return
        ack(response_action="update", view=slack_view(polite_modal(locale, t("campaign.plan.started", locale))))
        rt.background(rounds.start_round, rt, rnd.id)

"""Campaigns in Slack: `/dialogue campaign [status|results] [ID]` for HR, the start form, HR's nudges, and the
unit lead's *Plan our dialogue* form that starts their unit's round (or hands it to a deputy)."""

from __future__ import annotations

from dataclasses import replace

from slack_bolt import Ack, App, Respond

from bot.core.i18n import day, decimal, t
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
    results_text,
    start_modal,
)
from bot.outbound.blocks.kit import fallback_text, slack_blocks, slack_view
from bot.outbound.blocks.mrkdwn import chunks, section
from bot.outbound.chart import heatmap_png
from bot.outbound.delivery import post, send
from bot.outbound.people import locale_of
from bot.services import campaigns, rounds
from bot.services.campaign_results import compute
from bot.slack.listeners.rounds import offer_adaptation, read_start
from flows.model import LOCALES
from storage import audit, keys, roles, units
from storage import campaigns as campaign_store
from storage.models import Campaign


def _campaign(rt: Runtime, words: list[str]) -> Campaign | None:
    """The campaign named by its id, or the latest."""
    cid = int_value(words[0]) if words else None
    return campaign_store.get(rt.db, cid) if cid is not None else campaign_store.latest(rt.db)


def campaign_command(rt: Runtime, command: BoltPayload, ack: Ack) -> None:
    """`/dialogue campaign` opens the start form; `status [ID]` answers with progress; `results [ID]` sends the
    results to the asker's DM (bot.slack.authz: HR, or for results a lead of units with sub-units in it)."""
    user_id = command["user_id"]
    locale = locale_of(rt, user_id)
    words = str(command.get("text") or "").split()[1:]
    sub = words[0].lower() if words else ""
    if sub == "status":
        campaign = _campaign(rt, words[1:])
        if campaign is None or campaign.id is None:
            ack(text=t("campaign.none", locale))
            return
        rows = campaign_store.progress(rt.db, campaign.id, rt.clock.now().astimezone(rt.settings.tz).date())
        blocks = progress_blocks(locale, campaign, rt.flows.get(campaign.flow_id), rows)
        ack(text=fallback_text(blocks), blocks=slack_blocks(blocks))
        return
    if sub == "results":
        campaign = _campaign(rt, words[1:])
        if campaign is None or campaign.id is None:
            ack(text=t("campaign.none", locale))
            return
        ack(text=t("export.coming", locale, what=t("campaign.heatmap", locale)))
        rt.background(results_to_dm, rt, user_id, campaign.id)
        return
    names = [u.name for u in units.all_units(rt.db) if u.active]
    if not names:
        ack(text=t("campaign.no_org", locale))
        return
    ack()
    today = rt.clock.now().astimezone(rt.settings.tz).date()
    rt.client.views_open(trigger_id=command["trigger_id"], view=slack_view(start_modal(locale, rt.flows, names, today)))


def results_to_dm(rt: Runtime, user_id: str, campaign_id: int) -> None:
    """The results as the asker may see them: a summary and the units × themes heatmap, in their DM."""
    campaign = campaign_store.get(rt.db, campaign_id)
    if campaign is None or campaign.flow_id not in rt.flows:
        return
    locale = locale_of(rt, user_id)
    hr = roles.is_hr(rt.db, user_id)
    results = compute(
        rt.db, rt.flows, campaign, rt.settings.anonymity_threshold, receiver=user_id, hr=hr, now=rt.clock.now()
    )
    audit.record(
        rt.db,
        rt.clock.now(),
        user_id,
        "campaign:results",
        detail=f"campaign {campaign_id}",
        rows=sum(1 for c in results.cells.values() if c.released),
    )
    stamp = f"{rt.clock.now():%Y%m%d%H%M%S}"
    if not results.released():
        text = t("campaign.no_results", locale)
        post(rt, keys.campaign_results(campaign_id, user_id, f"{stamp}:text"), None, user_id, text, [section(text)])
        return
    for i, part in enumerate(chunks(results_text(results, locale))):
        post(rt, keys.campaign_results(campaign_id, user_id, f"{stamp}:text{i}"), None, user_id, part, [section(part)])
    flow = results.flow
    shown = [n for n in results.nodes if n.depth <= 2][:60]
    cells = [
        [
            (c.mean, decimal(c.mean, locale))
            if (c := results.cells.get((n.name, s))) and c.released and c.mean
            else None
            for s in results.steps
        ]
        for n in shown
    ]
    title = f"{flow.title.get(locale)} — {t('campaign.heatmap', locale)}"
    png = heatmap_png(
        title,
        [("  " * n.depth) + (n.name or t("campaign.all_units", locale)) for n in shown],
        [flow.step(s).theme.get(locale) for s in results.steps],
        cells,
        max((s.scale for s in flow.rated_steps), default=5),
        t("campaign.withheld_why", locale, threshold=results.threshold),
    )

    def upload() -> tuple[str | None, str | None]:
        channel = rt.client.conversations_open(users=user_id)["channel"]["id"]
        r = rt.client.files_upload_v2(channel=channel, content=png, filename=f"campaign-{campaign_id}.png", title=title)
        return channel, (r.get("file") or {}).get("id")

    send(rt, keys.campaign_results(campaign_id, user_id, f"{stamp}:heatmap"), None, upload)


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
        n = len(campaign_store.units_of(rt.db, started.campaign.id))
        text = t("campaign.started", locale, count=n, id=started.campaign.id)
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
        campaign = campaign_store.get(rt.db, ref[0]) if ref else None
        if ref is None or campaign is None or campaign.flow_id not in rt.flows:
            return
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        cu = campaign_store.unit_of(rt.db, *ref)
        if cu is None or cu.round_id is not None:
            rt.client.views_open(
                trigger_id=body["trigger_id"], view=slack_view(polite_modal(locale, t("campaign.plan.taken", locale)))
            )
            return
        people = sorted(u for u in campaigns.round_people(rt.db, *ref) if u != user_id)  # as frozen at the start
        name = units.name_of(rt.db, ref[1])
        view = plan_modal(locale, campaign, rt.flows[campaign.flow_id], name, ref[1], people, rt.clock.now())
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
        campaign = campaign_store.get(rt.db, ref[0]) if ref else None
        if ref is None or campaign is None or campaign.flow_id not in rt.flows:
            ack(response_action="update", view=slack_view(polite_modal(locale, t("campaign.none", locale))))
            return
        state = ModalState(view)
        name = units.name_of(rt.db, ref[1])
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

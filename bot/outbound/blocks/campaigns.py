"""What HR and the unit leads see of a campaign: the lead's DM with *Plan our dialogue*, the plan form, HR's
start form and HR's progress list (counts only)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.core.i18n import day, decimal, t
from bot.outbound.blocks.inputs import input_block, radio_input
from bot.outbound.blocks.kit import Block, Element, Message, Modal, Option
from bot.outbound.blocks.mrkdwn import button, chunks, context, escape, plain, section
from bot.outbound.blocks.start import round_choices
from flows.model import Flow
from storage.campaigns import Progress, Stage
from storage.models import Campaign

if TYPE_CHECKING:
    from bot.services.campaign_results import Results

PLAN_ACTION = "campaign_plan"
PLAN_CALLBACK = "campaign_plan_submit"
START_CALLBACK = "campaign_start"
NUDGE_ACTION = "campaign_nudge"
UNIT_CHOICES = 100  # Slack's most options in a multi-select; more units are typed by name
NUDGE_CHOICES = 100  # Slack's most options in a select


class LeadMessage(StrEnum):
    """Which DM a unit's holder gets (`lead_message`)."""

    INVITE = "invite"
    REMIND = "remind"  # not started by mid-period
    NUDGE = "nudge"  # HR's nudge
    HANDED = "handed"  # the lead handed the unit to its deputy


def lead_message(locale: str, campaign: Campaign, flow: Flow, unit: str, unit_id: int, kind: LeadMessage) -> Message:
    """The DM to a unit's holder, as `kind` says."""
    text = t(
        f"campaign.lead.{kind}",
        locale,
        title=escape(flow.title.get(locale)),
        unit=escape(unit),
        start=day(campaign.starts_on, locale),
        end=day(campaign.ends_on, locale),
    )
    blocks: list[Block] = [section(text)]
    if campaign.message and kind in (LeadMessage.INVITE, LeadMessage.HANDED):
        blocks.append(section(f"{t('campaign.hr_word', locale)}\n>{escape(campaign.message)}"[:3000]))
    value = f"{campaign.id}:{unit_id}"
    blocks.append({"type": "actions", "elements": [button(t("campaign.plan", locale), PLAN_ACTION, value, "primary")]})
    return text, blocks


def plan_modal(
    locale: str, campaign: Campaign, flow: Flow, unit: str, unit_id: int, members: list[str], now: datetime
) -> Modal:
    """The round set-up of a campaign unit: its people filled in, the deadline and meeting within the period."""
    start = max(now, datetime.combine(campaign.starts_on, datetime.min.time(), tzinfo=now.tzinfo))
    deadline = min(start + timedelta(days=7), datetime.combine(campaign.ends_on, datetime.min.time(), now.tzinfo))
    deadline = max(deadline, now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    meeting = min(deadline.date() + timedelta(days=3), campaign.ends_on)
    participants: Element = {"type": "multi_users_select"}
    if members:
        participants["initial_users"] = members[:100]
    return {
        "type": "modal",
        "callback_id": PLAN_CALLBACK,
        "title": plain(t("campaign.plan.title", locale), 24),
        "submit": plain(t("campaign.plan.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "private_metadata": json.dumps({"campaign": campaign.id, "unit": unit_id, "locale": locale}),
        "blocks": [
            section(
                t(
                    "campaign.plan.intro",
                    locale,
                    unit=escape(unit),
                    title=escape(flow.title.get(locale)),
                    start=day(campaign.starts_on, locale),
                    end=day(campaign.ends_on, locale),
                )
            ),
            input_block(
                "participants",
                t("start.participants", locale),
                participants,
                optional=True,
                hint=t("start.not_you", locale),
            ),
            input_block(
                "deadline",
                t("start.deadline", locale),
                {"type": "datetimepicker", "initial_date_time": int(deadline.timestamp())},
            ),
            input_block(
                "meeting",
                t("campaign.plan.meeting", locale),
                {"type": "datepicker", "initial_date": meeting.isoformat()},
            ),
            *round_choices(locale, allow_named=flow.allow_named),
            input_block(
                "hand_over",
                t("campaign.plan.hand_over", locale),
                {"type": "users_select"},
                optional=True,
                hint=t("campaign.plan.hand_over_hint", locale),
            ),
        ],
    }


def start_modal(locale: str, flows: dict[str, Flow], unit_names: list[str], today: date) -> Modal:
    """HR's campaign form: the concept, the units, the period, a word to the leads."""
    concepts = [(f.id, f.title.get(locale)) for f in flows.values() if f.startable]
    if len(unit_names) <= UNIT_CHOICES:
        options: list[Option] = [{"text": plain(n, 75), "value": n} for n in unit_names]
        units_input = input_block(
            "units", t("campaign.units", locale), {"type": "multi_static_select", "options": options}
        )
    else:
        units_input = input_block(
            "units",
            t("campaign.units", locale),
            {"type": "plain_text_input", "multiline": True},
            hint=t("campaign.units_hint", locale),
        )
    subtree: Option = {"text": plain(t("campaign.subtree", locale)), "value": "yes"}
    return {
        "type": "modal",
        "callback_id": START_CALLBACK,
        "title": plain(t("campaign.title", locale), 24),
        "submit": plain(t("campaign.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "private_metadata": locale,
        "blocks": [
            radio_input("flow", t("campaign.flow", locale), concepts, concepts[0][0]),
            units_input,
            input_block(
                "subtree",
                " ",
                {"type": "checkboxes", "options": [subtree], "initial_options": [subtree]},
                optional=True,
            ),
            input_block("from", t("campaign.from", locale), {"type": "datepicker", "initial_date": today.isoformat()}),
            input_block(
                "until",
                t("campaign.until", locale),
                {"type": "datepicker", "initial_date": (today + timedelta(days=42)).isoformat()},
            ),
            input_block(
                "message",
                t("campaign.message", locale),
                {"type": "plain_text_input", "multiline": True, "max_length": 2000},
                optional=True,
            ),
        ],
    }


def stage_text(locale: str, p: Progress) -> str:
    if p.stage == Stage.ANSWERING:
        return t("campaign.answering", locale, answered=p.answered, invited=p.invited)
    if p.meeting is not None:  # held with the bot: when, how many took part, how many actions — nothing more
        held = t("meeting.held", locale, count=p.meeting.took_part, date=day(p.meeting.on, locale))
        agreed = t("meeting.actions_n", locale, count=p.meeting.actions)
        return f"{t(f'campaign.stage.{p.stage}', locale)} ({held}, {agreed})"
    return t(f"campaign.stage.{p.stage}", locale)


def progress_blocks(locale: str, campaign: Campaign, flow: Flow | None, rows: list[Progress]) -> list[Block]:
    """Counts only: each unit's stage, how many of how many answered; nudge buttons for units not started."""
    title = flow.title.get(locale) if flow else campaign.flow_id
    head = t(
        "campaign.progress",
        locale,
        id=campaign.id,
        title=escape(title),
        start=day(campaign.starts_on, locale),
        end=day(campaign.ends_on, locale),
    )
    tally = {stage: sum(1 for p in rows if p.stage == stage) for stage in Stage.ORDER}
    summary = " · ".join(f"{t(f'campaign.stage.{s}', locale)}: {n}" for s, n in tally.items() if n)
    lines = "\n".join(f"• {escape(p.unit)} — {stage_text(locale, p)}" for p in rows)
    blocks: list[Block] = [section(head), context(summary or "—")]
    blocks += [section(part) for part in chunks(lines)][:40]
    waiting = [p for p in rows if p.stage == Stage.NOT_STARTED and p.holder_id]
    if waiting:
        options: list[Option] = [{"text": plain(t("campaign.nudge_all", locale), 75), "value": f"{campaign.id}:all"}]
        options += [
            {"text": plain(f"{t('campaign.nudge', locale)}: {p.unit}", 75), "value": f"{campaign.id}:{p.unit_id}"}
            for p in waiting[: NUDGE_CHOICES - 1]
        ]
        nudge: Element = {
            "type": "static_select",
            "action_id": NUDGE_ACTION,
            "placeholder": plain(t("campaign.nudge", locale)),
            "options": options,
        }
        blocks.append({"type": "actions", "elements": [nudge]})
    return blocks[:50]


def results_text(results: Results, locale: str, max_depth: int = 2) -> str:
    """The Slack summary: each unit (to `max_depth`) with each theme's mean and the previous campaign's."""
    flow = results.flow
    lines = [t("campaign.results", locale, id=results.campaign.id, title=flow.title.get(locale))]
    for node in results.nodes:
        if node.depth > max_depth:
            continue
        parts = []
        for step in results.steps:
            cell = results.cells.get((node.name, step))
            if cell is None:
                continue
            theme = flow.step(step).theme.get(locale)
            if not cell.released:
                parts.append(f"{theme} {t('campaign.withheld', locale)}")
            elif cell.mean is not None:
                previous = results.previous.get((node.name, step))
                trend = f" ({decimal(previous, locale)})" if previous is not None else ""
                mark = t("campaign.left_out_mark", locale) if cell.left_out else ""
                parts.append(f"{theme} {decimal(cell.mean, locale)}{mark}{trend}")
        name = node.name or t("campaign.all_units", locale)
        lines.append(f"{'  ' * node.depth}• *{escape(name)}*: " + (" · ".join(parts) or "—"))
    lines.append(t("campaign.withheld_why", locale, threshold=results.threshold))
    if results.left_out():
        lines.append(t("campaign.left_out_why", locale, threshold=results.threshold))
    return "\n".join(lines)

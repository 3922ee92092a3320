"""HR's campaigns in the bot: starting one (from Slack or the command line), each unit's lead invited to plan
their dialogue, the mid-period reminder, HR's nudges, and a unit's round started from the lead's plan.

Starting stores the campaign only; the leads' DMs go out from the scheduler's sweep (`invite_leads`), so a
campaign started from the command line reaches the leads as soon as the bot runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bot.core.runtime import Runtime
from bot.outbound import delivery
from bot.outbound.blocks.campaigns import lead_message
from bot.outbound.people import locale_of, person, warm
from flows.model import Flow
from flows.rollup import subtree
from storage import audit, deliveries, keys, units
from storage import campaigns as campaign_store
from storage import people as people_store
from storage.db import Database
from storage.models import Campaign

MAX_MESSAGE = 2000


@dataclass(frozen=True)
class Launch:
    """What HR chose: the concept, the units (with their sub-units or not), the period and a word from HR."""

    flow_id: str
    unit_names: list[str]
    subtree: bool
    starts_on: date | None
    ends_on: date | None
    message: str | None = None


@dataclass(frozen=True)
class Unreachable:
    """A unit whose invitation can reach nobody, and why: 'no_lead' (the organisation names no lead or deputy),
    'directory_empty' (nobody is in the people directory yet: it fills from Slack), 'not_in_slack' (no Slack
    account has the lead's or deputy's e-mail)."""

    unit: str
    reason: str
    emails: tuple[str, ...] = ()  # the leads and deputies looked for


@dataclass
class Started:
    campaign: Campaign | None = None
    errors: dict[str, str] = field(default_factory=dict)  # form block → error key (bot.i18n)
    unknown_units: list[str] = field(default_factory=list)
    without_lead: list[str] = field(default_factory=list)  # units whose lead was not found in Slack
    unreachable: list[Unreachable] = field(default_factory=list)  # the same units, each with the reason


def start(
    db: Database,
    flows: dict[str, Flow],
    actor: str,
    launch: Launch,
    today: date,
    now: datetime,
    go_ahead: bool = True,
) -> Started:
    """Check HR's choice and store the campaign (audited). Errors come back as i18n keys by form block. Without
    `go_ahead`, units whose lead cannot be reached stop it: nothing is stored and `unreachable` says why."""
    out = Started()
    flow = flows.get(launch.flow_id)
    if flow is None or not flow.startable:
        out.errors["flow"] = "campaign.error.flow"
    names = [n.strip() for n in launch.unit_names if n.strip()]
    found = units.by_name(db, names)
    out.unknown_units = [n for n in names if n not in found]
    if not names:
        out.errors["units"] = "campaign.error.no_units"
    elif out.unknown_units:
        out.errors["units"] = "campaign.error.unknown_units"
    if launch.starts_on is None:
        out.errors["from"] = "campaign.error.dates"
    if launch.ends_on is None or (launch.starts_on is not None and launch.ends_on < launch.starts_on):
        out.errors["until"] = "campaign.error.dates"
    elif launch.ends_on < today:
        out.errors["until"] = "campaign.error.past"
    if launch.message is not None and len(launch.message) > MAX_MESSAGE:
        out.errors["message"] = "campaign.error.message"
    if out.errors:
        return out
    assert launch.starts_on is not None and launch.ends_on is not None
    chosen = [u.id for u in found.values() if u.id is not None]
    every = units.all_units(db)
    if launch.subtree:
        below: dict[int | None, list[int]] = {}
        for u in every:
            if u.active and u.id is not None:
                below.setdefault(u.parent_id, []).append(u.id)
        chosen = sorted(subtree(chosen, below))
    people = units.members(db, chosen)
    holders = {unit_id: holder_of(people[unit_id]) for unit_id in chosen}
    names_by_id = {u.id: u.name for u in every}
    out.without_lead = sorted(names_by_id[u] for u, h in holders.items() if h is None)
    if out.without_lead:
        directory_empty = people_store.directory_size(db) == 0
        for unit_id in sorted(chosen, key=lambda u: names_by_id[u]):
            if holders[unit_id] is None:
                out.unreachable.append(_why_unreachable(names_by_id[unit_id], people[unit_id], directory_empty))
        if not go_ahead:
            return out
    out.campaign = campaign_store.create(
        db,
        flow_id=launch.flow_id,
        starts_on=launch.starts_on,
        ends_on=launch.ends_on,
        message=launch.message or None,
        created_by=actor,
        holders=holders,
        now=now,
    )
    detail = f"campaign {out.campaign.id}: {launch.flow_id}, {len(chosen)} units, {launch.starts_on}–{launch.ends_on}"
    audit.record(db, now, actor, "campaign:start", detail=detail, rows=len(chosen))
    return out


def _why_unreachable(unit: str, members: list[units.Member], directory_empty: bool) -> Unreachable:
    looked_for = tuple(sorted(m.email for m in members if m.role in ("lead", "deputy")))
    if not looked_for:
        return Unreachable(unit, "no_lead")
    return Unreachable(unit, "directory_empty" if directory_empty else "not_in_slack", looked_for)


def holder_of(members: list[units.Member]) -> str | None:
    """Who gets the unit's invitation: its lead found in Slack, else a deputy found in Slack."""
    for role in ("lead", "deputy"):
        found = sorted(m.user_id for m in members if m.role == role and m.user_id)
        if found:
            return found[0]
    return None


def _period_end(rt: Runtime, campaign: Campaign, user_id: str) -> datetime:
    """The end of the campaign's last day in this person's time zone: the latest deadline they may choose."""
    tz = rt.tz_of(person(rt, user_id).tz)
    return datetime.combine(campaign.ends_on + timedelta(days=1), time(0), tzinfo=tz)


def outside_period(
    rt: Runtime, campaign: Campaign, lead_id: str, deadline: datetime | None, meeting: date | None
) -> dict[str, str]:
    """What in a unit's plan falls outside the campaign's period (form block → error key): the deadline after
    its last day (in the lead's time zone), the meeting missing, after the period or before the deadline."""
    end = _period_end(rt, campaign, lead_id)
    problems = {}
    if deadline is not None and deadline > end:
        problems["deadline"] = "campaign.error.deadline_outside"
    deadline_day = deadline.astimezone(end.tzinfo).date() if deadline is not None else None
    if meeting is None or meeting > campaign.ends_on or (deadline_day is not None and meeting < deadline_day):
        problems["meeting"] = "campaign.error.meeting"
    return problems


def invite_leads(rt: Runtime, campaign_id: int) -> None:
    """Each unit's holder gets HR's word, the period and *Plan our dialogue*, once (sweep-safe)."""
    campaign = campaign_store.get(rt.db, campaign_id)
    if campaign is None or campaign.id is None:
        return
    running = campaign.ends_on >= rt.clock.now().astimezone(rt.settings.tz).date()
    waiting = _find_holders(rt.db, campaign.id) if running else 0
    rows = [(cu, u) for cu, u in campaign_store.units_of(rt.db, campaign.id) if cu.holder_id and cu.round_id is None]
    warm(rt, [cu.holder_id for cu, _u in rows if cu.holder_id])
    flow = rt.flows.get(campaign.flow_id)
    if flow is None:
        return
    by_key = {keys.campaign_lead(campaign.id, cu.unit_id, cu.holder_id or "", "invite"): (cu, u) for cu, u in rows}

    def send(key: str) -> None:
        cu, u = by_key[key]
        assert cu.holder_id is not None
        locale = locale_of(rt, cu.holder_id)
        text, blocks = lead_message(locale, campaign, flow, u.name, cu.unit_id, "invite")
        delivery.post(rt, key, None, cu.holder_id, text, blocks)

    rt.send_all(send, list(by_key))
    if len(deliveries.ended(rt.db, list(by_key))) == len(by_key) and not waiting:
        campaign_store.mark_invited(rt.db, campaign.id, rt.clock.now())


def _find_holders(db: Database, campaign_id: int) -> int:
    """Units started without a reachable lead (HR said --yes) get one as soon as the people directory finds
    their lead or deputy in Slack; returns how many are still waiting (the sweep keeps looking until the
    campaign ends)."""
    waiting = [
        cu.unit_id for cu, _u in campaign_store.units_of(db, campaign_id) if not cu.holder_id and not cu.round_id
    ]
    if not waiting:
        return 0
    found = units.members(db, waiting)
    left = 0
    for unit_id in waiting:
        holder = holder_of(found[unit_id])
        if holder is None or not campaign_store.hand_over(db, campaign_id, unit_id, holder):
            left += holder is None
    return left


def get(rt: Runtime, campaign_id: int) -> Campaign | None:
    return campaign_store.get(rt.db, campaign_id)


def all_campaigns(rt: Runtime) -> list[Campaign]:
    return campaign_store.all_campaigns(rt.db)


def previous(rt: Runtime, campaign: Campaign) -> Campaign | None:
    """The campaign before this one with the same flow: what its trend is measured against."""
    return campaign_store.previous(rt.db, campaign)


def fingerprint(rt: Runtime, campaign_ids: list[int]) -> tuple[int, int, str]:
    """What changes when these campaigns' closed rounds or responses change: the key of results kept."""
    return campaign_store.fingerprint(rt.db, campaign_ids)


def midpoint(campaign: Campaign) -> date:
    return campaign.starts_on + (campaign.ends_on - campaign.starts_on) / 2


def remind_due(rt: Runtime, now: datetime) -> int:
    """One reminder to each holder who has not started by the middle of the period, in their working hours."""
    sent = 0
    today = now.astimezone(rt.settings.tz).date()
    for campaign in campaign_store.running(rt.db, today):
        if campaign.id is None or today < midpoint(campaign) or (flow := rt.flows.get(campaign.flow_id)) is None:
            continue
        for cu, u in campaign_store.units_of(rt.db, campaign.id):
            if cu.round_id is not None or cu.reminded_at is not None or not cu.holder_id or cu.id is None:
                continue
            if not rt.hours.contains(now, rt.tz_of(person(rt, cu.holder_id).tz)):
                continue  # a later sweep, in their working hours
            if not campaign_store.claim_reminder(rt.db, cu.id, now):
                continue
            locale = locale_of(rt, cu.holder_id)
            text, blocks = lead_message(locale, campaign, flow, u.name, cu.unit_id, "remind")
            delivery.post(
                rt,
                keys.campaign_lead(campaign.id, cu.unit_id, cu.holder_id, "remind"),
                None,
                cu.holder_id,
                text,
                blocks,
            )
            sent += 1
    return sent


def nudge(rt: Runtime, actor: str, campaign_id: int, unit_id: int | None) -> int:
    """HR's nudge to one unit's holder (or every holder not started yet): at most once a day each."""
    campaign = campaign_store.get(rt.db, campaign_id)
    flow = rt.flows.get(campaign.flow_id) if campaign is not None else None
    if campaign is None or campaign.id is None or flow is None:
        return 0
    today = rt.clock.now().astimezone(rt.settings.tz).date()
    targets = [
        (cu, u)
        for cu, u in campaign_store.units_of(rt.db, campaign.id)
        if cu.round_id is None and cu.holder_id and (unit_id is None or cu.unit_id == unit_id)
    ]
    for cu, u in targets:
        assert cu.holder_id is not None
        locale = locale_of(rt, cu.holder_id)
        text, blocks = lead_message(locale, campaign, flow, u.name, cu.unit_id, "nudge")
        key = keys.campaign_lead(campaign.id, cu.unit_id, cu.holder_id, f"nudge-{today.isoformat()}")
        delivery.post(rt, key, None, cu.holder_id, text, blocks)
    audit.record(
        rt.db,
        rt.clock.now(),
        actor,
        "campaign:nudge",
        detail=f"campaign {campaign.id}, unit {unit_id or 'all'}",
        rows=len(targets),
    )
    return len(targets)


def hand_over(rt: Runtime, campaign: Campaign, unit_id: int, unit_name: str, to: str) -> bool:
    """Give the unit to someone else (a deputy), who then gets the invitation; False once it has started."""
    assert campaign.id is not None
    if not campaign_store.hand_over(rt.db, campaign.id, unit_id, to):
        return False
    flow = rt.flows[campaign.flow_id]
    locale = locale_of(rt, to)
    text, blocks = lead_message(locale, campaign, flow, unit_name, unit_id, "handed")
    delivery.post(rt, keys.campaign_lead(campaign.id, unit_id, to, "invite"), None, to, text, blocks)
    return True


def lead_may_plan(db: Database, user_id: str, campaign_id: int, unit_id: int) -> bool:
    """The unit's holder in the campaign, or one of its leads or deputies."""
    cu = campaign_store.unit_of(db, campaign_id, unit_id)
    return cu is not None and (cu.holder_id == user_id or unit_id in units.units_led_by(db, user_id))


def round_people(db: Database, campaign_id: int, unit_id: int) -> set[str]:
    """Who belongs to this unit's round in the campaign (Slack ids): the unit's own people found in Slack —
    members, deputies and leads as frozen when the campaign started, not its sub-units' (they have rounds of
    their own) and nobody else. The one place this is decided: the plan form is filled from it and checked against it.

    A person is in one round of a campaign at most, so that every roll-up counts distinct people: someone a
    database still lists in two of the campaign's units (organisation files and Entra imports refuse that now)
    belongs to the deepest of them, the most specific."""
    rows = campaign_store.units_of(db, campaign_id)
    if not any(cu.unit_id == unit_id for cu, _u in rows):
        return set()
    ids = [cu.unit_id for cu, _u in rows]
    parent = {u.id: u.parent_id for u in units.all_units(db)}

    def depth(uid: int) -> int:
        n, at, seen = 0, parent.get(uid), {uid}
        while at is not None and at not in seen:
            seen.add(at)
            n, at = n + 1, parent.get(at)
        return n

    home: dict[str, tuple[int, int]] = {}  # person → (−depth, unit id) of the unit whose round is theirs
    for uid in ids:
        rank = (-depth(uid), uid)
        for m in campaign_store.members_of(db, campaign_id, uid):  # as frozen when the campaign started
            if m.user_id and (m.user_id not in home or rank < home[m.user_id]):
                home[m.user_id] = rank
    return {person for person, (_d, uid) in home.items() if uid == unit_id}


def outsiders(db: Database, campaign_id: int, unit_id: int, chosen: list[str]) -> list[str]:
    """The chosen people who do not belong to the unit's round (the lead may leave people out, not add)."""
    allowed = round_people(db, campaign_id, unit_id)
    return sorted({u for u in chosen if u not in allowed})

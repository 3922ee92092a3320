"""What happens to a round over its life, in Slack: set-up, invitations, planned sends, the lead's live status.

Every function here is safe to run again (the sweep does exactly that after a crash): what was sent
is found under its delivery key and not sent twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from slack_sdk.errors import SlackApiError

from bot.core.i18n import t
from bot.core.runtime import Runtime
from bot.outbound import delivery
from bot.outbound.blocks.rounds import invite_message, status_message
from bot.outbound.people import gone, locale_of, person, warm
from bot.services import flow_versions
from flows import engine as fe
from flows.adaptation import Adaptation
from flows.model import Flow
from flows.timeline import paced_times, reminder_times
from storage import campaigns as campaign_store
from storage import deliveries, keys, planned
from storage import rounds as round_store
from storage.models import Round
from storage.status import PlannedKind, RoundStatus


def flow_of(rt: Runtime, rnd: Round) -> Flow:
    """What the round's people answered: its version of the concept with its lead's adaptation."""
    return flow_versions.flow_of_round(rt.db, rt.flows, rnd)


@dataclass(frozen=True)
class Setup:
    """What a lead chose in the round set-up (bot.slack.listeners.rounds reads it from the form)."""

    flow_id: str
    participants: list[str]
    channel_id: str | None
    deadline: datetime
    pacing: str
    anonymous: bool
    campaign_id: int | None = None  # a unit's round in an HR campaign
    unit_id: int | None = None
    meeting_on: date | None = None  # the team meeting the lead planned


def create(
    rt: Runtime,
    lead_id: str,
    setup: Setup,
    locale: str,
    team_id: str | None,
    submission: str | None = None,
    adaptation: Adaptation | None = None,
) -> Round | None:
    """Store a new round and its deadline job; the fan-out (start_round) follows in the background. The lead is
    never a participant of their own round: the threshold then always counts people other than the reader.
    None when this `submission` created a round before (a replay or a retry): nothing is created twice."""
    flow = rt.flows[setup.flow_id]
    flow_versions.remember(rt, flow)  # the round keeps meaning this content, whatever happens to the file
    rnd = round_store.create_round(
        rt.db,
        flow_id=flow.id,
        flow_version=flow.version,
        lead_id=lead_id,
        participants=[u for u in setup.participants if u != lead_id],
        deadline=setup.deadline,
        pacing=setup.pacing,
        anonymous=setup.anonymous or not flow.allow_named,  # a concept that allows no names is never named
        locale=locale,
        now=rt.clock.now(),
        team_id=team_id,
        channel_id=setup.channel_id,
        submission=submission,
        campaign_id=setup.campaign_id,
        unit_id=setup.unit_id,
        claim=campaign_store.unit_claim(setup.campaign_id, setup.unit_id, setup.meeting_on),
        adaptation=adaptation.model_dump_json() if adaptation is not None and not adaptation.empty else None,
    )
    if rnd is None or rnd.id is None:
        return None
    rt.schedule_close(rnd.id)
    return rnd


def extend(rt: Runtime, rnd: Round, deadline: datetime | None) -> str | None:
    """Move an open round's deadline later (its reminders are re-planned after). Returns the error key for the
    lead (a missing, past or not-later deadline), or None when the deadline was moved."""
    assert rnd.id is not None
    if deadline is None:
        return "error.deadline_missing"
    if deadline <= rt.clock.now():
        return "error.deadline_past"
    if deadline <= rnd.deadline:
        return "error.deadline_not_later"
    round_store.extend(rt.db, rnd.id, deadline)
    rt.schedule_close(rnd.id)
    return None


def get(rt: Runtime, round_id: int) -> Round | None:
    return round_store.get_round(rt.db, round_id)


def closed_led_by(rt: Runtime, lead_id: str) -> list[Round]:
    """A lead's closed rounds, newest first (the dashboard's home lists them)."""
    return round_store.rounds_led_by(rt.db, lead_id, closed_only=True)


def open_rounds_of(rt: Runtime, lead_id: str) -> list[tuple[Round, int, int]]:
    """A lead's open rounds with (answered, invited): counts only, never who."""
    return [(r, *round_store.counts(rt.db, r.id)) for r in round_store.open_rounds_of(rt.db, lead_id) if r.id]


def remind_now(rt: Runtime, rnd: Round) -> int | None:
    """The lead's 'remind non-respondents now': once a day per round (in the lead's time zone), to those who
    have not answered or muted reminders, by the same rules as planned reminders (planner.send_due). Returns
    how many were queued, or None when it was used today already."""
    assert rnd.id is not None
    now = rt.clock.now()
    today = now.astimezone(rt.tz_of(person(rt, rnd.lead_id).tz)).date()
    if not round_store.claim_remind_day(rt.db, rnd.id, today):
        return None
    who = [p.user_id for p in round_store.participants(rt.db, rnd.id) if not p.answered and not p.muted]
    planned.plan(
        rt.db, [planned.Send(keys.remind(rnd.id, u, now), u, PlannedKind.REMIND, now, round_id=rnd.id) for u in who]
    )
    return len(who)


def _channel_members(rt: Runtime, channel_id: str) -> list[str]:
    members: list[str] = []
    cursor = None
    while True:
        r = rt.client.conversations_members(channel=channel_id, limit=200, cursor=cursor)
        members.extend(r.get("members") or [])
        cursor = (r.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return members


def expand_channel(rt: Runtime, rnd: Round) -> None:
    """Add the channel's human members to the round; a failure is shown on the lead's status, not swallowed."""
    if not rnd.channel_id or rnd.id is None:
        return
    try:
        members = _channel_members(rt, rnd.channel_id)
    except SlackApiError as e:
        error = str(e.response.get("error"))
        round_store.set_note(rt.db, rnd.id, t("note.channel_failed", rnd.locale, channel=rnd.channel_id, error=error))
        return
    warm(rt, members)
    humans = [u for u in members if u != rnd.lead_id and not gone(rt, u)]
    round_store.add_participants(rt.db, rnd.id, humans)


def invitation(rt: Runtime, rnd: Round, locale: str, state: str) -> tuple[str, list[dict]]:
    assert rnd.id is not None
    return invite_message(
        flow=flow_of(rt, rnd),
        locale=locale,
        lead_id=rnd.lead_id,
        round_id=rnd.id,
        deadline=rnd.deadline,
        anonymous=rnd.anonymous,
        threshold=rt.settings.anonymity_threshold,
        paced=rnd.pacing == fe.PACING_DAILY,
        state=invite_state(state),
    )


def invite_one(rt: Runtime, rnd: Round, user_id: str, state: str = "open", planned: bool = False) -> str:
    assert rnd.id is not None
    text, blocks = invitation(rt, rnd, locale_of(rt, user_id), state)
    key = keys.invite(rnd.id, user_id)
    if state == "open":
        return delivery.post(rt, key, rnd.id, user_id, text, blocks, planned=planned)
    delivery.update(rt, key, text, blocks)
    return delivery.SENT


def invite_state(state: str) -> str:
    """'refresh' re-renders an open invitation (a new deadline); the message itself says 'open'."""
    return "open" if state == "refresh" else state


def plan_person(rt: Runtime, rnd: Round, user_id: str, now: datetime) -> list[planned.Send]:
    """What this person will get and when, in their own time zone and working hours: the paced themes
    (the first one is the invitation) and the reminders."""
    assert rnd.id is not None
    tz = rt.tz_of(person(rt, user_id).tz)
    rows: list[planned.Send] = []

    def add(key: str, kind: str, due: datetime, step_id: str | None = None) -> None:
        rows.append(planned.Send(key, user_id, kind, due, round_id=rnd.id, step_id=step_id))

    if rnd.pacing == fe.PACING_DAILY:
        steps = flow_of(rt, rnd).steps
        times = paced_times(rnd.created_at, len(steps), tz, rt.hours)
        # A round shorter than the wait for someone's working day: invite them now rather than never.
        add(
            keys.invite(rnd.id, user_id),
            PlannedKind.INVITE if times[0] < rnd.deadline else PlannedKind.INVITE_NOW,
            times[0] if times[0] < rnd.deadline else now,
        )
        for step, when in zip(steps[1:], times[1:], strict=True):
            if when < rnd.deadline:
                add(keys.prompt(rnd.id, user_id, step.id), PlannedKind.PROMPT, when, step.id)
    for when in reminder_times(max(rnd.created_at, now), rnd.deadline, tz, rt.hours, rt.settings.max_reminders):
        add(keys.remind(rnd.id, user_id, when), PlannedKind.REMIND, when)
    return rows


def start_round(rt: Runtime, round_id: int) -> None:
    """Fan out: channel members first; 'all at once' invitations now, everything else planned; the lead's status."""
    rnd = round_store.get_round(rt.db, round_id)
    if rnd is None or rnd.status != RoundStatus.OPEN:
        return
    expand_channel(rt, rnd)
    now = rt.clock.now()
    rows: list[planned.Send] = []
    user_ids = round_store.participant_ids(rt.db, round_id)
    warm(rt, user_ids)
    absent = [u for u in user_ids if gone(rt, u)]  # deactivated (or bots): not invited, not counted
    if absent:
        round_store.remove_participants(rt.db, round_id, absent)
        user_ids = [u for u in user_ids if u not in set(absent)]
    if rnd.pacing != fe.PACING_DAILY:  # 'all at once, now': as fast as Slack takes them, many at a time
        rt.send_all(lambda user_id: invite_one(rt, rnd, user_id), user_ids)
    for user_id in user_ids:
        rows.extend(plan_person(rt, rnd, user_id, now))
    planned.plan(rt.db, rows)
    if not deliveries.unfinished(rt.db, round_id, keys.INVITE):
        round_store.mark_done(rt.db, round_id, "invited", now)
    round_store.take_dirty(rt.db, round_id)
    refresh_status(rt, round_id)


def replan_reminders(rt: Runtime, round_id: int) -> None:
    """After the deadline moved: reminders planned afresh (reminders already sent still count towards the cap)."""
    rnd = round_store.get_round(rt.db, round_id)
    if rnd is None or rnd.status != RoundStatus.OPEN:
        return
    planned.drop_round(rt.db, round_id, kind=PlannedKind.REMIND)
    now = rt.clock.now()
    rows = [r for u in round_store.participant_ids(rt.db, round_id) for r in plan_person(rt, rnd, u, now)]
    planned.plan(rt.db, rows)
    for part in round_store.participants(rt.db, round_id):
        invite_one(rt, rnd, part.user_id, state="answered" if part.answered else "refresh")


def refresh_status(rt: Runtime, round_id: int) -> None:
    """Post the lead's status message once, then edit it in place with the current counts."""
    rnd = round_store.get_round(rt.db, round_id)
    if rnd is None:
        return
    answered, invited = round_store.counts(rt.db, round_id)
    text, blocks = status_message(
        flow=flow_of(rt, rnd),
        locale=locale_of(rt, rnd.lead_id),
        round_id=round_id,
        deadline=rnd.deadline,
        anonymous=rnd.anonymous,
        is_open=rnd.status == RoundStatus.OPEN,
        answered=answered,
        invited=invited,
        problems=deliveries.problems(rt.db, round_id),
        note=rnd.note,
        threshold=rt.settings.anonymity_threshold,
    )
    outcome = delivery.post_or_edit(rt, keys.status(round_id), round_id, rnd.lead_id, text, blocks)
    if outcome in (delivery.BUSY, delivery.FAILED):
        # Another thread is posting it (with what it counted then), or Slack failed: the next sweep
        # refreshes it, so counts and problems found meanwhile are not lost.
        round_store.mark_dirty(rt.db, round_id)


def answered(rt: Runtime, round_id: int, user_id: str) -> None:
    """After an answer is stored: tell the participant it was received (editing their invitation)."""
    rnd = round_store.get_round(rt.db, round_id)
    if rnd is not None and rnd.status == RoundStatus.OPEN:
        invite_one(rt, rnd, user_id, state="answered")

"""After the summary: the lead records the agreed actions; some weeks after the meeting, everyone looks back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.runtime import Runtime
from bot.outbound import delivery
from bot.outbound.blocks.follow_up import ask_message, follow_up_message
from bot.outbound.people import locale_of, person
from bot.services import rounds
from flows import engine as fe
from flows.model import FlowKind, flow_of_kind
from storage import actions as action_store
from storage import keys
from storage import meetings as meeting_store
from storage import rounds as round_store
from storage.models import Action, Round
from storage.status import ActionStatus

CHECK_IN_DAYS = 7


@dataclass(frozen=True)
class ActionsForm:
    """What the lead's actions form is filled with: the actions agreed so far (or proposed), what the team keeps
    doing, the meeting's day, and today in the lead's time zone (the date picker's default)."""

    round_id: int
    actions: list[Action]
    keep: str | None
    meeting: date | None
    today: date


def form(rt: Runtime, rnd: Round, user_id: str) -> ActionsForm:
    """The actions form of this round, as this person (its lead) opens it."""
    assert rnd.id is not None
    today = rt.clock.now().astimezone(rt.tz_of(person(rt, user_id).tz)).date()
    return ActionsForm(rnd.id, action_store.of_round(rt.db, rnd.id), rnd.keep, rnd.meeting_date, today)


def ask(rt: Runtime, rnd: Round) -> None:
    """Post (or, once actions are recorded, edit) the message asking the lead to record the agreed actions."""
    assert rnd.id is not None
    text, blocks = ask_message(
        locale=locale_of(rt, rnd.lead_id),
        round_id=rnd.id,
        weeks=rt.settings.follow_up_weeks,
        actions=action_store.of_round(rt.db, rnd.id),
        keep=rnd.keep,
        meeting=rnd.meeting_date,
        follow_up_at=rnd.follow_up_at,
        sheet_url=f"{rt.settings.public_url}/hr/rounds/{rnd.id}/sheet" if rt.settings.dashboard_enabled else None,
    )
    delivery.post_or_edit(rt, keys.actions_ask(rnd.id), rnd.id, rnd.lead_id, text, blocks)


def follow_up_time(rt: Runtime, lead_id: str, meeting: date) -> datetime:
    """FOLLOW_UP_WEEKS after the meeting, at the start of the lead's working day."""
    tz = rt.tz_of(person(rt, lead_id).tz)
    day = meeting + timedelta(weeks=rt.settings.follow_up_weeks)
    return rt.hours.next_open(datetime.combine(day, rt.settings.work_start, tzinfo=tz), tz)


def record(
    rt: Runtime, rnd: Round, meeting: date, actions: list[dict[str, str | date | None]], keep: str | None
) -> None:
    """Store what the team agreed — before the lead's form closes, so a Slack failure after it loses nothing.
    When the round's meeting was held with the bot and has ended, the count of actions it agreed (what HR
    sees) follows what is recorded now."""
    assert rnd.id is not None
    action_store.record(rt.db, rnd.id, actions, keep, meeting, follow_up_time(rt, rnd.lead_id, meeting))
    meeting_store.set_actions_agreed(rt.db, rnd.id)


def recorded(rt: Runtime, round_id: int) -> None:
    """After the form closed: the message that asked for the actions now shows them."""
    rnd = round_store.get_round(rt.db, round_id)
    if rnd is not None:
        ask(rt, rnd)


def set_status(rt: Runtime, action_id: int, status: ActionStatus) -> None:
    """The lead marked an action done, in progress or dropped: stored, and the follow-up message shows it."""
    found = action_store.get(rt.db, action_id)
    rnd = round_store.get_round(rt.db, found.round_id) if found is not None else None
    if rnd is None:
        return
    action_store.set_status(rt.db, action_id, status)
    show(rt, rnd)


def show(rt: Runtime, rnd: Round) -> None:
    """Render the follow-up message with each action's current status (posted once, then edited)."""
    assert rnd.id is not None
    locale = locale_of(rt, rnd.lead_id)
    text, blocks = follow_up_message(
        title=rounds.flow_of(rt, rnd).title.get(locale),
        locale=locale,
        weeks=rt.settings.follow_up_weeks,
        actions=action_store.of_round(rt.db, rnd.id),
        keep=rnd.keep,
    )
    delivery.post_or_edit(rt, keys.follow_up(rnd.id), rnd.id, rnd.lead_id, text, blocks)


def start(rt: Runtime, rnd: Round) -> None:
    """Due: the lead gets the actions with done / in progress / dropped, the team a one-question check-in
    (a small round of its own, with the original round's anonymity, its invitations in working hours)."""
    assert rnd.id is not None
    if not action_store.claim_follow_up(rt.db, rnd.id):
        return
    show(rt, rnd)
    flow = flow_of_kind(rt.flows, FlowKind.CHECK_IN)
    now = rt.clock.now()
    child = round_store.create_round(
        rt.db,
        flow_id=flow.id,
        flow_version=flow.version,
        lead_id=rnd.lead_id,
        participants=round_store.participant_ids(rt.db, rnd.id),
        deadline=now + timedelta(days=CHECK_IN_DAYS),
        pacing=fe.PACING_DAILY,
        anonymous=rnd.anonymous,
        locale=rnd.locale,
        now=now,
        team_id=rnd.team_id,
        parent_id=rnd.id,
    )
    assert child is not None and child.id is not None
    rt.schedule_close(child.id)
    rounds.start_round(rt, child.id)

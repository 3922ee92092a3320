"""Sends planned sends that are due, by the rules that respect people.

Paced themes and reminders go out only inside the recipient's working window (their Slack time zone,
WORK_START–WORK_END, Monday–Friday, not on HOLIDAY_COUNTRY's public holidays): one found due outside it,
say after downtime, waits for the next window instead. Reminders go only to people who have not answered
and have not muted them, at most MAX_REMINDERS per round, never within 2 hours of the previous message.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import delivery
from bot import rounds as service
from bot.people import locale_of, person
from bot.runtime import Runtime
from bot.views.round import prompt_message, reminder_message
from flows.timeline import QUIET_GAP
from storage import deliveries, planned
from storage import rounds as store
from storage.models import Participant, Planned, Round

BATCH = 500


def send_due(rt: Runtime, now: datetime) -> int:
    """Send (or postpone, or skip) every planned send due by `now`. Returns how many were sent."""
    sent = 0
    rounds: dict[int, Round | None] = {}
    people: dict[int, dict[str, Participant]] = {}
    while True:
        batch = planned.due(rt.db, now, BATCH)
        for row in batch:
            if row.round_id is None:
                sent += _workshop_reminder(rt, row, now)
                continue
            if row.round_id not in rounds:
                rounds[row.round_id] = store.get_round(rt.db, row.round_id)
                people[row.round_id] = {p.user_id: p for p in store.participants(rt.db, row.round_id)}
            sent += _one(rt, rounds[row.round_id], people[row.round_id].get(row.user_id), row, now)
        if len(batch) < BATCH:
            return sent


def _one(rt: Runtime, rnd: Round | None, part: Participant | None, row: Planned, now: datetime) -> int:
    if rnd is None or rnd.status != "open" or rnd.deadline <= now or part is None:
        planned.finish(rt.db, row.key, "skipped")
        return 0
    if row.kind == "invite_now":
        return _outcome(rt, row, service.invite_one(rt, rnd, row.user_id, planned=True))
    tz = rt.tz_of(person(rt, row.user_id).tz)
    if not rt.hours.contains(now, tz):
        return _postpone(rt, rnd, row, rt.hours.next_open(now, tz))
    if row.kind == "invite":
        return _outcome(rt, row, service.invite_one(rt, rnd, row.user_id, planned=True))
    if row.kind == "prompt":
        flow = service.flow_of(rt, rnd)
        text, blocks = prompt_message(
            flow=flow, step=flow.step(row.step_id or ""), locale=locale_of(rt, row.user_id), round_id=rnd.id
        )  # type: ignore[arg-type]
        return _outcome(rt, row, delivery.post(rt, row.key, rnd.id, row.user_id, text, blocks, planned=True))
    # A reminder.
    count, last = deliveries.reminder_facts(rt.db, rnd.id, row.user_id)  # type: ignore[arg-type]
    if part.answered or part.muted or count >= rt.settings.max_reminders:
        planned.finish(rt.db, row.key, "skipped")
        return 0
    if last is not None and now - last < QUIET_GAP:
        return _postpone(rt, rnd, row, rt.hours.next_open(last + QUIET_GAP, tz))
    text, blocks = reminder_message(
        flow=service.flow_of(rt, rnd),
        locale=locale_of(rt, row.user_id),
        lead_id=rnd.lead_id,
        round_id=rnd.id,
        deadline=rnd.deadline,
    )  # type: ignore[arg-type]
    return _outcome(rt, row, delivery.post(rt, row.key, rnd.id, row.user_id, text, blocks, planned=True))


def _workshop_reminder(rt: Runtime, row: Planned, now: datetime) -> int:
    """The working day before and the hour before a workshop, inside the person's window; else not at all."""
    from bot import workshops
    from storage import workshops as ws_store

    w = ws_store.get(rt.db, row.workshop_id) if row.workshop_id is not None else None
    if w is None or w.status != "open" or w.starts_at <= now:
        planned.finish(rt.db, row.key, "skipped")
        return 0
    tz = rt.tz_of(person(rt, row.user_id).tz)
    if not rt.hours.contains(now, tz):
        nxt = rt.hours.next_open(now, tz)
        if nxt < w.starts_at - timedelta(minutes=30):
            planned.postpone(rt.db, row.key, nxt)
        else:
            planned.finish(rt.db, row.key, "skipped")
        return 0
    outcome = workshops.remind(rt, row)
    if outcome == "skip":
        planned.finish(rt.db, row.key, "skipped")
        return 0
    return _outcome(rt, row, outcome)


def _postpone(rt: Runtime, rnd: Round, row: Planned, when: datetime) -> int:
    if when < rnd.deadline:
        planned.postpone(rt.db, row.key, when)
    else:
        planned.finish(rt.db, row.key, "skipped")  # the next window is after the deadline: nothing to nag about
    return 0


def _outcome(rt: Runtime, row: Planned, outcome: str) -> int:
    """The claim closed the planned row; a send that happened before (another path, another worker) closes
    it here. BUSY and FAILED leave it to the lease or the backoff, which reopen it."""
    if outcome == delivery.ALREADY:
        planned.finish(rt.db, row.key, "done")
    return int(outcome == delivery.SENT)

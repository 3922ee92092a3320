"""Sends planned sends that are due, by the rules that respect people.

Paced themes and reminders go out only inside the recipient's working window (their Slack time zone,
WORK_START–WORK_END, Monday–Friday, not on HOLIDAY_COUNTRY's public holidays): one found due outside it,
say after downtime, waits for the next window instead. Reminders go only to people who have not answered
and have not muted them, at most MAX_REMINDERS per round, never within 2 hours of the previous message.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row

from bot.core.runtime import Runtime
from bot.outbound import delivery
from bot.outbound.blocks.rounds import prompt_message, reminder_message
from bot.outbound.people import locale_of, person, warm
from bot.services import rounds, workshops
from flows.timeline import QUIET_GAP
from storage import deliveries, planned
from storage import rounds as round_store
from storage import workshops as workshop_store
from storage.db import Deferred
from storage.models import Round
from storage.status import PlannedKind, PlannedStatus, RoundStatus, WorkshopStatus

BATCH = 500


def send_due(rt: Runtime, now: datetime) -> int:
    """Send (or postpone, or skip) every planned send due by `now`. Returns how many were sent.

    Each batch of due rows brings its people into memory, and what they were sent lately (the reminders' cap
    and quiet gap), in one query each; skips, postpones and each message's 'sent' ride with the next message's
    claim (delivery.chained), and what is left is committed before the next batch is read."""
    sent = 0
    round_cache: dict[int, Round | None] = {}
    seen: set[str] = set()
    with delivery.chained(rt) as later:
        while True:
            batch = [row for row in planned.due(rt.db, now, BATCH) if row.key not in seen]
            seen.update(row.key for row in batch)
            warm(rt, [row.user_id for row in batch])
            recent = deliveries.recent(rt.db, [row.user_id for row in batch if row.kind == PlannedKind.REMIND])
            in_rounds = [row for row in batch if row.round_id is not None]
            parts = round_store.participations(rt.db, [r.round_id for r in in_rounds], [r.user_id for r in in_rounds])
            for row in batch:
                if row.round_id is None:
                    sent += _workshop_reminder(rt, row, now, later)
                    continue
                if row.round_id not in round_cache:
                    round_cache[row.round_id] = round_store.get_round(rt.db, row.round_id)
                part = parts.get((row.round_id, row.user_id))
                outcome = _one(rt, round_cache[row.round_id], part, row, now, later, recent)
                if outcome:  # the quiet gap of this person's later reminders in this batch counts from now
                    recent.setdefault(row.user_id, []).append((row.key, now))
                sent += outcome
            later.flush(rt.db)  # the next query must not find this batch's rows due again
            if len(batch) < BATCH:  # also when every row left is one being sent elsewhere (BUSY)
                return sent


def _one(
    rt: Runtime,
    rnd: Round | None,
    part: Row[Any] | None,
    row: Row[Any],
    now: datetime,
    later: Deferred,
    recent: dict[str, list[tuple[str, datetime]]],
) -> int:
    if rnd is None or rnd.id is None or rnd.status != RoundStatus.OPEN or rnd.deadline <= now or part is None:
        planned.finish(rt.db, row.key, PlannedStatus.SKIPPED, later)
        return 0
    if row.kind == PlannedKind.INVITE_NOW:
        return _outcome(rt, row, rounds.invite_one(rt, rnd, row.user_id, planned=True), later)
    tz = rt.tz_of(person(rt, row.user_id).tz)
    if not rt.hours.contains(now, tz):
        return _postpone(rt, rnd, row, rt.hours.next_open(now, tz), later)
    if row.kind == PlannedKind.INVITE:
        return _outcome(rt, row, rounds.invite_one(rt, rnd, row.user_id, planned=True), later)
    if row.kind == PlannedKind.PROMPT:
        flow = rounds.flow_of(rt, rnd)
        text, blocks = prompt_message(
            flow=flow, step=flow.step(row.step_id or ""), locale=locale_of(rt, row.user_id), round_id=rnd.id
        )
        return _outcome(rt, row, delivery.post(rt, row.key, rnd.id, row.user_id, text, blocks, planned=True), later)
    # A reminder: not to those who answered or muted them; then the cap and the quiet gap.
    if part.answered or part.muted:
        planned.finish(rt.db, row.key, PlannedStatus.SKIPPED, later)
        return 0
    count, last = deliveries.reminder_facts(recent.get(row.user_id, []), rnd.id, row.user_id)
    if count >= rt.settings.max_reminders:
        planned.finish(rt.db, row.key, PlannedStatus.SKIPPED, later)
        return 0
    if last is not None and now - last < QUIET_GAP:
        return _postpone(rt, rnd, row, rt.hours.next_open(last + QUIET_GAP, tz), later)
    text, blocks = reminder_message(
        flow=rounds.flow_of(rt, rnd),
        locale=locale_of(rt, row.user_id),
        round_id=rnd.id,
        deadline=rnd.deadline,
    )
    return _outcome(rt, row, delivery.post(rt, row.key, rnd.id, row.user_id, text, blocks, planned=True), later)


def _workshop_reminder(rt: Runtime, row: Row[Any], now: datetime, later: Deferred) -> int:
    """The working day before and the hour before a workshop, inside the person's window; else not at all."""
    w = workshop_store.get(rt.db, row.workshop_id) if row.workshop_id is not None else None
    if w is None or w.status != WorkshopStatus.OPEN or w.starts_at <= now:
        planned.finish(rt.db, row.key, PlannedStatus.SKIPPED, later)
        return 0
    tz = rt.tz_of(person(rt, row.user_id).tz)
    if not rt.hours.contains(now, tz):
        nxt = rt.hours.next_open(now, tz)
        if nxt < w.starts_at - timedelta(minutes=30):
            planned.postpone(rt.db, row.key, nxt, later)
        else:
            planned.finish(rt.db, row.key, PlannedStatus.SKIPPED, later)
        return 0
    outcome = workshops.remind(rt, row)
    if outcome == workshops.Reminder.SKIPPED:
        planned.finish(rt.db, row.key, PlannedStatus.SKIPPED, later)
        return 0
    return _outcome(rt, row, outcome, later)


def _postpone(rt: Runtime, rnd: Round, row: Row[Any], when: datetime, later: Deferred) -> int:
    if when < rnd.deadline:
        planned.postpone(rt.db, row.key, when, later)
    else:
        planned.finish(
            rt.db, row.key, PlannedStatus.SKIPPED, later
        )  # the next window is after the deadline: nothing to nag about
    return 0


def _outcome(rt: Runtime, row: Row[Any], outcome: delivery.Outcome, later: Deferred) -> int:
    """The claim closed the planned row; a send that happened before (another path, another worker) closes
    it here. BUSY and FAILED leave it to the lease or the backoff, which reopen it."""
    if outcome == delivery.ALREADY:
        planned.finish(rt.db, row.key, PlannedStatus.DONE, later)
    return int(outcome == delivery.SENT)

"""The team meeting held with the bot: the agenda from the flow, the phases, contributions, votes, the agreed
actions going into the follow-up, the record, and the closing question.

The agenda: last time's actions first (when the unit — or the lead, outside a campaign — agreed some), then the
themes the lead picks, each with the numbers the lead's summary released (no new ones) and the flow's meeting
question as adapted for the team, then voting, then the actions. Each message goes out once under its delivery
key; the sweep (`resume`) finishes whatever a crash or an outage left undone.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from slack_sdk.errors import SlackApiError

from bot.core.i18n import decimal, t
from bot.core.payload import Payload
from bot.core.runtime import Runtime, log
from bot.outbound import delivery
from bot.outbound.blocks import meetings as mv
from bot.outbound.blocks.kit import Block, Message, slack_blocks
from bot.outbound.people import locale_of, person
from bot.services import comment_masking, follow_up, rounds, summaries
from flows.masking import mask
from flows.model import Flow
from flows.text import clean
from storage import actions as action_store
from storage import deliveries, experiences, keys
from storage import meetings as store
from storage import rounds as round_store
from storage.models import Action, Contribution, Meeting, Round, Topic
from storage.status import ActionStatus, DeliveryStatus, MeetingRecord, RoundStatus, VoteResult

REVIEW, THEME, VOTE, ACTIONS = "review", "theme", "vote", "actions"
VoteOutcome = store.VoteOutcome  # what a click on a vote did, for the edge to answer
MORE_MINUTES = 2
# Slack refuses a canvas here (plan, settings, an existing channel canvas): the record goes as a message.
NO_CANVAS = {
    "channel_canvas_already_exists",
    "canvas_disabled_user_team",
    "canvas_creation_failed",
    "free_teams_cannot_create_non_tiny_canvases",
    "team_tier_cannot_create_channel_canvases",
    "not_allowed_token_type",
    "missing_scope",
    "restricted_action",
    "not_supported",
    "unknown_method",
}


@dataclass(frozen=True)
class Phase:
    kind: str
    topic: Topic | None = None


def mask_names(rt: Runtime, locale: str, text: str) -> str:
    """An anonymous contribution names nobody: the same masking comments get (flows.masking, with the people
    directory), in the meeting's language (`locale`), since the channel reads it."""
    return mask(clean(text), comment_masking.directory(rt), locale).text


# --- who may ----------------------------------------------------------------------------------------------------


def _id(subject: str | None, part: int = 0) -> int | None:
    bits = (subject or "").split(":")
    return int(bits[part]) if len(bits) > part and bits[part].isdigit() else None


def is_facilitator(rt: Runtime, user_id: str, meeting_id: int | None) -> bool:
    m = store.get(rt.db, meeting_id) if meeting_id is not None else None
    return m is not None and user_id in (m.lead_id, m.facilitator_id)


def may_facilitate(rt: Runtime, user_id: str, subject: str | None) -> bool:
    """The lead or the co-facilitator of the meeting named first in the value ('meeting:…')."""
    return is_facilitator(rt, user_id, _id(subject))


def may_hide(rt: Runtime, user_id: str, subject: str | None) -> bool:
    c = store.contribution(rt.db, cid) if (cid := _id(subject)) is not None else None
    return c is not None and is_facilitator(rt, user_id, c.meeting_id)


def may_take_part(rt: Runtime, user_id: str, subject: str | None) -> bool:
    """Someone invited to the meeting named first in the value or the form ('meeting:…')."""
    mid = _id(subject)
    return mid is not None and store.is_member(rt.db, mid, user_id)


def may_vote(rt: Runtime, user_id: str, subject: str | None) -> bool:
    """Someone invited to the meeting of the contribution named in the value (one query, before every click)."""
    cid = _id(subject)
    return cid is not None and store.may_vote(rt.db, cid, user_id)


def leads_meeting(rt: Runtime, user_id: str, subject: str | None) -> bool:
    m = store.get(rt.db, mid) if (mid := _id(subject)) is not None else None
    return m is not None and m.lead_id == user_id


# --- the agenda -------------------------------------------------------------------------------------------------


def agenda(rt: Runtime, m: Meeting) -> list[Phase]:
    assert m.id is not None
    phases = [Phase(REVIEW)] if m.review_round_id is not None else []
    phases += [Phase(THEME, tp) for tp in store.topics(rt.db, m.id)]
    return [*phases, Phase(VOTE), Phase(ACTIONS)]


def _round(rt: Runtime, m: Meeting) -> Round:
    rnd = round_store.get_round(rt.db, m.round_id)
    assert rnd is not None
    return rnd


def labels(flow: Flow, phases: list[Phase], locale: str) -> list[str]:
    out = []
    for p in phases:
        if p.kind == THEME and p.topic is not None:
            out.append(flow.step(p.topic.step_id).theme.get(locale))
        else:
            out.append(t(f"meeting.phase.{p.kind}", locale))
    return out


def released(rt: Runtime, rnd: Round, locale: str) -> dict[str, tuple[float, str]]:
    """Each theme's mean as the lead's summary released it (the same threshold rules): step id → (mean, line).
    A theme the summary withheld is not here; nothing new is computed for the meeting."""
    summary = summaries.build_summary(rt, rnd)
    if not summary.shown:
        return {}
    return {
        th.step_id: (th.mean, t("summary.mean", locale, count=th.n, mean=decimal(th.mean, locale)))
        for th in summary.themes
        if th.shown and th.mean is not None
    }


def theme_choices(rt: Runtime, rnd: Round, locale: str) -> tuple[list[mv.ThemeChoice], list[str]]:
    """The round's themes for the set-up, the weakest released first; the two weakest suggested."""
    flow = rounds.flow_of(rt, rnd)
    numbers = released(rt, rnd, locale)
    steps = [s for s in flow.steps if s.dialogue_question is not None or s.id in numbers]
    steps.sort(key=lambda s: numbers[s.id][0] if s.id in numbers else 99.0)
    choices = [
        mv.ThemeChoice(s.id, s.theme.get(locale), decimal(numbers[s.id][0], locale) if s.id in numbers else None)
        for s in steps
    ]
    return choices, [c.step_id for c in choices if c.mean is not None][:2]


def previous_round(rt: Runtime, rnd: Round) -> Round | None:
    """The round before this one whose actions the meeting reviews first: the same unit's (in a campaign), else
    the same lead's, of the same concept, with actions recorded."""
    from sqlmodel import col

    same = col(Round.unit_id) == rnd.unit_id if rnd.unit_id is not None else col(Round.lead_id) == rnd.lead_id
    earlier = round_store.rounds_where(
        rt.db,
        col(Round.id) < rnd.id,
        col(Round.parent_id).is_(None),
        col(Round.flow_id) == rnd.flow_id,
        col(Round.status) == RoundStatus.CLOSED,
        same,
    )
    for r in reversed(earlier):
        if r.id is not None and action_store.of_round(rt.db, r.id):
            return r
    return None


# --- starting ---------------------------------------------------------------------------------------------------


def start(rt: Runtime, lead_id: str, rnd: Round, setup: mv.Setup, view_id: str | None) -> Meeting | None:
    """The meeting stored with its agenda and people (the round's, the lead, the co-facilitator); None when the
    round has one already. What goes to Slack follows (`open_meeting`)."""
    assert rnd.id is not None
    now = rt.clock.now()
    previous = previous_round(rt, rnd)
    n = (1 if previous is not None else 0) + len(setup.steps) + 2
    schedule = None
    if setup.mode == store.DAYS and setup.until is not None:
        span = setup.until - now
        schedule = [now + span * (i + 1) / n for i in range(n)]
    people = [*round_store.participant_ids(rt.db, rnd.id), lead_id]
    if setup.facilitator_id:
        people.append(setup.facilitator_id)
    return store.create(
        rt.db,
        round_id=rnd.id,
        lead_id=lead_id,
        facilitator_id=setup.facilitator_id if setup.facilitator_id != lead_id else None,
        mode=setup.mode,
        channel_id=setup.channel_id,
        locale=locale_of(rt, lead_id),
        steps=setup.steps,
        members=people,
        minutes=setup.minutes,
        votes=setup.votes,
        review_round_id=previous.id if previous is not None else None,
        schedule=schedule,
        now=now,
        submission=_submission("meeting", view_id),
        first_ends=now + timedelta(minutes=setup.minutes),
    )


def has_meeting(rt: Runtime, round_id: int) -> bool:
    """Whether this round's meeting was set up already (a round has one at most)."""
    return store.of_round(rt.db, round_id) is not None


def _submission(kind: str, view_id: str | None) -> str | None:
    return hashlib.sha256(f"{kind}:{view_id}".encode()).hexdigest() if view_id else None


def _ends(m: Meeting, phase: int, now: datetime) -> datetime | None:
    if m.mode == store.DAYS:
        ends = _schedule(m)
        return ends[phase] if phase < len(ends) else None
    return now + timedelta(minutes=m.minutes)


def _schedule(m: Meeting) -> list[datetime]:
    import json

    return [datetime.fromisoformat(s) for s in json.loads(m.schedule or "[]")]


def channel_of(rt: Runtime, m: Meeting) -> str | None:
    """The meeting's channel: the one the lead picked, or a new private one with its people (created once)."""
    assert m.id is not None
    if m.channel_id:
        return m.channel_id
    name = f"dialogue-meeting-{m.id}-{m.created_at:%Y%m%d}"

    def create() -> tuple[str | None, str | None]:
        r = rt.client.conversations_create(name=name, is_private=True)
        return (r.get("channel") or {}).get("id"), None

    delivery.send(rt, keys.meeting(m.id, "channel"), m.round_id, create)
    d = deliveries.get(rt.db, keys.meeting(m.id, "channel"))
    if d is None or d.status != DeliveryStatus.SENT or not d.channel:
        return None
    store.set_channel(rt.db, m.id, d.channel)
    channel = str(d.channel)
    people = [u for u in store.members(rt.db, m.id)]

    def invite() -> tuple[str | None, str | None]:
        rt.client.conversations_invite(channel=channel, users=",".join(people))
        return channel, None

    delivery.send(rt, keys.meeting(m.id, "invite"), m.round_id, invite)
    return channel


def open_meeting(rt: Runtime, meeting_id: int) -> None:
    """After the set-up's ack: the channel, the introduction, the first phase and the facilitation message."""
    m = store.get(rt.db, meeting_id)
    if m is None:
        return
    resume(rt, m)


def resume(rt: Runtime, m: Meeting) -> None:
    """Bring a running meeting's messages up to date (the sweep runs this): the channel, the introduction, the
    current phase's message, a days meeting's next phase when its time is up, and the facilitation message."""
    assert m.id is not None
    meeting_id = m.id
    channel = channel_of(rt, m)
    if channel is None:
        return
    m = store.get(rt.db, meeting_id) or m
    rnd = _round(rt, m)
    flow = rounds.flow_of(rt, rnd)
    if m.status == store.RUNNING:
        title = flow.title.get(m.locale)
        until = _schedule(m)[-1] if m.schedule else None
        intro = keys.meeting(meeting_id, "intro")
        if not _sent(rt, intro):  # a read: claiming it again is a write, for every meeting at every sweep
            text, blocks = mv.intro_message(m.locale, m.lead_id, title, m.votes, m.mode, until)
            delivery.post(rt, intro, m.round_id, channel, text, blocks)
        now = rt.clock.now()
        if m.mode == store.DAYS and m.phase_ends_at is not None and m.phase_ends_at <= now:
            phases = agenda(rt, m)
            if m.phase + 1 < len(phases):
                moved = store.move(rt.db, meeting_id, m.phase, m.phase + 1, now, _ends(m, m.phase + 1, now))
                m = moved or store.get(rt.db, meeting_id) or m
            else:
                end(rt, meeting_id)
                return
        _post_phase(rt, m, rnd, flow, channel)
        if m.mode == store.DAYS:
            _announce(rt, m, flow)
        if agenda(rt, m)[m.phase].kind == ACTIONS:
            _refresh_actions(rt, m, rnd, flow, channel)
    refresh(rt, meeting_id)


def _post_phase(rt: Runtime, m: Meeting, rnd: Round, flow: Flow, channel: str) -> None:
    """The current phase's message, once (Back and Next again find it there)."""
    assert m.id is not None
    phase = agenda(rt, m)[m.phase]
    key = keys.meeting(m.id, f"phase-{m.phase}")
    locale = m.locale
    if phase.kind != VOTE and _sent(rt, key) and (phase.topic is None or phase.topic.ts is not None):
        return  # posted before (the sweep asks every few seconds)
    if phase.kind == REVIEW and m.review_round_id is not None:
        before = round_store.get_round(rt.db, m.review_round_id)
        text, blocks = mv.review_message(
            locale, m.id, action_store.of_round(rt.db, m.review_round_id), before.meeting_date if before else None
        )
        delivery.post(rt, key, m.round_id, channel, text, blocks)
    elif phase.kind == THEME and phase.topic is not None and phase.topic.id is not None:
        step = flow.step(phase.topic.step_id)
        numbers = released(rt, rnd, locale).get(step.id)
        question = step.dialogue_question.get(locale) if step.dialogue_question else None
        until = m.phase_ends_at if m.mode == store.DAYS else None
        text, blocks = mv.theme_message(
            locale, m.id, phase.topic.id, step.theme.get(locale), numbers[1] if numbers else None, question, until
        )
        delivery.post(rt, key, m.round_id, channel, text, blocks)
        d = deliveries.get(rt.db, key)
        if d is not None and d.status == DeliveryStatus.SENT and d.ts and phase.topic.ts is None:
            store.set_thread(rt.db, phase.topic.id, str(d.channel), str(d.ts))
    elif phase.kind == VOTE:
        for tp in store.topics(rt.db, m.id):
            if not _sent(rt, keys.meeting(m.id, f"board-{tp.id}")):
                text, blocks = _board(rt, m, flow, tp)
                delivery.post(rt, keys.meeting(m.id, f"board-{tp.id}"), m.round_id, channel, text, blocks)
    elif phase.kind == ACTIONS:
        text, blocks = _actions_view(rt, m, flow)
        delivery.post(rt, key, m.round_id, channel, text, blocks)


def _sent(rt: Runtime, key: str) -> bool:
    d = deliveries.get(rt.db, key)
    return d is not None and d.status in (DeliveryStatus.SENT, DeliveryStatus.DEAD)


def _items(rt: Runtime, m: Meeting) -> dict[int, list[mv.Item]]:
    """Visible contributions by topic, with their votes (counts only), in one read."""
    assert m.id is not None
    out: dict[int, list[mv.Item]] = {}
    for x in store.tallies(rt.db, m.id):
        out.setdefault(x.topic_id, []).append(mv.Item(x.id, x.text, x.author, x.votes))
    return out


def _board(rt: Runtime, m: Meeting, flow: Flow, tp: Topic) -> Message:
    assert tp.id is not None
    items = _items(rt, m).get(tp.id, [])
    return mv.vote_board(m.locale, flow.step(tp.step_id).theme.get(m.locale), items, m.votes)


def _top(rt: Runtime, m: Meeting, flow: Flow) -> list[tuple[str, mv.Item]]:
    by_topic = _items(rt, m)
    names = {tp.id: flow.step(tp.step_id).theme.get(m.locale) for tp in store.topics(rt.db, m.id or 0)}
    top = [(names.get(tid, ""), it) for tid, items in by_topic.items() for it in items if it.votes > 0]
    top.sort(key=lambda x: -x[1].votes)
    return top


def _actions_view(rt: Runtime, m: Meeting, flow: Flow) -> Message:
    assert m.id is not None
    return mv.actions_message(m.locale, m.id, _top(rt, m, flow), action_store.of_round(rt.db, m.round_id))


_shown: dict[tuple[int, str], str] = {}  # what each edited-in-place message last showed, so unchanged means no edit
_shown_lock = threading.Lock()


def _edit_if_changed(rt: Runtime, key: str, text: str, blocks: Sequence[Block]) -> None:
    import json

    body = json.dumps([text, blocks], sort_keys=True)
    with _shown_lock:
        if _shown.get((id(rt), key)) == body:
            return
    if delivery.update(rt, key, text, blocks):
        with _shown_lock:
            _shown[(id(rt), key)] = body


def _refresh_actions(rt: Runtime, m: Meeting, rnd: Round, flow: Flow, channel: str) -> None:
    assert m.id is not None
    text, blocks = _actions_view(rt, m, flow)
    _edit_if_changed(rt, keys.meeting(m.id, f"phase-{len(agenda(rt, m)) - 1}"), text, blocks)


def refresh(rt: Runtime, meeting_id: int) -> None:
    """The facilitation message: posted once, then edited in place — only when what it shows changed (the time
    left is in whole minutes, so a live meeting's message is edited at most about once a minute)."""
    m = store.get(rt.db, meeting_id)
    if m is None or m.id is None:
        return
    channel = m.channel_id
    if channel is None:
        return
    rnd = _round(rt, m)
    flow = rounds.flow_of(rt, rnd)
    phases = agenda(rt, m)
    facilitators = [u for u in (m.lead_id, m.facilitator_id) if u]
    text, blocks = mv.facilitation_message(
        m.locale,
        m.id,
        labels(flow, phases, m.locale),
        min(m.phase, len(phases) - 1),
        m.phase_ends_at,
        rt.clock.now(),
        m.status == store.ENDED,
        facilitators,
    )
    key = keys.meeting(m.id, "facilitation")
    d = deliveries.get(rt.db, key)
    if d is None or d.status != DeliveryStatus.SENT:
        delivery.post(rt, key, m.round_id, channel, text, blocks)
        return
    _edit_if_changed(rt, key, text, blocks)


# --- facilitation -----------------------------------------------------------------------------------------------


def move(rt: Runtime, meeting_id: int, expected: int, step: int) -> bool:
    """Next (+1) or Back (-1) from the phase the clicked message showed; a stale click does nothing."""
    m = store.get(rt.db, meeting_id)
    if m is None or m.id is None:
        return False
    to = expected + step
    if not 0 <= to < len(agenda(rt, m)):
        return False
    now = rt.clock.now()
    moved = store.move(rt.db, m.id, expected, to, now, _ends(m, to, now))
    if moved is None:
        return False
    resume(rt, moved)
    return True


def more_time(rt: Runtime, meeting_id: int, expected: int) -> bool:
    m = store.get(rt.db, meeting_id)
    if m is None or m.id is None or m.phase_ends_at is None:
        return False
    base = max(m.phase_ends_at, rt.clock.now())
    if not store.extend(rt.db, m.id, expected, base + timedelta(minutes=MORE_MINUTES)):
        return False
    refresh(rt, m.id)
    return True


def end(rt: Runtime, meeting_id: int) -> bool:
    """End the meeting (once): votes become counts and the keys go (storage), then the record and the closing
    question go out."""
    if not store.end(rt.db, meeting_id, rt.clock.now()):
        return False
    m = store.get(rt.db, meeting_id)
    if m is not None:
        finish(rt, m)
    return True


def finish(rt: Runtime, m: Meeting) -> None:
    """What follows the end, each part once (the sweep finishes what failed): the facilitation message and the
    boards show the end, the record goes to the channel, each person gets the closing question."""
    assert m.id is not None
    refresh(rt, m.id)
    rnd = _round(rt, m)
    flow = rounds.flow_of(rt, rnd)
    for tp in store.topics(rt.db, m.id):
        text, blocks = _board(rt, m, flow, tp)
        _edit_if_changed(rt, keys.meeting(m.id, f"board-{tp.id}"), text, blocks)
    if m.record is None:
        kind = _record(rt, m, rnd, flow)
        if kind is not None:
            store.mark(rt.db, m.id, record=kind)
    if m.asked_at is None:
        _ask(rt, m, flow)


def _record_content(rt: Runtime, m: Meeting, rnd: Round, flow: Flow) -> tuple[list[mv.RecordTheme], list[Action]]:
    items = _items(rt, m)
    numbers = released(rt, rnd, m.locale)
    themes = []
    for tp in store.topics(rt.db, m.id or 0):
        step = flow.step(tp.step_id)
        themes.append(
            mv.RecordTheme(
                step.theme.get(m.locale),
                numbers[step.id][1] if step.id in numbers else None,
                step.dialogue_question.get(m.locale) if step.dialogue_question else None,
                items.get(tp.id or 0, []),
            )
        )
    return themes, action_store.of_round(rt.db, m.round_id)


def _record(rt: Runtime, m: Meeting, rnd: Round, flow: Flow) -> MeetingRecord | None:
    """The record as the channel's canvas where the workspace allows one, else as a message. Returns which."""
    assert m.id is not None and m.channel_id is not None
    channel = m.channel_id
    held = (m.ended_at or rt.clock.now()).astimezone(rt.tz_of(person(rt, m.lead_id).tz)).date()
    themes, actions = _record_content(rt, m, rnd, flow)
    title = flow.title.get(m.locale)
    markdown = mv.record_markdown(m.locale, title, held, m.took_part or 0, themes, actions)
    text, blocks = mv.record_blocks(m.locale, title, held, m.took_part or 0, themes, actions)

    def create() -> tuple[str | None, str | None]:
        try:
            r = rt.client.conversations_canvases_create(
                channel_id=channel, document_content={"type": "markdown", "markdown": markdown}
            )
            return channel, r.get("canvas_id")
        except SlackApiError as e:
            if str(e.response.get("error")) not in NO_CANVAS:
                raise
            log.info("meeting %s: no canvas (%s); the record goes as a message", m.id, e.response.get("error"))
        r = rt.client.chat_postMessage(channel=channel, text=text, blocks=slack_blocks(blocks), unfurl_links=False)
        return r.get("channel"), r.get("ts")

    key = keys.meeting(m.id, "record")
    delivery.send(rt, key, m.round_id, create)
    d = deliveries.get(rt.db, key)
    if d is None or d.status != DeliveryStatus.SENT:
        return None
    kind = MeetingRecord.MESSAGE if d.ts and "." in str(d.ts) else MeetingRecord.CANVAS
    if kind == MeetingRecord.CANVAS:
        note, note_blocks = mv.record_posted(m.locale)
        delivery.post(rt, keys.meeting(m.id, "record-note"), m.round_id, channel, note, note_blocks)
    return kind


def _ask(rt: Runtime, m: Meeting, flow: Flow) -> None:
    """Everyone invited gets one optional, anonymous question about the dialogue itself."""
    assert m.id is not None
    meeting_id = m.id

    def send(user_id: str) -> None:
        locale = locale_of(rt, user_id)
        text, blocks = mv.closing_dm(locale, meeting_id, flow.title.get(locale))
        delivery.post(rt, keys.meeting_person(meeting_id, user_id, "closing"), m.round_id, user_id, text, blocks)

    people = store.members(rt.db, meeting_id)
    rt.send_all(send, people)
    if all(
        (d := deliveries.get(rt.db, keys.meeting_person(meeting_id, u, "closing"))) is not None
        and d.status in (DeliveryStatus.SENT, DeliveryStatus.DEAD)
        for u in people
    ):
        store.mark(rt.db, meeting_id, asked_at=rt.clock.now())


def _announce(rt: Runtime, m: Meeting, flow: Flow) -> None:
    """Over a few days: each person hears of the phase that opened in a DM — inside their own working hours."""
    assert m.id is not None
    now = rt.clock.now()
    meeting_id, phase = m.id, m.phase
    label = labels(flow, agenda(rt, m), m.locale)
    due = []
    for u in store.members(rt.db, meeting_id):
        key = keys.meeting_person(meeting_id, u, f"phase-{phase}")
        d = deliveries.get(rt.db, key)
        if d is not None and d.status in (DeliveryStatus.SENT, DeliveryStatus.DEAD):
            continue
        if rt.hours.contains(now, rt.tz_of(person(rt, u).tz)):
            due.append(u)

    def send(user_id: str) -> None:
        locale = locale_of(rt, user_id)
        names = labels(flow, agenda(rt, m), locale)
        text, blocks = mv.announce_dm(locale, names[phase], str(m.channel_id), m.phase_ends_at)
        delivery.post(rt, keys.meeting_person(meeting_id, user_id, f"phase-{phase}"), m.round_id, user_id, text, blocks)

    if due:
        log.info("meeting %s: %d announcements of '%s'", meeting_id, len(due), label[phase])
        rt.send_all(send, due)


# --- contributions and votes ------------------------------------------------------------------------------------


def contribute(rt: Runtime, meeting_id: int, topic_id: int, user_id: str, words: str, view_id: str | None) -> bool:
    """An anonymous contribution, stored before the form closes; posted in the theme's thread after."""
    locale = store.running_locale(rt.db, meeting_id)
    if locale is None:
        return False
    masked = mask_names(rt, locale, words)
    c = store.add_contribution(
        rt.db, meeting_id, topic_id, user_id, masked, named=False, submission=_submission("contribution", view_id)
    )
    return c is not None


def post_contributions(rt: Runtime, meeting_id: int) -> None:
    """Every anonymous contribution not yet in its thread goes there, without a name (coalesced per meeting)."""
    m = store.get(rt.db, meeting_id)
    if m is None or m.channel_id is None:
        return
    threads = {tp.id: tp for tp in store.topics(rt.db, meeting_id)}
    cards = {
        keys.meeting(meeting_id, f"card-{c.id}"): (c, tp)
        for c in store.contributions(rt.db, meeting_id)
        if c.author is None and c.id is not None and (tp := threads.get(c.topic_id)) is not None and tp.ts
    }
    done = deliveries.ended(rt.db, list(cards))  # one query for all (the sweep asks every 15 seconds)
    for key, (c, tp) in cards.items():
        if key not in done:
            _post_card(rt, m, c, tp)
    _refresh_boards(rt, m)


def _post_card(rt: Runtime, m: Meeting, c: Contribution, tp: Topic) -> None:
    assert m.id is not None and c.id is not None
    key = keys.meeting(m.id, f"card-{c.id}")
    d = deliveries.get(rt.db, key)
    if d is not None and d.status in (DeliveryStatus.SENT, DeliveryStatus.DEAD):
        return
    text, blocks = mv.contribution_card(m.locale, c.id, c.text, c.hidden)
    channel, thread = str(tp.channel), str(tp.ts)

    def call() -> tuple[str | None, str | None]:
        r = rt.client.chat_postMessage(
            channel=channel, thread_ts=thread, text=text, blocks=slack_blocks(blocks), unfurl_links=False
        )
        return r.get("channel"), r.get("ts")

    delivery.send(rt, key, m.round_id, call)
    if not c.hidden and (now := store.contribution(rt.db, c.id)) is not None and now.hidden:
        # Hidden while this card was on its way: `hide` found no sent card to edit, so the card is edited here.
        hidden_text, hidden_blocks = mv.contribution_card(m.locale, c.id, c.text, True)
        delivery.update(rt, key, hidden_text, hidden_blocks)


def reply(rt: Runtime, channel: str, thread_ts: str, user_id: str, words: str, ts: str) -> bool:
    """Someone replied in a theme's thread: a named contribution (they chose to speak with their name)."""
    tp = topic_by_thread(rt, channel, thread_ts)
    if tp is None or tp.id is None or not store.is_member(rt.db, tp.meeting_id, user_id):
        return False
    text = clean(words).strip()
    if not text:
        return False
    c = store.add_contribution(rt.db, tp.meeting_id, tp.id, user_id, text[: mv.CONTRIBUTION_MAX], named=True, ts=ts)
    if c is not None:
        m = store.get(rt.db, tp.meeting_id)
        if m is not None:
            _refresh_boards(rt, m)
    return c is not None


def topic_by_thread(rt: Runtime, channel: str, ts: str) -> Topic | None:
    return store.topic_by_thread(rt.db, channel, ts)


def hide(rt: Runtime, contribution_id: int) -> None:
    """Hide a contribution; its card says so and the boards drop it. Nobody learns who wrote it."""
    c = store.contribution(rt.db, contribution_id)
    if c is None or c.id is None or not store.hide(rt.db, contribution_id):
        return
    m = store.get(rt.db, c.meeting_id)
    if m is None or m.id is None:
        return
    text, blocks = mv.contribution_card(m.locale, c.id, c.text, True)
    delivery.update(rt, keys.meeting(m.id, f"card-{c.id}"), text, blocks)
    _refresh_boards(rt, m)


def vote(rt: Runtime, contribution_id: int | None, user_id: str) -> tuple[VoteOutcome, int]:
    """A click on a contribution's vote button: counted, taken back, or refused (no votes left); with the
    meeting's votes per person. One transaction before the ack; the boards follow after it, coalesced."""
    if contribution_id is None:
        return VoteOutcome(VoteResult.CLOSED, 0), 0
    outcome = store.vote(rt.db, contribution_id, user_id)
    if outcome.result in (VoteResult.COUNTED, VoteResult.REMOVED) and outcome.meeting_id is not None:
        mid = outcome.meeting_id
        key = f"meeting-boards:{mid}"  # once per burst's wait, then one refresh at a time per meeting
        rt.after_ack.submit_once(key, rt.coalesce, key, _refresh_boards_of, rt, mid)
    return outcome, outcome.votes


def _refresh_boards_of(rt: Runtime, meeting_id: int) -> None:
    m = store.get(rt.db, meeting_id)
    if m is not None:
        _refresh_boards(rt, m)


def _refresh_boards(rt: Runtime, m: Meeting) -> None:
    """The vote boards that are out show the current contributions and counts (read once for all of them);
    before the voting phase posted them there is nothing to read or render."""
    assert m.id is not None
    topics = store.topics(rt.db, m.id)
    boards = {keys.meeting(m.id, f"board-{tp.id}"): tp for tp in topics}
    out = deliveries.ended(rt.db, list(boards))
    if not out:
        return
    flow = rounds.flow_of(rt, _round(rt, m))
    items = _items(rt, m)
    for key, tp in boards.items():
        if key in out and tp.id is not None:
            name = flow.step(tp.step_id).theme.get(m.locale)
            text, blocks = mv.vote_board(m.locale, name, items.get(tp.id, []), m.votes)
            _edit_if_changed(rt, key, text, blocks)


def set_review_status(rt: Runtime, meeting_id: int, action_id: int, status: ActionStatus) -> None:
    """Last time's action marked done / in progress / dropped in the meeting; the review message follows."""
    m = store.get(rt.db, meeting_id)
    a = action_store.get(rt.db, action_id)
    if m is None or m.id is None or a is None or a.round_id != m.review_round_id:
        return
    action_store.set_status(rt.db, action_id, status)
    before = round_store.get_round(rt.db, a.round_id)
    text, blocks = mv.review_message(
        m.locale, m.id, action_store.of_round(rt.db, a.round_id), before.meeting_date if before else None
    )
    index = next(i for i, p in enumerate(agenda(rt, m)) if p.kind == REVIEW)
    delivery.update(rt, keys.meeting(m.id, f"phase-{index}"), text, blocks)


def actions_form(rt: Runtime, meeting_id: int, user_id: str) -> follow_up.ActionsForm | None:
    """The follow-up's own actions form, filled with the actions agreed so far (or else the most-voted
    contributions): what the lead submits goes straight into the follow-up some weeks later."""
    m = store.get(rt.db, meeting_id)
    if m is None:
        return None
    rnd = _round(rt, m)
    form = follow_up.form(rt, rnd, user_id)
    if form.actions:
        return form
    proposed = [
        Action(round_id=m.round_id, position=i, what=it.text[:500], who=None, due=None)
        for i, (_theme, it) in enumerate(_top(rt, m, rounds.flow_of(rt, rnd))[:5])
    ]
    return replace(form, actions=proposed)


def share(rt: Runtime, meeting_id: int, view: Payload) -> bool:
    """The closing question's answer: an anonymous experience (source 'meeting') in HR's gathered experiences —
    no person, no round, only the day."""
    m = store.get(rt.db, meeting_id)
    if m is None:
        return False
    rating, worked, different = mv.read_closing(view)
    if rating is None and worked is None and different is None:
        return False
    rnd = _round(rt, m)
    experiences.add(
        rt.db,
        dialogue=rnd.flow_id,
        worked=worked,
        different=different,
        rating=rating,
        user_id=None,
        shared_on=rt.clock.now().astimezone(rt.settings.tz).date(),
        submission=_submission("closing", str(view.get("id") or "")),
        source="meeting",
    )
    return True


# --- the sweep and what others see ------------------------------------------------------------------------------


def sweep(rt: Runtime, now: datetime) -> None:
    """Running meetings brought up to date (and a days meeting moved on when its phase's time is up), all at once
    on the fan-out threads (each channel takes a post a second); ended ones whose record or closing question did
    not go out are finished."""
    running = {str(m.id): m for m in store.running(rt.db) if m.id is not None}

    def one(meeting_id: str) -> None:
        resume(rt, running[meeting_id])
        post_contributions(rt, int(meeting_id))

    if running:
        rt.send_all(one, list(running))
    for m in store.ended_unfinished(rt.db):
        try:
            finish(rt, m)
        except Exception:
            log.exception("meeting %s: finishing failed; the next sweep tries again", m.id)


@dataclass(frozen=True)
class Held:
    """What HR may know of a team's meeting: that it was held, when, how many took part, how many actions."""

    on: date
    took_part: int
    actions: int


def held(rt: Runtime, round_ids: list[int]) -> dict[int, Held]:
    out = {}
    for rid, m in store.of_rounds(rt.db, round_ids).items():
        if m.status == store.ENDED and m.ended_at is not None:
            on = m.ended_at.astimezone(rt.settings.tz).date()
            out[rid] = Held(on, m.took_part or 0, m.actions_agreed or 0)
    return out


def title_of(rt: Runtime, rnd: Round, locale: str) -> str:
    return rounds.flow_of(rt, rnd).title.get(locale)


def topic_texts(rt: Runtime, meeting_id: int, topic_id: int, locale: str) -> tuple[str, str | None] | None:
    """A running meeting's theme as the contribution form shows it: its name and meeting question."""
    m = store.get(rt.db, meeting_id)
    tp = store.topic(rt.db, topic_id)
    if m is None or tp is None or tp.meeting_id != meeting_id or m.status != store.RUNNING:
        return None
    step = rounds.flow_of(rt, _round(rt, m)).step(tp.step_id)
    return step.theme.get(locale), step.dialogue_question.get(locale) if step.dialogue_question else None


HOME_DAYS = 60  # how long after a round closed App Home offers to hold its meeting


def to_hold(rt: Runtime, lead_id: str) -> list[tuple[int, str, datetime]]:
    """A lead's recently closed rounds without a meeting yet, for App Home: (round id, title, closed at)."""
    from sqlmodel import col

    since = rt.clock.now() - timedelta(days=HOME_DAYS)
    closed = round_store.rounds_where(
        rt.db,
        col(Round.lead_id) == lead_id,
        col(Round.status) == RoundStatus.CLOSED,
        col(Round.parent_id).is_(None),
        col(Round.closed_at) >= since,
    )
    have = store.of_rounds(rt.db, [r.id for r in closed if r.id is not None])
    locale = locale_of(rt, lead_id)
    return [
        (r.id, title_of(rt, r, locale), r.closed_at)
        for r in closed
        if r.id is not None and r.closed_at is not None and r.id not in have and r.flow_id in rt.flows
    ][-5:]


@dataclass(frozen=True)
class SheetTheme:
    name: str
    numbers: str | None  # as the summary released it; None when withheld
    question: str | None


@dataclass(frozen=True)
class Sheet:
    """What a lead takes to a meeting held in person: the summary's released numbers, the questions, last
    time's actions to review, and room for notes and the actions agreed."""

    title: str
    answered: int
    invited: int
    shown: bool
    themes: list[SheetTheme]
    review: list[Action]


def sheet(rt: Runtime, round_id: int, user_id: str | None, locale: str) -> Sheet | None:
    """The facilitator's sheet of a closed round, for its lead only (None for anyone else)."""
    rnd = round_store.get_round(rt.db, round_id)
    if rnd is None or rnd.status != RoundStatus.CLOSED or rnd.lead_id != user_id or rnd.flow_id not in rt.flows:
        return None
    flow = rounds.flow_of(rt, rnd)
    summary = summaries.build_summary(rt, rnd)
    numbers = released(rt, rnd, locale)
    themes = [
        SheetTheme(
            s.theme.get(locale),
            numbers[s.id][1] if s.id in numbers else None,
            s.dialogue_question.get(locale) if s.dialogue_question else None,
        )
        for s in sorted(flow.steps, key=lambda s: numbers[s.id][0] if s.id in numbers else 99.0)
    ]
    before = previous_round(rt, rnd)
    review = action_store.of_round(rt.db, before.id) if before is not None and before.id is not None else []
    return Sheet(flow.title.get(locale), summary.answered, summary.invited, summary.shown, themes, review)

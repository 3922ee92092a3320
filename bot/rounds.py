"""What happens to a round over its life, in Slack: invitations, the lead's status, the close and summary.

Every function here is safe to run again (the sweep does exactly that after a crash): what was sent
is found under its delivery key and not sent twice.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.errors import SlackApiError

from bot import delivery
from bot.chart import bar_chart_png
from bot.i18n import t
from bot.people import locale_of, person, warm
from bot.runtime import Runtime, log
from bot.views.mrkdwn import section
from bot.views.round import invite_message, status_message
from bot.views.summary import summary_messages
from flows import engine as fe
from flows.model import Flow
from flows.timeline import paced_times, reminder_times
from storage import deliveries, planned
from storage import rounds as store
from storage.models import Round


def invite_key(round_id: int, user_id: str) -> str:
    return f"invite:{round_id}:{user_id}"


def status_key(round_id: int) -> str:
    return f"status:{round_id}"


def remind_key(round_id: int, user_id: str, when: datetime) -> str:
    return f"remind:{round_id}:{user_id}:{int(when.timestamp())}"


def flow_of(rt: Runtime, rnd: Round) -> Flow:
    return rt.flows[rnd.flow_id]


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
        store.set_note(rt.db, rnd.id, t("note.channel_failed", rnd.locale, channel=rnd.channel_id, error=error))
        return
    humans = [u for u in members if not person(rt, u).is_bot]
    store.add_participants(rt.db, rnd.id, humans)


def _invitation(rt: Runtime, rnd: Round, locale: str, state: str) -> tuple[str, list[dict]]:
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
    text, blocks = _invitation(rt, rnd, locale_of(rt, user_id), state)
    key = invite_key(rnd.id, user_id)
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
            invite_key(rnd.id, user_id),
            "invite" if times[0] < rnd.deadline else "invite_now",
            times[0] if times[0] < rnd.deadline else now,
        )
        for step, when in zip(steps[1:], times[1:], strict=True):
            if when < rnd.deadline:
                add(f"prompt:{rnd.id}:{user_id}:{step.id}", "prompt", when, step.id)
    for when in reminder_times(max(rnd.created_at, now), rnd.deadline, tz, rt.hours, rt.settings.max_reminders):
        add(remind_key(rnd.id, user_id, when), "remind", when)
    return rows


def start_round(rt: Runtime, round_id: int) -> None:
    """Fan out: channel members first; 'all at once' invitations now, everything else planned; the lead's status."""
    rnd = store.get_round(rt.db, round_id)
    if rnd is None or rnd.status != "open":
        return
    expand_channel(rt, rnd)
    now = rt.clock.now()
    rows: list[planned.Send] = []
    user_ids = store.participant_ids(rt.db, round_id)
    warm(rt, user_ids)
    with delivery.chained(rt):
        for user_id in user_ids:
            if rnd.pacing != fe.PACING_DAILY:
                invite_one(rt, rnd, user_id)
            rows.extend(plan_person(rt, rnd, user_id, now))
    planned.plan(rt.db, rows)
    if not deliveries.unfinished(rt.db, round_id, "invite:"):
        store.mark_done(rt.db, round_id, "invited", now)
    store.take_dirty(rt.db, round_id)
    refresh_status(rt, round_id)


def replan_reminders(rt: Runtime, round_id: int) -> None:
    """After the deadline moved: reminders planned afresh (reminders already sent still count towards the cap)."""
    rnd = store.get_round(rt.db, round_id)
    if rnd is None or rnd.status != "open":
        return
    planned.drop_round(rt.db, round_id, kind="remind")
    now = rt.clock.now()
    rows = [r for u in store.participant_ids(rt.db, round_id) for r in plan_person(rt, rnd, u, now)]
    planned.plan(rt.db, rows)
    for part in store.participants(rt.db, round_id):
        invite_one(rt, rnd, part.user_id, state="answered" if part.answered else "refresh")


def refresh_status(rt: Runtime, round_id: int) -> None:
    """Post the lead's status message once, then edit it in place with the current counts."""
    rnd = store.get_round(rt.db, round_id)
    if rnd is None:
        return
    answered, invited = store.counts(rt.db, round_id)
    text, blocks = status_message(
        flow=flow_of(rt, rnd),
        locale=locale_of(rt, rnd.lead_id),
        round_id=round_id,
        deadline=rnd.deadline,
        anonymous=rnd.anonymous,
        is_open=rnd.status == "open",
        answered=answered,
        invited=invited,
        problems=deliveries.problems(rt.db, round_id),
        note=rnd.note,
        threshold=rt.settings.anonymity_threshold,
    )
    outcome = delivery.post_or_edit(rt, status_key(round_id), round_id, rnd.lead_id, text, blocks)
    if outcome in (delivery.BUSY, delivery.FAILED):
        # Another thread is posting it (with what it counted then), or Slack failed: the next sweep
        # refreshes it, so counts and problems found meanwhile are not lost.
        store.mark_dirty(rt.db, round_id)


def answered(rt: Runtime, round_id: int, user_id: str) -> None:
    """After an answer is stored: tell the participant it was received (editing their invitation)."""
    rnd = store.get_round(rt.db, round_id)
    if rnd is not None and rnd.status == "open":
        invite_one(rt, rnd, user_id, state="answered")


def close_and_summarise(rt: Runtime, round_id: int, early: bool = False) -> bool:
    """Close the round if it is due (or `early`), then send the summary once. True if this call closed it."""
    rnd = store.get_round(rt.db, round_id)
    if rnd is None:
        return False
    closed_now = False
    if rnd.status == "open":
        if not early and rnd.deadline > rt.clock.now():
            return False
        closed_now = store.close_round(rt.db, round_id, rt.clock.now())
        if not closed_now:
            return False  # someone else closed it in the same instant; they send the summary
        planned.drop_round(rt.db, round_id)
        rnd = store.get_round(rt.db, round_id)
        assert rnd is not None
    deliver_summary(rt, rnd)
    refresh_status(rt, round_id)
    if closed_now:
        _close_invitations(rt, rnd)
    return closed_now


def _close_invitations(rt: Runtime, rnd: Round) -> None:
    """Every invitation edited to say the round has closed: the sent ones found in one query, each language
    rendered once."""
    assert rnd.id is not None
    sent = deliveries.sent_with_prefix(rt.db, rnd.id, invite_key(rnd.id, ""))
    warm(rt, [d.user_id for d in sent if d.user_id])
    rendered: dict[str, tuple[str, list[dict]]] = {}
    for d in sent:
        locale = locale_of(rt, d.user_id) if d.user_id else rnd.locale
        if locale not in rendered:
            rendered[locale] = _invitation(rt, rnd, locale, "closed")
        delivery.edit(rt, d.key, d.channel, d.ts, *rendered[locale])


def build_summary(rt: Runtime, rnd: Round) -> fe.Summary:
    assert rnd.id is not None
    _answered, invited = store.counts(rt.db, rnd.id)
    return fe.summarise(
        flow_of(rt, rnd),
        store.responses(rt.db, rnd.id),
        invited,
        anonymous=rnd.anonymous,
        threshold=rt.settings.anonymity_threshold,
    )


def deliver_summary(rt: Runtime, rnd: Round) -> None:
    """The summary messages, the chart, and the ask to record actions, each under its own key."""
    from bot import follow_up

    assert rnd.id is not None
    flow = flow_of(rt, rnd)
    locale = locale_of(rt, rnd.lead_id)
    if flow.id == "experience":  # the material is the experiences themselves, which HR exports
        answered_n, invited = store.counts(rt.db, rnd.id)
        text = t("experience.summary", locale, title=flow.title.get(locale), answered=answered_n, invited=invited)
        delivery.post(rt, f"summary:{rnd.id}:0", rnd.id, rnd.lead_id, text, [section(text)])
        if not deliveries.unfinished(rt.db, rnd.id, "summary:"):
            store.mark_done(rt.db, rnd.id, "summarised", rt.clock.now())
        return
    summary = build_summary(rt, rnd)
    for i, (text, blocks) in enumerate(summary_messages(flow, summary, locale)):
        delivery.post(rt, f"summary:{rnd.id}:{i}", rnd.id, rnd.lead_id, text, blocks)
    bars = [(flow.step(th.step_id).theme.get(locale), th.mean) for th in summary.themes if th.shown and th.mean]
    if summary.shown and bars:
        scale = max(flow.step(th.step_id).rating.scale for th in summary.themes)  # type: ignore[union-attr]
        title = f"{flow.title.get(locale)} — {t('summary.chart', locale)}"
        png = bar_chart_png(title, bars, scale)

        def upload() -> tuple[str | None, str | None]:
            channel = rt.client.conversations_open(users=rnd.lead_id)["channel"]["id"]
            r = rt.client.files_upload_v2(channel=channel, content=png, filename=f"round-{rnd.id}.png", title=title)
            return channel, (r.get("file") or {}).get("id")

        delivery.send(rt, f"chart:{rnd.id}", rnd.id, upload)
    if rnd.parent_id is None:
        follow_up.ask(rt, rnd)
    if not any(deliveries.unfinished(rt.db, rnd.id, p) for p in ("summary:", "chart:", "actions:")):
        store.mark_done(rt.db, rnd.id, "summarised", rt.clock.now())


def sweep(rt: Runtime) -> None:
    """The safety net the scheduler runs every SWEEP_SECONDS: close what is due, send planned prompts and
    reminders that are due, finish what a crash or an outage left half done (deliveries that failed are
    retried once their backoff has passed), start follow-ups, and refresh status messages that changed."""
    from bot import follow_up, planner

    now = rt.clock.now()
    for round_id in store.due_round_ids(rt.db, now):
        _guard(close_and_summarise, rt, round_id)
    _guard(planner.send_due, rt, now)
    for rnd in store.rounds_where(rt.db, Round.status == "closed", Round.summarised_at.is_(None)):
        _guard(deliver_summary, rt, rnd)
    for rnd in store.rounds_where(rt.db, Round.status == "open", Round.invited_at.is_(None)):
        _guard(start_round, rt, rnd.id)
    for rnd in store.rounds_where(rt.db, Round.follow_up_at <= now, Round.followed_up.is_(False)):
        _guard(follow_up.start, rt, rnd)
    if rt.outlook is not None:
        from bot import workshops
        from storage import workshops as ws_store

        for wid in ws_store.with_failed_calendar(rt.db):
            _guard(workshops.sync_calendar, rt, wid)
    for round_id in store.take_all_dirty(rt.db):
        _guard(refresh_status, rt, round_id)


def _guard(fn, rt: Runtime, arg) -> None:  # type: ignore[no-untyped-def]
    """One round's trouble must not stop the sweep for all the others."""
    try:
        fn(rt, arg)
    except Exception:
        log.exception("%s(%s) failed; the next sweep tries again", fn.__name__, getattr(arg, "id", arg))

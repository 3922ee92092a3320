"""Closing a round and what the lead gets then: the summary messages, the chart, the ask to record actions.

Safe to run again (the sweep does after a crash): each message is found under its delivery key.
"""

from __future__ import annotations

import threading

from bot.core.i18n import decimal, t
from bot.core.runtime import Runtime, log
from bot.outbound import delivery
from bot.outbound.blocks.kit import Message
from bot.outbound.blocks.mrkdwn import section
from bot.outbound.blocks.rounds import InviteState
from bot.outbound.blocks.summaries import summary_messages
from bot.outbound.chart import distribution_png
from bot.outbound.people import locale_of, warm
from bot.services import follow_up
from bot.services.disclosure import ROUND_SUMMARY, TREND, round_summary
from bot.services.flow_versions import version_of
from bot.services.rounds import flow_of, invitation, refresh_status
from flows import engine as fe
from flows import versions
from flows.model import Flow, FlowKind
from storage import campaigns as campaign_store
from storage import deliveries, keys
from storage import rounds as round_store
from storage.models import Round
from storage.status import RoundStatus


def close_and_summarise(rt: Runtime, round_id: int, early: bool = False) -> bool:
    """Close the round if it is due (or `early`), then send the summary once. True if this call closed it."""
    rnd = round_store.get_round(rt.db, round_id)
    if rnd is None:
        return False
    closed_now = False
    if rnd.status == RoundStatus.OPEN:
        if not early and rnd.deadline > rt.clock.now():
            return False
        closed_now = round_store.close_round(rt.db, round_id, rt.clock.now())
        if not closed_now:
            return False  # someone else closed it in the same instant; they send the summary
        rnd = round_store.get_round(rt.db, round_id)
        assert rnd is not None
    deliver_summary(rt, rnd)
    refresh_status(rt, round_id)
    if closed_now:
        _close_invitations(rt, rnd)
    return closed_now


def close_due(rt: Runtime, round_ids: list[int], wait: bool = True) -> int:
    """Close a batch of rounds whose deadline has passed (a campaign's deadline: hundreds in the same minute):
    each in its own transaction, then ONE scrub that began after all of them committed (none goes unscrubbed,
    and the scrub's wait for older snapshots is paid once, not per round), then each one's summary and the
    invitations' edits, on the send threads — waited for (the sweep: when it returns, the close's work is done),
    or with `wait=False` left to go on while the caller closes the next rounds due. How many this call closed."""
    now = rt.clock.now()
    closed: list[int] = []
    for round_id in round_ids:
        rnd = round_store.get_round(rt.db, round_id)
        if rnd is None or rnd.status != RoundStatus.OPEN or rnd.deadline > now:
            continue
        try:
            if round_store.close_round(rt.db, round_id, now, scrub=False):
                closed.append(round_id)
        except Exception:
            log.exception("closing round %s failed; the next sweep tries again", round_id)
    if not closed:
        return 0
    round_store.scrub_closed(rt.db)
    with _lock:
        _summarising.update(closed)

    def after(key: str) -> None:
        try:
            rnd = round_store.get_round(rt.db, int(key))
            if rnd is None:
                return
            deliver_summary(rt, rnd)
            refresh_status(rt, int(key))
            _close_invitations(rt, rnd)
        finally:
            with _lock:
                _summarising.discard(int(key))

    if wait:
        rt.send_all(after, [str(i) for i in closed])
    else:  # the deadlines job: the next rounds due are closed meanwhile (each lead's DM takes a message a second)
        rt.background(rt.send_all, after, [str(i) for i in closed])
    return len(closed)


_summarising: set[int] = set()  # rounds whose summary `close_due` is sending now (the sweep leaves them be)
_lock = threading.Lock()


def being_summarised(round_id: int) -> bool:
    with _lock:
        return round_id in _summarising


def _close_invitations(rt: Runtime, rnd: Round) -> None:
    """Every invitation edited to say the round has closed: the sent ones found in one query, each language
    rendered once."""
    assert rnd.id is not None
    sent = deliveries.sent_with_prefix(rt.db, rnd.id, keys.invites_of(rnd.id))
    warm(rt, [d.user_id for d in sent if d.user_id])
    rendered: dict[str, Message] = {}
    for d in sent:
        locale = locale_of(rt, d.user_id) if d.user_id else rnd.locale
        if locale not in rendered:
            rendered[locale] = invitation(rt, rnd, locale, InviteState.CLOSED)
        delivery.edit(rt, d.key, d.channel, d.ts, *rendered[locale])


def build_summary(rt: Runtime, rnd: Round, reader: str | None = None, surface: str = ROUND_SUMMARY) -> fe.Summary:
    """What the round adds up to for `reader` (its lead unless said), through the disclosure gate."""
    assert rnd.id is not None
    return round_summary(
        rt.db,
        flow_of(rt, rnd),
        rnd,
        rt.settings.anonymity_threshold,
        reader or rnd.lead_id,
        surface,
        rt.clock.now(),
    )


def previous_means(rt: Runtime, rnd: Round, reader: str | None = None) -> dict[str, float]:
    """The trend for a campaign unit's lead: each theme's mean in the same unit's round of the previous campaign
    of the same concept, where that round showed it (same threshold rules) and the step is the same in both
    versions (id and wording); the unit's own questions have no trend."""
    if rnd.campaign_id is None or rnd.unit_id is None:
        return {}
    campaign = campaign_store.get(rt.db, rnd.campaign_id)
    before = campaign_store.previous(rt.db, campaign) if campaign is not None else None
    earlier = campaign_store.rounds_of(rt.db, before.id).get(rnd.unit_id) if before and before.id else None
    if earlier is None or earlier.status != RoundStatus.CLOSED or earlier.flow_id not in rt.flows:
        return {}
    now_base = version_of(rt.db, rt.flows, rnd.flow_id, rnd.flow_version)
    then_base = version_of(rt.db, rt.flows, earlier.flow_id, earlier.flow_version)
    if now_base is None or then_base is None:
        return {}
    shared = versions.shared_steps(now_base, then_base) & {s.id for s in flow_of(rt, rnd).rated_steps}
    return {
        th.step_id: th.mean
        for th in build_summary(rt, earlier, reader or rnd.lead_id, TREND).themes
        if th.shown and th.mean is not None and th.step_id in shared
    }


def chart(flow: Flow, summary: fe.Summary, locale: str) -> tuple[str, bytes] | None:
    """The lead's chart (title, PNG): each shown theme's distribution and mean on its own scale — the same in
    Slack and on the dashboard. None when nothing may be shown."""
    rows = [
        (flow.step(th.step_id).theme.get(locale), tuple(th.counts), f"Ø {decimal(th.mean, locale)}")
        for th in summary.themes
        if th.shown and th.mean
    ]
    if not (summary.shown and rows):
        return None
    scale = max(flow.step(th.step_id).scale for th in summary.themes)
    title = f"{flow.title.get(locale)} — {t('summary.chart', locale)}"
    return title, distribution_png(title, rows, scale)


def deliver_summary(rt: Runtime, rnd: Round) -> None:
    """The summary messages, the chart, and the ask to record actions, each under its own key."""
    assert rnd.id is not None
    flow = flow_of(rt, rnd)
    locale = locale_of(rt, rnd.lead_id)
    if flow.kind == FlowKind.EXPERIENCE:  # the material is the experiences themselves, which HR exports
        answered_n, invited = round_store.counts(rt.db, rnd.id)
        text = t("experience.summary", locale, title=flow.title.get(locale), answered=answered_n, invited=invited)
        delivery.post(rt, keys.summary(rnd.id, 0), rnd.id, rnd.lead_id, text, [section(text)])
        if not deliveries.unfinished(rt.db, rnd.id, keys.SUMMARY):
            round_store.mark_done(rt.db, rnd.id, "summarised", rt.clock.now())
        return
    summary = build_summary(rt, rnd)
    for i, (text, blocks) in enumerate(summary_messages(flow, summary, locale, previous_means(rt, rnd))):
        delivery.post(rt, keys.summary(rnd.id, i), rnd.id, rnd.lead_id, text, blocks)
    drawn = chart(flow, summary, locale)
    if drawn is not None:
        title, png = drawn
        lead_id, round_id = rnd.lead_id, rnd.id

        def upload() -> tuple[str | None, str | None]:
            channel = rt.client.conversations_open(users=lead_id)["channel"]["id"]
            r = rt.client.files_upload_v2(channel=channel, content=png, filename=f"round-{round_id}.png", title=title)
            return channel, (r.get("file") or {}).get("id")

        delivery.send(rt, keys.chart(rnd.id), rnd.id, upload)
    if rnd.parent_id is None:
        follow_up.ask(rt, rnd)
    if not any(deliveries.unfinished(rt.db, rnd.id, p) for p in (keys.SUMMARY, keys.CHART, keys.ACTIONS)):
        round_store.mark_done(rt.db, rnd.id, "summarised", rt.clock.now())

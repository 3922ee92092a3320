"""Deadlines and the sweep, on APScheduler 3 with its job store in the bot's own database.

A date job per round fires at its deadline; an interval job sweeps every SWEEP_SECONDS for anything
due or unfinished (the database decides what is due, the jobs only wake us up). Jobs survive a restart
in the job store, and `misfire_grace_time=None` + coalescing means a late start runs what was due once.
Only the process holding the scheduler lock (bot.leader) runs APScheduler at all.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlmodel import col

from bot.core.runtime import Runtime, log
from bot.jobs.leader import Leadership
from bot.outbound.graph import GraphError
from bot.outbound.org_chart import OrgFileError
from bot.services import campaigns, directory, follow_up, meetings, org, planner, rounds, summaries, workshops
from storage import campaigns as campaign_store
from storage import rounds as round_store
from storage import workshops as workshop_store
from storage.models import Round
from storage.privacy import apply_retention
from storage.status import RoundStatus

T = TypeVar("T")
DEADLINES_SECONDS = 5.0  # at most this long between a round's deadline and its close, besides its own date job

# Job functions are stored by name; they find the running app through this registry, keyed by database.
_RUNTIMES: dict[str, Runtime] = {}
_LOCK = threading.Lock()


def _key(rt: Runtime) -> str:
    return hashlib.sha256(rt.db.url.encode()).hexdigest()[:16]


def _runtime(key: str) -> Runtime | None:
    with _LOCK:
        rt = _RUNTIMES.get(key)
    if rt is None:
        log.warning("a job for another database (%s) was found in this job store; ignored", key)
    return rt


def close_job(key: str, round_id: int) -> None:
    rt = _runtime(key)
    if rt is not None:
        summaries.close_and_summarise(rt, round_id)


def directory_job(key: str) -> None:
    rt = _runtime(key)
    if rt is not None:
        directory.sweep(rt)


def org_sync_job(key: str) -> None:
    """ORG_SYNC=entra: the organisation from Entra ID, nightly (a failure is logged; the next night tries again)."""
    rt = _runtime(key)
    if rt is not None and rt.outlook is not None:
        try:
            changes = org.import_entra(rt.db, rt.outlook, rt.clock.now(), "org-sync")
        except (GraphError, OrgFileError) as e:
            log.warning("the nightly organisation sync from Entra ID failed (nothing was changed): %s", e)
            return
        log.info("organisation synced from Entra ID: %s", changes.describe())


def retention_job(key: str) -> None:
    rt = _runtime(key)
    if rt is not None:
        apply_retention(rt.db, rt.clock.now(), rt.settings.retention_days)


def sweep_job(key: str) -> None:
    rt = _runtime(key)
    if rt is not None:
        rt.after_ack.quiet()  # a sweep can wait a moment for a burst of clicks to be acked
        sweep(rt)


def deadlines_job(key: str) -> None:
    """Close what is due, every few seconds and on its own: a deadline many rounds share (a campaign's) is not
    held up behind the rest of a long sweep (status refreshes, planned sends)."""
    rt = _runtime(key)
    if rt is not None:
        due = round_store.due_round_ids(rt.db, rt.clock.now())
        _guard(lambda r, ids: summaries.close_due(r, ids, wait=False), rt, due)


def sweep(rt: Runtime) -> None:
    """The safety net the scheduler runs every SWEEP_SECONDS: close what is due, send planned prompts and
    reminders that are due, finish what a crash or an outage left half done (deliveries that failed are
    retried once their backoff has passed), start follow-ups, and refresh status messages that changed."""
    now = rt.clock.now()
    _guard(summaries.close_due, rt, round_store.due_round_ids(rt.db, now))  # a batch, one scrub for all
    _guard(planner.send_due, rt, now)
    for rnd in round_store.rounds_where(
        rt.db, col(Round.status) == RoundStatus.CLOSED, col(Round.summarised_at).is_(None)
    ):
        if rnd.id is not None and not summaries.being_summarised(rnd.id):
            _guard(summaries.deliver_summary, rt, rnd)
    for rnd in round_store.rounds_where(rt.db, col(Round.status) == RoundStatus.OPEN, col(Round.invited_at).is_(None)):
        if rnd.id is not None:
            _guard(rounds.start_round, rt, rnd.id)
    for rnd in round_store.rounds_where(rt.db, col(Round.follow_up_at) <= now, col(Round.followed_up).is_(False)):
        _guard(follow_up.start, rt, rnd)
    if rt.outlook is not None:
        for wid in workshop_store.with_failed_calendar(rt.db):
            _guard(workshops.sync_calendar, rt, wid)
    for round_id in round_store.take_all_dirty(rt.db):
        _guard(rounds.refresh_status, rt, round_id)
    for campaign_id in campaign_store.not_invited(rt.db):
        _guard(campaigns.invite_leads, rt, campaign_id)
    _guard(campaigns.remind_due, rt, now)
    _guard(meetings.sweep, rt, now)


def _guard(fn: Callable[[Runtime, T], object], rt: Runtime, arg: T) -> None:
    """One round's trouble must not stop the sweep for all the others."""
    try:
        fn(rt, arg)
    except Exception:
        log.exception("%s(%s) failed; the next sweep tries again", fn.__name__, getattr(arg, "id", arg))


class Scheduler:
    """Elects itself (see bot.leader), then runs APScheduler; a standby keeps trying every few seconds."""

    def __init__(self, rt: Runtime):
        self.rt = rt
        self.key = _key(rt)
        self.leadership = Leadership(rt.db)
        self.aps: BackgroundScheduler | None = None
        self._executor: ThreadPoolExecutor | None = None  # the acting scheduler's job threads
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def acting(self) -> bool:
        return self.aps is not None and self.aps.running

    def start(self) -> None:
        with _LOCK:
            _RUNTIMES[self.key] = self.rt
        self.rt.schedule_close = self.schedule_close
        self._elect()
        self._thread = threading.Thread(target=self._elect_loop, name="scheduler-election", daemon=True)
        self._thread.start()

    def _elect_loop(self) -> None:
        while not self._stop.wait(min(self.rt.settings.sweep_seconds, 5.0)):
            self._elect()

    def _elect(self) -> None:
        leader = self.leadership.hold()
        thread = getattr(self.aps, "_thread", None)
        if self.aps is not None and self.aps.running and thread is not None and not thread.is_alive():
            # APScheduler's loop dies on an error from its job store (the database away at the wrong moment) and
            # would still say it runs: start a new one, so sweeps resume once the database is back.
            log.warning("the scheduler's loop stopped after a job store error; starting it again")
            self.aps = None
        if leader and not self.acting:
            # Whatever the last scheduler was refreshing when it stopped, the first sweep brings up to date —
            # a nicety that must never keep this process from acting.
            try:
                round_store.mark_open_dirty(self.rt.db)
            except Exception as e:  # noqa: BLE001
                log.warning("could not mark open rounds' statuses for a refresh: %r", e)
            self._executor = ThreadPoolExecutor(10)
            self.aps = BackgroundScheduler(
                jobstores={"default": SQLAlchemyJobStore(engine=self.rt.db.engine)},
                executors={"default": self._executor},
                job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
                timezone=UTC,
            )
            self.aps.start()
            self.aps.add_job(
                "bot.jobs.scheduler:sweep_job",
                "interval",
                seconds=self.rt.settings.sweep_seconds,
                args=[self.key],
                id="sweep",
                replace_existing=True,
                next_run_time=datetime.now(UTC),
            )
            self.aps.add_job(
                "bot.jobs.scheduler:deadlines_job",
                "interval",
                seconds=min(self.rt.settings.sweep_seconds, DEADLINES_SECONDS),
                args=[self.key],
                id="deadlines",
                replace_existing=True,
            )
            self.aps.add_job(  # the people directory: at once when this process starts acting, then daily
                "bot.jobs.scheduler:directory_job",
                "interval",
                hours=24,
                args=[self.key],
                id="directory",
                replace_existing=True,
                next_run_time=datetime.now(UTC),
            )
            self.aps.add_job(
                "bot.jobs.scheduler:retention_job",
                "cron",
                hour=3,
                minute=17,
                args=[self.key],
                id="retention",
                replace_existing=True,
            )
            if self.rt.settings.org_sync == "entra":
                self.aps.add_job(
                    "bot.jobs.scheduler:org_sync_job",
                    "cron",
                    hour=2,
                    minute=41,
                    args=[self.key],
                    id="org_sync",
                    replace_existing=True,
                )
            log.info("this process is the scheduler")
        elif not leader and self.acting:
            self._stop_aps()
            log.warning("this process is no longer the scheduler")

    def schedule_close(self, round_id: int) -> None:
        """A date job at the deadline. Only the acting scheduler writes jobs; elsewhere the sweep covers it."""
        aps = self.aps  # once: a stop may set it to None meanwhile
        rnd = round_store.get_round(self.rt.db, round_id)
        if rnd is None or aps is None or not aps.running:
            return
        aps.add_job(
            "bot.jobs.scheduler:close_job",
            "date",
            run_date=rnd.deadline,
            args=[self.key, round_id],
            id=f"close:{round_id}",
            replace_existing=True,
        )

    def _stop_aps(self) -> None:
        """Stop acting, and wait for the jobs that are running. Not `shutdown(wait=True)`: APScheduler holds its
        job stores' lock while it waits, so a running sweep that adds a job (`schedule_close`) would wait for
        that lock for ever; stopped first, such a job is left to the next scheduler's sweep."""
        aps, executor, self.aps, self._executor = self.aps, self._executor, None, None
        if aps is not None and aps.running:
            aps.shutdown(wait=False)
        if executor is not None:
            executor.shutdown(wait=True)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._stop_aps()
        self.leadership.release()
        with _LOCK:
            if _RUNTIMES.get(self.key) is self.rt:
                del _RUNTIMES[self.key]

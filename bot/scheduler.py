"""Deadlines and the sweep, on APScheduler 3 with its job store in the bot's own database.

A date job per round fires at its deadline; an interval job sweeps every SWEEP_SECONDS for anything
due or unfinished (the database decides what is due, the jobs only wake us up). Jobs survive a restart
in the job store, and `misfire_grace_time=None` + coalescing means a late start runs what was due once.
Only the process holding the scheduler lock (bot.leader) runs APScheduler at all.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from bot import rounds as service
from bot.leader import Leadership
from bot.runtime import Runtime, log
from storage import rounds as store
from storage.privacy import apply_retention

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
        service.close_and_summarise(rt, round_id)


def retention_job(key: str) -> None:
    rt = _runtime(key)
    if rt is not None:
        apply_retention(rt.db, rt.clock.now(), rt.settings.retention_days)


def sweep_job(key: str) -> None:
    rt = _runtime(key)
    if rt is not None:
        rt.after_ack.quiet()  # a sweep can wait a moment for a burst of clicks to be acked
        service.sweep(rt)


class Scheduler:
    """Elects itself (see bot.leader), then runs APScheduler; a standby keeps trying every few seconds."""

    def __init__(self, rt: Runtime):
        self.rt = rt
        self.key = _key(rt)
        self.leadership = Leadership(rt.db)
        self.aps: BackgroundScheduler | None = None
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
        if leader and not self.acting:
            # Whatever the last scheduler was refreshing when it stopped, the first sweep brings up to date —
            # a nicety that must never keep this process from acting.
            try:
                store.mark_open_dirty(self.rt.db)
            except Exception as e:  # noqa: BLE001
                log.warning("could not mark open rounds' statuses for a refresh: %r", e)
            self.aps = BackgroundScheduler(
                jobstores={"default": SQLAlchemyJobStore(engine=self.rt.db.engine)},
                job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
                timezone=UTC,
            )
            self.aps.start()
            self.aps.add_job(
                "bot.scheduler:sweep_job",
                "interval",
                seconds=self.rt.settings.sweep_seconds,
                args=[self.key],
                id="sweep",
                replace_existing=True,
                next_run_time=datetime.now(UTC),
            )
            self.aps.add_job(
                "bot.scheduler:retention_job",
                "cron",
                hour=3,
                minute=17,
                args=[self.key],
                id="retention",
                replace_existing=True,
            )
            log.info("this process is the scheduler")
        elif not leader and self.acting:
            self._stop_aps()
            log.warning("this process is no longer the scheduler")

    def schedule_close(self, round_id: int) -> None:
        """A date job at the deadline. Only the acting scheduler writes jobs; elsewhere the sweep covers it."""
        rnd = store.get_round(self.rt.db, round_id)
        if rnd is None or not self.acting:
            return
        assert self.aps is not None
        self.aps.add_job(
            "bot.scheduler:close_job",
            "date",
            run_date=rnd.deadline,
            args=[self.key, round_id],
            id=f"close:{round_id}",
            replace_existing=True,
        )

    def _stop_aps(self) -> None:
        if self.aps is not None and self.aps.running:
            self.aps.shutdown(wait=True)
        self.aps = None

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._stop_aps()
        self.leadership.release()
        with _LOCK:
            if _RUNTIMES.get(self.key) is self.rt:
                del _RUNTIMES[self.key]

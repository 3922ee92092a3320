"""Everything a listener or job needs, passed explicitly: settings, database, flows, Slack client, clock."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient

from bot.core.after_ack import AfterAck
from bot.core.clock import Clock, SystemClock
from bot.core.settings import Settings
from flows.loader import privacy_notice
from flows.model import Flow, Text
from flows.timeline import WorkingHours, holidays_of
from storage.db import Database
from storage.people import Profile

if TYPE_CHECKING:  # the adapter is plugged in by the composition root; core does not import it
    from bot.outbound.graph import Outlook

log = logging.getLogger("dialogue_bot")


class _Run(StrEnum):
    """A coalesced key's state (`Runtime.coalesce`): one run in flight, maybe one more queued behind it."""

    RUNNING = "running"
    AGAIN = "again"


@dataclass(frozen=True)
class Workspace:
    """The Slack workspace (and Enterprise Grid organisation) the bot token belongs to, from auth.test."""

    team_id: str | None
    enterprise_id: str | None = None


@dataclass
class Runtime:
    settings: Settings
    db: Database
    flows: dict[str, Flow]
    client: WebClient
    clock: Clock = field(default_factory=SystemClock)
    # Slow work (fan-out, summaries) runs here, so the threads that ack Slack's requests are never tied up.
    pool: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(8, thread_name_prefix="bg"))
    fanout: ThreadPoolExecutor | None = None  # sends many messages at once (SEND_CONCURRENCY threads)
    after_ack: AfterAck = field(default_factory=AfterAck)  # what follows a click's ack, behind the next acks
    schedule_close: Callable[[int], None] = lambda _round_id: None  # set by the scheduler when it runs
    people: dict[str, Profile] = field(default_factory=dict)  # bot.outbound.people's in-memory cache
    _coalescing: dict[str, _Run] = field(default_factory=dict)
    _coalesce_lock: threading.Lock = field(default_factory=threading.Lock)
    outlook: Outlook | None = None  # when MS_* settings are set; else workshops offer .ics
    workspace: Workspace | None = None  # from auth.test at start-up (bot.composition)
    flow_files: dict[str, str] = field(default_factory=dict)  # flow id → its file, for problems found later

    @cached_property
    def notice(self) -> Text:
        """The privacy notice (flows/privacy.yaml or FLOWS_DIR's), read and validated once."""
        return privacy_notice(self.settings.flows_dir) if self.settings.flows_dir else privacy_notice()

    @cached_property
    def hours(self) -> WorkingHours:
        s = self.settings
        return WorkingHours(s.work_start, s.work_end, holidays_of(s.holiday_country))

    def tz_of(self, name: str | None) -> ZoneInfo:
        """A person's Slack time zone, or the organisation's when Slack has none (or one we do not know)."""
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                log.warning("unknown time zone %r; using %s", name, self.settings.timezone)
        return self.settings.tz

    def coalesce(self, key: str, fn: Callable[..., object], *args: object) -> None:
        """Run fn in the background, but at most one run per key in flight and one queued behind it: a burst of
        500 registrations edits the announcement a handful of times, not 500, and the last edit is current."""
        with self._coalesce_lock:
            state = self._coalescing.get(key)
            if state == _Run.RUNNING:
                self._coalescing[key] = _Run.AGAIN
                return
            if state == _Run.AGAIN:
                return
            self._coalescing[key] = _Run.RUNNING

        def run() -> None:
            while True:
                try:
                    fn(*args)
                except Exception:
                    log.exception("background work %s failed", getattr(fn, "__name__", fn))
                with self._coalesce_lock:
                    if self._coalescing.get(key) == _Run.AGAIN:
                        self._coalescing[key] = _Run.RUNNING
                        continue
                    self._coalescing.pop(key, None)
                    return

        self.pool.submit(run)

    def background(self, fn: Callable[..., object], *args: object) -> Future[object]:
        def run() -> object:
            try:
                return fn(*args)
            except Exception:
                log.exception("background work %s failed", getattr(fn, "__name__", fn))
                raise

        return self.pool.submit(run)

    def send_all(self, fn: Callable[[str], object], items: list[str]) -> None:
        """Run `fn` for every item on the fan-out threads and wait for all (one failing does not stop the
        rest; it is logged, and the sweep finishes what is left)."""
        if self.fanout is None:
            with self._coalesce_lock:
                if self.fanout is None:
                    self.fanout = ThreadPoolExecutor(self.settings.send_concurrency, thread_name_prefix="send")
        for future in [self.fanout.submit(fn, item) for item in items]:
            try:
                future.result()
            except Exception:
                log.exception("a send failed; the sweep tries again")

    def shutdown(self) -> None:
        self.after_ack.stop()  # first: its work may still hand work to the pool
        self.pool.shutdown(wait=True, cancel_futures=False)
        if self.fanout is not None:
            self.fanout.shutdown(wait=True, cancel_futures=False)
        self.db.dispose()

"""The lane for work that follows an ack: ephemeral answers, DMs, announcement edits after a click.

Slack's 3-second rule applies to the ack, not to what follows it. In a burst (500 people clicking "Register"
at once) that follow-up work would take the CPU the next acks need, so it waits here while requests are in
flight — for at most `patience` seconds, so a long burst slows the answers down but never stops them. The
scheduler's sweep waits the same way (`quiet`) before it starts. Work that only brings something up to date (a
meeting's vote boards) is asked for with `submit_once`: a burst asks for it once per wait, not once per click.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

log = logging.getLogger("dialogue_bot")


class AfterAck:
    def __init__(self, workers: int = 4, patience: float = 2.0):
        self.patience = patience
        self._inflight = 0
        self._idle = threading.Condition()
        self._queue: queue.Queue[tuple[float, Callable[..., object], tuple[object, ...]] | None] = queue.Queue()
        self._waiting: set[str] = set()  # keys of `submit_once` work queued and not yet started
        self._waiting_lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._work, name=f"after-ack-{i}", daemon=True) for i in range(workers)
        ]
        for t in self._threads:
            t.start()

    def request_started(self) -> None:
        with self._idle:
            self._inflight += 1

    def request_finished(self) -> None:
        with self._idle:
            self._inflight -= 1
            if self._inflight == 0:
                self._idle.notify_all()

    def submit(self, fn: Callable[..., object], *args: object) -> None:
        self._queue.put((time.monotonic(), fn, args))

    def submit_once(self, key: str, fn: Callable[..., object], *args: object) -> None:
        """`submit`, unless work under the same key is still waiting: that one will see what this caller
        changed (its change is committed), so one run serves every request of the burst before it started."""
        with self._waiting_lock:
            if key in self._waiting:
                return
            self._waiting.add(key)
        self._queue.put((time.monotonic(), self._once, (key, fn, args)))

    def _once(self, key: str, fn: Callable[..., object], args: tuple[object, ...]) -> None:
        with self._waiting_lock:
            self._waiting.discard(key)  # from now on a change may come too late for this run: it asks again
        fn(*args)

    def quiet(self, since: float | None = None) -> None:
        """Wait until no request is in flight, or `patience` seconds after `since` (default: now)."""
        until = (time.monotonic() if since is None else since) + self.patience
        with self._idle:
            while self._inflight and (left := until - time.monotonic()) > 0:
                self._idle.wait(left)

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            queued, fn, args = item
            self.quiet(since=queued)
            try:
                fn(*args)
            except Exception:
                log.exception("work after the ack (%s) failed", getattr(fn, "__name__", fn))

    def stop(self) -> None:
        """Finish what is queued, then end the workers."""
        for _ in self._threads:
            self._queue.put(None)
        for t in self._threads:
            t.join(timeout=30)

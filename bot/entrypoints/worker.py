"""`dialogue-bot worker`: the scheduler and its deliveries without the web server, for split deployments."""

from __future__ import annotations

import signal
import threading

from bot.core.clock import Clock
from bot.core.runtime import log
from bot.core.settings import Settings
from bot.entrypoints.composition import compose
from bot.jobs.scheduler import Scheduler


class Worker:
    def __init__(self, settings: Settings, clock: Clock | None = None):
        self.rt = compose(settings, clock)
        self.scheduler = Scheduler(self.rt)
        self._done = threading.Event()

    def run_forever(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self._done.set())
        self.scheduler.start()
        log.info("dialogue-bot worker running (scheduler and deliveries, no HTTP)")
        self._done.wait()
        self.scheduler.stop()
        self.rt.shutdown()

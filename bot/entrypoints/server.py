"""One running bot: HTTP (waitress) or Socket Mode, the scheduler, and a clean stop. Used by `serve` and tests."""

from __future__ import annotations

import logging
import sys
import threading

from slack_bolt.adapter.socket_mode import SocketModeHandler
from waitress import wasyncore
from waitress.server import create_server

from bot.core.clock import Clock
from bot.core.runtime import log
from bot.core.settings import Settings
from bot.entrypoints.composition import compose
from bot.entrypoints.http import WebApp
from bot.jobs.scheduler import Scheduler
from bot.slack.app import MAX_BODY, build_bolt

CONNECTION_LIMIT = 1000


class Server:
    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        host: str = "0.0.0.0",
        port: int | None = None,
        scheduler: bool = True,
        threads: int = 16,
    ):
        self.settings = settings
        self.rt = compose(settings, clock)
        self.rt.db.warm(threads)  # a connection per web thread, ready before the first burst of clicks
        self.bolt = build_bolt(self.rt)
        self.web = WebApp(self.rt, self.bolt)
        self.scheduler = Scheduler(self.rt) if scheduler else None
        # waitress warns each time its queue grows; in a burst of clicks that is hundreds of log lines a second
        # (and a good share of the CPU the acks need). Requests still queue and are served in order.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        self.http = create_server(
            self.web,
            host=host,
            port=settings.port if port is None else port,
            threads=threads,
            clear_untrusted_proxy_headers=True,
            # Slow or idle clients must not crowd out Slack and the load balancer (see "Running in production"):
            # many connections (poll(), not select(), so past 1,024 descriptors), idle ones closed after 10 s,
            # and a body larger than Slack ever sends refused from its Content-Length, before it is read.
            connection_limit=CONNECTION_LIMIT,
            asyncore_use_poll=True,
            channel_timeout=10,
            cleanup_interval=2,
            max_request_body_size=MAX_BODY + 1,  # waitress refuses a body of this size or more
            max_request_header_size=64 * 1024,
        )
        self.socket_mode: SocketModeHandler | None = None
        self._thread: threading.Thread | None = None
        self._stopped = False

    @property
    def port(self) -> int:
        return int(self.http.effective_port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _start_common(self) -> None:
        if self.scheduler is not None:
            self.scheduler.start()
        if self.settings.slack_app_token:
            self.socket_mode = SocketModeHandler(self.bolt, self.settings.slack_app_token)
            self.socket_mode.connect()
            log.info("connected to Slack in Socket Mode; HTTP serves /healthz only")

    def start(self) -> Server:
        """Serve in a background thread (tests, benchmarks)."""
        self._start_common()
        self._thread = threading.Thread(target=self.http.run, name="http", daemon=True)
        self._thread.start()
        return self

    def run_forever(self) -> None:
        self._start_common()
        # Each click hands the GIL (and on SQLite the write lock) from thread to thread; with Python's default
        # 5 ms switch interval a busy thread keeps an ack waiting that long at every hand-over. 1 ms keeps a
        # burst's p99 under 100 ms (bench/signup.py) for a little more switching.
        sys.setswitchinterval(0.001)
        log.info("dialogue-bot listening on port %s (POST /slack/events, GET /healthz)", self.port)
        try:
            self.http.run()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self.scheduler is not None:
            self.scheduler.stop()
        if self.socket_mode is not None:
            self.socket_mode.close()
        if self._thread is not None and self._thread.is_alive():
            # Close the sockets inside waitress's own loop: closed from here, a select() still running over
            # them fails with "bad file descriptor". With its map empty, the loop ends.
            self.http.trigger.pull_trigger(lambda: wasyncore.close_all(self.http._map))
            self._thread.join(timeout=5)
            self.http.task_dispatcher.shutdown()
        else:
            self.http.close()
        self.rt.shutdown()

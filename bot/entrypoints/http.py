"""The HTTP edge of one process: `POST /slack/events` (verified, parsed, then Bolt), the dashboard under `/hr/`,
`GET /healthz` and `GET /metrics`."""

from __future__ import annotations

import hashlib
import hmac
import io
import threading
import time
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIEnvironment

from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.core.runtime import Runtime, log
from bot.outbound.metrics import METRICS, backlog_text, process_text
from bot.slack.app import MAX_BODY, malformed
from bot.web.dashboard import create_dashboard
from storage import deliveries, planned

MAX_AGE = 5 * 60  # seconds; an older signed request may be a replay
DB_CHECK = 1.0  # seconds between the database checks in front of Slack's requests


class WebApp:
    """WSGI: signed requests to Bolt, a health check for load balancers, clear 4xx for everything else."""

    def __init__(self, rt: Runtime, bolt: App):
        self.rt = rt
        self._db_ok, self._checked_at = True, -DB_CHECK
        self._checking = threading.Lock()  # held while a background check runs
        self.bolt = bolt
        self.handler = SlackRequestHandler(bolt, path="/slack/events")
        self.secret = rt.settings.slack_signing_secret.encode()
        self.dashboard = create_dashboard(rt).wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        self.rt.db.mark_interactive()  # this server thread answers people: its own pool (storage.db.Database.engine)
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            ok = self._database_answers(fresh=True)
            return _reply(start_response, 200 if ok else 503, "ok" if ok else "database unavailable")
        if path == "/metrics" and method == "GET":
            return self._metrics(start_response)
        if path == "/hr" or path.startswith("/hr/"):
            return self.dashboard(environ, start_response)
        if path != "/slack/events":
            return _reply(start_response, 404, "not found")
        if method != "POST":
            return _reply(start_response, 405, "use POST")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _reply(start_response, 400, "bad Content-Length")
        if length > MAX_BODY:
            return _reply(start_response, 413, "payload too large")
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            "x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
            "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE", ""),
        }
        if not self._signed(body, headers):
            return _reply(start_response, 401, "invalid or stale signature")
        problem = malformed(body, environ.get("CONTENT_TYPE", ""))
        if problem:
            log.warning("refused a malformed payload: %s", problem)
            return _reply(start_response, 400, f"malformed payload: {problem}")
        if not self._database_answers():
            # Slack retries a request that gets an error: better a fast 503 than a listener stuck on a database
            # that is away (answers are committed before their ack; nothing is half done).
            return _reply(start_response, 503, "database unavailable, try again")
        environ["wsgi.input"] = io.BytesIO(body)
        self.rt.after_ack.request_started()
        started = time.perf_counter()
        try:
            return self.handler(environ, start_response)
        finally:
            METRICS.ack_seconds.observe(time.perf_counter() - started)
            self.rt.after_ack.request_finished()

    def _database_answers(self, fresh: bool = False) -> bool:
        """Whether the database answered its last ping: now (`fresh`, the health check), else as last checked —
        a check at most every DB_CHECK seconds runs on a thread of its own, so no request of Slack's waits for
        one (SQLite's takes the write lock, behind every write in a burst)."""
        now = time.monotonic()
        if fresh:
            self._db_ok, self._checked_at = self.rt.db.ping(), now
        elif now - self._checked_at >= DB_CHECK and self._checking.acquire(blocking=False):
            self._checked_at = now
            threading.Thread(target=self._check, name="db-check", daemon=True).start()
        return self._db_ok

    def _check(self) -> None:
        try:
            self._db_ok, self._checked_at = self.rt.db.ping(), time.monotonic()
        finally:
            self._checking.release()

    def _metrics(self, start_response: StartResponse) -> list[bytes]:
        """Prometheus' text format: this process's counters, and the backlog as the database has it."""
        data = process_text()
        try:
            now = self.rt.clock.now()
            data += backlog_text(
                planned.due_by_kind(self.rt.db, now), deliveries.by_status(self.rt.db), planned.lag(self.rt.db, now)
            )
        except Exception as e:  # noqa: BLE001 - the counters are still worth having
            log.warning("metrics: the backlog could not be read: %r", e)
        start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(data)))])
        return [data]

    def _signed(self, body: bytes, headers: dict[str, str]) -> bool:
        """Slack's HMAC-SHA256 over `v0:timestamp:body` (raw bytes, so any body can be checked), at most
        5 minutes old by the real clock; missing or odd headers are simply 'no'."""
        ts, signature = headers["x-slack-request-timestamp"], headers["x-slack-signature"]
        if not ts.isdigit() or not signature or abs(time.time() - int(ts)) > MAX_AGE:
            return False
        mac = hmac.new(self.secret, b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest("v0=" + mac, signature)


def _reply(start_response: StartResponse, status: int, text: str) -> list[bytes]:
    reasons = {
        200: "OK",
        400: "Bad Request",
        401: "Unauthorized",
        404: "Not Found",
        405: "Method Not Allowed",
        413: "Payload Too Large",
        503: "Service Unavailable",
    }
    data = text.encode()
    start_response(
        f"{status} {reasons.get(status, '')}",
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))],
    )
    return [data]

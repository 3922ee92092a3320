"""Sending at the rate the workspace allows, without knowing it in advance.

Slack answers 429 with Retry-After when a method's budget is used up. Then the whole method pauses — every
thread of this process at once, and every other process through the database (`rate_pause`) — until
Retry-After has passed, and resumes at full speed: no fixed budget below what Slack grants is built in, so a
workspace that allows more gets more. Posts to one channel keep Slack's pace of one a second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler, RetryState
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse

from bot.outbound.metrics import METRICS
from storage import rate_pauses
from storage.db import Database

CHANNEL_PACE = 1.0  # seconds between posts to one channel (Slack: about one message a second per channel)
SHARED_EVERY = 0.5  # how often a process looks at the other processes' pauses, in seconds
WAITED = "rate_limited"  # the retry state's count of 429s waited out


class RateGate:
    """When each Web API method (and each channel) may be called again."""

    def __init__(self, db: Database | None, now: Callable[[], float] = time.time) -> None:
        self.db = db
        self.now = now
        self._lock = threading.Lock()
        self._paused: dict[str, float] = {}  # method → wall-clock time it may be called again
        self._channels: dict[str, float] = {}  # channel → time of its next post
        self._looked: dict[str, float] = {}  # method → when the shared pauses were last read

    def pause(self, method: str, seconds: float) -> None:
        """Slack said 429: nobody calls `method` for `seconds`."""
        until = self.now() + max(0.0, seconds)
        METRICS.ratelimited.labels(method).inc()
        with self._lock:
            self._paused[method] = max(self._paused.get(method, 0.0), until)
        if self.db is not None:
            try:
                rate_pauses.pause(self.db, method, until)
            except Exception:  # noqa: BLE001 - the database down must not stop the pause in this process
                pass

    def wait(self, method: str, channel: str | None = None) -> None:
        """Sleep until `method` (and, for a post, `channel`) may be called; take the channel's next slot."""
        while True:
            now = self.now()
            until = self._until(method, now)
            if until <= now:
                break
            time.sleep(min(until - now, SHARED_EVERY))
        if channel is None:
            return
        with self._lock:
            slot = max(self.now(), self._channels.get(channel, 0.0))
            self._channels[channel] = slot + CHANNEL_PACE
            if len(self._channels) > 10_000:  # forget channels whose slot has passed
                now = self.now()
                self._channels = {c: t for c, t in self._channels.items() if t > now}
        delay = slot - self.now()
        if delay > 0:
            time.sleep(delay)

    def _until(self, method: str, now: float) -> float:
        with self._lock:
            local = self._paused.get(method, 0.0)
            stale = now - self._looked.get(method, 0.0) >= SHARED_EVERY
            if stale:
                self._looked[method] = now
        if stale and self.db is not None:
            try:
                shared = rate_pauses.until(self.db, method)
            except Exception:  # noqa: BLE001
                shared = None
            if shared is not None and shared > local:
                with self._lock:
                    self._paused[method] = local = max(self._paused.get(method, 0.0), shared)
        return local


class RateLimited(RetryHandler):
    """Slack said 429: the gate pauses the method for everyone, and this call waits its turn and tries again.
    Unlike slack_sdk's own handler there is no random extra wait, and many more tries: a long pause delays a
    message, it never drops it."""

    def __init__(self, gate: RateGate, max_retry_count: int = 50) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.gate = gate

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        """429s are counted apart from the other handlers' attempts (slack_sdk shares one count), so a call
        that waited out many 429s still has its retries for a 5xx or a dropped connection."""
        waited = int((state.custom_values or {}).get(WAITED, 0))
        return response is not None and response.status_code == 429 and waited < self.max_retry_count

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        assert response is not None
        header = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), ["1"])
        try:
            seconds = float(header[0] if isinstance(header, list) else header)
        except ValueError:
            seconds = 1.0
        method = request.url.rsplit("/", 1)[-1].split("?", 1)[0]
        self.gate.pause(method, seconds)
        self.gate.wait(method)
        METRICS.retries.labels(method).inc()
        state.next_attempt_requested = True
        if state.custom_values is None:
            state.custom_values = {}
        state.custom_values[WAITED] = int(state.custom_values.get(WAITED, 0)) + 1


class PacedClient(WebClient):
    """A WebClient whose every call first waits at the gate: the method's pause after a 429, and for a post,
    the channel's one-a-second pace."""

    def __init__(self, gate: RateGate, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gate = gate

    def api_call(self, api_method: str, **kwargs: Any) -> Any:
        channel = None
        if api_method == "chat.postMessage":
            for part in ("json", "params", "data"):
                found = (kwargs.get(part) or {}).get("channel")
                if isinstance(found, str):
                    channel = found
        self.gate.wait(api_method, channel)
        return super().api_call(api_method, **kwargs)

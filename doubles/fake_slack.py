"""A fake Slack Web API: a real HTTP server that answers like Slack and keeps what it was sent.

It checks the token, validates Block Kit (`invalid_blocks`), expires trigger_ids after 3 seconds
(`expired_trigger_id`), and can be told to fail: `ok:false` errors, 5xx, or 429 with Retry-After.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from doubles.blockkit import check_message, check_view

TOKEN = "xoxb-test-token"
BOT_USER = "UBOT0001"
TRIGGER_TTL = 3.0


class SlackHTTPServer(ThreadingHTTPServer):
    """Takes as many new connections at once as Slack does: the standard library's listen backlog of 5
    would drop a burst's connections and make clients wait a second for TCP's retransmit."""

    request_queue_size = 1024


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    history: list[dict[str, Any]] = field(default_factory=list)  # earlier versions, oldest first (chat.update)
    files: list[dict[str, Any]] = field(default_factory=list)
    user: str | None = None  # who wrote it; None: the bot
    metadata: dict[str, Any] | None = None  # message metadata the bot attached (event_type, event_payload)
    thread_ts: str | None = None  # a reply in this message's thread

    @property
    def all_text(self) -> str:
        """Everything a reader would see: the fallback text and every text object in the blocks."""
        parts = [self.text]
        _collect(self.blocks, parts)
        return "\n".join(parts)

    def button(self, action_id: str) -> dict[str, Any]:
        for b in self.blocks:
            for el in b.get("elements", []) if b.get("type") == "actions" else []:
                if el.get("action_id") == action_id:
                    found: dict[str, Any] = el
                    return found
        raise AssertionError(f"no button {action_id!r} in message: {self.all_text}")


def _collect(obj: object, parts: list[str]) -> None:
    if isinstance(obj, dict):
        if isinstance(obj.get("text"), str):
            parts.append(obj["text"])
        for v in obj.values():
            if isinstance(v, dict | list):
                _collect(v, parts)
    elif isinstance(obj, list):
        for v in obj:
            _collect(v, parts)


@dataclass
class Failure:
    method: str
    times: int
    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    hang: float = 0.0  # hold the request this long, then fail it without acting (a lost request)


class _Limits:
    """Token buckets: one for chat.postMessage across the workspace, one per method with a tier."""

    def __init__(self, posts_per_second: float | None, per_second: dict[str, float]) -> None:
        self.rates = dict(per_second)
        if posts_per_second:
            self.rates["chat.postMessage"] = posts_per_second
        self.capacity = {m: max(1.0, r) for m, r in self.rates.items()}
        self.tokens = dict(self.capacity)
        self.at = {m: time.monotonic() for m in self.rates}
        self.channel_posts: dict[str, float] = {}
        self.fail_rate = 0.0
        self.random = random.Random(1)

    def take(self, method: str, now: float) -> float:
        """0 when a call may go now (and it is counted), else how long until one may."""
        rate = self.rates.get(method)
        if rate is None:
            return 0.0
        self.tokens[method] = min(self.capacity[method], self.tokens[method] + (now - self.at[method]) * rate)
        self.at[method] = now
        if self.tokens[method] >= 1.0:
            self.tokens[method] -= 1.0
            return 0.0
        return (1.0 - self.tokens[method]) / rate

    def refund(self, method: str) -> None:
        if method in self.tokens:
            self.tokens[method] += 1.0


class FakeSlack:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, list[str]] = {}
        self.messages: list[Message] = []  # what the bot posted
        self.said: list[Message] = []  # what people wrote to the bot (user_says)
        self.views: list[tuple[str, dict[str, Any]]] = []  # (user id, view) opened or pushed
        self.home: dict[str, dict[str, Any]] = {}
        self.uploads: dict[str, dict[str, Any]] = {}
        self.responses: list[dict[str, Any]] = []  # what was posted to response_urls
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.triggers: dict[str, tuple[str, float]] = {}
        self.failures: list[Failure] = []
        self.stopping = threading.Event()
        self.socket_url: str | None = None  # set by tests that run the bot in Socket Mode
        self.limits: _Limits | None = None  # Slack's rate limits, when a test or benchmark sets them (`limit`)
        self.ratelimited: dict[str, int] = {}  # 429s answered, by method
        self.server_errors = 0  # 500s answered by `fail_rate`
        self.canvases: dict[str, dict[str, Any]] = {}  # channel canvases: channel id → {"id", "markdown"}
        self.private: set[str] = set()  # channels made with conversations.create is_private
        self.no_canvas: str | None = None  # set to an error to answer conversations.canvases.create with it
        self._ts = itertools.count(1)
        self._channel_info: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self.server = SlackHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    # --- set-up -------------------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def people(self, *user_ids: str, **kw: object) -> None:
        for u in user_ids:
            self.user(u, **kw)  # type: ignore[arg-type]

    def user(
        self,
        user_id: str,
        locale: str = "en-US",
        tz: str = "Europe/Copenhagen",
        is_bot: bool = False,
        deleted: bool = False,
        real_name: str | None = None,
        display_name: str | None = None,
        email: str | None = None,
    ) -> str:
        with self.lock:
            profile = {"email": email or f"{user_id.lower()}@example.com"}
            if real_name is not None:
                profile["real_name"] = real_name
            if display_name is not None:
                profile["display_name"] = display_name
            self.users[user_id] = {
                "id": user_id,
                "name": user_id.lower(),
                "locale": locale,
                "tz": tz,
                "is_bot": is_bot,
                "deleted": deleted,
                "profile": profile,
            }
            if real_name is not None:
                self.users[user_id]["real_name"] = real_name
        return user_id

    def limit(
        self,
        *,
        posts_per_second: float | None = None,
        per_minute: dict[str, float] | None = None,
        scale: float = 1.0,
        fail_rate: float = 0.0,
        seed: int = 1,
        burst: float | None = None,
    ) -> None:
        """Enforce rate limits as Slack does, answering 429 with Retry-After: a workspace-wide budget for
        chat.postMessage (a bucket holding one second's worth), about one post a second per channel, and
        per-method budgets a minute (Slack's tiers), all `scale` times faster so a run is short. `fail_rate`
        of the calls are answered HTTP 500 without being acted on. `burst`: how many posts the workspace's bucket
        holds (default: one second's worth)."""
        with self.lock:
            self.limits = _Limits(posts_per_second, {m: n * scale / 60 for m, n in (per_minute or {}).items()})
            if burst is not None and posts_per_second:
                self.limits.capacity["chat.postMessage"] = burst
                self.limits.tokens["chat.postMessage"] = burst
            self.limits.fail_rate, self.limits.random = fail_rate, random.Random(seed)

    def channel(self, channel_id: str, members: list[str]) -> str:
        with self.lock:
            self.channels[channel_id] = list(members)
        return channel_id

    def trigger(self, user_id: str) -> str:
        """A trigger_id as Slack puts in an interaction payload: valid for 3 seconds, once."""
        tid = f"{next(self._ids)}.{int(time.time())}.trigger"
        with self.lock:
            self.triggers[tid] = (user_id, time.monotonic())
        return tid

    def fail(
        self,
        method: str,
        *,
        times: int = 1,
        status: int = 200,
        error: str | None = None,
        retry_after: int | None = None,
        hang: float = 0.0,
    ) -> None:
        """The next `times` calls of `method` fail: ok:false with `error`, or an HTTP `status` (429, 503…)."""
        with self.lock:
            self.failures.append(Failure(method, times, status, error, retry_after, hang))

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def user_says(self, user_id: str, text: str) -> dict[str, Any]:
        """Someone writes to the bot in its DM: kept for conversations.history, and returned as the message.im
        event Slack would send (text escaped as Slack escapes it)."""
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        with self.lock:
            msg = Message(self.dm_channel(user_id), self._ts_now(), escaped, [], user=user_id)
            self.said.append(msg)
        return {
            "type": "message",
            "channel_type": "im",
            "channel": msg.channel,
            "user": user_id,
            "text": escaped,
            "ts": msg.ts,
            "client_msg_id": f"cm-{msg.ts}",
        }

    # --- what tests read ----------------------------------------------------------------------------------------
    def dm_channel(self, user_id: str) -> str:
        return "D" + user_id[1:]

    def dms(self, user_id: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if m.channel == self.dm_channel(user_id)]

    def last_dm(self, user_id: str) -> Message:
        dms = self.dms(user_id)
        assert dms, f"{user_id} got no DM"
        return dms[-1]

    def last_view(self, user_id: str) -> dict[str, Any]:
        with self.lock:
            mine = [v for u, v in self.views if u == user_id]
        assert mine, f"no view was opened for {user_id}"
        return mine[-1]

    def count(self, method: str) -> int:
        with self.lock:
            return sum(1 for m, _ in self.calls if m == method)

    def wait_for(self, predicate: Callable[..., Any], timeout: float = 20.0, what: str = "condition") -> Any:
        """Poll until `predicate()` is truthy (the bot works after its ack, so results arrive a moment later); its
        value. `Any`: the predicates are `a and b` chains whose truthy value the type system cannot narrow."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                result = predicate()
            if result:
                return result
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what}")

    # --- the API ------------------------------------------------------------------------------------------------
    def _rate_limited(self, method: str, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, Any]] | None:
        """429 (or a 500) when the limits set with `limit` say so; None to go on."""
        with self.lock:
            lim = self.limits
            if lim is None:
                return None
            if lim.fail_rate and lim.random.random() < lim.fail_rate:
                self.server_errors += 1
                return 500, {}, {"ok": False, "error": "internal_error"}
            now = time.monotonic()
            wait = lim.take(method, now)
            if wait == 0.0 and method == "chat.postMessage":
                channel = self._channel_for(str(args.get("channel", ""))) or ""
                last = lim.channel_posts.get(channel, -1e9)
                wait = max(0.0, last + 1.0 - now)
                if wait == 0.0:
                    lim.channel_posts[channel] = now
                else:
                    lim.refund(method)
            if wait > 0:
                self.ratelimited[method] = self.ratelimited.get(method, 0) + 1
                return 429, {"Retry-After": str(max(1, math.ceil(wait)))}, {"ok": False, "error": "ratelimited"}
        return None

    def _fail_now(self, method: str) -> Failure | None:
        with self.lock:
            for f in self.failures:
                if f.method == method and f.times > 0:
                    f.times -= 1
                    return f
        return None

    def handle(
        self, method: str, args: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, Any], dict[str, Any]]:
        with self.lock:
            self.calls.append((method, args))
        limited = self._rate_limited(method, args)
        if limited is not None:
            return limited
        failure = self._fail_now(method)
        if failure is not None:
            if failure.hang:
                self.stopping.wait(failure.hang)  # ends early when the test stops the server
                return 503, {}, {"ok": False, "error": "service_unavailable"}
            if failure.status == 429:
                return 429, {"Retry-After": str(failure.retry_after or 1)}, {"ok": False, "error": "ratelimited"}
            if failure.status != 200:
                return failure.status, {}, {"ok": False, "error": "service_unavailable"}
            return 200, {}, {"ok": False, "error": failure.error or "internal_error"}
        if method == "apps.connections.open":  # the one method called with the app-level token
            if not (token or "").startswith("xapp-") or not self.socket_url:
                return 200, {}, {"ok": False, "error": "invalid_auth"}
            return 200, {}, {"ok": True, "url": self.socket_url}
        if token != TOKEN:
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        fn = getattr(self, "api_" + method.replace(".", "_"), None)
        if fn is None:
            return 200, {}, {"ok": False, "error": "unknown_method"}
        with self.lock:
            result = fn(args)
        result.setdefault("ok", "error" not in result)
        return 200, {}, result

    def _ts_now(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def _channel_for(self, channel: str) -> str | None:
        if channel.startswith(("U", "W")):
            return self.dm_channel(channel) if channel in self.users else None
        if channel.startswith("D") or channel in self.channels:
            return channel
        return None

    def api_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"user_id": BOT_USER, "bot_id": "BBOT0001", "team_id": "T0001", "user": "dialogue-bot"}

    def api_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(args.get("user", ""))
        if user is None:
            return {"error": "user_not_found"}
        user = dict(user)
        if str(args.get("include_locale")).lower() not in ("true", "1"):
            user.pop("locale")
        return {"user": user}

    def api_users_list(self, args: dict[str, Any]) -> dict[str, Any]:
        """The workspace's members, a page at a time (cursor = the index to start at, as a string)."""
        ids = sorted(self.users)
        start = int(args.get("cursor") or 0)
        limit = min(int(args.get("limit") or 100), 1000)
        page = [dict(self.users[u]) for u in ids[start : start + limit]]
        if str(args.get("include_locale")).lower() not in ("true", "1"):
            for u in page:
                u.pop("locale", None)
        nxt = str(start + limit) if start + limit < len(ids) else ""
        return {"members": page, "response_metadata": {"next_cursor": nxt}}

    def api_conversations_members(self, args: dict[str, Any]) -> dict[str, Any]:
        members = self.channels.get(args.get("channel", ""))
        if members is None:
            return {"error": "channel_not_found"}
        return {"members": members, "response_metadata": {"next_cursor": ""}}

    def api_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        """Newest first, between `oldest` and `latest` (exclusive unless `inclusive`), as Slack returns it."""
        channel = self._channel_for(str(args.get("channel", "")))
        if channel is None:
            return {"error": "channel_not_found"}
        inclusive = str(args.get("inclusive")).lower() in ("true", "1")
        latest, oldest = float(args.get("latest") or "inf"), float(args.get("oldest") or 0)
        found = [
            m
            for m in self.messages + self.said
            if m.channel == channel
            and (oldest <= float(m.ts) <= latest if inclusive else oldest < float(m.ts) < latest)
        ]
        found.sort(key=lambda m: float(m.ts), reverse=True)
        limit = int(args.get("limit") or 100)
        with_metadata = str(args.get("include_all_metadata")).lower() in ("true", "1")
        out = [
            {
                "type": "message",
                "ts": m.ts,
                "text": m.text,
                **({"user": m.user} if m.user else {"bot_id": "BBOT0001"}),
                **({"metadata": m.metadata} if with_metadata and m.metadata else {}),
            }
            for m in found[:limit]
        ]
        return {"messages": out, "has_more": len(found) > limit}

    def api_conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = str(args.get("users", "")).split(",")
        if len(users) != 1 or users[0] not in self.users:
            return {"error": "user_not_found"}
        return {"channel": {"id": self.dm_channel(users[0])}}

    def api_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel_for(str(args.get("channel", "")))
        if channel is None:
            return {"error": "channel_not_found"}
        blocks = _json(args.get("blocks"))
        errors = check_message(args.get("text"), blocks)
        if errors:
            return {"error": "invalid_blocks", "errors": errors}
        meta = _json(args.get("metadata"))
        thread = args.get("thread_ts") or None
        if thread is not None and not any(m.channel == channel and m.ts == thread for m in self.messages):
            return {"error": "thread_not_found"}
        msg = Message(
            channel, self._ts_now(), args.get("text") or "", blocks or [], metadata=meta or None, thread_ts=thread
        )
        self.messages.append(msg)
        return {"channel": channel, "ts": msg.ts, "message": {"text": msg.text, "ts": msg.ts}}

    def api_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        for m in self.messages:
            if m.channel == args.get("channel") and m.ts == args.get("ts"):
                blocks = _json(args.get("blocks"))
                errors = check_message(args.get("text"), blocks)
                if errors:
                    return {"error": "invalid_blocks", "errors": errors}
                m.history.append({"text": m.text, "blocks": m.blocks})
                m.text, m.blocks = args.get("text") or m.text, blocks or []
                return {"channel": m.channel, "ts": m.ts}
        return {"error": "message_not_found"}

    def api_conversations_create(self, args: dict[str, Any]) -> dict[str, Any]:
        """A new channel with the bot in it; names as Slack wants them (lower case, no spaces, at most 80)."""
        name = str(args.get("name") or "")
        if not name or len(name) > 80 or name != name.lower() or " " in name:
            return {"error": "invalid_name_specials"}
        if any(c.get("name") == name for c in self._channel_info.values()):
            return {"error": "name_taken"}
        cid = f"C{next(self._ids):08d}"
        self.channels[cid] = [BOT_USER]
        private = str(args.get("is_private")).lower() in ("true", "1")
        if private:
            self.private.add(cid)
        self._channel_info[cid] = {"id": cid, "name": name, "is_private": private}
        return {"channel": self._channel_info[cid]}

    def api_conversations_invite(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        if channel not in self.channels:
            return {"error": "channel_not_found"}
        users = [u for u in str(args.get("users") or "").split(",") if u]
        if not users or len(users) > 1000:
            return {"error": "no_user" if not users else "too_many_users"}
        unknown = [u for u in users if u not in self.users]
        if unknown:
            return {"error": "user_not_found"}
        for u in users:
            if u not in self.channels[channel]:
                self.channels[channel].append(u)
        return {"channel": {"id": channel}}

    def api_conversations_canvases_create(self, args: dict[str, Any]) -> dict[str, Any]:
        """A channel's canvas from markdown: one per channel, as Slack allows."""
        if self.no_canvas:
            return {"error": self.no_canvas}
        channel = str(args.get("channel_id") or "")
        if channel not in self.channels:
            return {"error": "channel_not_found"}
        if channel in self.canvases:
            return {"error": "channel_canvas_already_exists"}
        content = _json(args.get("document_content")) or {}
        if not isinstance(content, dict) or content.get("type") != "markdown" or not content.get("markdown"):
            return {"error": "invalid_arguments"}
        cid = f"F{next(self._ids):08d}"
        self.canvases[channel] = {"id": cid, "markdown": content["markdown"]}
        return {"canvas_id": cid}

    def channel_messages(self, channel: str, thread: str | None = None) -> list[Message]:
        """What the bot posted in a channel: its top-level messages, or the replies in one thread."""
        with self.lock:
            return [m for m in self.messages if m.channel == channel and m.thread_ts == thread]

    def _view(self, args: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        view = _json(args.get("view"))
        errors = check_view(view)
        if errors:
            return None, {"error": "invalid_blocks", "errors": errors}
        return view, None

    def api_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        trigger = self.triggers.pop(str(args.get("trigger_id")), None)
        if trigger is None:
            return {"error": "invalid_trigger_id"}
        user_id, issued = trigger
        if time.monotonic() - issued > TRIGGER_TTL:
            return {"error": "expired_trigger_id"}
        view, err = self._view(args)
        if err:
            return err
        view = dict(view, id=f"V{next(self._ids):06d}")  # type: ignore[arg-type]
        self.views.append((user_id, view))
        return {"view": view}

    def api_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        view, err = self._view(args)
        if err:
            return err
        self.home[str(args.get("user_id"))] = view  # type: ignore[assignment]
        return {"view": view}

    def api_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        fid = f"F{next(self._ids):06d}"
        self.uploads[fid] = {"filename": args.get("filename"), "length": int(args.get("length", 0)), "data": None}
        return {"upload_url": f"{self.base}/upload/{fid}", "file_id": fid}

    def api_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = _json(args.get("files")) or []
        channel = args.get("channel_id")
        done = []
        for f in files:
            up = self.uploads.get(f.get("id"))
            if up is None or up["data"] is None:
                return {"error": "file_not_found"}
            if len(up["data"]) != up["length"]:
                return {"error": "file_upload_size_mismatch"}
            done.append({"id": f["id"], "title": f.get("title"), "name": up["filename"]})
        if channel:
            msg = Message(channel, self._ts_now(), str(args.get("initial_comment") or ""), [], files=done)
            self.messages.append(msg)
        return {"files": done}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def _send(self, status: int, headers: dict[str, Any], body: dict[str, Any] | str) -> None:
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client went away (a killed process): like Slack, nothing more to say

            def _args(self) -> dict[str, Any]:
                url = urlparse(self.path)
                args = {k: v[0] for k, v in parse_qs(url.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                ctype = self.headers.get("Content-Type", "")
                if raw and "json" in ctype:
                    args.update(json.loads(raw))
                elif raw:
                    args.update({k: v[0] for k, v in parse_qs(raw.decode()).items()})
                return args

            def do_GET(self) -> None:
                self.do_POST()

            def do_POST(self) -> None:
                url = urlparse(self.path)
                if url.path.startswith("/upload/"):
                    length = int(self.headers.get("Content-Length") or 0)
                    data = self.rfile.read(length)
                    with fake.lock:
                        up = fake.uploads.get(url.path.rsplit("/", 1)[1])
                        if up is not None:
                            up["data"] = data
                    self._send(200 if up else 404, {}, "OK - " + str(len(data)))
                    return
                if url.path.startswith("/respond/"):
                    with fake.lock:
                        fake.responses.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                    self._send(200, {}, "ok")
                    return
                if not url.path.startswith("/api/"):
                    self._send(404, {}, {"ok": False, "error": "not_found"})
                    return
                method = url.path[len("/api/") :]
                args = self._args()
                auth = self.headers.get("Authorization", "")
                token = auth[7:] if auth.startswith("Bearer ") else args.get("token")
                status, headers, body = fake.handle(method, args, token)
                self._send(status, headers, body)

        return Handler


def _json(value: object) -> Any:
    """A form field that carries JSON, parsed (None when it is not JSON)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value

"""What the benchmarks share: `dialogue-bot serve` as a separate process against the fake Slack server."""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from doubles.driver import signed_headers  # noqa: E402
from doubles.fake_slack import FakeSlack  # noqa: E402
from doubles.ports import free_port  # noqa: E402
from doubles.processes import bot_env  # noqa: E402


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def serve(
    slack: FakeSlack, database_url: str, stderr: Any = None, scheduler: bool = True, **env: str
) -> tuple[subprocess.Popen[bytes], int]:
    """Start `dialogue-bot serve` on a free port and wait until /healthz answers (`stderr`: where its log goes;
    `scheduler=False`: `serve --no-scheduler`, the scheduler left to a `worker`)."""
    port = free_port()
    command = [sys.executable, "-m", "bot.entrypoints.cli", "--log-level", "WARNING", "serve", "--host", "127.0.0.1"]
    proc = subprocess.Popen(
        command + ([] if scheduler else ["--no-scheduler"]),
        env=bot_env(slack, database_url, PORT=str(port), **env),
        cwd=ROOT,
        stderr=stderr,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return proc, port
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("serve did not start")
        time.sleep(0.1)


def worker(slack: FakeSlack, database_url: str, stderr: Any = None, **env: str) -> subprocess.Popen[bytes]:
    """Start `dialogue-bot worker`: the scheduler and its deliveries in a process of their own."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot.entrypoints.cli", "--log-level", "WARNING", "worker"],
        env=bot_env(slack, database_url, PORT=str(free_port()), **env),
        cwd=ROOT,
        stderr=stderr,
    )


def _not_200(status: int, _data: bytes) -> str | None:
    return None if status == 200 else f"HTTP {status}"


def post_all(
    port: int,
    bodies: list[bytes],
    clients: int,
    spread: float | None,
    start: float | None = None,
    problem: Callable[[int, bytes], str | None] = _not_200,
) -> tuple[list[float], list[str]]:
    """POST the bodies to /slack/events, signed, from `clients` keep-alive connections. With `spread`: body i at
    `start` (time.monotonic(); now by default) + i × spread / len(bodies), open loop — each latency counts from
    that scheduled time, so a slow server cannot slow the arrivals down; with `spread=None` as fast as the clients
    can (a flood: latency = requests in flight / throughput). The latencies, and what `problem` (or the
    connection) said of every answer that was not right."""
    latencies: list[float] = []
    problems: list[str] = []
    lock = threading.Lock()
    nxt = iter(range(len(bodies)))
    t0 = [start]
    barrier = threading.Barrier(clients, action=lambda: t0.__setitem__(0, t0[0] or time.monotonic() + 0.05))

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)  # connects at its first request: an idle
        barrier.wait()  # connection would be closed by the server while it waits for a start far off
        begin = t0[0] or 0.0
        while True:
            with lock:
                i = next(nxt, None)
            if i is None:
                return
            due = begin + i * spread / len(bodies) if spread else time.monotonic()
            if (delay := due - time.monotonic()) > 0:
                time.sleep(delay)
            headers = {"Content-Type": "application/x-www-form-urlencoded", **signed_headers(bodies[i])}
            try:
                conn.request("POST", "/slack/events", body=bodies[i], headers=headers)
                r = conn.getresponse()
                said = problem(r.status, r.read())
            except OSError as e:
                said = type(e).__name__
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                latencies.append(time.monotonic() - due)
                if said:
                    problems.append(said)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, problems


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(timeout=10)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def latency_line(latencies: list[float]) -> str:
    lat = sorted(latencies)
    q = statistics.quantiles(lat, n=100)
    return f"p50 {q[49] * 1000:.1f} ms  p99 {q[98] * 1000:.1f} ms  max {lat[-1] * 1000:.1f} ms"


@contextmanager
def postgres_database(admin_url: str, prefix: str) -> Iterator[str | None]:
    """A fresh PostgreSQL database for one benchmark, dropped afterwards; None (with a note) without a server."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(admin_url, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as e:
        print(f"postgresql: skipped ({e})")
        yield None
        return
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def view_submission_body(user: str, view: dict[str, Any]) -> bytes:
    """The form-encoded body Slack posts when `user` submits `view` (sign it with the driver's secret)."""
    payload = {
        "type": "view_submission",
        "team": {"id": "T0001"},
        "user": {"id": user, "team_id": "T0001"},
        "api_app_id": "A0001",
        "token": "legacy",
        "trigger_id": "1.1.x",
        "view": view,
    }
    return urlencode({"payload": json.dumps(payload)}).encode()

"""The dashboard in a real browser: Debian's chromium driven by Playwright, the bot with the dashboard on and Entra
ID the HTTPS fake, signing in as someone, screenshots. The fixtures in `tests/conftest.py` are built from these."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from bot.core.clock import Clock
from bot.entrypoints.demo import seed
from bot.entrypoints.server import Server
from doubles.fake_graph import FakeGraph
from doubles.fake_slack import FakeSlack
from doubles.ports import free_port
from doubles.settings import settings_for

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parents[1] / "docs" / "screenshots"
# The demo's steps, seeded into the dashboard's database (bot.entrypoints.demo.seed).
DEMO_STEPS = ["workload", "influence", "meaning", "predictability", "social_support", "recognition", "collaboration"]


@contextmanager
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():  # CI installs it (.ci/run); a test that cannot see the pages must fail
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@contextmanager
def dashboard(
    tmp_path: Path, slack: FakeSlack, clock: Clock, sqlite_url: str, *, scheduler: bool, demo: bool
) -> Iterator[tuple[Server, FakeGraph]]:
    """The bot with the dashboard on, its PUBLIC_URL its own address, Entra the HTTPS fake; with `demo`, the demo's
    made-up organisation in its database."""
    graph = FakeGraph(tmp_path / "ca.pem")
    port = free_port()
    settings = settings_for(
        slack,
        sqlite_url,
        port=port,
        public_url=f"http://127.0.0.1:{port}",
        session_secret="s" * 40,
        hr_group_id="group-hr",
        **graph.settings(),
    )
    server = Server(settings, clock=clock, host="127.0.0.1", port=port, scheduler=scheduler).start()
    if demo:
        seed(server.rt.db, DEMO_STEPS, datetime.now(UTC))
    yield server, graph
    server.stop()
    graph.stop()


def shot(page: Page, name: str, tmp_path: Path) -> None:
    folder = SCREENSHOTS if os.environ.get("SAVE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def sign_in(
    browser: Browser, server: Server, graph: FakeGraph, email: str, name: str, groups: list[str] | None = None
) -> Page:
    graph.signin_as = {"email": email, "name": name, "groups": groups or []}
    context = browser.new_context(ignore_https_errors=True, locale="en-GB", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(f"{server.url}/hr/")  # → /hr/signin → Entra's authorize → /hr/auth/callback → /hr/
    return page

"""The demo's web server: the dashboard alone, on loopback, with everyone signed in as the demo's HR person."""

from __future__ import annotations

import secrets
import threading
from datetime import UTC, datetime
from pathlib import Path

from waitress import create_server

from bot.core.settings import load_settings
from bot.entrypoints.composition import build_runtime
from bot.entrypoints.demo import DEMO_HR, open_demo
from bot.web.dashboard import create_dashboard
from bot.web.signin import Person
from flows.loader import load_flows

HOST = "127.0.0.1"  # never more than this machine: the demo signs everyone in


class DemoServer:
    def __init__(self, folder: Path, port: int = 3000):
        now = datetime.now(UTC)
        steps = [s.id for s in load_flows()["well_being"].rated_steps]
        db = open_demo(folder, steps, now)
        settings = load_settings(
            slack_bot_token="xoxb-demo-never-used",
            slack_signing_secret=secrets.token_hex(16),
            slack_app_token=None,
            database_url=db.url,
            session_secret=secrets.token_hex(32),
        )
        self.rt = build_runtime(settings, db=db)
        person = Person(email="hr@demo.example", name="Demo HR", user_id=DEMO_HR, hr=True, lead=False)
        self.http = create_server(create_dashboard(self.rt, demo=person).wsgi_app, host=HOST, port=port, threads=8)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.http.effective_port}"

    def start(self) -> DemoServer:
        self._thread = threading.Thread(target=self.http.run, daemon=True)
        self._thread.start()
        return self

    def run_forever(self) -> None:
        try:
            self.http.run()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def stop(self) -> None:
        self.http.close()
        self.rt.shutdown()

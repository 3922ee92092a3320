"""The `dialogue-bot` command as an operator meets it: clear refusals, a real `serve`, `migrate`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import inspect, text

from doubles.driver import ANSWER_KEY, SECRET
from doubles.fake_slack import TOKEN, FakeSlack
from storage.db import Database


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "PORT", "FLOWS_DIR"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.entrypoints.cli", *args],
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_serve_without_tokens_names_each_missing_setting_and_how_to_set_it() -> None:
    r = run_cli("serve")
    assert r.returncode == 2
    assert "SLACK_BOT_TOKEN is not set. Set it with: export SLACK_BOT_TOKEN=" in r.stderr
    assert "SLACK_SIGNING_SECRET is not set" in r.stderr
    assert "Traceback" not in r.stderr


def test_malformed_settings_are_named() -> None:
    r = run_cli(
        "serve",
        env={
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "PORT": "eighty",
            "DEFAULT_LOCALE": "de",
            "TIMEZONE": "Mars/Olympus",
            "SLACK_APP_TOKEN": "xoxb-wrong",
        },
    )
    assert r.returncode == 2
    for name in ("PORT is invalid", "DEFAULT_LOCALE is invalid", "TIMEZONE is invalid", "SLACK_APP_TOKEN is invalid"):
        assert name in r.stderr, r.stderr


def test_serve_refuses_an_invalid_flow_naming_file_and_step(tmp_path: Path) -> None:
    bad = tmp_path / "flows"
    bad.mkdir()
    text = (Path(__file__).parents[1] / "flows" / "well_being.yaml").read_text()
    (bad / "well_being.yaml").write_text(text.replace("theme: {en: Meaning, da: Mening}", "theme: {en: Meaning}"))
    r = run_cli(
        "serve",
        "--port",
        "0",
        env={
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
            "FLOWS_DIR": str(bad),
        },
    )
    assert r.returncode == 2
    assert f"{bad / 'well_being.yaml'}:27: step 'meaning': theme.da is missing" in r.stderr


def test_serve_names_a_rejected_token_and_an_unreachable_slack_at_once(tmp_path: Path, slack: FakeSlack) -> None:
    env = {"SLACK_SIGNING_SECRET": SECRET, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    r = run_cli("serve", "--port", "0", env={**env, "SLACK_BOT_TOKEN": "xoxb-revoked", "SLACK_API_URL": slack.url})
    assert r.returncode == 2
    assert "Slack rejected SLACK_BOT_TOKEN (invalid_auth)" in r.stderr and "export SLACK_BOT_TOKEN=" in r.stderr
    assert ("auth.test", {}) in slack.calls
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        nobody = f"http://127.0.0.1:{s.getsockname()[1]}/api/"
    r = run_cli("worker", env={**env, "SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": nobody})
    assert r.returncode == 2
    assert f"Slack could not be reached at {nobody}" in r.stderr
    assert not (tmp_path / "x.db").exists()  # nothing was set up for a bot that cannot run


def test_serve_starts_on_a_fresh_sqlite_file_and_answers_health_checks(tmp_path: Path, slack: FakeSlack) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env = {
        **clean,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.url,
        "PORT": str(port),
    }
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.entrypoints.cli", "serve", "--host", "127.0.0.1"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None  # stdout=PIPE
    try:
        end = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert proc.poll() is None, proc.stdout.read()
                assert time.monotonic() < end, "serve did not answer /healthz"
                time.sleep(0.1)
        assert (tmp_path / "dialogue-bot.db").exists()  # the default database, migrated on start
        db = Database(f"sqlite:///{tmp_path / 'dialogue-bot.db'}", ANSWER_KEY)
        assert "round" in inspect(db.engine).get_table_names()
        db.dispose()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_migrate_upgrades_an_empty_database(database_url: str) -> None:
    # The fixture migrated it already; a second run must be a clean no-op on both backends.
    r = run_cli("migrate", env={"DATABASE_URL": database_url})
    assert r.returncode == 0 and "database is up to date" in r.stdout, r.stderr


def test_export_workshops_to_stdout_and_answers_to_a_file_each_audited(sqlite_url: str, tmp_path: Path) -> None:
    import csv
    import io
    from datetime import UTC, datetime

    import openpyxl

    from doubles.scenario import make_workshop
    from storage import workshops

    db = Database(sqlite_url, ANSWER_KEY)
    now = datetime.now(UTC)
    w = make_workshop(db, now=now, capacity=1, title="=Dialogue workshop")
    assert w.id is not None
    for person in ("U1", "U2"):
        workshops.register(db, w.id, person, now)
    env = {"DATABASE_URL": sqlite_url}

    # HR's look at registrations and the waitlist, the way issue 5 writes it: to the terminal, no BOM.
    r = run_cli("export", "workshops", "--raw", env=env)
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0][:2] == ["workshop", "title"] and not r.stdout.startswith("\ufeff")
    assert [(row[1], row[6], row[7], row[8]) for row in rows[1:]] == [
        ("'=Dialogue workshop", "U1", "registered", ""),
        ("'=Dialogue workshop", "U2", "waitlisted", "1"),
    ]
    assert "2 rows written to stdout" in r.stderr

    # For people: words, names where the directory has them, the organisation's local time.
    from storage import people

    people.save_many(db, [people.Profile("U1", "da", None, False, False, now, email="u1@x.example", real_name="Ulla")])
    r = run_cli("--lang", "da", "export", "workshops", env={**env, "TIMEZONE": "Europe/Copenhagen"})
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0][:6] == ["Workshop", "Titel", "Starter", "Sted", "Pladser", "Status"]
    assert rows[0][6:] == ["Person", "Plads", "Plads på venteliste", "Kalender"]
    local = w.starts_at.astimezone(ZoneInfo("Europe/Copenhagen")).strftime("%Y-%m-%d %H:%M")
    assert [(row[2], row[5], row[6], row[7]) for row in rows[1:]] == [
        (local, "åben", "Ulla", "tilmeldt"),
        (local, "åben", "U2", "på venteliste"),  # nobody the directory knows: the id, as it is
    ]
    assert "2 rækker skrevet til stdout" in r.stderr

    out = tmp_path / "w.xlsx"
    r = run_cli("export", "--what", "workshops", "--format", "xlsx", "--out", str(out), "--raw", env=env)
    assert r.returncode == 0, r.stderr
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[3]][6:9] == ["U2", "waitlisted", 1]

    with db.engine.connect() as c:
        audited = c.execute(text("SELECT actor, action, detail, rows FROM audit ORDER BY id")).all()
    assert audited == [
        ("cli", "export.workshops", "csv", 2),
        ("cli", "export.workshops", "csv", 2),
        ("cli", "export.workshops", "xlsx", 2),
    ]
    db.dispose()


def test_export_says_what_is_missing(tmp_path: Path) -> None:
    for args, message in (
        ((), "say what to export: dialogue-bot export WHAT, one of answers, experiences, actions, workshops, audit"),
        (("audit", "--what", "answers"), "say what to export once"),
        (("audit", "--format", "xlsx"), "an XLSX export needs a file: add --out FILE.xlsx"),
        (("feelings",), "'feelings' is not one of"),
    ):
        r = run_cli("export", *args, env={"DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}"})
        assert r.returncode == 2 and message in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr

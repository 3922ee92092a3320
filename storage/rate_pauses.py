"""Pauses after Slack's 429s, shared between processes: one row per Web API method, until when to wait."""

from __future__ import annotations

from sqlalchemy import text

from storage.db import Database

_PAUSE = text(
    "INSERT INTO rate_pause (method, until) VALUES (:method, :until) "
    "ON CONFLICT (method) DO UPDATE SET until = excluded.until WHERE rate_pause.until < excluded.until"
)
_UNTIL = text("SELECT until FROM rate_pause WHERE method = :method")


def pause(db: Database, method: str, until: float) -> None:
    """Nobody calls `method` before `until` (Unix time); a longer pause already recorded stays."""
    with db.bookkeeping() as c:
        c.execute(_PAUSE, {"method": method, "until": until})


def until(db: Database, method: str) -> float | None:
    with db.engine.connect() as c:
        found = c.execute(_UNTIL, {"method": method}).scalar_one_or_none()
    return float(found) if found is not None else None

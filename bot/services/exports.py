"""Export files: CSV (UTF-8 with BOM, so Excel opens it right) and XLSX (bot/outbound/xlsx.py), both streamed.

Every text cell that a spreadsheet would read as a formula (starting with = + - @ tab or CR) is
neutralised with a leading apostrophe; the text is otherwise exported intact (letters, emoji, newlines).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.i18n import t
from bot.outbound import xlsx
from bot.services import disclosure, readable
from bot.services.flow_versions import flow_of_round
from flows.model import Flow
from flows.text import clean
from storage import exports
from storage.db import Database
from storage.models import Round

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WHAT: tuple[str, ...] = exports.WHAT  # what HR may export: the dashboard's list, the command line's choices


def experiences_shared(
    db: Database, since: datetime | None, until: datetime | None, dialogue: str = ""
) -> list[list[object]]:
    """The experiences shared from the day `since` through the day `until` (either open), of one dialogue or
    all, as the export's rows (HR's experiences page)."""
    period = exports.Period(since, until + timedelta(days=1) if until else None)
    _header, rows = exports.experiences(db, period)
    return [r for r in rows if not dialogue or r[1] == dialogue]


Period = exports.Period  # [since, until), either end open


def disarm(text: str) -> str:
    """Without characters that mislead (flows.text: a terminal showing a CSV would obey escape codes), and with
    a leading apostrophe where a spreadsheet would read it as a formula."""
    text = clean(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def neutralise(value: object) -> object:
    return disarm(value) if isinstance(value, str) else value


def write_csv(path: Path, header: list[object], rows: Iterable[list[object]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for row in rows:
            w.writerow([neutralise(v) for v in row])
            n += 1
    return n


def write_xlsx(path: Path, header: list[object], rows: Iterable[list[object]], title: str) -> int:
    return xlsx.write(path, header, rows, title, disarm=disarm)


def _flow_of(db: Database, flows: dict[str, Flow], rnd: Round) -> Flow | None:
    try:
        return flow_of_round(db, flows, rnd)
    except KeyError:
        return None  # a concept no longer in the files nor stored: its answers export under their step ids


def source(
    db: Database,
    flows: dict[str, Flow],
    threshold: int,
    what: str,
    period: exports.Period,
    round_id: int | None = None,
    reader: str = "cli",
    now: datetime | None = None,
    ledger: bool = True,
) -> tuple[list[object], Iterator[list[object]]]:
    if what == "answers":

        def shown(rounds: list[Round]) -> dict[int, set[str]]:
            return disclosure.export_rounds(db, threshold, reader, rounds, now or datetime.now(UTC), ledger=ledger)

        return exports.answers(db, lambda rnd: _flow_of(db, flows, rnd), threshold, period, round_id, shown=shown)
    if what == "experiences":
        return exports.experiences(db, period)
    if what == "actions":
        return exports.actions(db, period)
    if what == "workshops":
        return exports.workshops(db, period)
    if what == "audit":
        return exports.audit_log(db, period)
    raise ValueError(f"cannot export {what!r}; choose one of {', '.join(exports.WHAT)}")


def export(
    db: Database,
    flows: dict[str, Flow],
    threshold: int,
    what: str,
    fmt: str,
    out: Path,
    period: exports.Period | None = None,
    round_id: int | None = None,
    reader: str = "cli",
    now: datetime | None = None,
    ledger: bool = True,
    words: readable.Reader | None = None,
) -> int:
    """Write one export file for `reader` (whom the disclosure gate counts out); returns the number of data rows.
    `ledger=False` only for the tests that show what the ledger prevents. With `words`, headers and values are
    words in their language, people by name and times local (bot.readable); without, the stable machine columns."""
    header, rows = source(db, flows, threshold, what, period or exports.Period(), round_id, reader, now, ledger)
    if words is not None:
        rows = readable.rows(header, rows, words)
        header = readable.header(header, words.locale)
    if fmt == "csv":
        return write_csv(out, header, rows)
    if fmt == "xlsx":
        title = t(f"export.what.{what}", words.locale) if words is not None else what
        return write_xlsx(out, header, rows, title)
    raise ValueError(f"unknown format {fmt!r}; choose csv or xlsx")

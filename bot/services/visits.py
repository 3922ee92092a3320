"""What HR heard on its visits to units and the cooperation bodies (local liaison, health and safety
committees), from a CSV file: checked line by line before anything is stored. Plain data, no Slack or SQL."""

from __future__ import annotations

from datetime import date

from bot.outbound import csv_files
from flows import engine as fe
from flows.text import clean
from storage.experiences import Visit

COLUMNS = ("forum", "date", "dialogue", "worked", "different")
DIALOGUES = ("well_being", "leadership", "workshop")
MAX_FORUM = 200


class VisitFileError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def parse_visits(data: bytes) -> list[Visit]:
    """Header forum,date,dialogue,worked,different (extra columns ignored; separated by commas, semicolons or
    tabs), UTF-8 with or without BOM or Windows-1252, dates as YYYY-MM-DD. Raises VisitFileError naming every
    bad line."""
    rows = csv_files.reader(data)
    header = [h.strip().lower() for h in next(rows, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise VisitFileError([f"line 1: the header lacks {', '.join(missing)} (it needs {','.join(COLUMNS)})"])
    at = {c: header.index(c) for c in COLUMNS}
    visits, problems = [], []
    for row in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: clean(row[i]).strip() if i < len(row) else "" for c, i in at.items()}
        found = []
        if not cells["forum"] or len(cells["forum"]) > MAX_FORUM:
            found.append(f"the forum must be 1–{MAX_FORUM} characters")
        try:
            on = date.fromisoformat(cells["date"])
        except ValueError:
            found.append(f"{cells['date']!r} is not a date (YYYY-MM-DD)")
        if cells["dialogue"] not in DIALOGUES:
            found.append(f"dialogue {cells['dialogue']!r} is not one of {', '.join(DIALOGUES)}")
        if not (cells["worked"] or cells["different"]):
            found.append("neither what worked nor what should be different is filled in")
        if any(len(cells[c]) > fe.MAX_TEXT for c in ("worked", "different")):
            found.append(f"a text is longer than {fe.MAX_TEXT} characters")
        if found:
            problems += [f"line {line}: {p}" for p in found]
            continue
        visits.append(Visit(cells["forum"], on, cells["dialogue"], cells["worked"] or None, cells["different"] or None))
    if problems:
        raise VisitFileError(problems)
    return visits

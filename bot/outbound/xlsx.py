"""XLSX files through openpyxl's write-only mode: each row goes to disk as it is appended, so an export of any
size runs in flat memory.

What this adds to openpyxl: text that XML cannot hold is cleaned instead of failing the whole export (control
characters are dropped, a lone surrogate becomes '?'); empty strings are left out rather than written as empty
text cells (fewer cells to write); the header is bold and stays in view; and rows past what one Excel sheet
holds continue on 'title (2)', … each with the header, rather than making a file Excel refuses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from pathlib import Path

EXCEL_ROWS = 1_048_576  # rows one Excel sheet can hold, the header included
# XML 1.0 cannot hold these at all; openpyxl refuses them (IllegalCharacterError) and lxml too.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, number: int) -> str:
    """Excel's rules: at most 31 characters, none of [ ] : * ? / \\, not empty, no apostrophe at either end;
    the second sheet of a title is 'title (2)'."""
    suffix = "" if number == 1 else f" ({number})"
    return (_NOT_IN_SHEET_NAMES.sub("_", title).strip(" '") or "Sheet")[: 31 - len(suffix)] + suffix


def _clean(text: str) -> str:
    if text.isprintable():  # the common case, checked in C: no control character, no lone surrogate
        return text
    if not text.isascii():
        text = text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate cannot be encoded at all
    return _ILLEGAL_XML.sub("", text)


def write(
    path: Path,
    header: list[object],
    rows: Iterable[list[object]],
    title: str,
    rows_per_sheet: int = EXCEL_ROWS - 1,
    disarm: Callable[[str], str] = str,
) -> int:
    """Write header and rows to `path`; returns the number of data rows. Every string is written as text, never
    as a formula (openpyxl alone would make one of a string starting with '='); `disarm` is applied to each
    string of the rows first — the caller's policy for what Excel would read as a formula once a cell is edited
    or the file saved as CSV (bot/export.disarm)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    def text_cell(text: str, font: Font | None = None) -> WriteOnlyCell:
        c = WriteOnlyCell(sheet, value=text)
        c.data_type = "s"
        if font is not None:
            c.font = font
        return c

    def value_of(text: str) -> object:
        """What openpyxl should write for a string; None (no cell at all) for an empty one."""
        if not text:
            return None
        text = _clean(disarm(text))
        return text_cell(text) if text[:1] == "=" else text

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    pending: Iterator[list[object]] = iter(rows)
    total = sheets = 0
    while True:  # one sheet at least, even for no rows
        sheets += 1
        sheet = book.create_sheet(sheet_name(title, sheets))
        sheet.freeze_panes = "A2"
        sheet.append([text_cell(_clean(str(h)), bold) for h in header])
        written = 0
        for row in islice(pending, rows_per_sheet):
            sheet.append([value_of(v) if v.__class__ is str else v for v in row])
            written += 1
        total += written
        following = next(pending, None) if written == rows_per_sheet else None  # a row is a list, never None
        if following is None:
            break
        pending = chain([following], pending)
    book.save(path)
    return total

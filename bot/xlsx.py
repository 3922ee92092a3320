"""A streaming XLSX writer for a table of plain values, written straight into the zip as rows come.

Why not openpyxl: its write-only mode makes a cell object and an lxml call per cell — 100,000 answers x 13
columns took ~14 s; this takes about a second, and memory stays flat (rows go out in blocks, strings are
inline, so no shared-string table grows). It writes only what an export needs: text, numbers, booleans, a bold
header row that stays in view. Dates arrive as ISO text. The package is the minimal one Excel, LibreOffice and
openpyxl read (content types, relationships, workbook, styles, worksheets).
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_CONTENT_TYPES = (
    _DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    _DECL + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _DECL + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId0" Type="{_REL}/styles" Target="styles.xml"/>'
    "{sheets}</Relationships>"
)
_SHEET_REL = f'<Relationship Id="rId{{n}}" Type="{_REL}/worksheet" Target="worksheets/sheet{{n}}.xml"/>'
_WORKBOOK = _DECL + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{{sheets}}</sheets></workbook>'
_SHEET_ENTRY = '<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>'
# Style 0: normal; style 1: bold (the header row).
_STYLES = (
    _DECL + f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_SHEET_START = (
    _DECL + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    "</sheetView></sheetViews><sheetData>"
)
_SHEET_END = "</sheetData></worksheet>"
# XML turns a bare carriage return into a newline when read; a character reference keeps it.
_ENTITIES = {"\r": "&#13;"}
# XML 1.0 cannot hold these at all; a file with them would not open.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BLOCK = 500  # rows per write into the zip
EXCEL_ROWS = 1_048_576  # rows one Excel sheet can hold, the header included
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_END = object()


def column(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cells(row: Iterable[object], refs: list[str], number: int, style: str) -> str:
    out = []
    for i, value in enumerate(row):
        if value is None or value == "":
            continue
        at = f'r="{refs[i] if i < len(refs) else column(i)}{number}"{style}'
        if isinstance(value, bool):
            out.append(f'<c {at} t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
            out.append(f"<c {at}><v>{value!r}</v></c>")
        else:
            text = escape(_ILLEGAL_XML.sub("", str(value)), _ENTITIES)
            out.append(f'<c {at} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
    return f'<row r="{number}">{"".join(out)}</row>'


def sheet_name(title: str, number: int) -> str:
    """Excel's rules: at most 31 characters, none of [ ] : * ? / \\, not empty, no apostrophe at either end;
    the second sheet of a title is 'title (2)'."""
    suffix = "" if number == 1 else f" ({number})"
    return (_NOT_IN_SHEET_NAMES.sub("_", title).strip(" '") or "Sheet")[: 31 - len(suffix)] + suffix


def _sheet(out: IO[bytes], header: list[object], refs: list[str], rows: Iterable[list[object]]) -> int:
    block = [_SHEET_START, _cells(header, refs, 1, ' s="1"')]
    n = 0
    for row in rows:
        n += 1
        block.append(_cells(row, refs, n + 1, ""))
        if len(block) >= _BLOCK:
            out.write("".join(block).encode("utf-8", "replace"))
            block.clear()
    block.append(_SHEET_END)
    out.write("".join(block).encode("utf-8", "replace"))
    return n


def write(
    path: Path, header: list[object], rows: Iterable[list[object]], title: str, rows_per_sheet: int = EXCEL_ROWS - 1
) -> int:
    """Write header and rows as a sheet named `title`; returns the number of data rows. More rows than a sheet
    holds continue on 'title (2)', … each with the header, rather than making a file Excel refuses. Every string
    is written as text, never as a formula; disarming text that Excel would read as one when a cell is edited
    (or the file re-saved as CSV) is the caller's job (bot/export.neutralise)."""
    refs = [column(i) for i in range(len(header))]
    pending: Iterator[list[object]] = iter(rows)
    total = sheets = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        while True:  # one sheet at least, even for no rows
            sheets += 1
            with z.open(f"xl/worksheets/sheet{sheets}.xml", "w") as out:
                written = _sheet(out, header, refs, islice(pending, rows_per_sheet))
            total += written
            following = next(pending, _END) if written == rows_per_sheet else _END
            if following is _END:
                break
            pending = chain([following], pending)  # type: ignore[list-item]
        names = {n: escape(sheet_name(title, n), {'"': "&quot;"}) for n in range(1, sheets + 1)}

        def each(template: str) -> str:
            return "".join(template.format(n=n, name=name) for n, name in names.items())

        z.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheets=each(_SHEET_TYPE)))
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK.format(sheets=each(_SHEET_ENTRY)))
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(sheets=each(_SHEET_REL)))
        z.writestr("xl/styles.xml", _STYLES)
    return total

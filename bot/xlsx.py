"""A streaming XLSX writer for one sheet of plain values, written straight into the zip as rows come.

Why not openpyxl: its write-only mode makes a cell object and an lxml call per cell — 100,000 answers x 13
columns took ~14 s; this takes about a second, and memory stays flat (rows go out in blocks, strings are
inline, so no shared-string table grows). It writes only what an export needs: text, numbers, booleans, a bold
header row that stays in view. Dates arrive as ISO text. The package is the minimal one Excel, LibreOffice and
openpyxl read (content types, relationships, workbook, styles, one worksheet).
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
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
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    _DECL + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _DECL + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
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


def write(path: Path, header: list[object], rows: Iterable[list[object]], title: str) -> int:
    """Write header and rows as one sheet named `title`; returns the number of data rows. Every string is
    written as text, never as a formula; disarming text that Excel would read as one when a cell is edited
    (or the file re-saved as CSV) is the caller's job (bot/export.neutralise)."""
    refs = [column(i) for i in range(len(header))]
    sheet_name = escape(title[:31], {'"': "&quot;"})
    workbook = (
        _DECL + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        f'<sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    n = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/styles.xml", _STYLES)
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = [_SHEET_START, _cells(header, refs, 1, ' s="1"')]
            for row in rows:
                n += 1
                block.append(_cells(row, refs, n + 1, ""))
                if len(block) >= _BLOCK:
                    sheet.write("".join(block).encode("utf-8", "replace"))
                    block.clear()
            block.append(_SHEET_END)
            sheet.write("".join(block).encode("utf-8", "replace"))
    return n

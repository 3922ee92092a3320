"""CSV files as spreadsheets save them: read whatever separator and encoding a person's Excel chose."""

from __future__ import annotations

import csv
import io
from typing import Any

DELIMITERS = (",", ";", "\t")


def decode(data: bytes) -> str:
    """A spreadsheet's CSV as text: UTF-8 with or without a BOM, else Windows-1252 (what Excel in Denmark saves
    as plain 'CSV'); a UTF-16 file (Excel's 'Unicode text') by its BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def delimiter(text: str) -> str:
    """The separator of a CSV file, read from its header row: comma, semicolon (Excel where the decimal mark is
    a comma, as in Denmark) or tab — whichever splits the header into the most columns."""
    first = text.split("\n", 1)[0]
    return max(DELIMITERS, key=lambda d: (len(first.split(d)), -DELIMITERS.index(d)))


def reader(data: bytes) -> Any:
    """A csv.reader over the file's rows (its `line_num` says where a row came from)."""
    text = decode(data)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))

"""The XLSX writer (bot/outbound/xlsx.py), read back by two independent readers: openpyxl and calamine (Rust)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from bot.outbound import xlsx
from bot.services.exports import write_xlsx

HEADER: list[object] = ["round", "text", "rating", "anonymous", "note"]
ROWS = [
    [1, "plain", 4, True, None],
    [2, " leading and trailing ", 2.5, False, ""],
    [3, "line one\r\nline two\rthree\nfour\ttab", -7, None, "&amp; <b>bold</b> \"quoted\" 'single'"],
    [4, "emoji 🙂 æøå — ünïcødé", 0, True, "<!channel> <@U123>"],
    [5, '=HYPERLINK("http://evil")', None, None, "+1 -1 @SUM"],
]


def read_both(path: Path) -> tuple[Any, Any, list[list[Any]], list[list[Any]]]:
    book = openpyxl.load_workbook(path)
    sheet = book.active
    by_openpyxl = [[c.value for c in row] for row in sheet.iter_rows()]
    by_calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return book, sheet, by_openpyxl, by_calamine


def test_values_come_back_exactly_in_two_readers(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    assert xlsx.write(path, HEADER, iter(ROWS), "answers") == len(ROWS)
    book, sheet, got, calamine = read_both(path)
    assert book.sheetnames == ["answers"] and sheet.title == "answers"
    assert got[0] == HEADER and all(c.font.b for c in sheet[1])  # a bold header…
    assert not any(c.font.b for c in sheet[2])
    assert sheet.freeze_panes == "A2"  # …that stays in view
    assert got[1:] == [[None if v == "" else v for v in row] for row in ROWS]
    # Types survive: numbers are numbers (not text), booleans are booleans, strings are never formulas.
    assert [c.data_type for c in sheet[2]][:4] == ["n", "s", "n", "b"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    # calamine reads the same (every number comes back as a double, as Excel keeps them: 1 == 1.0).
    assert calamine[0] == HEADER
    assert calamine[1:] == [["" if v is None else v for v in row] for row in ROWS]
    assert type(calamine[1][3]) is bool and type(calamine[2][2]) is float


def test_characters_xml_cannot_hold_are_dropped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    xlsx.write(path, ["text"], [["bell\x07 nul\x00 esc\x1b ok"], ["\ufffe\uffffend"], ["lone \ud800 surrogate"]], "x")
    _, _, got, calamine = read_both(path)
    assert [r[0] for r in got[1:]] == ["bell nul esc ok", "end", "lone ? surrogate"]
    assert [r[0] for r in calamine[1:]] == ["bell nul esc ok", "end", "lone ? surrogate"]


def test_package_parts_are_well_formed_and_all_declared(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    xlsx.write(path, HEADER, ROWS, 'a "quoted" & <odd> title that is far longer than thirty-one')
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        for name in names:
            ElementTree.fromstring(z.read(name))  # every part parses as XML
        types = ElementTree.fromstring(z.read("[Content_Types].xml"))
        overrides = {e.attrib["PartName"].lstrip("/") for e in types if e.tag.endswith("Override")}
        assert overrides <= names
        assert {n for n in names if not n.endswith(".rels") and n != "[Content_Types].xml"} == overrides
        for rels, base in (("_rels/.rels", ""), ("xl/_rels/workbook.xml.rels", "xl/")):
            targets = {e.attrib["Target"] for e in ElementTree.fromstring(z.read(rels))}
            assert {t[1:] if t.startswith("/") else base + t for t in targets} <= names
    assert openpyxl.load_workbook(path).sheetnames == ['a "quoted" & <odd> title that i']


def test_rows_wider_than_the_header_keep_every_cell(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    xlsx.write(path, ["a"], [["x", "y", 3]], "wide")
    assert read_both(path)[2] == [["a", None, None], ["x", "y", 3]]


def test_export_disarms_formulas_before_writing(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    write_xlsx(path, HEADER, ROWS, "answers")
    _, _, got, _ = read_both(path)
    assert got[5][1] == '\'=HYPERLINK("http://evil")' and got[5][4] == "'+1 -1 @SUM"


@pytest.mark.parametrize(("rows", "sheets"), [(0, 1), (3, 1), (4, 2), (6, 2), (7, 3), (13, 5)])
def test_more_rows_than_a_sheet_holds_continue_on_the_next_sheet_with_the_header(
    tmp_path: Path, rows: int, sheets: int
) -> None:
    path = tmp_path / "a.xlsx"
    data = [[i, f"text {i}"] for i in range(rows)]
    assert xlsx.write(path, ["n", "text"], iter(data), "answers", rows_per_sheet=3) == rows
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["answers"] + [f"answers ({k})" for k in range(2, sheets + 1)]
    got = []
    for sheet in book.worksheets:
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        assert values[0] == ["n", "text"] and len(values) <= 4
        got += values[1:]
    assert got == data  # every row once, in order
    calamine = CalamineWorkbook.from_path(str(path))
    assert calamine.sheet_names == book.sheetnames
    assert sum(len(calamine.get_sheet_by_name(n).to_python()) - 1 for n in calamine.sheet_names) == rows


@pytest.mark.parametrize(
    ("title", "number", "name"),
    [
        ("answers", 1, "answers"),
        ("answers", 12, "answers (12)"),
        ("a/b\\c[d]e:f*g?h", 1, "a_b_c_d_e_f_g_h"),
        ("'quoted'", 1, "quoted"),
        ("", 1, "Sheet"),
        ("x" * 40, 1, "x" * 31),
        ("x" * 40, 2, "x" * 27 + " (2)"),
    ],
)
def test_sheet_names_follow_excels_rules(title: str, number: int, name: str) -> None:
    assert xlsx.sheet_name(title, number) == name

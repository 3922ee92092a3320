"""A campaign's results as an XLSX report HR can act on: a heatmap of units × themes coloured by each cell's
difference from the whole organisation's value for that theme (conditional formatting, a colour-blind-safe
orange–white–blue scale, with a legend), the distributions on their own sheet, the withheld cells explained,
and a chart of the whole organisation's means.

It only lays out what bot.services.campaign_results released: a withheld cell has no number here either.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.core.i18n import t
from bot.services import readable
from bot.services.campaign_results import Results, label, table
from bot.services.exports import disarm
from flows.rollup import ROOT

# Colour-blind-safe diverging ends (ColorBrewer PuOr-like: orange below, blue above) around a near-white middle.
BELOW, SAME, ABOVE = "E08214", "F7F7F7", "2166AC"
SPREAD = 1.0  # a difference of a whole point on the scale takes the full colour
WITHHELD = "D9D9D9"
FIRST_ROW = 4  # the heatmap's header row: a title and the legend above it


def _text(value: object) -> object:
    """User text (unit names, themes) as text, never a formula."""
    return disarm(value) if isinstance(value, str) else value


def _width(values: list[object], least: int = 8, most: int = 48) -> float:
    return float(min(most, max([least, *(len(str(v)) + 2 for v in values if v is not None)])))


def write(path: Path, results: Results, locale: str) -> None:
    """Write the report to `path`."""
    from openpyxl import Workbook

    book = Workbook()
    heat = book.active
    assert heat is not None
    heat.title = t("book.heatmap", locale)[:31]
    _heatmap(heat, results, locale)
    _distributions(book.create_sheet(t("book.distributions", locale)[:31]), results, locale)
    book.save(path)


def _heatmap(sheet: Any, results: Results, locale: str) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill

    flow = results.flow
    scale = max((s.scale for s in flow.rated_steps), default=5)
    themes = [flow.step(s).theme.get(locale) for s in results.steps]
    bold = Font(bold=True)
    sheet["A1"] = _text(t("book.title", locale, id=results.campaign.id, title=flow.title.get(locale), scale=scale))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = t("book.legend", locale)
    for column, (colour, key) in enumerate(
        ((BELOW, "book.legend_below"), (SAME, "book.legend_same"), (ABOVE, "book.legend_above"), (WITHHELD, "")), 2
    ):
        cell = sheet.cell(row=2, column=column + 1)
        cell.value = t(key, locale) if key else t("campaign.withheld", locale)
        cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
        cell.font = Font(color="FFFFFF" if colour in (BELOW, ABOVE) else "000000", bold=True)
        cell.alignment = Alignment(horizontal="center")
    header = [t("readable.col.unit", locale), t("readable.col.level", locale), *themes]
    for column, value in enumerate(header, 1):
        cell = sheet.cell(row=FIRST_ROW, column=column, value=_text(value))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    grey = PatternFill("solid", start_color=WITHHELD, end_color=WITHHELD)
    row = FIRST_ROW
    for node in results.nodes:
        if not any((node.name, s) in results.cells for s in results.steps):
            continue
        row += 1
        name = sheet.cell(row=row, column=1, value=_text(label(node.name, locale)))
        name.alignment = Alignment(indent=node.depth)
        if node.name == ROOT:
            name.font = bold
        sheet.cell(row=row, column=2, value=node.depth)
        for i, step in enumerate(results.steps):
            cell = sheet.cell(row=row, column=3 + i)
            found = results.cells.get((node.name, step))
            if found is None:
                continue
            if found.released and found.mean is not None:
                cell.value = round(found.mean, 2)
                cell.number_format = "0.0"
            else:
                cell.value = t("campaign.withheld", locale)
                cell.fill = grey
                cell.font = Font(italic=True)
    last = row
    from openpyxl.utils import get_column_letter

    for i, step in enumerate(results.steps):
        whole = results.cells.get((ROOT, step))
        if whole is None or not whole.released or whole.mean is None or last <= FIRST_ROW:
            continue
        letter = get_column_letter(3 + i)
        sheet.conditional_formatting.add(
            f"{letter}{FIRST_ROW + 1}:{letter}{last}",
            ColorScaleRule(
                start_type="num",
                start_value=round(whole.mean - SPREAD, 2),
                start_color=BELOW,
                mid_type="num",
                mid_value=round(whole.mean, 2),
                mid_color=SAME,
                end_type="num",
                end_value=round(whole.mean + SPREAD, 2),
                end_color=ABOVE,
            ),
        )
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW + 1, column=2)
    sheet.auto_filter.ref = f"A{FIRST_ROW}:{get_column_letter(len(header))}{max(last, FIRST_ROW + 1)}"
    sheet.column_dimensions["A"].width = _width([label(n.name, locale) for n in results.nodes], least=16)
    sheet.column_dimensions["B"].width = 8
    for i, theme in enumerate(themes):
        sheet.column_dimensions[get_column_letter(3 + i)].width = _width([theme], least=10, most=18)
    sheet.row_dimensions[FIRST_ROW].height = 45
    note = last + 2
    sheet.cell(row=note, column=1, value=t("campaign.withheld_why", locale, threshold=results.threshold))
    sheet.cell(row=note + 1, column=1, value=t("book.reference", locale))
    chart = BarChart()
    chart.type = "col"
    chart.title = t("book.chart", locale)
    chart.y_axis.title = t("readable.col.mean", locale)
    chart.y_axis.scaling.min = 1
    chart.y_axis.scaling.max = scale
    root_row = next(
        (r for r in range(FIRST_ROW + 1, last + 1) if sheet.cell(row=r, column=2).value == 0),
        None,
    )
    if root_row is not None and results.steps:
        values = Reference(sheet, min_col=3, max_col=2 + len(results.steps), min_row=root_row, max_row=root_row)
        chart.add_data(values, from_rows=True, titles_from_data=False)
        chart.series[0].tx = None
        chart.set_categories(Reference(sheet, min_col=3, max_col=2 + len(results.steps), min_row=FIRST_ROW))
        chart.legend = None
    chart.width, chart.height = 24, 10
    sheet.add_chart(chart, f"A{note + 3}")


def _change(mean: object, before: object) -> object:
    if isinstance(mean, int | float) and isinstance(before, int | float):
        return round(float(mean) - float(before), 2)
    return ""


def _distributions(sheet: Any, results: Results, locale: str) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns, rows = table(results, locale)
    if "mean" in columns and "previous_mean" in columns:  # the change since the previous campaign, beside it
        mean, before = columns.index("mean"), columns.index("previous_mean")
        columns = [*columns[: before + 1], "change", *columns[before + 1 :]]
        rows = [[*r[: before + 1], _change(r[mean], r[before]), *r[before + 1 :]] for r in rows]
    header = readable.header(columns, locale)
    sheet.append([_text(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in rows:
        sheet.append([_text(v) if v != "" else None for v in r])
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(rows) + 1, 2)}"
    for i, name in enumerate(header):
        values = [name, *(r[i] for r in rows[:500])]
        sheet.column_dimensions[get_column_letter(i + 1)].width = _width(values, most=40 if i < len(header) - 1 else 60)

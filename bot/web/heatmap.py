"""The results heatmap as HR decides with it: each released cell coloured by how far its mean lies from a
reference HR picks (the whole organisation's value for the theme, or the unit's own previous campaign), on a
colour-blind-safe diverging scale (ColorBrewer's PuOr: orange below, purple above) with a legend, the change
since the previous campaign as a signed number with an arrow, and rows sortable by any theme.

Only presentation: the numbers, and which of them may be shown at all, come from bot.campaign_results.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.campaign_results import Node, Results
from flows.rollup import ROOT

ORG, PREVIOUS = "org", "previous"
REFERENCES = (ORG, PREVIOUS)

# (lowest difference that falls in the band, background, text colour); the text colour is the one with the higher
# contrast (tests/test_heatmap.py checks every pair reaches WCAG AA's 4.5:1).
BANDS: tuple[tuple[float, str, str], ...] = (
    (float("-inf"), "#b35806", "#ffffff"),
    (-0.5, "#f1a340", "#1d1c1d"),
    (-0.3, "#fee0b6", "#1d1c1d"),
    (-0.1, "#f7f7f7", "#1d1c1d"),
    (0.1, "#d8daeb", "#1d1c1d"),
    (0.3, "#998ec3", "#1d1c1d"),
    (0.5, "#542788", "#ffffff"),
)
NO_REFERENCE = ("#ffffff", "#1d1c1d")
STEADY = 0.05  # a change smaller than this reads as no change


@dataclass(frozen=True)
class Shown:
    """One cell as the page shows it."""

    state: str  # "none" (the unit has no such cell), "withheld", "empty" (nobody rated), "shown"
    mean: float | None = None
    n: int = 0
    difference: float | None = None  # from the reference; None when there is none to compare with
    change: float | None = None  # since the previous campaign
    background: str = NO_REFERENCE[0]
    text: str = NO_REFERENCE[1]
    band: int | None = None  # index into BANDS
    left_out: bool = False  # counted without a part too small to show (bot.services.disclosure's †)

    @property
    def arrow(self) -> str:
        if self.change is None:
            return ""
        return "↑" if self.change >= STEADY else "↓" if self.change <= -STEADY else "→"


@dataclass(frozen=True)
class Row:
    node: Node
    unit_id: int | None
    cells: list[Shown]
    answered: int | None = None
    invited: int | None = None

    @property
    def participation(self) -> float | None:
        return self.answered / self.invited if self.invited and self.answered is not None else None


def band(difference: float) -> int:
    """Which of BANDS a difference falls in."""
    found = 0
    for i, (low, _bg, _fg) in enumerate(BANDS):
        if difference >= low:
            found = i
    return found


def shown(results: Results, node: str, step: str, reference: str) -> Shown:
    cell = results.cells.get((node, step))
    if cell is None:
        return Shown("none")
    if not cell.released:
        return Shown("withheld")
    if cell.mean is None:
        return Shown("empty")
    before = results.previous.get((node, step))
    change = cell.mean - before if before is not None else None
    if reference == PREVIOUS:
        base = before
    else:
        org = results.cells.get((ROOT, step))
        base = org.mean if org is not None and org.released and node != ROOT else None
    left_out = bool(getattr(cell, "left_out", False))
    if base is None:
        return Shown("shown", cell.mean, cell.n, None, change, left_out=left_out)
    difference = cell.mean - base
    i = band(difference)
    return Shown("shown", cell.mean, cell.n, difference, change, BANDS[i][1], BANDS[i][2], i, left_out)


def rows(
    results: Results,
    reference: str,
    unit_ids: dict[str, int],
    participation: dict[str, tuple[int, int]] | None = None,
    sort: str | None = None,
    descending: bool = False,
) -> list[Row]:
    """The heatmap's rows: the tree in order, or sorted by one theme's mean (withheld and empty cells last).
    The whole organisation's row is left out when it only repeats a single top unit."""
    nodes = list(results.nodes)
    tops = [n for n in nodes if n.parent is None and n.name != ROOT]
    if nodes and nodes[0].name == ROOT and len(tops) == 1:
        same = all(results.cells.get((ROOT, s)) == results.cells.get((tops[0].name, s)) for s in results.steps)
        if same:
            nodes = nodes[1:]
    found = [
        Row(
            node,
            unit_ids.get(node.name),
            [shown(results, node.name, s, reference) for s in results.steps],
            *((participation or {}).get(node.name, (None, None))),
        )
        for node in nodes
    ]
    if sort in results.steps:
        at = results.steps.index(sort)
        with_mean = [r for r in found if r.cells[at].mean is not None]
        without = [r for r in found if r.cells[at].mean is None]
        with_mean.sort(key=lambda r: r.cells[at].mean or 0.0, reverse=descending)
        found = with_mean + without
    return found


def legend() -> list[tuple[str, str, float | None, float | None]]:
    """Each band's colours and the differences it covers (None: open at that end)."""
    out: list[tuple[str, str, float | None, float | None]] = []
    for i, (low, bg, fg) in enumerate(BANDS):
        high = BANDS[i + 1][0] if i + 1 < len(BANDS) else None
        out.append((bg, fg, None if i == 0 else low, high))
    return out


def contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)

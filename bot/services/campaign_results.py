"""A campaign's results for HR (or a manager's roll-ups): each theme's distribution and mean per unit and rolled
up the tree, released by flows.rollup's rules, with the previous campaign's mean beside it (the trend).

Only closed rounds count, only ratings (free text stays with each unit's lead), only the concept's own steps as
the current file words them (a round on another version counts for the steps the two share by id and wording; a
unit's own questions never count), and the receiver's own possible answer never helps them: where they were
invited, one more answer is needed. *Rather not say* is not a rating: it is in no count, mean or n here, and its
count is not shown per unit (refusals subtracted across the tree could describe a group below the threshold).
The same numbers feed the
Slack summary, the heatmap, the CSV/XLSX files and (later) the dashboard: one implementation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.core.i18n import t
from bot.services import disclosure
from bot.services.disclosure import CAMPAIGN_RESULTS, TREND
from bot.services.flow_versions import version_of
from flows import versions
from flows.model import Flow
from flows.rollup import ROOT, Cell, subtree, totals
from storage import campaigns as campaign_store
from storage import rounds as round_store
from storage import units
from storage.db import Database
from storage.models import Campaign
from storage.status import RoundStatus


@dataclass(frozen=True)
class Node:
    name: str  # ROOT ("") for all units
    parent: str | None
    depth: int


@dataclass
class Results:
    campaign: Campaign
    flow: Flow
    threshold: int
    steps: list[str]  # the rated steps, in the flow's order
    nodes: list[Node]  # depth first, ROOT first; only what the receiver may see
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (node, step) → cell
    previous: dict[tuple[str, str], float] = field(default_factory=dict)  # released in both campaigns only

    def released(self) -> bool:
        return any(c.released and c.n for c in self.cells.values())

    def left_out(self) -> bool:
        """Whether some shown total counts without a part too small to show."""
        return any(c.released and c.left_out for c in self.cells.values())


def compute(
    db: Database,
    flows: dict[str, Flow],
    campaign: Campaign,
    threshold: int,
    receiver: str | None = None,
    hr: bool = True,
    trend: bool = True,
    *,
    now: datetime | None = None,
    ledger: bool = True,
    surface: str = CAMPAIGN_RESULTS,
) -> Results:
    """What `receiver` may see of the campaign: HR every unit and the whole; anyone else only the roll-ups
    (units with sub-units) of the units they lead. The tree is the campaign's own, frozen when it started; every
    cell passes bot.services.disclosure (against everything released before) and what is shown is recorded there."""
    assert campaign.id is not None
    now = now or datetime.now(UTC)
    flow = flows[campaign.flow_id]
    steps = [s.id for s in flow.rated_steps]
    scale = max((s.scale for s in flow.rated_steps), default=5)
    rows = campaign_store.units_of(db, campaign.id)
    names = {u.id: u.name for _cu, u in rows}
    parent_of = {u.name: names.get(cu.parent_unit_id) if cu.parent_unit_id in names else None for cu, u in rows}
    rounds = {
        unit_id: r for unit_id, r in campaign_store.rounds_of(db, campaign.id).items() if r.status == RoundStatus.CLOSED
    }
    own: dict[str, dict[str, tuple[int, ...]]] = {step: {} for step in steps}
    counting: dict[str, dict[str, int]] = {step: {} for step in steps}  # step → unit → its round, where it counts
    counted = round_store.rating_counts(db, [r.id for r in rounds.values() if r.id is not None])
    shared: dict[int, set[str]] = {}  # by version: the steps it shares with the current file (id and wording)
    for unit_id, rnd in rounds.items():
        assert rnd.id is not None
        if rnd.flow_version not in shared:
            base = version_of(db, flows, rnd.flow_id, rnd.flow_version)
            shared[rnd.flow_version] = versions.shared_steps(base, flow) if base is not None else set()
        for step in steps:
            given = counted[rnd.id].get(step, {}) if step in shared[rnd.flow_version] else {}
            own[step][names[unit_id]] = tuple(given.get(v, 0) for v in range(1, scale + 1))
            if step in shared[rnd.flow_version]:
                counting[step][names[unit_id]] = rnd.id
    children: dict[str | None, list[str]] = {}
    for name, parent in parent_of.items():
        children.setdefault(parent, []).append(name)
    candidates: set[str] | None = None
    if not hr:
        led = set(units.units_led_by(db, receiver or "")) & set(names)
        candidates = {n for n in subtree([names[u] for u in led], children) if children.get(n)}
    results = Results(campaign, flow, threshold, steps, _order(children, candidates))
    below = {name: subtree([name], children) for name in parent_of} | {ROOT: set(parent_of)}
    shown_nodes = [ROOT, *parent_of] if candidates is None else sorted(candidates)
    asks = {
        step: [(node, frozenset(counting[step][n] for n in below[node] if n in counting[step])) for node in shown_nodes]
        for step in steps
    }
    decided = disclosure.release(
        db, threshold, receiver or "cli", surface, f"campaign {campaign.id}", asks, now, ledger=ledger, leave_out=True
    )
    for step in steps:
        total = totals(parent_of, own[step], scale)
        unit_of = {rid: name for name, rid in counting[step].items()}
        for node in shown_nodes:
            counted_in = decided[step].get(node)
            if counted_in is None:
                results.cells[(node, step)] = Cell(total[node], False)
                continue
            counts = [0] * scale
            for rid in counted_in:
                for i, c in enumerate(own[step][unit_of[rid]]):
                    counts[i] += c
            left_out = sum(total[node]) - sum(counts)
            results.cells[(node, step)] = Cell(tuple(counts), True, left_out, counted_in)
    if trend and (before := campaign_store.previous(db, campaign)) is not None and before.flow_id in flows:
        earlier = compute(
            db, flows, before, threshold, receiver, hr, trend=False, now=now, ledger=ledger, surface=TREND
        )
        for (node, step), cell in results.cells.items():
            old = earlier.cells.get((node, step))
            if cell.released and old is not None and old.released and old.mean is not None:
                results.previous[(node, step)] = old.mean
    return results


def _order(children: dict[str | None, list[str]], candidates: set[str] | None) -> list[Node]:
    nodes = [Node(ROOT, None, 0)] if candidates is None else []
    top = 1 if candidates is None else 0
    stack: list[tuple[str, str | None, int]] = [(n, None, top) for n in sorted(children.get(None, []), reverse=True)]
    while stack:  # depth first, without recursion: a tree of any depth
        name, parent, depth = stack.pop()
        if candidates is None or name in candidates:
            nodes.append(Node(name, parent, depth))
        stack.extend((c, name, depth + 1) for c in sorted(children.get(name, []), reverse=True))
    return nodes


def label(node: str, locale: str) -> str:
    return node or t("campaign.all_units", locale)


HEADER = ["campaign", "unit", "parent", "level", "theme_id", "theme", "ratings", "mean"]


def table(results: Results, locale: str) -> tuple[list[object], list[list[object]]]:
    """The file's header and rows: one per unit and theme; withheld cells say so and show no number."""
    flow = results.flow
    scale = max((s.scale for s in flow.rated_steps), default=5)
    header: list[object] = [*HEADER, *[f"rated_{i}" for i in range(1, scale + 1)], "previous_mean", "note"]
    why = t("campaign.withheld_why", locale, threshold=results.threshold)
    rows: list[list[object]] = []
    for node in results.nodes:
        for step in results.steps:
            cell = results.cells.get((node.name, step))
            if cell is None:
                continue
            base: list[object] = [
                results.campaign.id,
                label(node.name, locale),
                label(node.parent, locale) if node.parent is not None else "",
                node.depth,
                step,
                flow.step(step).theme.get(locale),
            ]
            if cell.released:
                mean = round(cell.mean, 2) if cell.mean is not None else ""
                previous = results.previous.get((node.name, step))
                note = t("campaign.left_out", locale) if cell.left_out else ""
                previous_mean = round(previous, 2) if previous is not None else ""
                rows.append([*base, cell.n, mean, *cell.counts, previous_mean, note])
            else:
                rows.append([*base, "", "", *[""] * scale, "", why])
    return header, rows

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

from bot.flow_versions import version_of
from bot.i18n import t
from flows import versions
from flows.model import Flow
from flows.rollup import ROOT, Cell, release, subtree
from storage import campaigns as campaign_store
from storage import rounds as round_store
from storage import units
from storage.db import Database
from storage.models import Campaign


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


def compute(
    db: Database,
    flows: dict[str, Flow],
    campaign: Campaign,
    threshold: int,
    receiver: str | None = None,
    hr: bool = True,
    trend: bool = True,
) -> Results:
    """What `receiver` may see of the campaign: HR every unit and the whole; anyone else only the roll-ups
    (units with sub-units) of the units they lead."""
    assert campaign.id is not None
    flow = flows[campaign.flow_id]
    steps = [s.id for s in flow.rated_steps]
    scale = max((s.scale for s in flow.rated_steps), default=5)
    rows = campaign_store.units_of(db, campaign.id)
    names = {u.id: u.name for _cu, u in rows}
    parent_of = {u.name: names.get(u.parent_id) if u.parent_id in names else None for _cu, u in rows}
    rounds = {unit_id: r for unit_id, r in campaign_store.rounds_of(db, campaign.id).items() if r.status == "closed"}
    own: dict[str, dict[str, tuple[int, ...]]] = {step: {} for step in steps}
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
    receiver_in: set[str] = set()
    if receiver is not None:
        ids = [r.id for r in rounds.values() if r.id is not None]
        invited = {rid for rid, _u in round_store.participations(db, ids, [receiver])}
        receiver_in = {names[u] for u, r in rounds.items() if r.id in invited}
    children: dict[str | None, list[str]] = {}
    for name, parent in parent_of.items():
        children.setdefault(parent, []).append(name)
    candidates: set[str] | None = None
    if not hr:
        led = set(units.units_led_by(db, receiver or "")) & set(names)
        candidates = {n for n in subtree([names[u] for u in led], children) if children.get(n)}
    results = Results(campaign, flow, threshold, steps, _order(children, candidates))
    for step in steps:
        for node, cell in release(
            parent_of, own[step], scale, threshold, candidates=candidates, receiver_in=receiver_in
        ).items():
            if candidates is None or node in candidates:
                results.cells[(node, step)] = cell
    if trend and (before := campaign_store.previous(db, campaign)) is not None and before.flow_id in flows:
        earlier = compute(db, flows, before, threshold, receiver, hr, trend=False)
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
                rows.append([*base, cell.n, mean, *cell.counts, round(previous, 2) if previous is not None else "", ""])
            else:
                rows.append([*base, "", "", *[""] * scale, "", why])
    return header, rows

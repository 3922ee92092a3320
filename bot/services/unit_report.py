"""One unit of a campaign as HR (or the lead of a roll-up) opens it: each theme's released distribution and
mean with the change since the previous campaign, its trend over every campaign of the concept, its progress
(HR), and the closed rounds of it and its sub-units that the reader may open. What may be shown is decided by
bot.campaign_results, exactly as for the heatmap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from bot.services import campaign_results, progress_tree
from bot.services.campaign_results import Node, Results
from bot.services.progress_tree import Level
from flows.model import Flow
from flows.rollup import Cell, subtree
from storage import campaigns as campaign_store
from storage import people, units
from storage.db import Database
from storage.models import Campaign, Round
from storage.status import RoundStatus

ResultsOf = Callable[..., Results]  # (campaign, receiver, hr, trend=True) → its results, perhaps kept


@dataclass
class UnitReport:
    campaign: Campaign
    results: Results
    node: Node
    unit_id: int
    cells: dict[str, Cell]  # by step; only what the reader may see
    previous: dict[str, float]
    trend: list[tuple[Campaign, dict[str, float | None]]] = field(default_factory=list)  # oldest first
    level: Level | None = None  # HR only
    rounds: list[tuple[Campaign, str, Round]] = field(default_factory=list)  # (campaign, unit name, closed round)


def unit_ids(db: Database, campaign_id: int) -> dict[str, int]:
    """The campaign's unit names → ids (the pages link units by id)."""
    return {u.name: u.id for _cu, u in campaign_store.units_of(db, campaign_id) if u.id is not None}


def report(
    db: Database,
    flows: dict[str, Flow],
    campaign: Campaign,
    unit_id: int,
    threshold: int,
    receiver: str | None,
    hr: bool,
    today: date,
    results_of: ResultsOf | None = None,
) -> UnitReport | None:
    """The unit's page, or None when the reader may not see it (or it is not in the campaign)."""
    assert campaign.id is not None
    names = {i: n for n, i in unit_ids(db, campaign.id).items()}
    if unit_id not in names:
        return None
    name = names[unit_id]
    compute = results_of or (lambda c, r, h, trend=True: campaign_results.compute(db, flows, c, threshold, r, h, trend))
    found = compute(campaign, receiver, hr)
    node = next((n for n in found.nodes if n.name == name), None)
    if node is None:
        return None
    cells = {s: c for (n, s), c in found.cells.items() if n == name}
    previous = {s: m for (n, s), m in found.previous.items() if n == name}
    out = UnitReport(campaign, found, node, unit_id, cells, previous)
    earlier = sorted(
        (
            c
            for c in campaign_store.all_campaigns(db)
            if c.flow_id == campaign.flow_id and c.starts_on <= campaign.starts_on
        ),
        key=lambda c: (c.starts_on, c.id or 0),
    )
    for c in earlier:
        then = found if c.id == campaign.id else compute(c, receiver, hr, False)
        means: dict[str, float | None] = {}
        for s in found.steps:
            cell = then.cells.get((name, s))
            means[s] = cell.mean if cell is not None and cell.released else None
        out.trend.append((c, means))
    children: dict[str | None, list[str]] = {}
    for n in found.nodes:
        children.setdefault(n.parent, []).append(n.name)
    below = subtree([name], children) if hr else {name}
    for c in reversed(earlier):
        assert c.id is not None
        there = {i: n for n, i in unit_ids(db, c.id).items()}
        for uid, rnd in sorted(campaign_store.rounds_of(db, c.id).items(), key=lambda x: there.get(x[0], "")):
            shown = there.get(uid) in below if c.id == campaign.id else uid == unit_id
            if shown and rnd.status == RoundStatus.CLOSED and (hr or rnd.lead_id == receiver):
                out.rounds.append((c, there.get(uid, ""), rnd))
    if hr:
        out.level = next((lv for lv in progress_tree.tree(db, campaign.id, today) if lv.unit_id == unit_id), None)
    return out


def unit_name(db: Database, unit_id: int) -> str:
    return units.name_of(db, unit_id)


def names_of(db: Database, user_ids: list[str]) -> dict[str, str]:
    """How the pages name people: by the display name Slack shows, else the e-mail the directory knows, else as
    given."""
    known = people.names_of(db, [u for u in user_ids if u])
    return {u: known.get(u, u) for u in user_ids}

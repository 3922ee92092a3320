"""What HR's home page points at: the running campaigns' participation and the units that have not started, the
weakest themes and the biggest changes of the latest results, upcoming workshops with seats left, and how many
experiences were shared since HR last looked. Numbers come from the services that release them
(bot.campaign_results, bot.progress_tree); nothing here decides what may be shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.services import campaign_results, progress_tree
from bot.services.campaign_results import Results
from bot.services.progress_tree import Level
from flows.model import Flow
from flows.rollup import ROOT
from storage import campaigns as campaign_store
from storage import workshops as workshop_store
from storage.db import Database
from storage.exports import Period
from storage.exports import experiences as experience_rows
from storage.models import Campaign, Workshop

WEAKEST = 3
CHANGES = 5


@dataclass
class Running:
    campaign: Campaign
    answered: int
    invited: int
    started: int
    units: int
    not_started: list[Level]


@dataclass(frozen=True)
class Change:
    node: str
    step: str
    mean: float
    before: float

    @property
    def change(self) -> float:
        return self.mean - self.before


@dataclass
class Attention:
    running: list[Running] = field(default_factory=list)
    latest: Results | None = None  # the newest campaign with released results
    weakest: list[tuple[str, float]] = field(default_factory=list)  # (step, the whole's mean), lowest first
    changes: list[Change] = field(default_factory=list)  # biggest first, either way
    workshops: list[tuple[Workshop, int]] = field(default_factory=list)  # with the seats left
    new_experiences: int = 0


def gather(
    db: Database,
    flows: dict[str, Flow],
    threshold: int,
    today: date,
    now: datetime,
    since: date | None,
    receiver: str | None = None,
    results_of: Callable[[Campaign], Results] | None = None,
) -> Attention:
    """What needs HR's attention today; experiences counted from `since` (the last visit) when given. Results
    as `receiver` (the HR person looking) may see them: their own answers never help a cell over the threshold."""
    out = Attention()
    for c in campaign_store.running(db, today):
        if c.id is None or c.starts_on > today:
            continue
        levels = progress_tree.tree(db, c.id, today)
        answered, invited, started, units = progress_tree.totals(levels)
        out.running.append(Running(c, answered, invited, started, units, [lv for lv in levels if lv.not_started]))
    for c in campaign_store.all_campaigns(db):
        if c.flow_id not in flows:
            continue
        found = results_of(c) if results_of is not None else campaign_results.compute(db, flows, c, threshold, receiver)
        if found.released():
            out.latest = found
            break
    if out.latest is not None:
        whole = [(s, out.latest.cells.get((ROOT, s))) for s in out.latest.steps]
        means = [(s, c.mean) for s, c in whole if c is not None and c.released and c.mean is not None]
        out.weakest = sorted(means, key=lambda x: x[1])[:WEAKEST]
        changes = [
            Change(node, step, cell.mean, out.latest.previous[(node, step)])
            for (node, step), cell in out.latest.cells.items()
            if cell.mean is not None and (node, step) in out.latest.previous
        ]
        out.changes = sorted(changes, key=lambda c: (-abs(c.change), c.node, c.step))[:CHANGES]
    out.workshops = [
        (w, max(w.capacity - w.seats_taken, 0)) for w in workshop_store.upcoming(db, now) if w.starts_at > now
    ]
    _header, rows = experience_rows(
        db, Period(since=datetime.combine(since, datetime.min.time())) if since else Period()
    )
    out.new_experiences = sum(1 for _ in rows)
    return out

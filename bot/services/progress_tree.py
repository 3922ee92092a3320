"""A campaign's progress as the tree of units: each unit's own stage and counts, and each level's roll-up (its
own people and everyone below: answered of invited, and how many units have started), so HR reads from the top
where things stand. A unit with sub-units and no people of its own (a faculty made only of departments) is a
group: it has no round, so no stage and nothing to nudge. Counts only, never who.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from storage import campaigns as campaign_store
from storage import units
from storage.campaigns import Progress, Stage
from storage.db import Database


@dataclass
class Level:
    unit_id: int
    name: str
    parent_id: int | None
    depth: int
    own: Progress
    group: bool  # sub-units and no people of its own
    children: list[int] = field(default_factory=list)
    answered: int = 0  # rolled up: its own and everything below
    invited: int = 0
    units: int = 0  # rounds that belong here or below (groups excluded)
    started: int = 0

    @property
    def share(self) -> float | None:
        return self.answered / self.invited if self.invited else None

    @property
    def not_started(self) -> bool:
        return not self.group and self.own.stage == Stage.NOT_STARTED


def tree(db: Database, campaign_id: int, today: date, groups: bool = True) -> list[Level]:
    """The campaign's units depth first (siblings by name), each with its roll-up. `groups=False`: without
    telling groups apart (one query less; the counts are the same, as a group has nobody of its own)."""
    found = {p.unit_id: p for p in campaign_store.progress(db, campaign_id, today)}
    rows = campaign_store.units_of(db, campaign_id)
    parent = {u.id: (cu.parent_unit_id if cu.parent_unit_id in found else None) for cu, u in rows if u.id is not None}
    own_people = units.with_members(db, list(found)) if groups else set()
    children: dict[int | None, list[int]] = {}
    for unit_id, p in parent.items():
        children.setdefault(p, []).append(unit_id)
    for kids in children.values():
        kids.sort(key=lambda u: found[u].unit.casefold())
    levels: dict[int, Level] = {}
    order: list[Level] = []

    def walk(unit_id: int, depth: int) -> Level:
        own = found[unit_id]
        kids = children.get(unit_id, [])
        group = groups and bool(kids) and unit_id not in own_people and not own.invited
        level = Level(unit_id, own.unit, parent[unit_id], depth, own, group, list(kids))
        order.append(level)
        levels[unit_id] = level
        if not group:
            level.answered, level.invited = own.answered, own.invited
            level.units, level.started = 1, int(own.stage != Stage.NOT_STARTED)
        for kid in kids:
            below = walk(kid, depth + 1)
            level.answered += below.answered
            level.invited += below.invited
            level.units += below.units
            level.started += below.started
        return level

    for top in children.get(None, []):
        walk(top, 0)
    return order


def participation(levels: list[Level]) -> dict[str, tuple[int, int]]:
    """Answered and invited by unit name, rolled up (for the heatmap's participation column)."""
    return {lv.name: (lv.answered, lv.invited) for lv in levels}


def totals(levels: list[Level]) -> tuple[int, int, int, int]:
    """The whole campaign: answered, invited, units started, units with a round to hold."""
    tops = [lv for lv in levels if lv.parent_id is None]
    return (
        sum(lv.answered for lv in tops),
        sum(lv.invited for lv in tops),
        sum(lv.started for lv in tops),
        sum(lv.units for lv in tops),
    )

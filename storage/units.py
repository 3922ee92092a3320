"""The stored organisation: units and their members, replaced by a new import as a difference, not wholesale,
so unit ids (which campaigns and rounds point at) stay the same while a unit keeps its name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlmodel import col

from storage.db import Database
from storage.models import Person, Unit, UnitMember
from storage.status import UnitRole


@dataclass(frozen=True)
class Source:
    """One unit as a source describes it (the shape of bot.org_chart's OrgUnit, without depending on it)."""

    name: str
    parent: str | None
    people: Mapping[str, UnitRole]  # by e-mail


@dataclass
class Changes:
    new_units: list[str] = field(default_factory=list)
    gone_units: list[str] = field(default_factory=list)
    moved_units: list[str] = field(default_factory=list)
    joined: int = 0
    left: int = 0
    moved: int = 0  # people now in another unit than before
    new_leads: list[str] = field(default_factory=list)  # units whose lead changed

    def describe(self) -> str:
        parts = [
            f"units: {len(self.new_units)} new, {len(self.gone_units)} gone, {len(self.moved_units)} moved",
            f"people: {self.joined} joined, {self.left} left, {self.moved} moved",
            f"new leads: {', '.join(self.new_leads[:20]) or 'none'}" + (" …" if len(self.new_leads) > 20 else ""),
        ]
        return "; ".join(parts)


def apply(db: Database, units: list[Source]) -> Changes:
    """Make the stored organisation what `units` say, in one transaction: units found by name keep their id,
    units no longer in the source become inactive (their history stays), members are added, removed or given
    their new role."""
    changes = Changes()
    with db.session() as s:
        stored = {u.name: u for u in s.execute(select(Unit)).scalars()}
        ids = {u.id: u.name for u in stored.values()}
        before: dict[str, dict[str, UnitRole]] = {}
        for unit_id, email, role in s.execute(
            select(col(UnitMember.unit_id), col(UnitMember.email), col(UnitMember.role))
        ):
            before.setdefault(ids[unit_id], {})[email] = role
        where_before = {e: name for name, people in before.items() if stored[name].active for e in people}
        for src in units:
            if src.name not in stored:
                stored[src.name] = Unit(name=src.name)
                s.add(stored[src.name])
                changes.new_units.append(src.name)
            elif not stored[src.name].active:
                stored[src.name].active = True
                changes.new_units.append(src.name)
        s.flush()
        wanted = {src.name for src in units}
        for src in units:
            unit = stored[src.name]
            parent_id = stored[src.parent].id if src.parent else None
            if unit.parent_id != parent_id and src.name not in changes.new_units:
                changes.moved_units.append(src.name)
            unit.parent_id = parent_id
        for name, unit in stored.items():
            if name not in wanted and unit.active:
                unit.active = False
                changes.gone_units.append(name)
        s.flush()
        rows = []
        for src in units:
            old = before.get(src.name, {})
            leads_before = sorted(e for e, r in old.items() if r == UnitRole.LEAD)
            if (
                leads_before != sorted(e for e, r in src.people.items() if r == UnitRole.LEAD)
                and src.name not in changes.new_units
            ):
                changes.new_leads.append(src.name)
            rows += [{"unit_id": stored[src.name].id, "email": e, "role": r} for e, r in src.people.items()]
        where_now = {e: src.name for src in units for e in src.people}
        changes.joined = sum(1 for e in where_now if e not in where_before)
        changes.left = sum(1 for e in where_before if e not in where_now)
        changes.moved = sum(1 for e, name in where_now.items() if e in where_before and where_before[e] != name)
        s.execute(delete(UnitMember))
        if rows:
            s.execute(UnitMember.__table__.insert(), rows)  # type: ignore[attr-defined]
        s.commit()
    return changes


@dataclass(frozen=True)
class UnitRow:
    id: int
    name: str
    parent_id: int | None
    members: int  # everyone in the unit, lead and deputies included
    matched: int  # of them, found in Slack by e-mail


def tree(db: Database) -> list[UnitRow]:
    """Active units with their counts, by name."""
    with db.session() as s:
        counts: dict[int, int] = {
            unit: n
            for unit, n in s.execute(select(col(UnitMember.unit_id), func.count()).group_by(col(UnitMember.unit_id)))
        }
        found = (
            select(col(UnitMember.unit_id), func.count())
            .join(Person, col(Person.email) == col(UnitMember.email))
            .where(col(Person.deleted).is_(False))
            .group_by(col(UnitMember.unit_id))
        )
        matched: dict[int, int] = {unit: n for unit, n in s.execute(found)}
        units = s.execute(select(Unit).where(col(Unit.active)).order_by(col(Unit.name))).scalars().all()
        return [UnitRow(u.id, u.name, u.parent_id, counts.get(u.id, 0), matched.get(u.id, 0)) for u in units if u.id]


def unmatched(db: Database) -> list[str]:
    """E-mails of active units' people that no Slack account in the directory has."""
    with db.session() as s:
        q = (
            select(col(UnitMember.email))
            .join(Unit, col(Unit.id) == col(UnitMember.unit_id))
            .outerjoin(Person, col(Person.email) == col(UnitMember.email))
            .where(col(Unit.active), col(Person.user_id).is_(None))
            .distinct()
            .order_by(col(UnitMember.email))
        )
        return list(s.execute(q).scalars())


@dataclass(frozen=True)
class Member:
    email: str
    role: UnitRole
    user_id: str | None  # None: not found in Slack


def members(db: Database, unit_ids: list[int]) -> dict[int, list[Member]]:
    """Each unit's people with their Slack ids where the directory knows their e-mail (and they are not gone)."""
    out: dict[int, list[Member]] = {i: [] for i in unit_ids}
    with db.session() as s:
        q = (
            select(col(UnitMember.unit_id), col(UnitMember.email), col(UnitMember.role), col(Person.user_id))
            .outerjoin(Person, (col(Person.email) == col(UnitMember.email)) & col(Person.deleted).is_(False))
            .where(col(UnitMember.unit_id).in_(unit_ids))
            .order_by(col(UnitMember.email))
        )
        for unit_id, email, role, user_id in s.execute(q):
            out[unit_id].append(Member(email, role, user_id))
    return out


def with_members(db: Database, unit_ids: list[int]) -> set[int]:
    """Which of these units have people of their own (members, not only leads or deputies)."""
    if not unit_ids:
        return set()
    with db.session() as s:
        q = (
            select(col(UnitMember.unit_id))
            .where(col(UnitMember.unit_id).in_(unit_ids), col(UnitMember.role) == UnitRole.MEMBER)
            .distinct()
        )
        return set(s.execute(q).scalars())


def by_name(db: Database, names: list[str]) -> dict[str, Unit]:
    with db.session() as s:
        return {u.name: u for u in s.execute(select(Unit).where(col(Unit.name).in_(names), col(Unit.active))).scalars()}


def name_of(db: Database, unit_id: int) -> str:
    """A unit's name ('' for an id that is not a unit)."""
    with db.session() as s:
        unit = s.get(Unit, unit_id)
        return unit.name if unit is not None else ""


def all_units(db: Database) -> list[Unit]:
    """Every unit, active or not (a campaign's results need units that left the source since)."""
    with db.session() as s:
        return list(s.execute(select(Unit).order_by(col(Unit.name))).scalars())


def units_led_by(db: Database, user_id: str) -> list[int]:
    """The active units whose lead or deputy this Slack user is."""
    with db.session() as s:
        q = (
            select(col(UnitMember.unit_id))
            .join(Person, col(Person.email) == col(UnitMember.email))
            .join(Unit, col(Unit.id) == col(UnitMember.unit_id))
            .where(
                col(Person.user_id) == user_id,
                col(UnitMember.role).in_((UnitRole.LEAD, UnitRole.DEPUTY)),
                col(Unit.active),
            )
        )
        return sorted(set(s.execute(q).scalars()))

"""The organisation as a source describes it — units, their parents, leads, deputies and members by e-mail —
read from HR's CSV file or built from Entra ID, and checked before anything is stored. Plain data: no Slack,
no SQL; storage.units applies it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.outbound import csv_files
from storage.status import UnitRole

COLUMNS = ("unit", "parent", "email", "role")
ROLES = tuple(UnitRole)
EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
MAX_NAME = 200
MAX_DEPTH = 50  # levels of units; real organisations have a dozen or so, a longer chain is a mistake in the file


@dataclass
class OrgUnit:
    name: str
    parent: str | None
    line: int  # where the source first named it (0 for Entra)
    people: dict[str, UnitRole] = field(default_factory=dict)  # by e-mail (lower case)

    def with_role(self, role: UnitRole) -> list[str]:
        return sorted(e for e, r in self.people.items() if r == role)


@dataclass
class Org:
    units: dict[str, OrgUnit] = field(default_factory=dict)

    def children(self, name: str | None) -> list[str]:
        return sorted(u.name for u in self.units.values() if u.parent == name)


@dataclass(frozen=True)
class Problem:
    line: int
    text: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.text}" if self.line else self.text


class OrgFileError(Exception):
    """Everything wrong with a source, each problem with its line; nothing was stored."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def parse_csv(data: bytes) -> Org:
    """HR's file: a header row with unit,parent,email,role (any order, extra columns ignored; separated by
    commas, semicolons or tabs), UTF-8 with or without a BOM or Windows-1252, one row per person and unit.
    Raises OrgFileError naming every bad line."""
    rows = csv_files.reader(data)
    header = [h.strip().lower() for h in next(rows, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        found = ", ".join(repr(h) for h in header if h) or "nothing"
        raise OrgFileError(
            [Problem(1, f"the header lacks {', '.join(missing)} (it needs {','.join(COLUMNS)}; it has {found})")]
        )
    at = {c: header.index(c) for c in COLUMNS}
    org, problems = Org(), []
    first_seen: dict[str, tuple[str, int]] = {}  # e-mail → the unit and line that first named them
    for row in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in at.items()}
        unit, parent, email, role = (
            cells["unit"],
            cells["parent"] or None,
            cells["email"].lower(),
            cells["role"].lower(),
        )
        if not unit:
            problems.append(Problem(line, "no unit"))
            continue
        if len(unit) > MAX_NAME:
            problems.append(Problem(line, f"the unit name is longer than {MAX_NAME} characters"))
            continue
        if not EMAIL.match(email):
            problems.append(Problem(line, f"{cells['email']!r} is not an e-mail address"))
        if role not in ROLES:
            problems.append(Problem(line, f"role {cells['role']!r} is not one of {', '.join(ROLES)}"))
        known = org.units.get(unit)
        if known is None:
            known = org.units[unit] = OrgUnit(unit, parent, line)
        elif known.parent != parent:
            problems.append(
                Problem(
                    line,
                    f"unit {unit!r} has parent {parent or '(none)'!r} here but {known.parent or '(none)'!r}"
                    f" on line {known.line}",
                )
            )
        if EMAIL.match(email) and role in ROLES:
            where = first_seen.setdefault(email, (unit, line))
            if where[0] != unit:  # one person, one unit: else their answers count twice in every roll-up above
                problems.append(
                    Problem(line, f"{email} is in {unit!r} here and in {where[0]!r} on line {where[1]} (one unit each)")
                )
                continue
            previous = known.people.get(email)
            if previous is not None and previous != role:
                problems.append(Problem(line, f"{email} is both {previous} and {role} of {unit!r}"))
            known.people[email] = UnitRole(role)
    problems += check(org)
    if problems:
        raise OrgFileError(sorted(problems, key=lambda p: p.line))
    return org


def check(org: Org) -> list[Problem]:
    """What makes a tree unusable: a parent that is not a unit, a cycle, a unit without a lead, a chain of
    parents deeper than MAX_DEPTH."""
    problems = []
    for u in org.units.values():
        if u.parent is not None and u.parent not in org.units:
            problems.append(Problem(u.line, f"unit {u.name!r} has an unknown parent {u.parent!r}"))
        if not u.with_role(UnitRole.LEAD):
            problems.append(Problem(u.line, f"unit {u.name!r} has no lead"))
    levels = _levels(org)
    for u in org.units.values():
        if u.name not in levels:
            again = _cycle_at(org, u)
            problems.append(Problem(u.line, f"unit {u.name!r} is inside a cycle of parents ({again!r} again)"))
    too_deep = [u for u in org.units.values() if levels.get(u.name, 0) > MAX_DEPTH]
    if too_deep:  # one problem for the chain, at the first unit below the limit, not one per unit
        first = min(too_deep, key=lambda u: (levels[u.name], u.line))
        problems.append(
            Problem(
                first.line,
                f"unit {first.name!r} is {levels[first.name]} levels down ({len(too_deep)} units are deeper than "
                f"{MAX_DEPTH} levels): is a parent column wrong?",
            )
        )
    return problems


def _levels(org: Org) -> dict[str, int]:
    """Each unit's level (1 at the top, or below an unknown parent), in one pass over the tree; the units in or
    below a cycle of parents have none."""
    level: dict[str, int] = {}
    looped: set[str] = set()
    for start in org.units:
        path: list[str] = []
        on_path: set[str] = set()
        at: str | None = start
        while at is not None and at in org.units and at not in level and at not in looped and at not in on_path:
            path.append(at)
            on_path.add(at)
            at = org.units[at].parent
        if at is not None and (at in on_path or at in looped):
            looped.update(path)
            continue
        base = level[at] if at is not None and at in level else 0
        for name in reversed(path):
            base += 1
            level[name] = base
    return level


def _cycle_at(org: Org, unit: OrgUnit) -> str | None:
    """The unit at which walking up from `unit` comes round again, or None when the walk reaches the top."""
    seen, at = {unit.name}, unit.parent
    while at is not None and at in org.units:
        if at in seen:
            return at
        seen.add(at)
        at = org.units[at].parent
    return None


@dataclass(frozen=True)
class DirectoryUser:
    """What Entra ID says of a person: their department and their manager."""

    id: str
    email: str
    department: str | None
    manager_id: str | None


def from_directory(users: list[DirectoryUser]) -> Org:
    """Departments become units; a department's lead is the member whose manager is outside it (the top of its
    manager chain), and its parent is the department of that lead's manager. People without a department or an
    e-mail are left out."""
    by_id = {u.id: u for u in users}
    org = Org()
    for u in users:
        if u.department and u.email:
            unit = org.units.setdefault(u.department, OrgUnit(u.department, None, 0))
            unit.people[u.email.lower()] = UnitRole.MEMBER
    for u in users:
        if not (u.department and u.email):
            continue
        manager = by_id.get(u.manager_id or "")
        if manager is None or manager.department != u.department:
            unit = org.units[u.department]
            unit.people[u.email.lower()] = UnitRole.LEAD
            if manager is not None and manager.department and manager.department in org.units:
                unit.parent = manager.department
    levels = _levels(org)
    for unit in org.units.values():  # departments whose managers report across each other: the unit stands alone
        if unit.name not in levels and _cycle_at(org, unit) is not None:
            unit.parent = None
    problems = [p for p in check(org) if "levels down" in p.text]
    addresses: dict[str, str] = {}
    for u in users:  # one person, one unit: two accounts with one address (in any case) would count twice
        email = u.email.lower()
        if u.department and email and addresses.setdefault(email, u.id) != u.id:
            problems.append(Problem(0, f"{email} is the address of two Entra ID accounts ({addresses[email]}, {u.id})"))
    if problems:
        raise OrgFileError(problems)
    return org

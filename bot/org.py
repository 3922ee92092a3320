"""The organisation in the bot: importing it from HR's file or from Entra ID (a difference, audited), and the
tree as `dialogue-bot org show` prints it."""

from __future__ import annotations

from datetime import datetime

from bot.graph import Outlook
from bot.org_chart import Org, from_directory, parse_csv
from storage import audit, units
from storage.db import Database


def apply(db: Database, org: Org, now: datetime, actor: str, source: str) -> units.Changes:
    """Store `org` as the organisation; the audit log records the source and what changed."""
    changes = units.apply(db, [units.Source(u.name, u.parent, u.people) for u in org.units.values()])
    people = sum(len(u.people) for u in org.units.values())
    audit.record(db, now, actor, "org:import", detail=f"{source}: {changes.describe()}", rows=people)
    return changes


def import_file(db: Database, data: bytes, now: datetime, actor: str, name: str) -> units.Changes:
    """Raises bot.org_chart.OrgFileError (each problem with its line) and then changes nothing."""
    return apply(db, parse_csv(data), now, actor, f"file {name}")


def import_entra(db: Database, graph: Outlook, now: datetime, actor: str) -> units.Changes:
    return apply(db, from_directory(graph.directory_users()), now, actor, "Entra ID")


def show(db: Database) -> str:
    """The tree with each unit's people and how many of them were found in Slack, then who was not."""
    rows = units.tree(db)
    children: dict[int | None, list[units.UnitRow]] = {}
    for r in rows:
        children.setdefault(r.parent_id, []).append(r)
    lines: list[str] = []
    stack = [(r, 0) for r in reversed(children.get(None, []))]  # depth first, without recursion: any depth
    while stack:
        r, depth = stack.pop()
        lines.append(f"{'  ' * depth}{r.name}  ({r.members} people, {r.matched} in Slack)")
        stack.extend((c, depth + 1) for c in reversed(children.get(r.id, [])))
    if not lines:
        return "No organisation yet: dialogue-bot org import FILE.csv (or --entra)."
    missing = units.unmatched(db)
    lines.append("")
    lines.append(f"{len(rows)} units; {len(missing)} people not found in Slack by e-mail" + (":" if missing else "."))
    lines += [f"  {e}" for e in missing]
    return "\n".join(lines)

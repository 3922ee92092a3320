"""The organisation in the bot: importing it from HR's file or from Entra ID (a difference, audited), and the
tree as `dialogue-bot org show` prints it."""

from __future__ import annotations

from datetime import datetime

from bot.core.i18n import number, t
from bot.outbound.graph import Outlook
from bot.outbound.org_chart import Org, from_directory, parse_csv
from bot.services import access
from storage import people, units
from storage.db import Database
from storage.status import UnitRole


def apply(db: Database, org: Org, now: datetime, actor: str, source: str) -> units.Changes:
    """Store `org` as the organisation; the audit log records the source and what changed."""
    changes = units.apply(db, [units.Source(u.name, u.parent, u.people) for u in org.units.values()])
    people = sum(len(u.people) for u in org.units.values())
    access.record(db, actor, "org:import", detail=f"{source}: {changes.describe()}", rows=people, at=now)
    return changes


def unit_names(db: Database) -> list[str]:
    """The organisation's active units by name, for HR's campaign form."""
    return [u.name for u in units.all_units(db) if u.active]


def import_file(db: Database, data: bytes, now: datetime, actor: str, name: str) -> units.Changes:
    """Raises bot.org_chart.OrgFileError (each problem with its line) and then changes nothing."""
    return apply(db, parse_csv(data), now, actor, f"file {name}")


def import_entra(db: Database, graph: Outlook, now: datetime, actor: str) -> units.Changes:
    return apply(db, from_directory(graph.directory_users()), now, actor, "Entra ID")


def describe_changes(changes: units.Changes, locale: str) -> str:
    """What an import changed, in words with plurals right."""
    leads = changes.new_leads[:20]
    return "\n".join(
        [
            t(
                "org.changes.units",
                locale,
                new=t("org.n_new", locale, count=len(changes.new_units)),
                gone=number(len(changes.gone_units), locale),
                moved=number(len(changes.moved_units), locale),
            ),
            t(
                "org.changes.people",
                locale,
                joined=number(changes.joined, locale),
                left=number(changes.left, locale),
                moved=number(changes.moved, locale),
            ),
            t("org.changes.leads", locale, units=", ".join(leads) + (" …" if len(changes.new_leads) > 20 else ""))
            if leads
            else t("org.changes.no_new_leads", locale),
        ]
    )


def directory_hint(db: Database, locale: str) -> str | None:
    """What to do when nobody is in the people directory yet: units find their people in it, by e-mail."""
    return t("org.directory_empty", locale) if people.directory_size(db) == 0 else None


def coverage(db: Database, locale: str) -> str:
    """How many of the organisation's people the directory found, and who not."""
    rows = units.tree(db)
    missing = units.unmatched(db)
    everyone = len({m.email for ms in units.members(db, [r.id for r in rows]).values() for m in ms})
    lines = [t("org.found", locale, found=number(everyone - len(missing), locale), count=everyone)]
    if missing:
        lines.append(t("org.not_found", locale, count=len(missing)) + ":")
        lines += [f"  {e}" for e in missing]
    return "\n".join(lines)


def _person(email: str, user_id: str | None, names: dict[str, str], locale: str) -> str:
    name = names.get(email)
    shown = f"{name} <{email}>" if name else email
    return shown if user_id else f"{shown} ({t('org.not_in_slack', locale)})"


def show(db: Database, locale: str = "en") -> str:
    """The tree with each unit's leads (and deputies), its people and how many of them were found in Slack,
    then who was not."""
    rows = units.tree(db)
    if not rows:
        return t("org.empty", locale)
    children: dict[int | None, list[units.UnitRow]] = {}
    for r in rows:
        children.setdefault(r.parent_id, []).append(r)
    members = units.members(db, [r.id for r in rows])
    names = people.names_by_email(db, [m.email for ms in members.values() for m in ms if m.role != UnitRole.MEMBER])
    lines: list[str] = []
    stack = [(r, 0) for r in reversed(children.get(None, []))]  # depth first, without recursion: any depth
    while stack:
        r, depth = stack.pop()
        counts = t("org.counts", locale, people=t("org.n_people", locale, count=r.members), found=r.matched)
        lines.append(f"{'  ' * depth}{r.name}  ({counts})")
        for role in (UnitRole.LEAD, UnitRole.DEPUTY):
            held = [m for m in members.get(r.id, []) if m.role == role]
            if held:
                who = ", ".join(_person(m.email, m.user_id, names, locale) for m in held)
                lines.append(f"{'  ' * depth}  {t(f'org.role.{role}', locale)}: {who}")
        stack.extend((c, depth + 1) for c in reversed(children.get(r.id, [])))
    missing = units.unmatched(db)
    lines.append("")
    lines.append(
        t("org.summary", locale, units=t("org.n_units", locale, count=len(rows)), count=len(missing))
        + (":" if missing else ".")
    )
    lines += [f"  {e}" for e in missing]
    hint = directory_hint(db, locale)
    if hint:
        lines += ["", hint]
    return "\n".join(lines)

"""Values as people read them, in files and on the command line: column headers and codes as words in the
reader's language, people by their display name (else e-mail), times in the organisation's time zone.

The same rows with `Reader=None` are the stable machine columns (ids, codes, UTC times) scripts depend on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from zoneinfo import ZoneInfo

from bot.core.i18n import TEXTS, t
from flows.model import Flow
from storage import people
from storage.db import Database

# Columns whose cells are a person's Slack id, a time, a yes/no, or a code with words of its own.
PERSON = {"name", "person", "who"}
TIMES = {"started", "deadline", "starts", "at"}
YES_NO = {"anonymous", "local", "allowed"}
CODES = {"status", "seat", "calendar", "source", "stage", "action", "dialogue"}


@dataclass
class Reader:
    """Who reads the output: their language and the organisation's time zone; names are looked up once each."""

    locale: str
    tz: ZoneInfo
    db: Database | None = None
    flows: dict[str, Flow] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)

    def person(self, user_id: str) -> str:
        """A display name (else e-mail) for a Slack id; 'the command line' for the CLI; the id when unknown."""
        if not user_id:
            return ""
        if user_id == "cli":
            return t("readable.actor.cli", self.locale)
        if user_id not in self._names:
            found = people.names_of(self.db, [user_id]) if self.db is not None else {}
            self._names[user_id] = found.get(user_id, user_id)
        return self._names[user_id]

    def when(self, value: object) -> object:
        """A stored UTC time as local wall-clock time, 'YYYY-MM-DD HH:MM' (sorts as text, reads as a time); a
        date stays a date."""
        if isinstance(value, str) and len(value) > 10:
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                return value
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(self.tz)
            return value.strftime("%Y-%m-%d %H:%M")
        if isinstance(value, date):
            return value.isoformat()
        return value

    def code(self, column: str, value: object) -> object:
        if not isinstance(value, str) or not value:
            return value
        if column == "dialogue":
            return self.dialogue(value)
        if column == "action":
            return action(value, self.locale)
        key = f"readable.{column}.{value}"
        return t(key, self.locale) if key in TEXTS else value

    def theme(self, dialogue: object, step_id: object, given: object) -> object:
        """A step's theme in the reader's language, from the concept's current file; as given when the step is
        not there (a unit's own question, a step since removed)."""
        for flow in self.flows.values():
            if dialogue in (flow.id, flow.title.en):
                return next((s.theme.get(self.locale) for s in flow.steps if s.id == step_id), given)
        return given

    def dialogue(self, value: str) -> str:
        """A concept by its title in the reader's language, from its id (or its English title)."""
        for flow in self.flows.values():
            if value in (flow.id, flow.title.en):
                return flow.title.get(self.locale)
        key = f"share.dialogue.{value}"
        return t(key, self.locale) if key in TEXTS else value


def header(columns: Iterable[object], locale: str) -> list[object]:
    """Each machine column name as a word ('theme_id' → 'Theme id', 'rated_3' → 'Rated 3')."""
    out: list[object] = []
    for c in columns:
        name = str(c)
        key = f"readable.col.{name.replace(' ', '_')}"
        if key in TEXTS:
            out.append(t(key, locale))
        elif name.startswith("rated_") and name[6:].isdigit():
            out.append(t("readable.col.rated_n", locale, n=name[6:]))
        else:
            out.append(name[:1].upper() + name[1:].replace("_", " "))
    return out


def rows(columns: list[object], source: Iterable[list[object]], reader: Reader) -> Iterator[list[object]]:
    """The rows with each cell as its column's reader expects it."""
    convert: list[Callable[[object], object] | None] = []
    for c in columns:
        name = str(c)
        if name in PERSON:
            convert.append(lambda v: reader.person(v) if isinstance(v, str) else v)
        elif name in TIMES:
            convert.append(reader.when)
        elif name in YES_NO:
            convert.append(lambda v: t(f"readable.{v}", reader.locale) if v in ("yes", "no") else v)
        elif name in CODES:
            convert.append(partial(reader.code, name))
        else:
            convert.append(None)
    names = [str(c) for c in columns]
    themed = {"theme", "theme_id", "dialogue"} <= set(names) and reader.locale != "en"
    at = {n: names.index(n) for n in ("theme", "theme_id", "dialogue")} if themed else {}
    for row in source:
        out = [f(v) if f is not None else v for f, v in zip(convert, row, strict=False)] + row[len(convert) :]
        if themed:  # the theme as the dialogue words it in the reader's language (the stored row has English)
            out[at["theme"]] = reader.theme(row[at["dialogue"]], row[at["theme_id"]], row[at["theme"]])
        yield out


def stage(code: str, locale: str) -> str:
    """A unit's stage in a campaign ('not_started' → 'not started')."""
    key = f"campaign.stage.{code}"
    return t(key, locale) if key in TEXTS else code


def action(code: str, locale: str) -> str:
    """An audit log's action in words: 'export.answers' → 'Export: Answers of dialogue rounds',
    'campaign:start' → 'Campaign started', 'web:results' → 'Dashboard: results'; unknown codes as they are."""
    key = f"readable.action.{code.replace(':', '.')}"
    if key in TEXTS:
        return t(key, locale)
    kind, sep, rest = code.replace(":", ".").partition(".")
    if sep and kind == "export":
        what_key = f"export.what.{rest}"
        return t("readable.action.export", locale, what=t(what_key, locale) if what_key in TEXTS else rest)
    if sep and kind == "web":
        return t("readable.action.web", locale, page=rest.replace("_", " "))
    if sep and kind == "refused":
        return t("readable.action.refused", locale, kind=rest.replace("_", " "))
    if sep and kind == "command":
        return t("readable.action.command", locale, command=rest.replace("_", " "))
    return code

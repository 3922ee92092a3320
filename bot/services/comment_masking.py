"""Comments masked of names and contact details before anyone sees or stores them (flows.masking does the
matching; this reads the directory it matches against)."""

from __future__ import annotations

import threading
import weakref
from dataclasses import replace
from datetime import datetime

from bot.core.runtime import Runtime
from flows import engine as fe
from flows.masking import Directory, Masked, Person, mask
from storage import people
from storage.db import Database

# Per database (a process has one; the tests have many): the directory and the stamp it was built at.
_KEPT: weakref.WeakKeyDictionary[Database, tuple[tuple[int, datetime | None, int], Directory]] = (
    weakref.WeakKeyDictionary()
)
_KEEPING = threading.Lock()


def directory(rt: Runtime) -> Directory:
    """Everyone the people directory knows by name (the organisation's people are matched to Slack by
    e-mail, so theirs are among them), deactivated people too. Kept in memory while no name changes: indexing
    10,000 people takes a few hundred milliseconds, checking the stamp one small query."""
    stamp = people.names_stamp(rt.db)
    with _KEEPING:
        kept = _KEPT.get(rt.db)
        if kept is not None and kept[0] == stamp:
            return kept[1]
    built = Directory([Person(tuple(n for n in names if n)) for names in people.all_names(rt.db)])
    with _KEEPING:
        _KEPT[rt.db] = (stamp, built)
    return built


def mask_answers(rt: Runtime, answers: list[fe.Answer], locale: str) -> tuple[list[fe.Answer], dict[str, int]]:
    """The answers with every comment masked in the writer's language, and how many names, e-mail addresses,
    phone numbers and ID numbers were replaced."""
    found = {"name": 0, "email": 0, "phone": 0, "id": 0}
    if not any(a.text for a in answers):
        return answers, found
    known = directory(rt)
    out = []
    for a in answers:
        if not a.text:
            out.append(a)
            continue
        masked: Masked = mask(a.text, known, locale)
        for kind in found:
            found[kind] += masked.count(kind)
        out.append(replace(a, text=masked.text))
    return out, found

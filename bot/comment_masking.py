"""Comments masked of names and contact details before anyone sees or stores them (flows.masking does the
matching; this reads the directory it matches against)."""

from __future__ import annotations

from dataclasses import replace

from bot.runtime import Runtime
from flows import engine as fe
from flows.masking import Directory, Masked, Person, mask
from storage import people


def directory(rt: Runtime) -> Directory:
    """Everyone the people directory knows by name (the organisation's people are matched to Slack by
    e-mail, so theirs are among them), deactivated people too."""
    return Directory([Person(tuple(n for n in names if n)) for names in people.all_names(rt.db)])


def mask_answers(rt: Runtime, answers: list[fe.Answer], locale: str) -> tuple[list[fe.Answer], dict[str, int]]:
    """The answers with every comment masked in the writer's language, and how many names, e-mail addresses
    and phone numbers were replaced."""
    found = {"name": 0, "email": 0, "phone": 0}
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

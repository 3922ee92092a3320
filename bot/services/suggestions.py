"""The closest valid name to a mistyped one, so an error can say "did you mean …?" (difflib's ratio, after
ignoring case and separators: 'wellbeing' finds 'well_being', 'Faculty of Helth' finds 'Faculty of Health')."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

CUTOFF = 0.6  # difflib's default: below this two names have too little in common to suggest one for the other
_SEPARATORS = re.compile(r"[\W_]+")


def _key(name: str) -> str:
    return _SEPARATORS.sub("", name.casefold())


def closest(given: str, choices: Iterable[str]) -> str | None:
    """The choice `given` most likely meant, or None when nothing is close."""
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(_key(choice), choice)
    wanted = _key(given)
    if not wanted or not by_key:
        return None
    if wanted in by_key:
        return by_key[wanted]
    found = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=CUTOFF)
    return by_key[found[0]] if found else None

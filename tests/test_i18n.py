"""Language, in-process: every text in every language, plurals chosen per locale, numbers and dates by Babel."""

from __future__ import annotations

import re
import string
from datetime import date

import pytest

from bot.core.i18n import TEXTS, day, decimal, number, t
from flows.model import LOCALES


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_exists_in_every_language_with_the_same_placeholders(key: str) -> None:
    entry = TEXTS[key]
    assert set(entry) == set(LOCALES), key
    shapes = []
    for locale in LOCALES:
        text = entry[locale]
        forms = text if isinstance(text, dict) else {"": text}
        if isinstance(text, dict):
            assert "other" in text and "{count}" in text["other"], (key, locale)
        shapes += [_fields(f) for f in forms.values()]
    assert all(s == shapes[0] for s in shapes), (key, shapes)


def test_plurals_follow_the_locale() -> None:
    assert t("summary.mean", "en", count=1, mean="4.0") == "mean 4.0 (1 rating)"
    assert t("summary.mean", "en", count=2, mean="4.0") == "mean 4.0 (2 ratings)"
    assert t("summary.mean", "da", count=1, mean="4,0") == "gennemsnit 4,0 (1 vurdering)"
    assert t("summary.mean", "da", count=0, mean="4,0") == "gennemsnit 4,0 (0 vurderinger)"
    assert t("status.failed", "en", count=1).startswith(":warning: 1 message could not")
    assert t("status.failed", "en", count=3).startswith(":warning: 3 messages could not")
    with pytest.raises(TypeError, match="count="):
        t("summary.mean", "en", mean="1")


def test_numbers_and_dates_are_written_as_the_locale_writes_them() -> None:
    assert number(1500, "en") == "1,500" and number(1500, "da") == "1.500"
    assert decimal(2.4, "en") == "2.4" and decimal(2.4, "da") == "2,4" and decimal(3, "da") == "3,0"
    assert t("export.done", "da", count=12345, what="svar") == "Din eksport: svar, 12.345 rækker."
    assert re.fullmatch(r"Dec 3, 2026", day(date(2026, 12, 3), "en"))
    assert day(date(2026, 12, 3), "da") == "3. dec. 2026"
    assert number(7, "xx") == "7"  # an unknown locale falls back to the first of LOCALES

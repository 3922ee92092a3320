"""Text people type, made safe to show anywhere: no characters that hide, reorder or control what is seen.

Removed: bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, the marks U+200E, U+200F,
U+061C), invisible characters (zero-width space and non-joiner, word joiner, BOM, soft hyphen, Mongolian vowel
separator), and control characters but tab, line feed and carriage return. The zero-width joiner stays only
inside an emoji sequence (👩‍💻), where it is part of the picture. Line and paragraph separators become
line feeds. Everything else — letters of every script, emoji, punctuation — is kept as typed.
"""

from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_INVISIBLE = "\u200b\u200c\u2060\ufeff\u00ad\u180e"
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_REMOVE = re.compile(f"[{_BIDI}{_INVISIBLE}{_CONTROL}]")
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\U0001f3fb-\U0001f3ff"
_LONE_JOINER = re.compile(f"(?<![{_EMOJI}])\u200d|\u200d(?![{_EMOJI}])")
_SEPARATORS = re.compile("[\u2028\u2029\u0085]")


def clean(text: str) -> str:
    """`text` without the characters that can mislead a reader (see the module's docstring)."""
    if text.isascii() and text.isprintable():  # the common case, checked in C
        return text
    return _REMOVE.sub("", _LONE_JOINER.sub("", _SEPARATORS.sub("\n", text)))

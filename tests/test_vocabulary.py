"""One vocabulary: a state or outcome is compared as its enum, never spelt out as a string.

`storage/status.py` (and the few outcome enums beside the code that returns them) name every state a row can be
in and every outcome a caller branches on. A comparison with the bare word still works — they are StrEnums —
but a typo in it is a condition silently never true, and a renamed state leaves it behind. This test reads
bot/, storage/ and flows/ with `ast` and fails on any comparison (==, !=, in, not in) between an expression
and a string literal that is the value of one of those enums, naming file and line."""

from __future__ import annotations

import ast
import importlib
import re
from enum import Enum
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("bot", "storage", "flows")

# Where the vocabulary lives: every Enum defined in these modules is in it — the states of stored rows and
# storage's outcomes (storage.status), and the outcomes and kinds the code beside them returns and branches on.
VOCABULARY_MODULES = (
    "storage.status",
    "flows.versions",
    "bot.core.runtime",
    "bot.outbound.delivery",
    "bot.outbound.blocks.campaigns",
    "bot.outbound.blocks.rounds",
    "bot.services.workshops",
)


def vocabulary() -> dict[str, str]:
    """Each word of the vocabulary → the enum members that name it (for the failure message)."""
    words: dict[str, list[str]] = {}
    for name in VOCABULARY_MODULES:
        module = importlib.import_module(name)
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Enum) and obj.__module__ == name:
                for member in obj:
                    if isinstance(member.value, str):
                        words.setdefault(member.value, []).append(f"{obj.__name__}.{member.name}")
    return {word: " or ".join(members) for word, members in words.items()}


def _literals(node: ast.expr) -> list[str]:
    """The string literals a comparison operand spells out: itself, or the items of a tuple/list/set."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def bare_comparisons(source: str, filename: str, words: dict[str, str]) -> list[str]:
    """`file:line: 'word' (use Enum.MEMBER)` for each comparison with a word of the vocabulary."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Compare):
            continue
        if not all(isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn) for op in node.ops):
            continue
        for operand in (node.left, *node.comparators):
            for word in _literals(operand):
                if word in words:
                    found.append(f"{filename}:{node.lineno}: {word!r} (use {words[word]})")
    return found


def scan(root: Path) -> list[str]:
    words = vocabulary()
    found = []
    for package in SCANNED:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:  # Alembic revisions keep the words they were written with
                continue
            found += bare_comparisons(path.read_text(), str(path.relative_to(root)), words)
    return found


def test_no_state_or_outcome_is_compared_as_a_bare_string() -> None:
    found = scan(ROOT)
    assert not found, "compare with the enum, not the word:\n" + "\n".join(found)


def test_a_planted_bare_comparison_is_found(tmp_path: Path) -> None:
    """The check can fail: a copy of a module with one comparison spelt out is named, file and line."""
    for package in SCANNED:
        (tmp_path / package).mkdir()
    planted = tmp_path / "storage" / "planted.py"
    planted.write_text(
        "def closed(status: str, seat: str) -> bool:\n"
        '    return status == "closed" or seat in ("registered", "somewhere")\n'
    )
    found = scan(tmp_path)
    assert [line.split(" (use ")[0] for line in found] == [
        "storage/planted.py:2: 'closed'",
        "storage/planted.py:2: 'registered'",
    ]
    assert "RoundStatus.CLOSED" in found[0] and "SeatStatus.REGISTERED" in found[1]


TEMPLATE_COMPARISON = re.compile(r"""(?:==|!=|\bin)\s*\(?\s*["']([a-z_]+)["']""")


def test_no_template_compares_a_state_as_a_bare_word() -> None:
    """The dashboard's templates compare states with the enums the pages are given (e.g. WorkshopStatus)."""
    words = vocabulary()
    found = [
        f"{path.relative_to(ROOT)}:{n}: {word!r} (use {words[word]})"
        for path in sorted((ROOT / "bot" / "web" / "templates").glob("*.html"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        for word in TEMPLATE_COMPARISON.findall(line)
        if word in words and "status" in line
    ]
    assert not found, "compare with the enum, not the word:\n" + "\n".join(found)

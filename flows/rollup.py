"""Results across a tree of units that protect small groups, also against subtraction.

Each unit's ratings of one theme are a distribution (counts of 1…scale). A node's result is its own unit's
plus all its sub-units'. A result is released only when at least `need` people (the threshold, one more when
the receiver could be among them) rated — and only when no released numbers, added and subtracted, give the
ratings of fewer people than that. Released subtrees are nested or disjoint, so everything that can be worked
out from them is a sum of "rests": a released node minus the released nodes nearest below it. Each rest must
hold nobody or at least `need` people; when one does not, one more cell is withheld (the smallest released
node below, which joins the rest, else the node itself, whose rest joins the one above) and the check runs
again — flows.disclosure's rule for one table with nothing released before (bot.disclosure adds what was).
Plain data in, plain data out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from flows.disclosure import decide

ROOT = ""  # the whole campaign, above the top units
T = TypeVar("T")


def subtree(tops: Iterable[T], children: Mapping[T | None, list[T]]) -> set[T]:
    """`tops` and everything below them."""
    out, stack = set(tops), list(tops)
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in out:
                out.add(child)
                stack.append(child)
    return out


@dataclass(frozen=True)
class Cell:
    counts: tuple[int, ...]  # counts[i] = how many rated i+1
    released: bool
    left_out: int = 0  # ratings below it not counted in a released total (a part too small to show)
    population: frozenset[int] = frozenset()  # what a released total adds up (round ids), as the ledger has it

    @property
    def n(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        return sum((i + 1) * c for i, c in enumerate(self.counts)) / self.n if self.n else None


def totals(
    parents: Mapping[str, str | None], own: Mapping[str, tuple[int, ...]], scale: int
) -> dict[str, tuple[int, ...]]:
    """Each node's counts: its own plus everything below it; ROOT holds them all."""
    out: dict[str, list[int]] = {node: [0] * scale for node in [*parents, ROOT]}
    for node, counts in own.items():
        at: str | None = node
        seen: set[str] = set()
        while at is not None and at not in seen:
            seen.add(at)
            for i, c in enumerate(counts):
                out[at][i] += c
            at = parents.get(at) or (ROOT if at != ROOT else None)
    return {node: tuple(c) for node, c in out.items()}


def release(
    parents: Mapping[str, str | None],
    own: Mapping[str, tuple[int, ...]],
    scale: int,
    threshold: int,
    *,
    candidates: set[str] | None = None,
    receiver_in: set[str] = frozenset(),  # type: ignore[assignment]
) -> dict[str, Cell]:
    """The cells of every node (and ROOT) with what may be released, by flows.disclosure's rule with nothing
    released before. `candidates`: the nodes the receiver may see at all (default: every node and ROOT); the
    others count as withheld parts. `receiver_in`: the units whose answers may include the receiver's own."""
    total = totals(parents, own, scale)
    block = {node: i for i, node in enumerate(sorted(total))}
    children: dict[str | None, list[str]] = {}
    for node, parent in parents.items():
        children.setdefault(parent or ROOT, []).append(node)
    below = {node: frozenset(block[x] for x in subtree([node], children)) for node in total}
    weight = {block[node]: sum(own.get(node, ())) for node in total if node != ROOT}
    allowed = set(total) if candidates is None else set(candidates) & set(total)
    shown = decide(
        sorted((node, below[node]) for node in allowed),
        weight,
        threshold,
        known_to_reader=(),
        reader_in={block[n] for n in receiver_in if n in block},
    )
    return {x: Cell(total[x], x in shown) for x in total}

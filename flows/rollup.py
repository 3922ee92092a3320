"""Results across a tree of units that protect small groups, also against subtraction.

Each unit's ratings of one theme are a distribution (counts of 1…scale). A node's result is its own unit's
plus all its sub-units'. A result is released only when at least `need` people (the threshold, one more when
the receiver could be among them) rated — and only when no released numbers, added and subtracted, give the
ratings of fewer people than that. Released subtrees are nested or disjoint, so everything that can be worked
out from them is a sum of "rests": a released node minus the released nodes nearest below it. Each rest must
hold nobody or at least `need` people; when one does not, one more cell is withheld (the smallest released
node below, which joins the rest, else the node itself, whose rest joins the one above) and the check runs
again. Plain data in, plain data out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

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
    """The cells of every node (and ROOT) with what may be released. `candidates`: the nodes the receiver may
    see at all (default: every node and ROOT); the others count as withheld parts. `receiver_in`: the units
    whose answers may include the receiver's own (their nodes and those above need one more)."""
    total = totals(parents, own, scale)
    children: dict[str, list[str]] = {node: [] for node in total}
    for node, parent in parents.items():
        children[parent or ROOT].append(node)
    above_receiver: set[str] = set()
    for node in receiver_in:
        at: str | None = node
        while at is not None and at not in above_receiver:
            above_receiver.add(at)
            at = parents.get(at) or (ROOT if at != ROOT else None)

    def n(node: str) -> int:
        return sum(total[node])

    def need(node: str) -> int:
        return threshold + (1 if node in above_receiver else 0)

    allowed = set(total) if candidates is None else set(candidates)
    released = {node for node in allowed if n(node) == 0 or n(node) >= need(node)}

    def frontier(node: str) -> list[str]:
        """The released units nearest below `node` on each path down (disjoint, so their sum is known too)."""
        found, stack = [], list(children[node])
        while stack:
            at = stack.pop()
            if at in released:
                found.append(at)
            else:
                stack.extend(children[at])
        return found

    while True:
        fix = None
        for node in sorted(released, key=lambda x: (x != ROOT, x)):
            below = frontier(node)
            rest = n(node) - sum(n(d) for d in below)  # what subtracting the released below leaves
            if 0 < rest < need(node):
                shown = sorted((d for d in below if n(d) > 0), key=lambda d: (n(d), d))
                fix = shown[0] if shown else node  # merge the smallest into the rest, or merge the rest upwards
                break
        if fix is None:
            return {x: Cell(total[x], x in released) for x in total}
        released.discard(fix)

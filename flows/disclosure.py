"""What may be released without letting anyone work out the ratings of fewer people than the threshold — from
everything released before, not only from the table being drawn. Plain data in, plain data out.

The answers are cut into blocks (one round's ratings of one step). Every release is a set of blocks (a round's
summary: one; a roll-up: the rounds below it). Whatever can be worked out by adding and subtracting released
totals is constant on each *piece*: the blocks that lie in exactly the same released sets. So if every piece
holds nobody or at least `threshold` people, no sum, difference or mix of released numbers singles out a smaller
group. That is the rule, for two readings of "released":

- everything released to anyone (the leads' own summaries included), counting every person;
- everything released to the reader, counting only people other than the reader (they know their own answer).

A release asked for is a list of candidate sets; one is withheld at a time (the smallest set nested in the
offending piece's sets, whose own piece then joins it; else the smallest candidate holding the piece) until no
piece is too small. Pieces made by earlier releases alone are never the new release's doing and are left be.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
Blocks = frozenset[int]


def pieces(sets: Sequence[Blocks]) -> dict[tuple[int, ...], set[int]]:
    """The blocks by the sets they lie in (indices into `sets`); blocks in no set are left out."""
    where: dict[int, list[int]] = {}
    for i, s in enumerate(sets):
        for b in s:
            where.setdefault(b, []).append(i)
    out: dict[tuple[int, ...], set[int]] = {}
    for b, inside in where.items():
        out.setdefault(tuple(inside), set()).add(b)
    return out


def _too_small(
    base: Sequence[Blocks],
    chosen: Mapping[K, Blocks],
    weight: Mapping[int, int],
    threshold: int,
    accepted: set[frozenset[int]],
) -> tuple[frozenset[int], list[Blocks]] | None:
    """The first piece holding 1…threshold-1 people (with the sets it lies in), or None."""
    sets = [*base, *chosen.values()]
    for inside, blocks in sorted(pieces(sets).items(), key=lambda kv: min(kv[1])):
        n = sum(weight.get(b, 0) for b in blocks)
        piece = frozenset(blocks)
        if 0 < n < threshold and piece not in accepted:
            return piece, [sets[i] for i in inside]
    return None


def _withhold(
    piece: frozenset[int],
    around: list[Blocks],
    chosen: Mapping[K, Blocks],
    weight: Mapping[int, int],
    base: set[Blocks],
    leave_out: bool,
    public: set[Blocks],
    threshold: int,
) -> tuple[K, bool] | None:
    """Which candidate to withhold (or, True, to count without `piece`) so that the piece joins a bigger one:
    the smallest candidate nested in the piece's sets beside it (its own piece then joins), else the smallest
    holding it. None when no candidate shapes it. A candidate released before as it is (in `base`) shapes
    nothing; one released to anyone before (`public`) is not withheld to merge pieces (it would hide what others
    may tell). With `leave_out`, only a nested candidate too small to show anyway is withheld to merge; otherwise
    the smallest total holding the piece counts without it."""

    def size(key: K) -> tuple[int, str]:
        return sum(weight.get(b, 0) for b in chosen[key]), str(key)

    common = frozenset.intersection(*around) if around else frozenset()
    nested = [
        k
        for k, s in chosen.items()
        if not (s & piece)
        and s <= common
        and 0 < size(k)[0]
        and (not leave_out or size(k)[0] < threshold)
        and s not in base
        and s not in public
    ]
    if nested:
        return min(nested, key=size), False
    holding = [k for k, s in chosen.items() if piece <= s and s not in base]
    if holding:
        return min(holding, key=size), leave_out
    cutting = [k for k, s in chosen.items() if s & common and not (s & piece) and s not in base]
    return (min(cutting, key=size), False) if cutting else None


def decide(
    candidates: Iterable[tuple[K, Blocks]],
    weight: Mapping[int, int],
    threshold: int,
    *,
    known: Sequence[Blocks] = (),
    known_to_reader: Sequence[Blocks] = (),
    reader_in: Collection[int] = frozenset(),
    leave_out: bool = False,
) -> dict[K, Blocks]:
    """The candidates that may be released, with the blocks each then adds up. `weight`: people per block.
    `known`: sets released before to anyone; `known_to_reader`: sets released before to this reader; `reader_in`:
    blocks the reader may be in. `leave_out`: a too-small piece is left out of the totals holding it (a roll-up
    then counts without it) rather than the smallest of them withheld."""
    chosen: dict[K, Blocks] = dict(candidates)
    others = {b: max(0, n - (1 if b in reader_in else 0)) for b, n in weight.items()}
    accepted: list[set[frozenset[int]]] = [set(), set()]
    public = set(known)
    while True:
        for i, (base, w) in enumerate(((known, weight), (known_to_reader, others))):
            found = _too_small(base, chosen, w, threshold, accepted[i])
            if found is None:
                continue
            piece, around = found
            before = set(base)
            choice = _withhold(piece, around, chosen, w, before, leave_out, public, threshold)
            if choice is None:
                accepted[i].add(piece)  # made by earlier releases alone: not this release's doing
                break
            drop, shrink = choice
            if shrink and (rest := chosen[drop] - piece) and sum(w.get(b, 0) for b in rest):
                chosen[drop] = rest  # the total counts without the piece
            else:
                del chosen[drop]
            break
        else:
            return chosen

"""Results across the tree: no released number, alone or subtracted from another, shows fewer people than the
threshold. Checked on hand-made cases and against an adversary who adds and subtracts every released total."""

from __future__ import annotations

import random

from flows.rollup import ROOT, release

T = 5


def c(n: int) -> tuple[int, ...]:
    """n ratings spread over 1–5."""
    return tuple(n // 5 + (1 if i < n % 5 else 0) for i in range(5))


def test_a_parent_with_a_small_child_is_withheld_or_the_other_child_is() -> None:
    parents = {"Faculty": None, "Physics": "Faculty", "Chemistry": "Faculty"}
    cells = release(parents, {"Physics": c(9), "Chemistry": c(4)}, 5, T)
    assert not cells["Chemistry"].released  # 4 < 5
    # Faculty (13) minus Physics (9) would be Chemistry's 4: one of them is withheld too.
    assert not (cells["Faculty"].released and cells["Physics"].released)
    assert cells[ROOT].released == cells["Faculty"].released  # the whole campaign is Faculty here


def test_big_enough_groups_are_all_released() -> None:
    parents = {"Faculty": None, "Physics": "Faculty", "Chemistry": "Faculty"}
    cells = release(parents, {"Physics": c(9), "Chemistry": c(6), "Faculty": c(5)}, 5, T)
    assert all(cell.released for cell in cells.values())
    assert cells["Faculty"].n == 20 and cells["Faculty"].counts == (5, 4, 4, 4, 3)


def test_the_receiver_among_the_answers_needs_one_more() -> None:
    parents = {"A": None}
    assert release(parents, {"A": c(5)}, 5, T)["A"].released
    assert not release(parents, {"A": c(5)}, 5, T, receiver_in={"A"})["A"].released


def test_a_unit_s_own_team_below_its_released_children_is_not_revealed() -> None:
    parents = {"Dept": None, "Lab": "Dept"}
    cells = release(parents, {"Dept": c(2), "Lab": c(8)}, 5, T)  # Dept's own 2 = Dept (10) − Lab (8)
    assert not (cells["Dept"].released and cells["Lab"].released)


def _known_sets(parents: dict[str, str | None], released: set[str]) -> set[frozenset[str]]:
    """Every group of units whose ratings an adversary can work out from the released totals by adding disjoint
    ones and subtracting nested ones."""

    def atoms(node: str) -> frozenset[str]:
        out = {n for n in parents if _under(parents, n, node)}
        return frozenset(out)

    known = {atoms(n) for n in released}
    while True:
        more = set()
        for a in known:
            for b in known:
                if b < a:
                    more.add(a - b)
                elif not (a & b):
                    more.add(a | b)
        if more <= known:
            return known
        known |= more


def _under(parents: dict[str, str | None], node: str, top: str) -> bool:
    if top == ROOT:
        return True
    at: str | None = node
    while at is not None:
        if at == top:
            return True
        at = parents[at]
    return False


def test_an_adversary_adding_and_subtracting_released_totals_never_finds_a_small_group() -> None:
    rng = random.Random(7)
    for _ in range(600):
        names = [f"U{i}" for i in range(rng.randint(2, 7))]
        parents: dict[str, str | None] = {names[0]: None}
        for i, name in enumerate(names[1:], 1):
            parents[name] = rng.choice([None, *names[:i]]) if rng.random() < 0.2 else rng.choice(names[:i])
        own = {name: c(rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12])) for name in names}
        cells = release(parents, own, 5, T)
        released = {n for n, cell in cells.items() if cell.released}
        for group in _known_sets(parents, released):
            size = sum(sum(own[u]) for u in group)
            assert size == 0 or size >= T, (parents, own, sorted(released), sorted(group), size)
        if all(sum(x) >= T for x in own.values() if sum(x)):  # nothing small anywhere: nothing withheld
            assert released == set(cells)

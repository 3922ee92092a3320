"""An adversary who keeps everything any surface ever released and adds and subtracts it, with exact rational
arithmetic: it finds every group of 1…threshold-1 people whose ratings lie in the span of what was released.

The world is a campaign over a made-up organisation in a real database, driven through the service functions
the surfaces call (and the CLI). Every released number is kept as (reader, step, the rounds it adds up, its
counts); the counts are checked against the answers the world gave, so a surface cannot claim a population it
did not count. Atoms are (round, person) answers; a reader also knows their own answers.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

from click.testing import CliRunner

from bot.entrypoints.cli import main as cli
from bot.services import campaign_results, campaigns
from bot.services import exports as export_service
from bot.services.disclosure import HR_ROUND, ROUND_SUMMARY, round_summary
from flows import engine as fe
from flows.loader import load_flows
from storage import campaigns as campaign_store
from storage import people, units
from storage import rounds as round_store
from storage.db import Database
from storage.models import Campaign
from storage.status import SaveOutcome, UnitRole

FLOWS = load_flows()
STEPS = ["workload", "influence"]  # the steps people rate here (the others stay empty: n=0 everywhere)
THRESHOLD = 5
HR = "UHR"
Atom = tuple[int, str]  # (round id, person)


@dataclass(frozen=True)
class Seen:
    reader: str
    step: str
    rounds: frozenset[int]
    counts: tuple[int, ...]


@dataclass
class Unit:
    name: str
    parent: str | None
    lead: str
    deputies: list[str]
    members: list[str]  # answering in the unit's round (sub-unit leads among them, HR perhaps)


@dataclass
class World:
    db: Database
    url: str
    now: datetime
    units: dict[str, Unit]
    ledger: bool = True
    answer_rate: float = 0.85
    campaign: Campaign | None = None
    rounds: dict[str, int] = field(default_factory=dict)  # unit → its round
    answers: dict[Atom, dict[str, int]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)

    def email(self, user: str) -> str:
        return f"{user.lower()}@example.com"

    # --- the organisation, the campaign, the rounds -------------------------------------------------------------

    def import_org(self) -> None:
        sources = [
            units.Source(
                u.name,
                u.parent,
                {
                    self.email(u.lead): UnitRole.LEAD,
                    **{self.email(d): UnitRole.DEPUTY for d in u.deputies},
                    **{self.email(m): UnitRole.MEMBER for m in u.members if m not in u.deputies},
                },
            )
            for u in self.units.values()
        ]
        units.apply(self.db, sources)

    def start(self, rng: random.Random) -> None:
        everyone = {HR} | {u.lead for u in self.units.values()}
        everyone |= {m for u in self.units.values() for m in u.members + u.deputies}
        people.save_many(
            self.db,
            [
                people.Profile(p, "en", "Europe/Copenhagen", False, True, self.now, email=self.email(p))
                for p in everyone
            ],
        )
        self.import_org()
        today = self.now.date()
        tops = [u.name for u in self.units.values() if u.parent is None]
        launch = campaigns.Launch("well_being", tops, True, today, today + timedelta(days=30))
        started = campaigns.start(self.db, FLOWS, HR, launch, today, self.now)
        assert started.campaign is not None and started.campaign.id is not None, started.errors
        self.campaign = started.campaign
        ids = {u.name: cu for cu, u in campaign_store.units_of(self.db, started.campaign.id)}
        for name, u in self.units.items():
            cu = ids[name]
            who = sorted(set(u.members + u.deputies))
            if not who:
                continue  # nobody to ask: the unit holds no round
            rnd = round_store.create_round(
                self.db,
                flow_id="well_being",
                flow_version=1,
                lead_id=u.lead,
                participants=who,
                deadline=self.now + timedelta(days=7),
                pacing="all_now",
                anonymous=True,
                locale="en",
                now=self.now,
                campaign_id=self.campaign.id,
                unit_id=cu.unit_id,
                claim=campaign_store.unit_claim(self.campaign.id, cu.unit_id, date(2030, 1, 1)),
            )
            assert rnd is not None and rnd.id is not None
            self.rounds[name] = rnd.id
            for p in who:
                if rng.random() < self.answer_rate:
                    given = {s: rng.randint(1, 5) for s in STEPS}
                    answers = [fe.Answer(s, v, None) for s, v in given.items()]
                    assert round_store.save_response(self.db, rnd.id, p, answers, self.now) == SaveOutcome.STORED
                    self.answers[(rnd.id, p)] = given

    def close(self, name: str) -> None:
        """The round closes and its lead gets the summary (what bot.services.summaries sends)."""
        rid = self.rounds[name]
        assert round_store.close_round(self.db, rid, self.now)
        self.closed.append(name)
        self.summary(rid, self.units[name].lead, ROUND_SUMMARY)

    # --- the surfaces -------------------------------------------------------------------------------------------

    def summary(self, rid: int, reader: str, surface: str) -> None:
        rnd = round_store.get_round(self.db, rid)
        assert rnd is not None
        flow = FLOWS["well_being"]
        found = round_summary(self.db, flow, rnd, THRESHOLD, reader, surface, self.now, ledger=self.ledger)
        for th in found.themes:
            if found.shown and th.shown and th.n:
                self.keep(Seen(reader, th.step_id, frozenset({rid}), tuple(th.counts)))

    def hr_round_page(self, rid: int) -> None:
        self.summary(rid, HR, HR_ROUND)

    def results(self, reader: str, hr: bool) -> None:
        assert self.campaign is not None
        found = campaign_results.compute(
            self.db, FLOWS, self.campaign, THRESHOLD, receiver=reader, hr=hr, now=self.now, ledger=self.ledger
        )
        for (_node, step), cell in found.cells.items():
            if cell.released and cell.n:
                self.keep(Seen(reader, step, cell.population, cell.counts))

    def export(self, tmp: Path) -> None:
        path = tmp / "answers.csv"
        export_service.export(
            self.db, FLOWS, THRESHOLD, "answers", "csv", path, reader=HR, now=self.now, ledger=self.ledger
        )
        self._rows(HR, path.read_text(encoding="utf-8-sig"))

    def export_cli(self) -> None:
        """`dialogue-bot export answers` on the command line (the operator: no one inside a round)."""
        result = CliRunner().invoke(
            cli,
            ["export", "answers", "--raw"],
            env={"DATABASE_URL": self.url, "ANSWER_KEY": "k" * 32},
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        self._rows("cli", result.stdout)

    def _rows(self, reader: str, text: str) -> None:
        ratings: dict[tuple[int, str], Counter[int]] = {}
        for row in csv.DictReader(io.StringIO(text)):
            if row["anonymous"] == "yes" and row["rating"]:
                ratings.setdefault((int(row["round"]), row["theme_id"]), Counter())[int(row["rating"])] += 1
        for (rid, step), c in ratings.items():
            self.keep(Seen(reader, step, frozenset({rid}), tuple(c.get(v, 0) for v in range(1, 6))))

    def move_a_sub_unit(self, rng: random.Random) -> None:
        """A re-import in which one unit with a parent moves under another unit (not below itself)."""
        movable = [u for u in self.units.values() if u.parent is not None]
        if not movable:
            return
        moving = rng.choice(movable)
        below = {moving.name}
        changed = True
        while changed:
            changed = False
            for u in self.units.values():
                if u.parent in below and u.name not in below:
                    below.add(u.name)
                    changed = True
        targets = [u.name for u in self.units.values() if u.name not in below and u.name != moving.parent]
        if targets:
            moving.parent = rng.choice(targets)
            self.import_org()

    def keep(self, seen: Seen) -> None:
        """Keep a released number after checking that it is what its population adds up to."""
        atoms = self.atoms(seen.rounds, seen.step)
        expected = Counter(self.answers[a][seen.step] for a in atoms)
        assert seen.counts == tuple(expected.get(v, 0) for v in range(1, 6)), (seen, expected)
        self.seen.append(seen)

    def atoms(self, rounds: frozenset[int], step: str) -> frozenset[Atom]:
        return frozenset(a for a, given in self.answers.items() if a[0] in rounds and step in given)

    # --- the adversary ------------------------------------------------------------------------------------------

    def leaks(self) -> list[tuple[str, str, frozenset[Atom]]]:
        """Every (reader, step, group) with 1…threshold-1 people other than the reader that the reader can work out
        from what they were shown (plus their own answers), and ("anyone", step, group) from everything shown."""
        found = []
        readers = sorted({s.reader for s in self.seen})
        for step in STEPS:
            everything = [self.atoms(s.rounds, step) for s in self.seen if s.step == step]
            found += [("anyone", step, g) for g in small_groups_in_span(everything, None)]
            for reader in readers:
                mine = [self.atoms(s.rounds, step) for s in self.seen if s.step == step and s.reader == reader]
                own = [frozenset({a}) for a in self.answers if a[1] == reader and step in self.answers[a]]
                found += [(reader, step, g) for g in small_groups_in_span(mine + own, reader)]
        return found


def rank(rows: list[list[Fraction]]) -> int:
    """The rank over the rationals, by Gaussian elimination on exact fractions."""
    m = [r[:] for r in rows]
    r = 0
    cols = len(m[0]) if m else 0
    for c in range(cols):
        pivot = next((i for i in range(r, len(m)) if m[i][c] != 0), None)
        if pivot is None:
            continue
        m[r], m[pivot] = m[pivot], m[r]
        for i in range(len(m)):
            if i != r and m[i][c] != 0:
                f = m[i][c] / m[r][c]
                m[i] = [a - f * b for a, b in zip(m[i], m[r], strict=True)]
        r += 1
    return r


def small_groups_in_span(sets: list[frozenset[Atom]], reader: str | None) -> list[frozenset[Atom]]:
    """The groups of 1…threshold-1 people (other than `reader`) whose indicator vector lies in the span of `sets`.
    Every vector in the span is constant on the pieces (atoms lying in the same sets), so a group is a union of
    pieces; each union small enough is tested by rank: span(sets) = span(sets + group)?"""
    sets = [s for s in dict.fromkeys(sets) if s]
    if not sets:
        return []
    where: dict[Atom, list[int]] = {}
    for i, s in enumerate(sets):
        for a in s:
            where.setdefault(a, []).append(i)
    by_sig: dict[tuple[int, ...], set[Atom]] = {}
    for a, inside in where.items():
        by_sig.setdefault(tuple(inside), set()).add(a)
    pieces = [frozenset(p) for p in by_sig.values()]

    def others(group: frozenset[Atom]) -> int:
        return len({p for _r, p in group if p != reader})

    small = [p for p in pieces if 0 < others(p) < THRESHOLD]
    matrix = [[Fraction(1 if p <= s else 0) for p in pieces] for s in sets]
    base = rank(matrix)
    found = []
    for k in range(1, THRESHOLD):
        for combo in itertools.combinations(small, k):
            group = frozenset().union(*combo)
            if not 0 < others(group) < THRESHOLD:
                continue
            vector = [Fraction(1 if p in combo else 0) for p in pieces]
            if rank([*matrix, vector]) == base:
                found.append(group)
    return found


def random_world(db: Database, url: str, seed: int, ledger: bool = True) -> World:
    """A random organisation: units with their own people and sub-units, sub-unit leads answering in the parent's
    round, deputies, and HR answering in one unit's round."""
    rng = random.Random(seed)
    n = rng.randint(4, 6)
    made: dict[str, Unit] = {}
    person = itertools.count(1)
    for i in range(n):
        name = f"Unit{i}"
        parent = None if i == 0 or rng.random() < 0.15 else rng.choice(list(made))
        members = [f"U{next(person):03d}" for _ in range(rng.choice([2, 3, 4, 5, 6, 7, 9]))]
        deputies = members[:1] if rng.random() < 0.3 else []
        made[name] = Unit(name, parent, f"UL{i}", deputies, members)
    for u in made.values():  # a sub-unit's lead is one of its parent's people
        if u.parent is not None and rng.random() < 0.6:
            made[u.parent].members.append(u.lead)
    rng.choice(list(made.values())).members.append(HR)
    return World(db, url, datetime(2026, 5, 4, 9, tzinfo=UTC), made, ledger)


def play(world: World, seed: int, tmp: Path, cli_too: bool = False) -> World:
    """Rounds close in random order, with every surface read between the closes and a re-import half-way."""
    rng = random.Random(seed * 7919)
    world.start(rng)
    order = list(world.units)
    rng.shuffle(order)
    managers = [u.lead for u in world.units.values() if any(v.parent == u.name for v in world.units.values())]
    moved_at = rng.randrange(len(order))
    for i, name in enumerate(order):
        if name in world.rounds:
            world.close(name)
        if i == moved_at:
            world.move_a_sub_unit(rng)
        world.results(HR, hr=True)
        if managers:
            world.results(rng.choice(managers), hr=False)
        if rng.random() < 0.5:
            world.hr_round_page(world.rounds[rng.choice(world.closed)])
        if rng.random() < 0.3:
            world.export(tmp)
    world.export(tmp)
    if cli_too:
        world.export_cli()
    for name in world.closed:
        world.hr_round_page(world.rounds[name])
    for lead in managers:
        world.results(lead, hr=False)
    return world

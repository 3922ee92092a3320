"""The one gate every number about people passes on its way out: the lead's round summary (Slack and dashboard),
HR's round pages, campaign results (Slack, files, dashboard, heatmap), the trend and the answers export.

Each surface says what it would like to show — per rated step, sets of rounds whose ratings it adds up — and to
whom; this module answers what may be shown, by flows.disclosure's rule against everything released before (the
release ledger, storage.releases, plus every lead's own round summary, which counts as released from the moment
the round closes), and records what was. Named rounds' ratings carry names anyway: they protect nobody and
count for nothing. `ledger=False` decides each release on its own, as the bot did before the ledger (the tests
use it to show what the ledger prevents); no setting turns it off.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from sqlmodel import col

from flows import disclosure
from flows import engine as fe
from flows.model import Flow
from storage import releases
from storage import rounds as round_store
from storage.db import Database
from storage.models import Round
from storage.status import RoundStatus

K = TypeVar("K", bound=Hashable)
Asks = Mapping[str, Sequence[tuple[K, frozenset[int]]]]  # step id → (what the surface calls it, its rounds)

ROUND_SUMMARY = "round_summary"  # the lead's own round (Slack, dashboard)
HR_ROUND = "hr_round"  # HR's round page
CAMPAIGN_RESULTS = "campaign_results"
TREND = "trend"
ANSWERS_EXPORT = "answers_export"
USER_IDS_AT_ONCE = 500


def _participating(db: Database, round_ids: list[int], user_ids: list[str]) -> set[tuple[int, str]]:
    out: set[tuple[int, str]] = set()
    users = sorted(set(user_ids))
    for i in range(0, len(users), USER_IDS_AT_ONCE):
        out |= set(round_store.participations(db, round_ids, users[i : i + USER_IDS_AT_ONCE]))
    return out


def release(
    db: Database,
    threshold: int,
    reader: str,
    surface: str,
    subject: str,
    asks: Asks[K],
    now: datetime,
    *,
    apart: bool = False,
    ledger: bool = True,
    leave_out: bool = False,
) -> dict[str, dict[K, frozenset[int]]]:
    """What of `asks` may be shown to `reader`: per step, the keys with the rounds each then adds up (fewer than
    asked where `leave_out` left a too-small part out of a total), recorded in the ledger before it is shown.
    `apart`: the rounds are shown one by one (the answers export), not as their total."""
    wanted: set[int] = {r for found in asks.values() for _k, rounds in found for r in rounds}
    before = [x for x in releases.every(db) if x.rounds & wanted] if ledger else []
    universe = sorted(wanted | {r for x in before for r in x.rounds})
    found_rounds: dict[int, Round] = {
        r.id: r for r in (round_store.rounds_where(db, col(Round.id).in_(universe)) if universe else []) if r.id
    }
    counted = round_store.rating_counts(db, universe)
    inside = _participating(db, universe, [reader, *(r.lead_id for r in found_rounds.values())])
    reader_in = {
        rid
        for rid, r in found_rounds.items()
        if (rid, reader) in inside or (not r.retained and reader != r.lead_id)  # who took part is gone: maybe
    }
    out: dict[str, dict[K, frozenset[int]]] = {}
    decided: dict[tuple[object, ...], dict[K, frozenset[int]]] = {}
    for step, candidates in asks.items():
        weight = {
            rid: sum(counted.get(rid, {}).get(step, {}).values()) if r.anonymous else 0
            for rid, r in found_rounds.items()
        }
        known: list[frozenset[int]] = []
        mine: list[frozenset[int]] = []
        for x in before:
            if step in x.steps:
                sets = [frozenset({r}) for r in x.rounds] if x.apart else [x.rounds]
                known.extend(sets)
                if x.reader == reader:
                    mine.extend(sets)
        if ledger:  # every lead's own summary, as it was shown to them
            known.extend(
                frozenset({rid})
                for rid, r in found_rounds.items()
                if r.status == RoundStatus.CLOSED
                and weight[rid] - (1 if (rid, r.lead_id) in inside else 0) >= threshold
            )
        asked = tuple(candidates)
        same = (asked, tuple(sorted(weight.items())), tuple(known), tuple(mine))
        if same not in decided:  # steps everyone rated alike are decided once
            decided[same] = disclosure.decide(
                asked, weight, threshold, known=known, known_to_reader=mine, reader_in=reader_in, leave_out=leave_out
            )
        out[step] = decided[same]
    steps_of: dict[frozenset[int], set[str]] = {}  # each released total (or, apart, each round) → its steps
    for step, shown in out.items():
        for rounds in shown.values():
            if rounds:
                for part in [frozenset({r}) for r in rounds] if apart else [rounds]:
                    steps_of.setdefault(part, set()).add(step)
    grouped: dict[frozenset[str], set[frozenset[int]]] = {}
    for part, named in steps_of.items():
        grouped.setdefault(frozenset(named), set()).add(part)

    def people(rounds: frozenset[int], steps: frozenset[str]) -> int:
        return max(sum(sum(counted.get(r, {}).get(s, {}).values()) for r in rounds) for s in steps)

    records: list[tuple[frozenset[int], frozenset[str], bool, int]] = []
    for steps, parts in grouped.items():
        if apart:  # one row for every round shown on its own with these steps
            every_round = frozenset(r for part in parts for r in part)
            records.append((every_round, steps, True, people(every_round, steps)))
        else:
            records.extend((part, steps, False, people(part, steps)) for part in parts)
    releases.record(db, reader, surface, subject, records, now)
    return out


def round_summary(
    db: Database,
    flow: Flow,
    rnd: Round,
    threshold: int,
    reader: str,
    surface: str,
    now: datetime,
    *,
    ledger: bool = True,
) -> fe.Summary:
    """A closed round's summary as `reader` may see it: the engine's aggregate, each theme shown only where the
    gate lets it out, and nothing beyond participation where fewer than the threshold answered besides the
    reader."""
    assert rnd.id is not None
    _answered, invited = round_store.counts(db, rnd.id)
    summary = fe.summarise(
        flow, round_store.responses(db, rnd.id), invited, anonymous=rnd.anonymous, threshold=threshold
    )
    if not rnd.anonymous or not summary.shown:
        return summary
    reader_in = reader != rnd.lead_id and (bool(_participating(db, [rnd.id], [reader])) or not rnd.retained)
    if summary.answered - (1 if reader_in else 0) < threshold:
        return fe.Summary(flow.id, summary.answered, invited, True, threshold, False)
    asks = {th.step_id: [(th.step_id, frozenset({rnd.id}))] for th in summary.themes if th.shown}
    shown = release(db, threshold, reader, surface, f"round {rnd.id}", asks, now, ledger=ledger)
    summary.themes = [
        replace(th, shown=th.shown and th.step_id in shown.get(th.step_id, set())) for th in summary.themes
    ]
    return summary


def export_rounds(
    db: Database, threshold: int, reader: str, rounds: list[Round], now: datetime, *, ledger: bool = True
) -> dict[int, set[str]]:
    """For the answers export: per round, the steps whose ratings may go out row by row. An anonymous round still
    open, or with fewer than the threshold answering besides the reader, gets none; a named round every step."""
    ids = [r.id for r in rounds if r.id is not None]
    counted = round_store.counts_of(db, ids)
    rated = round_store.rating_counts(db, ids)
    inside = _participating(db, ids, [reader])
    out: dict[int, set[str]] = {}
    asks: dict[str, list[tuple[int, frozenset[int]]]] = {}
    for rnd in rounds:
        assert rnd.id is not None
        out[rnd.id] = set()
        if not rnd.anonymous:
            out[rnd.id] = set(rated.get(rnd.id, {}))
            continue
        answered = counted.get(rnd.id, (0, 0))[0]
        reader_in = (rnd.id, reader) in inside or (not rnd.retained and reader != rnd.lead_id)
        if rnd.status != RoundStatus.CLOSED or answered - (1 if reader_in else 0) < threshold:
            continue
        for step in rated.get(rnd.id, {}):
            asks.setdefault(step, []).append((rnd.id, frozenset({rnd.id})))
    if asks:
        shown = release(db, threshold, reader, ANSWERS_EXPORT, "answers", asks, now, apart=True, ledger=ledger)
        for step, found in shown.items():
            for rid in found:
                out[rid].add(step)
    return out

"""Which version of a concept a round was answered with, and refusing a used version changed in place.

The first time a round uses a version, its whole content is stored (storage.flow_versions). A round is then
always read with that content — plus its lead's adaptation — whatever happens to the file later. A file whose
version was used with other content is refused at start-up and by `dialogue-bot flows check`, naming the file
and the steps that differ: raise `version:` to change what a concept asks.
"""

from __future__ import annotations

import threading

from bot.core.runtime import Runtime
from flows import versions
from flows.adaptation import Adaptation, apply
from flows.loader import FlowProblem
from flows.model import Flow
from storage import flow_versions as store
from storage.db import Database
from storage.models import Round

_CACHE: dict[tuple[str, str, int], Flow] = {}  # (database, flow id, version) → the stored flow: it never changes
_LOCK = threading.Lock()


def remember(rt: Runtime, flow: Flow) -> None:
    """Store the version a new round is about to use (once; the first content wins)."""
    store.remember(rt.db, flow.id, flow.version, versions.digest(flow), versions.content(flow), rt.clock.now())


def version_of(db: Database, flows: dict[str, Flow], flow_id: str, version: int) -> Flow | None:
    """A concept as that version was first used; a version never stored (a round from before versions were
    kept, or one not used yet) is the flow file's, when the file has that version."""
    key = (db.url, flow_id, version)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
    stored = store.get(db, flow_id, version)
    if stored is not None:
        flow = versions.from_content(stored.content)
        with _LOCK:  # stored content never changes: keep it
            _CACHE[key] = flow
        return flow
    current = flows.get(flow_id)
    return current if current is not None and current.version == version else None


def adaptation_of(rnd: Round) -> Adaptation | None:
    return Adaptation.model_validate_json(rnd.adaptation) if rnd.adaptation else None


def flow_of_round(db: Database, flows: dict[str, Flow], rnd: Round) -> Flow:
    """What this round's people answered: its version of the concept with its lead's adaptation."""
    base = version_of(db, flows, rnd.flow_id, rnd.flow_version)
    if base is None:
        raise KeyError(f"flow {rnd.flow_id!r} is neither in the flow files nor stored")
    return apply(base, adaptation_of(rnd))


def check_used(db: Database, flows: dict[str, Flow], sources: dict[str, str]) -> list[FlowProblem]:
    """Each flow file whose version was used with other content, naming the steps that differ."""
    problems = []
    for flow_id, flow in sorted(flows.items()):
        stored = store.get(db, flow_id, flow.version)
        if stored is None or stored.digest == versions.digest(flow):
            continue
        changed = versions.changed_steps(versions.from_content(stored.content), flow)
        named = ", ".join(f"'{s}'" if not s.startswith("(") else s for s in changed) or "(formatting only)"
        problems.append(
            FlowProblem(
                sources.get(flow_id, flow_id),
                None,
                f"version {flow.version} of '{flow_id}' was used by rounds with other content (changed: {named}); "
                f"raise 'version' to {flow.version + 1} to change it",
            )
        )
    return problems

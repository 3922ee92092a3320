"""A concept's versions: the exact content a round was answered with, compared step by step.

A version is identified by the flow's `version:` and pinned by a digest of its whole content; a used version
whose content changed without a new number is refused (bot.flow_versions). Plain data: no SQL.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum

from flows.model import Flow, Step

NOT_TEXTS = ("steps", "version")  # compared step by step, or the very thing that differs
# How a round may be started, not what its people answer: a policy that holds for new rounds from the file as
# it is now, so changing it needs no new version (and the Leadership Dialogue's `allow_named: false`, added
# after versions were stored, does not make a used version 1 "changed").
POLICY = {"allow_named"}


def _dump(flow: Flow) -> dict[str, object]:
    return flow.model_dump(mode="json", exclude_defaults=True, exclude=POLICY)


def content(flow: Flow) -> str:
    """The whole flow as canonical JSON: what is stored the first time a version is used. Fields left at their
    defaults are left out, so a field added to the schema later does not change the content of old versions;
    so are the POLICY fields."""
    return json.dumps(_dump(flow), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest(flow: Flow) -> str:
    return hashlib.sha256(content(flow).encode()).hexdigest()


def from_content(text: str) -> Flow:
    return Flow.model_validate_json(text)


def _step_json(step: Step) -> str:
    return json.dumps(step.model_dump(mode="json", exclude_defaults=True), sort_keys=True, ensure_ascii=False)


def changed_steps(old: Flow, new: Flow) -> list[str]:
    """Step ids whose definition differs, was added or removed; '(the flow's texts)' for the rest of the file."""
    before = {s.id: _step_json(s) for s in old.steps}
    after = {s.id: _step_json(s) for s in new.steps}
    out = [i for i in [*before, *(a for a in after if a not in before)] if before.get(i) != after.get(i)]
    rest_old = {k: v for k, v in _dump(old).items() if k not in NOT_TEXTS}
    rest_new = {k: v for k, v in _dump(new).items() if k not in NOT_TEXTS}
    if rest_old != rest_new:
        out.append("(the flow's texts)")
    if [s.id for s in old.steps if s.id in after] != [s.id for s in new.steps if s.id in before]:
        out.append("(the order of the steps)")
    return out


def shared_steps(a: Flow, b: Flow) -> set[str]:
    """The steps two versions share: the same id with the same definition (wording and scale)."""
    other = {s.id: _step_json(s) for s in b.steps}
    return {s.id for s in a.steps if other.get(s.id) == _step_json(s)}


@dataclass(frozen=True)
class Field:
    """One value that differs: its path in the step ('theme.en', 'rating.scale') and both values (None: absent)."""

    path: str
    before: object
    after: object


class How(StrEnum):
    """How a step differs between two versions."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"  # with the fields that did


@dataclass(frozen=True)
class StepChange:
    """How one step differs between two versions."""

    step_id: str
    how: How
    before: Step | None
    after: Step | None
    fields: tuple[Field, ...] = ()

    @property
    def scale_changed(self) -> bool:
        return (
            self.how == How.CHANGED
            and self.before is not None
            and self.after is not None
            and (self.before.scale != self.after.scale)
        )

    @property
    def kind_changed(self) -> bool:
        return self.before is not None and self.after is not None and kind(self.before) != kind(self.after)


def kind(step: Step) -> str:
    """What a step asks for: 'rating', 'reflection' or 'rating_and_reflection'."""
    if step.rating is not None and step.reflect is not None:
        return "rating_and_reflection"
    return "rating" if step.rating is not None else "reflection"


def _flatten(value: object, path: str = "") -> dict[str, object]:
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for k, v in value.items():
            out |= _flatten(v, f"{path}.{k}" if path else k)
        return out
    return {path: value}


def step_changes(old: Flow, new: Flow) -> list[StepChange]:
    """The steps that differ, in the new version's order (removed ones where they stood), each field by field."""
    before = {s.id: s for s in old.steps}
    after = {s.id: s for s in new.steps}
    order = [s.id for s in new.steps] + [s.id for s in old.steps if s.id not in after]
    out = []
    for step_id in order:
        a, b = before.get(step_id), after.get(step_id)
        if a is None:
            out.append(StepChange(step_id, How.ADDED, None, b))
        elif b is None:
            out.append(StepChange(step_id, How.REMOVED, a, None))
        else:
            fa = _flatten(a.model_dump(mode="json", exclude_defaults=True))
            fb = _flatten(b.model_dump(mode="json", exclude_defaults=True))
            fields = tuple(
                Field(k, fa.get(k), fb.get(k)) for k in sorted({*fa, *fb}, key=_field_order) if fa.get(k) != fb.get(k)
            )
            if fields:
                out.append(StepChange(step_id, How.CHANGED, a, b, fields))
    return out


_ORDER = ("theme", "rating.scale", "rating", "reflect", "dialogue_question", "required", "next")


def _field_order(path: str) -> tuple[int, str, int]:
    """The step's fields in the order a reader meets them; English before Danish."""
    stem, _, lang = path.rpartition(".") if path.endswith((".en", ".da")) else (path, "", "")
    rank = next((i for i, p in enumerate(_ORDER) if stem == p or stem.startswith(p + ".")), len(_ORDER))
    return rank, stem, ("en", "da", "").index(lang)


def flow_changes(old: Flow, new: Flow) -> list[str]:
    """The flow's own fields that differ (title, intro, why, kind, …), besides its steps and version."""
    a = {k: v for k, v in old.model_dump(mode="json", exclude_defaults=True).items() if k not in NOT_TEXTS}
    b = {k: v for k, v in new.model_dump(mode="json", exclude_defaults=True).items() if k not in NOT_TEXTS}
    return sorted(k for k in {*a, *b} if a.get(k) != b.get(k))


def order_changed(old: Flow, new: Flow) -> bool:
    """Whether the steps both versions have stand in another order."""
    after = {s.id for s in new.steps}
    before = {s.id for s in old.steps}
    return [s.id for s in old.steps if s.id in after] != [s.id for s in new.steps if s.id in before]

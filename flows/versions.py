"""A concept's versions: the exact content a round was answered with, compared step by step.

A version is identified by the flow's `version:` and pinned by a digest of its whole content; a used version
whose content changed without a new number is refused (bot.flow_versions). Plain data: no SQL.
"""

from __future__ import annotations

import hashlib
import json

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


def diff(old: Flow, new: Flow, locale: str = "en") -> list[str]:
    """What changed from `old` to `new`, one line per step (and the flow's own texts), for `flows diff`."""
    lines = [f"{old.id}@{old.version} → {new.id}@{new.version}"]
    before = {s.id: s for s in old.steps}
    after = {s.id: s for s in new.steps}
    for step_id in changed_steps(old, new):
        if step_id.startswith("("):
            lines.append(f"~ {step_id} changed")
        elif step_id not in after:
            lines.append(f"- {step_id}: {before[step_id].theme.get(locale)} (removed)")
        elif step_id not in before:
            lines.append(f"+ {step_id}: {after[step_id].theme.get(locale)} (added)")
        else:
            a, b = (
                before[step_id].model_dump(mode="json", exclude_defaults=True),
                after[step_id].model_dump(mode="json", exclude_defaults=True),
            )
            fields = sorted(k for k in {*a, *b} if a.get(k) != b.get(k))
            lines.append(f"~ {step_id}: {', '.join(fields)} changed")
            for field in fields:
                lines.append(f"    {field}: {json.dumps(a.get(field), ensure_ascii=False)}")
                lines.append(f"    {' ' * len(field)}→ {json.dumps(b.get(field), ensure_ascii=False)}")
    if len(lines) == 1:
        lines.append("  no differences")
    return lines

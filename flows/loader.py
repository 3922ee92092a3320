"""Load and validate flow files; every problem names the file, the step and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from flows.model import Flow, FlowKind, Text

BUILTIN_DIR = Path(__file__).parent


@dataclass(frozen=True)
class FlowProblem:
    file: str
    step: str | None
    problem: str
    line: int | None = None  # where in the file, when known

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        where = f"{place}: step '{self.step}'" if self.step else place
        return f"{where}: {self.problem}"


class FlowError(Exception):
    """Raised when one or more flow files are invalid; str() lists every problem, one per line."""

    def __init__(self, problems: list[FlowProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Lines:
    """Where things start in a flow file: each step (by position) and each top-level key."""

    steps: list[int]
    keys: dict[str, int]

    def of(self, loc: tuple[Any, ...]) -> int | None:
        if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int) and loc[1] < len(self.steps):
            return self.steps[loc[1]]
        return self.keys.get(str(loc[0])) if loc else None


def lines_of(text: str) -> Lines:
    """Line numbers (1-based) from the YAML's node tree; empty when the text is not a mapping."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return Lines([], {})
    if not isinstance(node, yaml.MappingNode):
        return Lines([], {})
    keys, steps = {}, []
    for key, value in node.value:
        keys[str(key.value)] = key.start_mark.line + 1
        if key.value == "steps" and isinstance(value, yaml.SequenceNode):
            steps = [item.start_mark.line + 1 for item in value.value]
    return Lines(steps, keys)


def _step_name(raw: Any, loc: tuple[Any, ...]) -> tuple[str | None, tuple[Any, ...]]:
    """Turn a pydantic location like ('steps', 3, 'theme', 'da') into the step's id and the rest."""
    if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int):
        steps = raw.get("steps") if isinstance(raw, dict) else None
        name = f"#{loc[1] + 1}"
        if isinstance(steps, list) and loc[1] < len(steps) and isinstance(steps[loc[1]], dict):
            name = str(steps[loc[1]].get("id", name))
        return name, loc[2:]
    return None, loc


def _pydantic_problems(file: str, raw: Any, err: ValidationError, lines: Lines | None = None) -> list[FlowProblem]:
    out = []
    for e in err.errors():
        loc = tuple(e["loc"])
        step, rest = _step_name(raw, loc)
        field = ".".join(str(p) for p in rest)
        msg = e["msg"]
        if e["type"] == "missing":
            msg = "is missing" if field else msg
        elif e["type"] == "extra_forbidden":
            msg = "is not a known field"
        out.append(
            FlowProblem(file, step, f"{field} {msg}".strip() if field else msg, lines.of(loc) if lines else None)
        )
    return out


def _reference_problems(file: str, flow: Flow, lines: Lines) -> list[FlowProblem]:
    problems = []
    seen: set[str] = set()
    ids = {s.id for s in flow.steps}
    for i, s in enumerate(flow.steps):
        line = lines.of(("steps", i))
        if s.id in seen:
            problems.append(FlowProblem(file, s.id, "step id is used more than once", line))
        seen.add(s.id)
        if s.next is not None and s.next not in ids:
            problems.append(FlowProblem(file, s.id, f"step '{s.next}' in 'next' does not exist", line))
        if s.id.startswith("local_"):
            problems.append(
                FlowProblem(file, s.id, "step ids starting with 'local_' are the leads' own questions", line)
            )
    if flow.local_questions and flow.kind != FlowKind.DIALOGUE:
        problems.append(
            FlowProblem(file, None, "only a dialogue may allow local questions", lines.of(("local_questions",)))
        )
    return problems


def parse_flow(text: str, file: str) -> Flow:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        line = mark.line + 1 if mark is not None else None
        problem = f"is not valid YAML{where}: {getattr(e, 'problem', e)}"
        raise FlowError([FlowProblem(file, None, problem, line)]) from e
    if not isinstance(raw, dict):
        raise FlowError([FlowProblem(file, None, "must be a mapping with 'id', 'title', 'steps', …")])
    lines = lines_of(text)
    try:
        flow = Flow.model_validate(raw)
    except ValidationError as e:
        raise FlowError(_pydantic_problems(file, raw, e, lines)) from e
    problems = _reference_problems(file, flow, lines)
    if problems:
        raise FlowError(problems)
    return flow


def load_flow(path: Path) -> Flow:
    return parse_flow(path.read_text(encoding="utf-8"), str(path))


NOT_FLOWS = {"privacy.yaml"}  # texts that live beside the flows


def flow_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.name not in NOT_FLOWS)
    return [path]


def privacy_notice(path: Path = BUILTIN_DIR) -> Text:
    """The privacy notice (en + da), validated like any flow text."""
    file = (path if path.is_dir() else path.parent) / "privacy.yaml"
    if not file.exists():
        file = BUILTIN_DIR / "privacy.yaml"
    try:
        return Text.model_validate((yaml.safe_load(file.read_text(encoding="utf-8")) or {}).get("notice"))
    except ValidationError as e:
        raise FlowError(_pydantic_problems(str(file), {}, e)) from e


def load_flows(path: Path = BUILTIN_DIR) -> dict[str, Flow]:
    """Load every flow file under `path`; collects all problems before raising, so one run shows them all."""
    return load_flows_from(path)[0]


def load_flows_from(path: Path = BUILTIN_DIR) -> tuple[dict[str, Flow], dict[str, str]]:
    """The flows under `path` and the file each came from (by flow id), for problems found later."""
    flows: dict[str, Flow] = {}
    sources: dict[str, str] = {}
    problems: list[FlowProblem] = []
    files = flow_files(path)
    if not files:
        raise FlowError([FlowProblem(str(path), None, "contains no flow files (*.yaml)")])
    for f in files:
        try:
            flow = load_flow(f)
        except FlowError as e:
            problems.extend(e.problems)
            continue
        except OSError as e:
            problems.append(FlowProblem(str(f), None, f"cannot be read: {e.strerror}"))
            continue
        if flow.id in flows:
            problems.append(FlowProblem(str(f), None, f"flow id '{flow.id}' is used by another file too"))
        flows[flow.id] = flow
        sources[flow.id] = str(f)
    if problems:
        raise FlowError(problems)
    return flows, sources

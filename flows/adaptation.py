"""A lead's local adaptation of a concept: optional themes left out, up to `local_questions` questions of their
own, the team meeting's questions rephrased — checked, and applied to give the flow the team answers.

HR's frame holds: required steps cannot be left out, and a local question never takes an id of the concept
(its ids are `local_1`, `local_2`, …), so results across units and versions never mix it in. Plain data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from flows.identifying import identifying
from flows.model import LOCALES, Flow, Rating, Step, Text
from flows.text import clean

LOCAL_PREFIX = "local_"
MAX_QUESTION = 200
MAX_LABEL = 40
IDENTIFYING = "adapt_identifying_"  # + the kind of detail (flows.identifying.CATEGORIES): the error code
MARKUP = re.compile(r"[<>*_~`|]|\[.*\]\(")  # Slack formatting and HTML: plain words only
# Links of every kind, in any case: any `scheme://`, the schemes used without slashes, `www.`, bare domains
# (a name, a dot, a top-level domain: two letters for every country, or a common generic one), e-mail addresses
# and @-mentions. A question is read by everyone in the team: it must not send them anywhere, or ping anyone.
_SCHEMES = "mailto|tel|sms|slack|javascript|data|file|callto|skype|sip|msteams|teams|xmpp|news|magnet|ftp"
_TLDS = (
    "[a-z]{2}|com|org|net|info|biz|edu|gov|mil|int|app|dev|io|ai|xyz|online|site|web|link|click|cloud|shop|"
    "store|tech|page|blog|live|email|top|one|eu|asia|pro|name|mobi|museum|jobs|travel|zip|mov|nyc|berlin|"
    "london|amsterdam|scot|nu|global|world|today|news|media|group|company|services|work|team|digital"
)
LINK = re.compile(
    r"[a-z][a-z0-9+.\-]*://"
    rf"|(?<![\w.-])(?:{_SCHEMES}):"
    r"|(?<![\w.-])www\d?\."
    rf"|(?<![\w-])[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:{_TLDS})(?![\w-])"
    r"|@\w|<[@!#]",
    re.IGNORECASE,
)


class LocalQuestion(BaseModel):
    """One question of the team's own: a 1–5 rating with its two end labels, or free text."""

    model_config = ConfigDict(extra="forbid")
    kind: str = Field(pattern="^(rating|text)$")
    text: Text
    low: Text | None = None
    high: Text | None = None


class Adaptation(BaseModel):
    """What a lead changed; stored with the round (and as the unit's variant for next time)."""

    model_config = ConfigDict(extra="forbid")
    omit: list[str] = Field(default_factory=list)
    local: list[LocalQuestion] = Field(default_factory=list)
    questions: dict[str, Text] = Field(default_factory=dict)  # step id → the team meeting's question, rephrased

    @property
    def empty(self) -> bool:
        return not (self.omit or self.local or self.questions)


def is_local(step_id: str) -> bool:
    return step_id.startswith(LOCAL_PREFIX)


def adaptable(flow: Flow) -> bool:
    return (
        flow.local_questions > 0
        or any(not s.required for s in flow.steps)
        or any(s.dialogue_question is not None for s in flow.steps)
    )


def apply(flow: Flow, adaptation: Adaptation | None) -> Flow:
    """The flow the team answers: the concept's steps minus the omitted ones (never a required one), the
    meeting's questions as rephrased, then the local questions."""
    if adaptation is None or adaptation.empty:
        return flow
    steps = []
    for s in flow.steps:
        if s.id in adaptation.omit and not s.required:
            continue
        question = adaptation.questions.get(s.id)
        steps.append(s.model_copy(update={"dialogue_question": question}) if question and s.dialogue_question else s)
    for i, q in enumerate(adaptation.local[: flow.local_questions], start=1):
        if q.kind == "rating":
            low = q.low or Text(en="1", da="1")
            high = q.high or Text(en="5", da="5")
            steps.append(
                Step(id=f"{LOCAL_PREFIX}{i}", theme=q.text, rating=Rating(scale=5, required=False, low=low, high=high))
            )
        else:
            steps.append(Step(id=f"{LOCAL_PREFIX}{i}", theme=q.text, reflect=q.text))
    steps = [s.model_copy(update={"next": None}) for s in steps]
    return flow.model_copy(update={"steps": steps})


@dataclass
class Draft:
    """What the lead typed into the adaptation form, before it is checked."""

    keep: list[str]  # the optional step ids still ticked
    local: list[dict[str, str]] = field(default_factory=list)  # kind, en, da, low_en, low_da, high_en, high_da
    questions: dict[str, dict[str, str]] = field(default_factory=dict)  # step id → {en, da}


def _text(values: dict[str, str], prefix: str = "") -> Text | None:
    """Both languages from what was typed in one or both: a text typed in one language serves both."""
    typed = {loc: clean(values.get(f"{prefix}{loc}", "")).strip() for loc in LOCALES}
    present = [v for v in typed.values() if v]
    if not present:
        return None
    return Text(**{loc: typed[loc] or present[0] for loc in LOCALES})


def _problem(text: Text | None, limit: int) -> str | None:
    if text is None:
        return "adapt_empty"
    if any(len(t) > limit for t in (text.en, text.da)):
        return "adapt_too_long"
    if any(LINK.search(t) for t in (text.en, text.da)):
        return "adapt_link"
    if any(MARKUP.search(t) for t in (text.en, text.da)):
        return "adapt_markup"
    return None


def _identifying(*texts: Text | None) -> str | None:
    """The error code when a local question (or its end labels) asks for a detail that singles someone out."""
    found = next((kind for text in texts if text for t in (text.en, text.da) if (kind := identifying(t))), None)
    return f"{IDENTIFYING}{found}" if found else None


def check(flow: Flow, draft: Draft) -> tuple[Adaptation | None, dict[str, str]]:
    """The adaptation, or problems by form field (block id → error code): an empty or too long question,
    formatting, a link or a mention in it, a local question asking for identifying details (flows.identifying),
    more questions than the concept allows, every theme left out."""
    errors: dict[str, str] = {}
    omit = [s.id for s in flow.steps if not s.required and s.id not in draft.keep]
    if len(omit) == len(flow.steps):
        errors["keep"] = "adapt_nothing_left"
    filled = [q for q in draft.local if any(v.strip() for k, v in q.items() if k in LOCALES)]
    if len(filled) > flow.local_questions:
        errors["local_1"] = "adapt_too_many"
    local: list[LocalQuestion] = []
    for i, q in enumerate(draft.local, start=1):
        if not any(v.strip() for k, v in q.items() if k != "kind"):
            continue  # an empty slot: no question here
        text = _text(q)
        problem = _problem(text, MAX_QUESTION)
        kind = q.get("kind") or "rating"
        low = high = None
        if problem is None and kind == "rating":
            low, high = _text(q, "low_"), _text(q, "high_")
            problem = _problem(low, MAX_LABEL) or _problem(high, MAX_LABEL) if (low or high) else None
        if problem is None:
            problem = _identifying(text, low, high)
        if problem is not None:
            errors[f"local_{i}"] = problem
        elif text is not None:
            local.append(
                LocalQuestion(kind=kind if kind in ("rating", "text") else "rating", text=text, low=low, high=high)
            )
    questions: dict[str, Text] = {}
    for step in flow.steps:
        typed = draft.questions.get(step.id)
        if step.dialogue_question is None or typed is None:
            continue
        text = _text(typed)
        if text is None or text == step.dialogue_question:
            continue  # left as it was
        problem = _problem(text, MAX_QUESTION)
        if problem is not None:
            errors[f"question__{step.id}"] = problem
        else:
            questions[step.id] = text
    if errors:
        return None, errors
    return Adaptation(omit=omit, local=local, questions=questions), {}

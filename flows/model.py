"""The schema of a flow file: what a valid Flow is, checked once at load so a typo never reaches a user."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LOCALES: tuple[str, ...] = ("en", "da")  # the one list of languages: flow files, texts, settings, formatting
Locale = Literal["en", "da"]


class FlowKind(StrEnum):
    """What a flow is for, so code asks the flow instead of special-casing its id."""

    DIALOGUE = "dialogue"  # a round a lead starts: ratings and reflections, summarised for the lead
    EXPERIENCE = "experience"  # sharing how a dialogue went: stored as an Experience, exported by HR
    CHECK_IN = "check_in"  # the follow-up's one question, started by the bot some weeks after the meeting


class Text(BaseModel):
    """A user-facing text in every supported language; a missing language is a load error, not a fallback."""

    model_config = ConfigDict(extra="forbid")
    en: str = Field(min_length=1)
    da: str = Field(min_length=1)

    def get(self, locale: str) -> str:
        return self.da if locale == "da" else self.en


class Rating(BaseModel):
    """A 1..scale rating with words for both ends, so the numbers mean the same to everyone."""

    model_config = ConfigDict(extra="forbid")
    scale: int = Field(ge=2, le=10)
    required: bool = True
    low: Text
    high: Text
    labels: list[Text] | None = None

    @model_validator(mode="after")
    def _labels_match_scale(self) -> Rating:
        if self.labels is not None and len(self.labels) != self.scale:
            raise ValueError(f"rating has scale {self.scale} but {len(self.labels)} labels")
        return self

    def label(self, value: int, locale: str) -> str:
        if self.labels:
            return self.labels[value - 1].get(locale)
        if value == 1:
            return f"1 – {self.low.get(locale)}"
        if value == self.scale:
            return f"{value} – {self.high.get(locale)}"
        return str(value)


class Step(BaseModel):
    """One theme of a dialogue; `id` is stable because answers are stored under it forever."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    theme: Text
    rating: Rating | None = None
    reflect: Text | None = None
    dialogue_question: Text | None = None
    next: str | None = None
    required: bool = False  # HR's core: kept by every unit; optional themes a lead may leave out

    @model_validator(mode="after")
    def _asks_something(self) -> Step:
        if self.rating is None and self.reflect is None:
            raise ValueError("a step needs a 'rating' or a 'reflect' prompt (or both)")
        return self

    @property
    def scale(self) -> int:
        """The rating's top value (0 for a step without a rating)."""
        return self.rating.scale if self.rating is not None else 0


class Flow(BaseModel):
    """A whole dialogue concept: its texts and its ordered steps."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    version: int = Field(ge=1)
    kind: FlowKind = FlowKind.DIALOGUE
    startable: bool = True  # offered in the lead's start modal (the follow-up check-in is started by the bot)
    local_questions: int = Field(default=0, ge=0, le=5)  # how many questions of their own a lead may add
    # Whether a lead may run it with names. False: always anonymous (the Leadership Dialogue, whose answers are
    # about the very person who would read the names); the start form and the server both hold to it.
    allow_named: bool = True
    title: Text
    intro: Text
    why: Text
    steps: list[Step] = Field(min_length=1)

    @field_validator("steps")
    @classmethod
    def _bounded(cls, steps: list[Step]) -> list[Step]:
        # Each step renders as up to three Block Kit blocks in one modal (limit 100 blocks).
        if len(steps) > 25:
            raise ValueError(f"a flow has at most 25 steps, this one has {len(steps)}")
        return steps

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    @property
    def rated_steps(self) -> list[Step]:
        return [s for s in self.steps if s.rating is not None]


def flow_of_kind(flows: dict[str, Flow], kind: FlowKind) -> Flow:
    """The (first, by id) flow of a kind; a missing one is a KeyError naming the kind."""
    for flow_id in sorted(flows):
        if flows[flow_id].kind == kind:
            return flows[flow_id]
    raise KeyError(f"no flow of kind {kind.value!r}")

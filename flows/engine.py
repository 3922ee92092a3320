"""What to ask and what the answers add up to: plain data in, plain data out (no Slack, no SQL)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flows.model import Flow, Step
from flows.text import clean

MAX_TEXT = 3000
PACING_ALL = "all_now"
PACING_DAILY = "daily"
PACINGS = (PACING_ALL, PACING_DAILY)
# The form's value for *rather not say*: an answer of its own, counted apart and never a rating. It never counts
# in a mean, a distribution or its n — so it never helps a theme reach the anonymity threshold either.
DECLINED = "rather_not_say"


@dataclass(frozen=True)
class Answer:
    step_id: str
    rating: int | None = None
    text: str | None = None
    declined: bool = False  # *rather not say* chosen for the rating (rating is then None)


@dataclass(frozen=True)
class Problem:
    """A wrong entry: which step and field, and an error code the bot turns into a sentence in the user's language."""

    step_id: str
    field: str  # "rating" or "text"
    code: str  # "required", "out_of_range", "too_long"


def parse_answers(steps: list[Step], values: dict[str, dict[str, str | None]]) -> tuple[list[Answer], list[Problem]]:
    """Check raw form values ({step_id: {"rating": "4", "text": "…"}}) against the steps being asked."""
    answers: list[Answer] = []
    problems: list[Problem] = []
    for step in steps:
        raw = values.get(step.id, {})
        rating: int | None = None
        declined = False
        if step.rating is not None:
            r = raw.get("rating")
            if r == DECLINED:
                declined = True
            elif r in (None, ""):
                if step.rating.required:
                    problems.append(Problem(step.id, "rating", "required"))
            else:
                try:
                    rating = int(str(r))
                except ValueError:
                    rating = -1
                if not 1 <= rating <= step.rating.scale:
                    problems.append(Problem(step.id, "rating", "out_of_range"))
                    rating = None
        text = clean(raw.get("text") or "").strip() or None
        if text is not None and len(text) > MAX_TEXT:
            problems.append(Problem(step.id, "text", "too_long"))
        answers.append(Answer(step.id, rating, text, declined))
    return answers, problems


@dataclass
class ThemeResult:
    step_id: str
    counts: list[int]  # counts[i] = how many rated i+1
    shown: bool  # False when fewer ratings than the threshold (anonymous rounds)
    declined: int = 0  # how many chose *rather not say*: in neither `counts`, `n` nor `mean`

    @property
    def n(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        if not self.n:
            return None
        return sum((i + 1) * c for i, c in enumerate(self.counts)) / self.n


@dataclass
class Comment:
    step_id: str
    text: str
    author: str | None  # only ever set in rounds that are not anonymous


@dataclass
class Summary:
    flow_id: str
    answered: int
    invited: int
    anonymous: bool
    threshold: int
    shown: bool  # False: too few answers, show participation only
    themes: list[ThemeResult] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


def summarise(
    flow: Flow,
    responses: list[tuple[str | None, list[Answer]]],
    invited: int,
    *,
    anonymous: bool,
    threshold: int,
) -> Summary:
    """Aggregate responses ((author or None, answers) pairs) into what the lead may see.

    In anonymous rounds nothing but participation is shown below the threshold, a theme with
    fewer ratings than the threshold shows no distribution, authors are dropped, and comments are
    sorted by text so their order cannot be matched to who answered when. *Rather not say* is not a
    rating: it never counts towards the threshold, a mean or n; its count is kept apart (`declined`)
    and shown only beside a distribution that is shown.
    """
    answered = len(responses)
    shown = answered >= threshold if anonymous else answered > 0
    summary = Summary(flow.id, answered, invited, anonymous, threshold, shown)
    if not shown:
        return summary
    by_step: dict[str, list[Answer]] = {s.id: [] for s in flow.steps}
    for author, answers in responses:
        for a in answers:
            if a.step_id not in by_step:
                continue  # a step removed from the flow since: keep the data, do not render it
            by_step[a.step_id].append(a)
            if a.text:
                summary.comments.append(Comment(a.step_id, a.text, None if anonymous else author))
    for step in flow.rated_steps:
        assert step.rating is not None
        counts = [0] * step.rating.scale
        declined = 0
        for a in by_step[step.id]:
            if a.declined:
                declined += 1
            elif a.rating is not None and 1 <= a.rating <= step.rating.scale:
                counts[a.rating - 1] += 1
        n = sum(counts)  # ratings given: *rather not say* never counts towards the threshold
        summary.themes.append(ThemeResult(step.id, counts, n >= threshold if anonymous else n > 0, declined))
    order = {s.id: i for i, s in enumerate(flow.steps)}
    summary.comments.sort(key=lambda c: (order[c.step_id], c.text.casefold(), c.author or ""))
    return summary

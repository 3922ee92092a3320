"""A participant answers: may they, which themes are open to them now, store it — and their own answers.

The decisions live here, called by the Slack listener and by tests without HTTP; the listener only reads the
payload and renders what these functions return (a refusal is a code; the listener says it in the person's
language).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from bot.core.runtime import Runtime
from bot.outbound.people import locale_of, person
from bot.services import access, comment_masking, rounds
from flows import engine as fe
from flows.model import Flow, FlowKind, Step
from flows.timeline import unlocked_count
from storage import rounds as round_store
from storage.models import Round
from storage.status import RoundStatus, SaveOutcome


class Refusal(Enum):
    """Why a person cannot answer (or send) now."""

    UNKNOWN = "unknown"  # no such round (any more), or its concept is gone
    CLOSED = "closed"  # the round closed, or its deadline passed
    NOT_PARTICIPANT = "not_participant"  # the person does not take part in it


@dataclass(frozen=True)
class Refused:
    """Nothing is shown or stored; the edge tells the person why, in their language."""

    reason: Refusal
    deadline: datetime | None = None  # when a closed round's deadline was (the sentence names it)


@dataclass(frozen=True)
class Form:
    """What the person may answer now, and what they answered before (to pre-fill it)."""

    round: Round
    flow: Flow
    steps: list[Step]
    previous: dict[str, fe.Answer]

    @property
    def round_id(self) -> int:
        assert self.round.id is not None
        return self.round.id


@dataclass(frozen=True)
class Invalid:
    """The form is shown again with these problems next to their fields."""

    flow: Flow
    problems: list[fe.Problem]


@dataclass(frozen=True)
class Stored:
    round_id: int


@dataclass(frozen=True)
class Preview:
    """What the lead will see of this answer, shown to the person before anything is stored: the answers with
    the comments masked, and what decides how much of them the lead sees."""

    round_id: int
    flow: Flow
    steps: list[Step]
    answers: list[fe.Answer]  # comments masked: exactly what Send stores
    values: dict[str, dict[str, str | None]]  # the form's values with the comments masked: what Send submits
    masked: dict[str, int]  # how many names, e-mail addresses and phone numbers were replaced
    anonymous: bool
    threshold: int
    answered: int  # people who have answered, this person included
    invited: int


def refusal(rt: Runtime, rnd: Round | None) -> Refused | None:
    """Why nobody can answer this round now; None when they can."""
    if rnd is None or rnd.flow_id not in rt.flows:
        return Refused(Refusal.UNKNOWN)
    if rnd.status != RoundStatus.OPEN or rnd.deadline <= rt.clock.now():
        return Refused(Refusal.CLOSED, rnd.deadline)
    return None


def open_steps(rt: Runtime, rnd: Round, user_id: str) -> list[Step]:
    """All themes, or in a paced round those whose day has come in this person's own time zone."""
    steps = rounds.flow_of(rt, rnd).steps
    if rnd.pacing != fe.PACING_DAILY:
        return list(steps)
    tz = rt.tz_of(person(rt, user_id).tz)
    return list(steps[: unlocked_count(rnd.created_at, len(steps), rt.clock.now(), tz, rt.hours)])


def open_form(rt: Runtime, round_id: int | None, user_id: str) -> Form | Refused:
    """The form for this round, or why there is none (bot.slack.authz has checked that they take part)."""
    rnd = round_store.get_round(rt.db, round_id) if round_id is not None else None
    refused = refusal(rt, rnd)
    if refused is not None or rnd is None or rnd.id is None:
        return refused or Refused(Refusal.UNKNOWN)
    flow = rounds.flow_of(rt, rnd)
    if flow.kind == FlowKind.EXPERIENCE:  # HR's experience round: the share form, linked to the round
        return Form(rnd, flow, list(flow.steps), {})
    return Form(rnd, flow, open_steps(rt, rnd, user_id), round_store.my_answers(rt.db, rnd.id, user_id))


def _checked(
    rt: Runtime,
    round_id: int | None,
    user_id: str,
    step_ids: list[str],
    values: dict[str, dict[str, str | None]],
    locale: str | None,
) -> tuple[Round, Flow, list[Step], list[fe.Answer], dict[str, int]] | Invalid | Refused:
    """The round and the answers as they would be stored (comments masked, in `locale`'s words), or why not.
    Only steps the form showed *and* that are open now count: a forged private_metadata cannot answer ahead."""
    rnd = round_store.get_round(rt.db, round_id) if round_id is not None else None
    if rnd is None or rnd.id is None or rnd.flow_id not in rt.flows:
        return Refused(Refusal.UNKNOWN)
    flow = rounds.flow_of(rt, rnd)
    shown = set(step_ids)
    steps = [s for s in open_steps(rt, rnd, user_id) if s.id in shown]
    answers, problems = fe.parse_answers(steps, values)
    if problems:
        return Invalid(flow, problems)
    masked, found = comment_masking.mask_answers(rt, answers, locale or locale_of(rt, user_id))
    return rnd, flow, steps, masked, found


def preview(
    rt: Runtime,
    round_id: int | None,
    user_id: str,
    step_ids: list[str],
    values: dict[str, dict[str, str | None]],
    locale: str | None = None,
) -> Preview | Invalid | Refused:
    """What the lead will see of this answer; nothing is stored. A round that can no longer take it is refused
    now, not after the person read the preview. `locale`: the person's language as the edge read it (the
    masked names' words); looked up when not given."""
    checked = _checked(rt, round_id, user_id, step_ids, values, locale)
    if isinstance(checked, Invalid | Refused):
        return checked
    rnd, flow, steps, answers, found = checked
    assert rnd.id is not None
    refused = refusal(rt, rnd)
    if refused is not None:
        return refused
    participant = round_store.participant(rt.db, rnd.id, user_id)
    if participant is None:
        return Refused(Refusal.NOT_PARTICIPANT)
    answered, invited = round_store.counts(rt.db, rnd.id)
    masked_values = {a.step_id: {**values.get(a.step_id, {}), "text": a.text} for a in answers}
    return Preview(
        rnd.id,
        flow,
        steps,
        answers,
        masked_values,
        found,
        bool(rnd.anonymous),
        rt.settings.anonymity_threshold,
        answered + (0 if participant.answered else 1),
        invited,
    )


def submit(
    rt: Runtime,
    round_id: int | None,
    user_id: str,
    step_ids: list[str],
    values: dict[str, dict[str, str | None]],
    locale: str | None = None,
) -> Stored | Invalid | Refused:
    """Validate and store (or replace) an answer, its comments masked (only the masked text is ever stored).
    Stored means committed. `locale` as for `preview`."""
    checked = _checked(rt, round_id, user_id, step_ids, values, locale)
    if isinstance(checked, Invalid | Refused):
        return checked
    rnd, _flow, _steps, answers, _found = checked
    assert rnd.id is not None
    if round_store.save_response(rt.db, rnd.id, user_id, answers, rt.clock.now()) != SaveOutcome.STORED:
        return refusal(rt, rnd) or Refused(Refusal.CLOSED, rnd.deadline)
    return Stored(rnd.id)


def my_answers(rt: Runtime, user_id: str) -> list[tuple[Round, Flow, dict[str, fe.Answer]]]:
    """This person's own answers in rounds still open (shown to them alone on App Home)."""
    out = []
    for rnd in round_store.open_rounds_with(rt.db, user_id):
        if rnd.id is None or rnd.flow_id not in rt.flows:
            continue
        answers = round_store.my_answers(rt.db, rnd.id, user_id)
        if answers:
            out.append((rnd, rounds.flow_of(rt, rnd), answers))
    return out


def delete_mine(rt: Runtime, round_id: int | None, user_id: str) -> int:
    """Take one's answer back from an open round (audited). Returns how many answers were deleted."""
    n = round_store.delete_response(rt.db, round_id, user_id) if round_id is not None else 0
    access.record(rt, user_id, "answer.delete", detail=f"round {round_id}", rows=n)
    return n

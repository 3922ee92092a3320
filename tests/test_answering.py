"""Answering, decided in bot.services.answers and tested without HTTP: who may answer, which themes are open, what is
stored. The transcript tests (test_round_e2e) cover the same over Slack's requests."""

from __future__ import annotations

from datetime import timedelta

from bot.core.clock import FakeClock
from bot.core.runtime import Runtime
from bot.services import answers, rounds
from doubles.fake_slack import FakeSlack
from flows import engine as fe
from storage import rounds as round_store


def _round(rt: Runtime, pacing: str = fe.PACINGS[0], **kw: object) -> int:
    setup = rounds.Setup(
        flow_id="well_being",
        participants=["U1", "U2"],
        channel_id=None,
        deadline=rt.clock.now() + timedelta(days=7),
        pacing=pacing,
        anonymous=True,
    )
    rnd = rounds.create(rt, "ULEAD", setup, "en", "T0001")
    assert rnd is not None and rnd.id is not None
    return rnd.id


def test_a_participant_gets_every_theme_answers_and_can_replace_the_answer(runtime: Runtime, slack: FakeSlack) -> None:
    slack.people("ULEAD", "U1", "U2")
    rid = _round(runtime)
    form = answers.open_form(runtime, rid, "U1")
    assert isinstance(form, answers.Form)
    assert [s.id for s in form.steps] == [s.id for s in runtime.flows["well_being"].steps] and form.previous == {}
    ids = [s.id for s in form.steps]
    every: dict[str, dict[str, str | None]] = {s: {"rating": "3"} for s in ids}
    assert answers.submit(runtime, rid, "U1", ids, {**every, "workload": {"rating": "2", "text": "busy"}}) == (
        answers.Stored(rid)
    )
    again = answers.open_form(runtime, rid, "U1")
    assert isinstance(again, answers.Form) and again.previous["workload"].rating == 2
    answers.submit(runtime, rid, "U1", ids, {**every, "workload": {"rating": "4"}})
    assert round_store.counts(runtime.db, rid) == (1, 2)
    [(_, stored)] = round_store.responses(runtime.db, rid)  # one response, replaced
    assert {a.step_id: a.rating for a in stored}["workload"] == 4


def test_invalid_answers_name_their_step_and_nothing_is_stored(runtime: Runtime, slack: FakeSlack) -> None:
    slack.people("ULEAD", "U1", "U2")
    rid = _round(runtime)
    ids = [s.id for s in runtime.flows["well_being"].steps]
    outcome = answers.submit(runtime, rid, "U1", ids, {"workload": {"rating": "9", "text": "x" * (fe.MAX_TEXT + 1)}})
    assert isinstance(outcome, answers.Invalid)
    assert {(p.step_id, p.field, p.code) for p in outcome.problems} >= {
        ("workload", "rating", "out_of_range"),
        ("workload", "text", "too_long"),
    }
    assert round_store.counts(runtime.db, rid) == (0, 2)


def test_refusals_say_why(runtime: Runtime, slack: FakeSlack, clock: FakeClock) -> None:
    """The service says why as a code; the listener says it in the person's language (test_http_edge reads it)."""
    slack.people("ULEAD", "U1", "U2")
    rid = _round(runtime)
    assert answers.open_form(runtime, 999, "U1") == answers.Refused(answers.Refusal.UNKNOWN)
    found = round_store.get_round(runtime.db, rid)
    assert found is not None
    deadline = found.deadline
    clock.advance(timedelta(days=8))
    late = answers.submit(runtime, rid, "U2", ["workload"], {"workload": {"rating": "3"}})
    assert late == answers.Refused(answers.Refusal.CLOSED, deadline)
    assert answers.open_form(runtime, rid, "U1") == answers.Refused(answers.Refusal.CLOSED, deadline)
    assert round_store.counts(runtime.db, rid) == (0, 2)


def test_a_paced_round_opens_themes_day_by_day_and_a_forged_form_cannot_answer_ahead(
    runtime: Runtime, slack: FakeSlack, clock: FakeClock
) -> None:
    slack.people("ULEAD", "U1", "U2")
    rid = _round(runtime, pacing=fe.PACING_DAILY)
    steps = runtime.flows["well_being"].steps
    form = answers.open_form(runtime, rid, "U1")
    assert isinstance(form, answers.Form) and len(form.steps) < len(steps)
    ahead = steps[-1].id
    answers.submit(runtime, rid, "U1", [ahead], {ahead: {"rating": "5"}})  # the last theme is not open yet
    assert round_store.my_answers(runtime.db, rid, "U1") == {}

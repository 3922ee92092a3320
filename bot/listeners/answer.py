"""A participant answers: the button in their DM opens the form; the submission is stored before the ack."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot import rounds as service
from bot.i18n import t
from bot.payload import int_value
from bot.people import locale_of, person
from bot.runtime import Runtime
from bot.views.answer import CALLBACK, answer_modal, polite_modal, rating_block, read_metadata, read_values, text_block
from bot.views.mrkdwn import date
from bot.views.privacy import share_modal
from bot.views.round import ANSWER_ACTION
from flows import engine as fe
from flows.model import Step
from flows.timeline import unlocked_count
from storage import rounds as store
from storage.models import Round


def refusal(rt: Runtime, rnd: Round | None, user_id: str, locale: str) -> str | None:
    """Why this person cannot answer this round now, in their language; None when they can."""
    if rnd is None:
        return t("polite.unknown", locale)
    if rnd.status != "open" or rnd.deadline <= rt.clock.now():
        return t("polite.closed", locale, deadline=date(rnd.deadline))
    return None


def open_steps(rt: Runtime, rnd: Round, user_id: str) -> list[Step]:
    """All themes, or in a paced round those whose day has come in this person's own time zone."""
    steps = service.flow_of(rt, rnd).steps
    if rnd.pacing != fe.PACING_DAILY:
        return list(steps)
    tz = rt.tz_of(person(rt, user_id).tz)
    return list(steps[: unlocked_count(rnd.created_at, len(steps), rt.clock.now(), tz, rt.hours)])


def register(app: App, rt: Runtime) -> None:
    @app.action(ANSWER_ACTION)
    def answer_clicked(ack: Ack, body: dict, action: dict) -> None:
        ack()
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        round_id = int_value(action.get("value"))
        rnd = store.get_round(rt.db, round_id) if round_id is not None else None
        why = refusal(rt, rnd, user_id, locale)
        if why is not None or rnd is None:
            rt.client.views_open(trigger_id=body["trigger_id"], view=polite_modal(locale, why or ""))
            return
        if rnd.flow_id == "experience":
            view = dict(share_modal(rt.flows["experience"], locale), private_metadata=str(rnd.id))
            rt.client.views_open(trigger_id=body["trigger_id"], view=view)
            return
        flow = service.flow_of(rt, rnd)
        steps = open_steps(rt, rnd, user_id)
        previous = store.my_answers(rt.db, rnd.id, user_id)  # type: ignore[arg-type]
        rt.client.views_open(trigger_id=body["trigger_id"], view=answer_modal(flow, steps, locale, rnd.id, previous))  # type: ignore[arg-type]

    @app.view(CALLBACK)
    def answer_submitted(ack: Ack, body: dict, view: dict) -> None:
        user_id = body["user"]["id"]
        try:
            round_id, step_ids = read_metadata(view)
        except ValueError:
            round_id, step_ids = None, []
        rnd = store.get_round(rt.db, round_id) if round_id is not None else None
        if rnd is None or rnd.flow_id not in rt.flows:
            locale = locale_of(rt, user_id)
            ack(response_action="update", view=polite_modal(locale, t("polite.unknown", locale)))
            return
        flow = rt.flows[rnd.flow_id]
        # Only steps the form showed *and* that are open now: a forged private_metadata cannot answer ahead.
        steps = [s for s in open_steps(rt, rnd, user_id) if s.id in set(step_ids)]
        answers, problems = fe.parse_answers(steps, read_values(view))
        if problems:
            locale = locale_of(rt, user_id)
            errors = {}
            for p in problems:
                step = flow.step(p.step_id)
                block = rating_block(step) if p.field == "rating" else text_block(step)
                errors[block] = t(f"error.{p.code}", locale, n=fe.MAX_TEXT)
            ack(response_action="errors", errors=errors)
            return
        outcome = store.save_response(rt.db, round_id, user_id, answers, rt.clock.now())
        if outcome != "stored":
            locale = locale_of(rt, user_id)
            why = refusal(rt, rnd, user_id, locale) or t("polite.closed", locale, deadline=date(rnd.deadline))
            ack(response_action="update", view=polite_modal(locale, why))
            return
        ack()
        rt.background(service.answered, rt, round_id, user_id)

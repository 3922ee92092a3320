"""A participant answers: the button in their DM opens the form; the submission is stored before the ack."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.core.i18n import t
from bot.core.payload import BoltPayload, int_value
from bot.core.runtime import Runtime
from bot.outbound.blocks.answer_preview import PREVIEW_CALLBACK, preview_modal, read_preview
from bot.outbound.blocks.answers import (
    CALLBACK,
    answer_modal,
    polite_modal,
    rating_block,
    read_metadata,
    read_values,
    text_block,
)
from bot.outbound.blocks.experiences import share_modal
from bot.outbound.blocks.kit import slack_view
from bot.outbound.blocks.mrkdwn import date
from bot.outbound.blocks.rounds import ANSWER_ACTION
from bot.outbound.people import locale_of
from bot.services import answers, rounds
from flows import engine as fe
from flows.model import FlowKind


def why(refused: answers.Refused, locale: str) -> str:
    """The refusal as the person reads it, in their language."""
    if refused.reason is answers.Refusal.CLOSED and refused.deadline is not None:
        return t("polite.closed", locale, deadline=date(refused.deadline))
    if refused.reason is answers.Refusal.NOT_PARTICIPANT:
        return t("polite.not_participant", locale)
    return t("polite.unknown", locale)


def register(app: App, rt: Runtime) -> None:
    @app.action(ANSWER_ACTION)
    def answer_clicked(ack: Ack, body: BoltPayload, action: BoltPayload) -> None:
        ack()
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        form = answers.open_form(rt, int_value(action.get("value")), user_id)
        if isinstance(form, answers.Refused):
            view = polite_modal(locale, why(form, locale))
        elif form.flow.kind == FlowKind.EXPERIENCE:
            view = {**share_modal(form.flow, locale), "private_metadata": str(form.round_id)}
        else:
            view = answer_modal(form.flow, form.steps, locale, form.round_id, form.previous)
        rt.client.views_open(trigger_id=body["trigger_id"], view=slack_view(view))

    @app.view(CALLBACK)
    def answer_submitted(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        """The form's Next: "what your lead will see" is pushed over it; nothing is stored yet."""
        user_id = body["user"]["id"]
        try:
            round_id, step_ids = read_metadata(view)
        except ValueError:
            round_id, step_ids = None, []
        locale = locale_of(rt, user_id)
        outcome = answers.preview(rt, round_id, user_id, step_ids, read_values(view), locale)
        if isinstance(outcome, answers.Preview):
            modal = preview_modal(outcome, locale)
            if modal is not None:
                ack(response_action="push", view=slack_view(modal))
                return
            longest = max(
                (s for s in outcome.steps if s.reflect is not None),
                key=lambda s: len(next((a.text or "" for a in outcome.answers if a.step_id == s.id), "")),
            )
            ack(response_action="errors", errors={text_block(longest): t("preview.too_long", locale)})
        elif isinstance(outcome, answers.Invalid):
            errors = {}
            for p in outcome.problems:
                step = outcome.flow.step(p.step_id)
                block = rating_block(step) if p.field == "rating" else text_block(step)
                errors[block] = t(f"error.{p.code}", locale, n=fe.MAX_TEXT)
            ack(response_action="errors", errors=errors)
        elif isinstance(outcome, answers.Refused):
            ack(response_action="update", view=slack_view(polite_modal(locale, why(outcome, locale))))

    @app.view(PREVIEW_CALLBACK)
    def answer_sent(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        """The preview's Send: the masked answer is stored (committed before the ack) and every view closes."""
        user_id = body["user"]["id"]
        try:
            round_id, step_ids, values = read_preview(view)
        except ValueError:
            round_id, step_ids, values = None, [], {}
        locale = locale_of(rt, user_id)
        outcome = answers.submit(rt, round_id, user_id, step_ids, values, locale)
        if isinstance(outcome, answers.Stored):
            ack(response_action="clear")
            rt.background(rounds.answered, rt, outcome.round_id, user_id)
            return
        said = why(outcome, locale) if isinstance(outcome, answers.Refused) else t("preview.changed", locale)
        ack(response_action="update", view=slack_view(polite_modal(locale, said)))

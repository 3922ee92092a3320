"""A participant answers: the button in their DM opens the form; the submission is stored before the ack."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot import answering, rounds
from bot.i18n import t
from bot.payload import int_value
from bot.people import locale_of
from bot.runtime import Runtime
from bot.views.answer import CALLBACK, answer_modal, polite_modal, rating_block, read_metadata, read_values, text_block
from bot.views.answer_preview import PREVIEW_CALLBACK, preview_modal, read_preview
from bot.views.round import ANSWER_ACTION
from bot.views.share import share_modal
from flows import engine as fe
from flows.model import FlowKind


def register(app: App, rt: Runtime) -> None:
    @app.action(ANSWER_ACTION)
    def answer_clicked(ack: Ack, body: dict, action: dict) -> None:
        ack()
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        form = answering.open_form(rt, int_value(action.get("value")), user_id)
        if isinstance(form, answering.Refused):
            view = polite_modal(locale, form.why)
        elif form.flow.kind == FlowKind.EXPERIENCE:
            view = dict(share_modal(form.flow, locale), private_metadata=str(form.round_id))
        else:
            view = answer_modal(form.flow, form.steps, locale, form.round_id, form.previous)
        rt.client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(CALLBACK)
    def answer_submitted(ack: Ack, body: dict, view: dict) -> None:
        """The form's Next: "what your lead will see" is pushed over it; nothing is stored yet."""
        user_id = body["user"]["id"]
        try:
            round_id, step_ids = read_metadata(view)
        except ValueError:
            round_id, step_ids = None, []
        outcome = answering.preview(rt, round_id, user_id, step_ids, read_values(view))
        if isinstance(outcome, answering.Preview):
            locale = locale_of(rt, user_id)
            modal = preview_modal(outcome, locale)
            if modal is not None:
                ack(response_action="push", view=modal)
                return
            longest = max(
                (s for s in outcome.steps if s.reflect is not None),
                key=lambda s: len(next((a.text or "" for a in outcome.answers if a.step_id == s.id), "")),
            )
            ack(response_action="errors", errors={text_block(longest): t("preview.too_long", locale)})
        elif isinstance(outcome, answering.Invalid):
            locale = locale_of(rt, user_id)
            errors = {}
            for p in outcome.problems:
                step = outcome.flow.step(p.step_id)
                block = rating_block(step) if p.field == "rating" else text_block(step)
                errors[block] = t(f"error.{p.code}", locale, n=fe.MAX_TEXT)
            ack(response_action="errors", errors=errors)
        elif isinstance(outcome, answering.Refused):
            ack(response_action="update", view=polite_modal(locale_of(rt, user_id), outcome.why))

    @app.view(PREVIEW_CALLBACK)
    def answer_sent(ack: Ack, body: dict, view: dict) -> None:
        """The preview's Send: the masked answer is stored (committed before the ack) and every view closes."""
        user_id = body["user"]["id"]
        try:
            round_id, step_ids, values = read_preview(view)
        except ValueError:
            round_id, step_ids, values = None, [], {}
        outcome = answering.submit(rt, round_id, user_id, step_ids, values)
        if isinstance(outcome, answering.Stored):
            ack(response_action="clear")
            rt.background(rounds.answered, rt, outcome.round_id, user_id)
            return
        locale = locale_of(rt, user_id)
        why = outcome.why if isinstance(outcome, answering.Refused) else t("preview.changed", locale)
        ack(response_action="update", view=polite_modal(locale, why))

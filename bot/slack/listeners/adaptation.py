"""The lead's adaptation and preview forms, between the round set-up and the start."""

from __future__ import annotations

from slack_bolt import Ack, App

from bot.core.i18n import t
from bot.core.payload import BoltPayload, ModalState, Payload
from bot.core.runtime import Runtime
from bot.outbound.blocks.adaptation import ADAPT_CALLBACK, PREVIEW_CALLBACK, other, preview_modal
from bot.outbound.blocks.answers import polite_modal
from bot.outbound.blocks.kit import slack_view
from bot.services import adaptation, rounds
from flows.adaptation import IDENTIFYING, Draft
from flows.model import Flow


def read_draft(view: Payload, flow: Flow, locale: str) -> Draft:
    """The adaptation form as typed: what the lead wrote in their language, the other language where given."""
    state = ModalState(view)
    second = other(locale)
    keep = state.options("keep") if "keep" in state.values else [s.id for s in flow.steps]
    local = []
    for i in range(1, flow.local_questions + 1):
        low, high = state.text(f"local_{i}_low"), state.text(f"local_{i}_high")
        local.append(
            {
                "kind": state.option(f"local_{i}_kind") or "rating",
                locale: state.text(f"local_{i}"),
                second: state.text(f"local_{i}_other"),
                f"low_{locale}": low,
                f"low_{second}": low,
                f"high_{locale}": high,
                f"high_{second}": high,
            }
        )
    questions = {
        s.id: {locale: typed}
        for s in flow.steps
        if s.dialogue_question is not None and (typed := state.text(f"question__{s.id}"))
    }
    return Draft(keep=keep, local=local, questions=questions)


def error_text(code: str, locale: str) -> str:
    """The sentence for an adaptation error code; an identifying question's code names what it asks for."""
    kind = code.removeprefix(IDENTIFYING)
    if kind != code:
        return t("error.adapt_identifying", locale, what=t(f"identifying.{kind}", locale))
    return t(f"error.{code}", locale)


def register(app: App, rt: Runtime) -> None:
    @app.view(ADAPT_CALLBACK)
    def adapted(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        lead_id, key = body["user"]["id"], str(view.get("private_metadata") or "")
        found = adaptation.flow_and_variant(rt, key, lead_id)
        if found is None:
            locale = rt.settings.default_locale
            ack(response_action="update", view=slack_view(polite_modal(locale, t("adapt.gone", locale))))
            return
        base, _offered, locale = found
        flow, errors = adaptation.adapt(rt, key, lead_id, read_draft(view, base, locale))
        if errors:
            ack(response_action="errors", errors={block: error_text(code, locale) for block, code in errors.items()})
        elif flow is None:
            ack(response_action="update", view=slack_view(polite_modal(locale, t("adapt.gone", locale))))
        else:
            ack(response_action="update", view=slack_view(preview_modal(locale, flow, key)))

    @app.view(PREVIEW_CALLBACK)
    def started(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        lead_id, key = body["user"]["id"], str(view.get("private_metadata") or "")
        found = adaptation.flow_and_variant(rt, key, lead_id)
        locale = found[2] if found else rt.settings.default_locale
        rnd = adaptation.start(rt, key, lead_id) if found else None
        if rnd is None or rnd.id is None:
            ack(response_action="update", view=slack_view(polite_modal(locale, t("adapt.gone", locale))))
            return
        ack()
        rt.background(rounds.start_round, rt, rnd.id)

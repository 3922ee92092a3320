"""HR's exports from Slack: `/dialogue export` opens the form, `/dialogue audit` sends the audit log."""

from __future__ import annotations

from datetime import timedelta

from slack_bolt import Ack, App

from bot.core.i18n import t
from bot.core.payload import BoltPayload, ModalState, day_start, int_value
from bot.core.runtime import Runtime
from bot.outbound.blocks.exports import EXPORT_CALLBACK, export_modal
from bot.outbound.blocks.kit import slack_view
from bot.outbound.people import locale_of
from bot.services.export_dm import export_to_dm
from bot.services.exports import WHAT, Period

FORMATS = ("csv", "xlsx")


def export_command(rt: Runtime, command: BoltPayload, ack: Ack) -> None:
    ack()
    view = export_modal(locale_of(rt, command["user_id"]))
    rt.client.views_open(trigger_id=command["trigger_id"], view=slack_view(view))


def audit_command(rt: Runtime, command: BoltPayload, ack: Ack) -> None:
    user_id = command["user_id"]
    locale = locale_of(rt, user_id)
    ack(text=t("export.coming", locale, what=t("export.what.audit", locale)))
    rt.background(export_to_dm, rt, user_id, "audit", "csv", Period(), None)


def register(app: App, rt: Runtime) -> None:
    @app.view(EXPORT_CALLBACK)
    def export_submitted(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        user_id = body["user"]["id"]
        state = ModalState(view)
        what, fmt = state.option("what"), state.option("format") or "csv"
        round_text = state.text("round")
        locale = locale_of(rt, user_id)
        round_id = int_value(round_text) if round_text else None
        if round_text and round_id is None:
            ack(response_action="errors", errors={"round": t("error.not_a_number", locale)})
            return
        if what not in WHAT or fmt not in FORMATS:
            ack(response_action="errors", errors={"what": t("error.unknown_concept", locale)})
            return
        since, until = day_start(state.date("since")), day_start(state.date("until"))
        until = until + timedelta(days=1) if until else None
        if since and until and until <= since:
            ack(response_action="errors", errors={"until": t("error.until_before_since", locale)})
            return
        ack()
        rt.background(export_to_dm, rt, user_id, what, fmt, Period(since, until), round_id)

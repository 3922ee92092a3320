"""Workshops: HR creates, edits and cancels; everyone registers with one click, or leaves again."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import Ack, Respond

from bot.core.i18n import t
from bot.core.payload import ModalState, int_value, say, submission_key
from bot.core.runtime import Runtime
from bot.outbound.blocks import workshops as workshop_views
from bot.outbound.people import locale_of
from bot.services import workshops
from bot.slack.ack_first import AckFirstApp


def listing_command(rt: Runtime, command: dict, ack: Ack) -> None:
    """`/dialogue workshops`: the upcoming workshops, answered in the ack itself."""
    found = workshops.listing(rt, command["user_id"])
    ack(text=t("ws.upcoming", found.locale), blocks=workshop_views.listing(found))


def read_form(view: dict, locale: str, now: datetime, editing: bool) -> tuple[dict, dict[str, str]]:
    """The workshop form's values and inline errors, in HR's language (bot.workshops.check decides)."""
    state = ModalState(view)
    typed = workshops.Details(
        title=state.text("title"),
        description=state.text("description"),
        place=state.text("place"),
        capacity=state.text("capacity"),
        starts=state.moment("starts"),
        ends=state.moment("ends"),
        deadline=state.moment("deadline"),
        concept=state.option("concept"),
        channel=state.conversation("channel"),
        people=state.users("people"),
    )
    return workshops.check(typed, locale, now, editing)


def register(app: AckFirstApp, rt: Runtime) -> None:
    # Register and Leave first: Bolt tries listeners in order, and these are what a burst of clicks hits.
    @app.inline_action(workshop_views.REGISTER)  # its ack is its last step: no hand-over to a pool thread
    def register_clicked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        user_id = body["user"]["id"]
        wid = int_value(action.get("value"))
        outcome = workshops.register(rt, wid, user_id)
        ack()  # the seat is committed before the 200; everything else waits until Slack has its answer
        rt.after_ack.submit(workshops.answer_click, rt, wid, user_id, outcome, respond)

    @app.action(workshop_views.LEAVE)
    def leave_clicked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        user_id = body["user"]["id"]
        wid = int_value(action.get("value"))
        cancelled, promoted = workshops.leave(rt, wid, user_id)
        ack()
        locale = locale_of(rt, user_id)
        if cancelled is None:
            say(respond, t("ws.not_registered", locale))
            return
        say(respond, t("ws.left", locale))
        rt.background(workshops.left, rt, wid, promoted)

    @app.action(workshop_views.NEW)
    def new_clicked(ack: Ack, body: dict) -> None:
        ack()
        user_id = body["user"]["id"]
        rt.client.views_open(
            trigger_id=body["trigger_id"], view=workshop_views.workshop_modal(locale_of(rt, user_id), rt.clock.now())
        )

    @app.action(workshop_views.EDIT)
    def edit_clicked(ack: Ack, body: dict, action: dict) -> None:
        ack()
        w = workshops.editable(rt, int_value(action.get("value")))
        if w is not None:
            rt.client.views_open(
                trigger_id=body["trigger_id"],
                view=workshop_views.workshop_modal(locale_of(rt, body["user"]["id"]), rt.clock.now(), w),
            )

    @app.view(workshop_views.CALLBACK)
    def submitted(ack: Ack, body: dict, view: dict) -> None:
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        editing = int_value(view.get("private_metadata"))
        data, errors = read_form(view, locale, rt.clock.now(), editing is not None)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        workshops.save(rt, user_id, data, editing, locale, submission_key(view))

    @app.action(workshop_views.CANCEL)
    def cancel_clicked(ack: Ack, body: dict, action: dict) -> None:
        ack()
        wid = int_value(action.get("value"))
        if wid is not None:
            workshops.cancel_by(rt, body["user"]["id"], wid)

    @app.action(workshop_views.ICS)
    def ics_clicked(ack: Ack, body: dict, action: dict) -> None:
        ack()
        wid = int_value(action.get("value"))
        if wid is not None:
            rt.background(workshops.send_ics, rt, wid, body["user"]["id"])

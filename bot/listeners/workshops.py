"""Workshops: HR creates, edits and cancels; everyone registers with one click, or leaves again."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import Ack, Respond

from bot import workshops
from bot.ack_first import AckFirstApp
from bot.i18n import t
from bot.payload import ModalState, int_value, say, submission_key
from bot.people import locale_of
from bot.runtime import Runtime
from bot.views import workshops as workshop_views
from storage import workshops as workshop_store
from storage.models import Workshop
from storage.status import WorkshopStatus

PLAIN_TITLE_FORBIDDEN = set("<>*_~`")


def listing_command(rt: Runtime, command: dict, ack: Ack) -> None:
    """`/dialogue workshops`: the upcoming workshops, answered in the ack itself."""
    user_id = command["user_id"]
    ack(text=t("ws.upcoming", locale_of(rt, user_id)), blocks=workshops.listing(rt, user_id))


def read_form(view: dict, locale: str, now: datetime, editing: bool) -> tuple[dict, dict[str, str]]:
    """The workshop form's values and inline errors, in HR's language."""
    state = ModalState(view)
    text, when = state.text, state.moment
    errors: dict[str, str] = {}
    title, place = text("title"), text("place")
    if not title:
        errors["title"] = t("error.required_text", locale)
    elif PLAIN_TITLE_FORBIDDEN & set(title):
        errors["title"] = t("error.plain_title", locale)
    if not place:
        errors["place"] = t("error.required_text", locale)
    try:
        capacity = int(text("capacity"))
        if capacity < 1:
            raise ValueError
    except ValueError:
        capacity = 0
        errors["capacity"] = t("error.capacity", locale)
    starts, ends, deadline = when("starts"), when("ends"), when("deadline")
    for block, v in (("starts", starts), ("ends", ends), ("deadline", deadline)):
        if v is None:
            errors[block] = t("error.deadline_missing", locale)
    if starts and starts <= now:
        errors["starts"] = t("error.deadline_past", locale)
    if starts and ends and ends <= starts:
        errors["ends"] = t("error.end_before_start", locale)
    if starts and deadline and deadline > starts:
        errors["deadline"] = t("error.deadline_after_start", locale)
    channel = state.conversation("channel")
    people = state.users("people")
    if not editing and not channel and not people:
        errors["channel"] = t("error.no_audience", locale)
    concept = state.option("concept")
    data = {
        "title": title,
        "description": text("description") or None,
        "starts_at": starts,
        "ends_at": ends,
        "place": place,
        "capacity": capacity,
        "deadline": deadline,
        "concept": concept if concept in workshop_views.CONCEPTS else workshop_views.CONCEPTS[0],
    }
    if not editing:
        data.update(channel_id=channel, invitees=",".join(people) or None)
    return data, errors


def register(app: AckFirstApp, rt: Runtime) -> None:
    # Register and Leave first: Bolt tries listeners in order, and these are what a burst of clicks hits.
    @app.inline_action(workshop_views.REGISTER)  # its ack is its last step: no hand-over to a pool thread
    def register_clicked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        user_id = body["user"]["id"]
        wid = int_value(action.get("value"))
        outcome = (
            workshop_store.register(rt.db, wid, user_id, rt.clock.now())
            if wid is not None
            else workshop_store.Outcome("unknown")
        )
        ack()  # the seat is committed before the 200; everything else waits until Slack has its answer
        rt.after_ack.submit(workshops.answer_click, rt, wid, user_id, outcome, respond)

    @app.action(workshop_views.LEAVE)
    def leave_clicked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        user_id = body["user"]["id"]
        wid = int_value(action.get("value"))
        cancelled, promoted = workshop_store.cancel_seat(rt.db, wid, user_id) if wid is not None else (None, None)
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
        w = workshop_store.get(rt.db, wid) if (wid := int_value(action.get("value"))) is not None else None
        if w is not None and w.status == WorkshopStatus.OPEN:
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
        if editing is not None:
            w: Workshop | None = workshop_store.update_details(rt.db, editing, **data)
        else:
            w = workshop_store.create(rt.db, submission_key(view), **data, created_by=user_id, locale=locale)
        ack()
        if w is not None:
            rt.background(workshops.refresh, rt, w.id)
            if editing is not None:
                rt.background(workshops.sync_calendar, rt, w.id)

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

"""Workshops: HR creates, edits and cancels; everyone registers with one click, or leaves again."""

from __future__ import annotations

from datetime import UTC, datetime

from slack_bolt import Ack, Respond

from bot import workshops as service
from bot.ack_first import AckFirstApp
from bot.i18n import t
from bot.payload import int_value, say, state_value
from bot.people import locale_of
from bot.runtime import Runtime
from bot.views import workshops as views
from storage import roles
from storage import workshops as store
from storage.models import Workshop

PLAIN_TITLE_FORBIDDEN = set("<>*_~`")


def listing(rt: Runtime, user_id: str) -> list[dict]:
    ws = [(w, store.seats(rt.db, w.id)) for w in store.upcoming(rt.db, rt.clock.now())]  # type: ignore[arg-type]
    return views.listing(locale_of(rt, user_id), ws, roles.is_hr(rt.db, user_id), user_id)


def read_form(view: dict, locale: str, now: datetime, editing: bool) -> tuple[dict, dict[str, str]]:
    """The workshop form's values and inline errors, in HR's language."""
    values = (view.get("state") or {}).get("values") or {}

    def text(block: str) -> str:
        return (state_value(values, block).get("value") or "").strip()

    def when(block: str) -> datetime | None:
        v = state_value(values, block).get("selected_date_time")
        return datetime.fromtimestamp(v, UTC) if isinstance(v, int | float) else None

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
    channel = state_value(values, "channel").get("selected_conversation")
    people = [u for u in (state_value(values, "people").get("selected_users") or []) if isinstance(u, str)]
    if not editing and not channel and not people:
        errors["channel"] = t("error.no_audience", locale)
    concept = (state_value(values, "concept").get("selected_option") or {}).get("value")
    data = {
        "title": title,
        "description": text("description") or None,
        "starts_at": starts,
        "ends_at": ends,
        "place": place,
        "capacity": capacity,
        "deadline": deadline,
        "concept": concept if concept in views.CONCEPTS else views.CONCEPTS[0],
    }
    if not editing:
        data.update(channel_id=channel if isinstance(channel, str) else None, invitees=",".join(people) or None)
    return data, errors


def register(app: AckFirstApp, rt: Runtime) -> None:
    # Register and Leave first: Bolt tries listeners in order, and these are what a burst of clicks hits.
    @app.inline_action(views.REGISTER)  # its ack is its last step: no hand-over to a pool thread
    def register_clicked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        user_id = body["user"]["id"]
        wid = int_value(action.get("value"))
        outcome = store.register(rt.db, wid, user_id, rt.clock.now()) if wid is not None else store.Outcome("unknown")
        ack()  # the seat is committed before the 200; everything else waits until Slack has its answer
        rt.after_ack.submit(service.answer_click, rt, wid, user_id, outcome, respond)

    @app.action(views.LEAVE)
    def leave_clicked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        user_id = body["user"]["id"]
        wid = int_value(action.get("value"))
        cancelled, promoted = store.cancel_seat(rt.db, wid, user_id) if wid is not None else (None, None)
        ack()
        locale = locale_of(rt, user_id)
        if cancelled is None:
            say(respond, t("ws.not_registered", locale))
            return
        say(respond, t("ws.left", locale))
        rt.background(service.left, rt, wid, promoted)

    @app.action(views.NEW)
    def new_clicked(ack: Ack, body: dict) -> None:
        ack()
        user_id = body["user"]["id"]
        rt.client.views_open(
            trigger_id=body["trigger_id"], view=views.workshop_modal(locale_of(rt, user_id), rt.clock.now())
        )

    @app.action(views.EDIT)
    def edit_clicked(ack: Ack, body: dict, action: dict) -> None:
        ack()
        w = store.get(rt.db, wid) if (wid := int_value(action.get("value"))) is not None else None
        if w is not None and w.status == "open":
            rt.client.views_open(
                trigger_id=body["trigger_id"],
                view=views.workshop_modal(locale_of(rt, body["user"]["id"]), rt.clock.now(), w),
            )

    @app.view(views.CALLBACK)
    def submitted(ack: Ack, body: dict, view: dict) -> None:
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        editing = int_value(view.get("private_metadata"))
        data, errors = read_form(view, locale, rt.clock.now(), editing is not None)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        if editing is not None:
            w: Workshop | None = store.update_details(rt.db, editing, **data)
        else:
            w = store.create(rt.db, **data, created_by=user_id, locale=locale)
        ack()
        if w is not None:
            rt.background(service.refresh, rt, w.id)
            if editing is not None:
                rt.background(service.sync_calendar, rt, w.id)

    @app.action(views.CANCEL)
    def cancel_clicked(ack: Ack, action: dict) -> None:
        ack()
        wid = int_value(action.get("value"))
        if wid is not None and store.cancel(rt.db, wid):
            rt.background(service.cancel, rt, wid)

    @app.action(views.ICS)
    def ics_clicked(ack: Ack, body: dict, action: dict) -> None:
        ack()
        wid = int_value(action.get("value"))
        if wid is not None:
            rt.background(service.send_ics, rt, wid, body["user"]["id"])

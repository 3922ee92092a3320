"""A workshop's life in Slack: announcement, registrations, waitlist promotion, reminders, calendar.

Every Slack and Graph call happens after the seat is committed; each message has a stable key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_bolt import Respond
from sqlalchemy import Row

from bot.core.i18n import t
from bot.core.payload import say
from bot.core.runtime import Runtime, log
from bot.outbound import delivery
from bot.outbound.blocks import workshops as workshop_views
from bot.outbound.blocks.mrkdwn import date, escape
from bot.outbound.ics import workshop_ics
from bot.outbound.people import locale_of, person
from bot.services import access
from storage import deliveries, keys, people, planned
from storage import workshops as workshop_store
from storage.models import Seat, Workshop
from storage.status import CalendarStatus, PlannedKind, SeatStatus, WorkshopStatus


@dataclass(frozen=True)
class Upcoming:
    """One upcoming workshop with its seats: who is registered and who waits, in the order they came."""

    workshop: Workshop
    registered: list[str]  # Slack ids
    waiting: list[str]
    holders: frozenset[str]  # everyone with a seat or a waitlist place (the Register / Leave button)
    calendar_failed: int  # seats whose calendar entry failed (the sweep retries)

    @property
    def seats_left(self) -> int:
        return max(0, self.workshop.capacity - self.workshop.seats_taken)


@dataclass(frozen=True)
class Listing:
    """The upcoming workshops as one person sees them: HR also sees who is registered and waiting."""

    user_id: str
    locale: str
    hr: bool
    workshops: list[Upcoming]


def upcoming(rt: Runtime) -> list[Upcoming]:
    """The workshops still open and not over, soonest first, each with its seats (Slack's list, HR's page)."""
    found = []
    for w in workshop_store.upcoming(rt.db, rt.clock.now()):
        assert w.id is not None
        seats = workshop_store.seats(rt.db, w.id)
        found.append(
            Upcoming(
                workshop=w,
                registered=[s.user_id for s in seats if s.status == SeatStatus.REGISTERED],
                waiting=[s.user_id for s in seats if s.status == SeatStatus.WAITLISTED],
                holders=frozenset(s.user_id for s in seats if s.status != SeatStatus.CANCELLED),
                calendar_failed=sum(1 for s in seats if s.calendar == CalendarStatus.FAILED),
            )
        )
    return found


def listing(rt: Runtime, user_id: str) -> Listing:
    """Upcoming workshops as this person sees them, in their language (App Home, `/dialogue workshops`)."""
    return Listing(user_id, locale_of(rt, user_id), access.hr(rt, user_id, None), upcoming(rt))


def editable(rt: Runtime, workshop_id: int | None) -> Workshop | None:
    """The workshop HR may still edit or cancel: one that exists and is not cancelled."""
    w = workshop_store.get(rt.db, workshop_id) if workshop_id is not None else None
    return w if w is not None and w.status == WorkshopStatus.OPEN else None


def invitees(rt: Runtime, emails: list[str]) -> dict[str, str | None]:
    """The Slack ids of the people HR named by e-mail on the dashboard's form; None for an unknown address."""
    return {e: people.user_of_email(rt.db, e) for e in emails}


def register(rt: Runtime, workshop_id: int | None, user_id: str) -> workshop_store.Outcome:
    """A Register click: a seat if one is free, else a waitlist place, once per person — committed before the
    click is acked (everything the person is told follows in `answer_click`)."""
    if workshop_id is None:
        return workshop_store.Outcome("unknown")
    return workshop_store.register(rt.db, workshop_id, user_id, rt.clock.now())


def leave(rt: Runtime, workshop_id: int | None, user_id: str) -> tuple[Seat | None, Seat | None]:
    """A Leave click: (the seat given up or None when there was none, the waiting person promoted into it)."""
    if workshop_id is None:
        return None, None
    return workshop_store.cancel_seat(rt.db, workshop_id, user_id)


def audience(w: Workshop) -> list[str]:
    return [u for u in (w.invitees or "").split(",") if u]


def announce(rt: Runtime, w: Workshop) -> None:
    """Post the announcement (to the channel, or to each invited person) once; later calls edit it in place."""
    assert w.id is not None
    targets = (
        [(keys.announcement(w.id), w.channel_id)]
        if w.channel_id
        else [(keys.announcement(w.id, u), u) for u in audience(w)]
    )
    for key, channel in targets:
        locale = w.locale if channel and channel[:1] not in ("U", "W") else locale_of(rt, channel or "")
        text, blocks = workshop_views.announcement(w, locale)
        delivery.post_or_edit(rt, key, None, channel or "", text, blocks)


def refresh(rt: Runtime, workshop_id: int) -> None:
    w = workshop_store.get(rt.db, workshop_id)
    if w is not None:
        announce(rt, w)


def tell_seat(rt: Runtime, w: Workshop, seat: Seat, promoted: bool = False) -> None:
    """The person's DM about their seat: registered, waitlisted, or promoted."""
    assert w.id is not None and seat.id is not None
    text, blocks = _seat_message(rt, w, seat, promoted)
    key = keys.seat_message(w.id, seat.user_id, seat.id, seat.status)
    delivery.post(rt, key, None, seat.user_id, text, blocks)


def _seat_message(rt: Runtime, w: Workshop, seat: Seat, promoted: bool | None = None) -> tuple[str, list[dict]]:
    """The seat's DM as it stands. A seat that came off the waitlist (it had a waitlist message) keeps saying
    so when the message is edited later, e.g. to say where the calendar entry is."""
    assert w.id is not None and seat.id is not None
    locale = locale_of(rt, seat.user_id)
    position = workshop_store.position(rt.db, seat)
    text, blocks = workshop_views.registration(w, seat, locale, position, outlook=rt.outlook is not None)
    if promoted is None:
        waited = keys.seat_message(w.id, seat.user_id, seat.id, SeatStatus.WAITLISTED)
        promoted = seat.status == SeatStatus.REGISTERED and deliveries.get(rt.db, waited) is not None
    if promoted:
        text = t("ws.promoted", locale, title=escape(w.title))
        blocks = [workshop_views.section(text), *blocks[1:]]
    return text, blocks


def plan_reminders(rt: Runtime, w: Workshop, user_id: str) -> None:
    """The working day before (at the start of the person's window) and an hour before, inside the window."""
    assert w.id is not None
    tz = rt.tz_of(person(rt, user_id).tz)
    day = w.starts_at.astimezone(tz).date() - timedelta(days=1)
    while not rt.hours.is_working_day(day):
        day -= timedelta(days=1)
    rows = []
    day_start = rt.hours.window(day, tz)[0]
    if day_start > rt.clock.now():
        rows.append(("day", day_start))
    hour_before = w.starts_at - timedelta(hours=1)
    if hour_before > rt.clock.now():
        rows.append(("hour", hour_before))
    planned.plan(
        rt.db,
        [
            planned.Send(
                keys.workshop_reminder(w.id, user_id, kind, w.version), user_id, f"ws_{kind}", due, workshop_id=w.id
            )
            for kind, due in rows
        ],
    )


def answer_click(
    rt: Runtime, workshop_id: int | None, user_id: str, outcome: workshop_store.Outcome, respond: Respond
) -> None:
    """After a Register click is acked: the ephemeral answer in the person's language, then for a new seat or
    waitlist place the DM, reminders, calendar and announcement."""
    locale = locale_of(rt, user_id)
    w = workshop_store.get(rt.db, workshop_id) if workshop_id is not None else None
    title = escape(w.title) if w is not None else ""
    seat = outcome.seat
    n = workshop_store.position(rt.db, seat) if seat is not None else None
    if outcome.status == "registered":
        say(respond, t("ws.registered", locale, title=title))
    elif outcome.status == "waitlisted":
        say(respond, t("ws.waitlisted", locale, title=title, n=n))
    elif outcome.status == "already":
        registered_already = seat is not None and seat.status == SeatStatus.REGISTERED
        say(respond, t("ws.already", locale) if registered_already else t("ws.already_waiting", locale, n=n))
    else:
        say(
            respond,
            t({"closed": "ws.closed", "cancelled": "ws.is_cancelled"}.get(outcome.status, "ws.unknown"), locale),
        )
    if w is not None and outcome.status in ("registered", "waitlisted"):
        registered(rt, w, user_id)


def registered(rt: Runtime, w: Workshop, user_id: str) -> None:
    """After a seat (or a waitlist place) is committed: DM, reminders, calendar, announcement."""
    assert w.id is not None
    seat = workshop_store.seat_of(rt.db, w.id, user_id)
    if seat is None:
        return
    tell_seat(rt, w, seat)
    if seat.status == SeatStatus.REGISTERED:
        plan_reminders(rt, w, user_id)
        rt.coalesce(f"calendar:{w.id}", sync_calendar, rt, w.id)
    rt.coalesce(f"announce:{w.id}", refresh, rt, w.id)


def left(rt: Runtime, workshop_id: int, promoted: Seat | None) -> None:
    w = workshop_store.get(rt.db, workshop_id)
    if w is None:
        return
    if promoted is not None:
        tell_seat(rt, w, promoted, promoted=True)
        plan_reminders(rt, w, promoted.user_id)
    rt.coalesce(f"calendar:{workshop_id}", sync_calendar, rt, workshop_id)
    rt.coalesce(f"announce:{workshop_id}", refresh, rt, workshop_id)


PLAIN_TITLE_FORBIDDEN = set("<>*_~`")


@dataclass(frozen=True)
class Details:
    """What HR typed into a workshop form, in Slack or on the dashboard."""

    title: str
    description: str
    place: str
    capacity: str
    starts: datetime | None
    ends: datetime | None
    deadline: datetime | None
    concept: str | None
    channel: str | None = None
    people: list[str] = field(default_factory=list)


def check(typed: Details, locale: str, now: datetime, editing: bool) -> tuple[dict, dict[str, str]]:
    """The workshop's fields and inline errors by field, in HR's language — the same rules on both edges."""
    errors: dict[str, str] = {}
    if not typed.title:
        errors["title"] = t("error.required_text", locale)
    elif PLAIN_TITLE_FORBIDDEN & set(typed.title):
        errors["title"] = t("error.plain_title", locale)
    if not typed.place:
        errors["place"] = t("error.required_text", locale)
    try:
        capacity = int(typed.capacity)
        if capacity < 1:
            raise ValueError
    except ValueError:
        capacity = 0
        errors["capacity"] = t("error.capacity", locale)
    starts, ends, deadline = typed.starts, typed.ends, typed.deadline
    missing = {"starts": "error.starts_missing", "ends": "error.ends_missing", "deadline": "error.closes_missing"}
    for block, v in (("starts", starts), ("ends", ends), ("deadline", deadline)):
        if v is None:
            errors[block] = t(missing[block], locale)
    if starts and starts <= now:
        errors["starts"] = t("error.deadline_past", locale)
    if starts and ends and ends <= starts:
        errors["ends"] = t("error.end_before_start", locale)
    if starts and deadline and deadline > starts:
        errors["deadline"] = t("error.deadline_after_start", locale)
    if not editing and not typed.channel and not typed.people:
        errors["channel"] = t("error.no_audience", locale)
    data = {
        "title": typed.title,
        "description": typed.description or None,
        "starts_at": starts,
        "ends_at": ends,
        "place": typed.place,
        "capacity": capacity,
        "deadline": deadline,
        "concept": typed.concept if typed.concept in workshop_views.CONCEPTS else workshop_views.CONCEPTS[0],
    }
    if not editing:
        data.update(channel_id=typed.channel, invitees=",".join(typed.people) or None)
    return data, errors


def save(
    rt: Runtime, actor: str, data: dict, editing: int | None, locale: str, submission: str | None = None
) -> Workshop | None:
    """Create a workshop (once per submission) or change one, audited; the announcement follows in the
    background, and an edit moves the Outlook event too."""
    if editing is not None:
        w = workshop_store.update_details(rt.db, editing, **data)
    else:
        w = workshop_store.create(rt.db, submission, **data, created_by=actor, locale=locale)
    if w is None or w.id is None:
        return None
    action = "workshop.edit" if editing is not None else "workshop.create"
    access.record(rt, actor, action, detail=f"workshop {w.id}")
    rt.background(refresh, rt, w.id)
    if editing is not None:
        rt.background(sync_calendar, rt, w.id)
    return w


def cancel_by(rt: Runtime, actor: str, workshop_id: int) -> bool:
    """HR cancels a workshop (from Slack or the dashboard): once, audited; the people are told in the background.
    False when it was cancelled already or does not exist."""
    if not workshop_store.cancel(rt.db, workshop_id):
        return False
    access.record(rt, actor, "workshop.cancel", detail=f"workshop {workshop_id}")
    rt.background(cancel, rt, workshop_id)
    return True


def cancel(rt: Runtime, workshop_id: int) -> None:
    """HR cancelled it: everyone registered or waiting is told, reminders stop, calendars follow."""
    w = workshop_store.get(rt.db, workshop_id)
    if w is None:
        return
    planned.drop_workshop(rt.db, workshop_id)
    for seat in workshop_store.seats(rt.db, workshop_id):
        if seat.status in (SeatStatus.REGISTERED, SeatStatus.WAITLISTED):
            text, blocks = workshop_views.note(t("ws.cancelled_dm", locale_of(rt, seat.user_id), title=escape(w.title)))
            delivery.post(rt, keys.workshop_cancelled(workshop_id, seat.user_id), None, seat.user_id, text, blocks)
    sync_calendar(rt, workshop_id)
    announce(rt, w)


def remind(rt: Runtime, row: Row[Any]) -> str:
    """A planned workshop reminder: only to people still registered for a workshop still on."""
    w = workshop_store.get(rt.db, row.workshop_id) if row.workshop_id else None
    seat = workshop_store.seat_of(rt.db, row.workshop_id, row.user_id) if w else None
    if w is None or w.status != WorkshopStatus.OPEN or seat is None or seat.status != SeatStatus.REGISTERED:
        return "skip"
    locale = locale_of(rt, row.user_id)
    key = "ws.remind_day" if row.kind == PlannedKind.WORKSHOP_DAY else "ws.remind_hour"
    text, blocks = workshop_views.note(
        t(key, locale, title=escape(w.title), when=date(w.starts_at), place=escape(w.place))
    )
    return delivery.post(rt, row.key, None, row.user_id, text, blocks, planned=True)


def ics_for(rt: Runtime, w: Workshop) -> bytes:
    return workshop_ics(
        uid=f"workshop-{w.id}@dialogue-bot",
        title=w.title,
        description=w.description or "",
        place=w.place,
        starts=w.starts_at,
        ends=w.ends_at,
        stamp=rt.clock.now(),
        cancelled=w.status == "cancelled",
    )


def send_ics(rt: Runtime, workshop_id: int, user_id: str, comment: str | None = None) -> None:
    """The .ics file, uploaded into the person's DM (*Add to calendar*, or Outlook does not know them)."""
    w = workshop_store.get(rt.db, workshop_id)
    if w is None:
        return
    channel = rt.client.conversations_open(users=user_id)["channel"]["id"]
    rt.client.files_upload_v2(
        channel=channel,
        content=ics_for(rt, w),
        filename=f"workshop-{w.id}.ics",
        title=w.title,
        initial_comment=comment,
    )
    seat = workshop_store.seat_of(rt.db, workshop_id, user_id)
    if seat is not None and seat.id is not None:
        workshop_store.set_calendar(rt.db, seat.id, CalendarStatus.ICS, ics_for=when_and_where(w))


def when_and_where(w: Workshop) -> str:
    """What a calendar file is about that can change under it: the time and the place."""
    return json.dumps([w.starts_at.isoformat(), w.ends_at.isoformat(), w.place])


def _what_changed(rt: Runtime, w: Workshop, before: str, user_id: str) -> str:
    """'new time …, new place …' in the person's language, from what their last calendar file was for."""
    locale = locale_of(rt, user_id)
    starts, ends, place = json.loads(before)
    what = []
    if (starts, ends) != (w.starts_at.isoformat(), w.ends_at.isoformat()):
        what.append(t("ws.changed_time", locale, when=f"{date(w.starts_at)} – {date(w.ends_at)}"))
    if place != w.place:
        what.append(t("ws.changed_place", locale, place=escape(w.place)))
    return t("ws.ics_changed", locale, title=escape(w.title), what=", ".join(what))


def sync_calendar(rt: Runtime, workshop_id: int) -> None:
    """With Outlook connected: the organiser's event carries exactly the registered people as attendees.
    A Graph outage leaves the seats as they are and marks them for the sweep to retry."""
    if rt.outlook is None:
        return
    w = workshop_store.get(rt.db, workshop_id)
    if w is None:
        return
    seats = workshop_store.seats(rt.db, workshop_id)
    registered_ids = [s.user_id for s in seats if s.status == SeatStatus.REGISTERED]
    try:
        emails = {u: rt.outlook.find_user(email) for u in registered_ids if (email := person_email(rt, u)) is not None}
        if w.status == "cancelled":
            if w.outlook_event_id:
                rt.outlook.cancel_event(w.outlook_event_id)
        else:
            event_id = w.outlook_event_id or rt.outlook.create_event(w)
            if not w.outlook_event_id:
                workshop_store.set_event(rt.db, workshop_id, event_id)
            rt.outlook.update_event(event_id, w, [e for e in emails.values() if e])
        for s in seats:
            if s.id is None:
                continue
            if s.status == SeatStatus.REGISTERED and emails.get(s.user_id):
                _calendar_is(rt, w, s, CalendarStatus.ADDED)
            elif s.status == SeatStatus.REGISTERED and w.status == WorkshopStatus.OPEN:
                # No Graph match: nobody is left without a calendar — one file per seat, and a new one only when
                # the time or the place changed, saying what changed.
                if s.ics_for is None:
                    send_ics(rt, workshop_id, s.user_id)
                elif s.ics_for != when_and_where(w):
                    send_ics(rt, workshop_id, s.user_id, _what_changed(rt, w, s.ics_for, s.user_id))
                _calendar_is(rt, w, s, CalendarStatus.ICS)
            elif s.calendar == CalendarStatus.ADDED:
                workshop_store.set_calendar(rt.db, s.id, CalendarStatus.REMOVED)
    except Exception as e:  # noqa: BLE001 - an outage must not lose the registration; the sweep retries
        log.warning("calendar update for workshop %s failed: %r", workshop_id, e)
        for s in seats:
            if s.id is not None and s.status == SeatStatus.REGISTERED and s.calendar in ("pending", "failed"):
                workshop_store.set_calendar(rt.db, s.id, "failed")


def _calendar_is(rt: Runtime, w: Workshop, seat: Seat, state: CalendarStatus) -> None:
    """Record where this person's calendar entry is, and say so in their seat message (edited in place)."""
    assert seat.id is not None and w.id is not None
    if seat.calendar != state:
        workshop_store.set_calendar(rt.db, seat.id, state)
        seat.calendar = state
    text, blocks = _seat_message(rt, w, seat)
    delivery.update(rt, keys.seat_message(w.id, seat.user_id, seat.id, seat.status), text, blocks)


def person_email(rt: Runtime, user_id: str) -> str | None:
    try:
        return ((rt.client.users_info(user=user_id)["user"].get("profile") or {}).get("email")) or None
    except Exception:  # noqa: BLE001
        return None

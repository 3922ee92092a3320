"""Workshop messages and modals: HR's form, the announcement with seats left, a person's registration."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime
from typing import Protocol

from bot.core.i18n import t
from bot.outbound.blocks.inputs import input_block
from bot.outbound.blocks.mrkdwn import button, context, date, escape, header, plain, section
from storage.models import Seat, Workshop
from storage.status import CalendarStatus, SeatStatus

CALLBACK = "ws_submit"
NEW, EDIT, CANCEL = "ws_new", "ws_edit", "ws_cancel"
REGISTER, LEAVE, ICS = "ws_register", "ws_leave", "ws_ics"
CONCEPTS = ("well_being", "leadership")


def workshop_modal(locale: str, now: datetime, w: Workshop | None = None) -> dict:
    def text(v: str | None, multiline: bool = False, max_length: int = 150) -> dict:
        el: dict = {"type": "plain_text_input", "multiline": multiline, "max_length": max_length}
        if v:
            el["initial_value"] = v
        return el

    def when(v: datetime | None) -> dict:
        el: dict = {"type": "datetimepicker"}
        if v is not None:
            el["initial_date_time"] = int(v.timestamp())
        return el

    concepts = [{"text": plain(t(f"share.dialogue.{c}", locale)), "value": c} for c in CONCEPTS]
    concept: dict = {
        "type": "radio_buttons",
        "options": concepts,
        "initial_option": next((o for o in concepts if w and o["value"] == w.concept), concepts[0]),
    }
    blocks = [
        input_block("title", t("ws.title", locale), text(w.title if w else None)),
        input_block(
            "description", t("ws.description", locale), text(w.description if w else None, True, 3000), optional=True
        ),
        input_block("starts", t("ws.starts", locale), when(w.starts_at if w else None)),
        input_block("ends", t("ws.ends", locale), when(w.ends_at if w else None)),
        input_block("place", t("ws.place", locale), text(w.place if w else None, max_length=500)),
        input_block("capacity", t("ws.capacity", locale), text(str(w.capacity) if w else None, max_length=6)),
        input_block("deadline", t("ws.deadline", locale), when(w.deadline if w else None)),
        input_block("concept", t("ws.concept", locale), concept),
    ]
    if w is None:
        blocks += [
            input_block(
                "channel",
                t("ws.channel", locale),
                {"type": "conversations_select", "filter": {"include": ["public", "private"]}},
                optional=True,
            ),
            input_block("people", t("ws.people", locale), {"type": "multi_users_select"}, optional=True),
        ]
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "private_metadata": str(w.id) if w else "",
        "title": plain(t("ws.modal_title" if w is None else "ws.edit_title", locale), 24),
        "submit": plain(t("extend.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "blocks": blocks,
    }


MEETING_LINK = re.compile(r"https://[^\s<>|&\"']+")


def place(text: str) -> str:
    """The place as mrkdwn. Every mrkdwn text is verbatim (bot.views.mrkdwn), so nothing typed becomes a link by
    itself; a place that is exactly one https address (an online workshop's meeting link) is made one on purpose,
    showing the address itself — HR typed it to be followed, and what is followed is what is read."""
    if MEETING_LINK.fullmatch(text.strip()):
        return f"<{text.strip()}|{escape(text.strip())}>"
    return escape(text)


def details(w: Workshop, locale: str) -> str:
    lines = [
        f"*{escape(w.title)}*",
        f":calendar: {date(w.starts_at)} – {date(w.ends_at)}",
        f":round_pushpin: {place(w.place)}",
    ]
    if w.description:
        lines.append(escape(w.description))
    return "\n".join(lines)


def announcement(w: Workshop, locale: str) -> tuple[str, list[dict]]:
    left = max(0, w.capacity - w.seats_taken)
    if w.status == "cancelled":
        text = t("ws.cancelled_announce", locale, title=escape(w.title))
        return text, [section(text)]
    text = t("ws.announce", locale, title=escape(w.title))
    blocks = [
        header(t("ws.header", locale)),
        section(details(w, locale)),
        context(
            t("ws.seats_left", locale, n=left, capacity=w.capacity)
            + " · "
            + t("ws.register_by", locale, deadline=date(w.deadline))
        ),
    ]
    label = t("ws.register", locale) if left else t("ws.join_waitlist", locale)
    blocks.append(
        {"type": "actions", "block_id": f"ws__{w.id}", "elements": [button(label, REGISTER, str(w.id), "primary")]}
    )
    return text, blocks


def registration(w: Workshop, seat: Seat, locale: str, position: int | None, outlook: bool) -> tuple[str, list[dict]]:
    """The DM after registering (or joining the waitlist, or being promoted)."""
    if seat.status == SeatStatus.REGISTERED:
        text = t("ws.registered", locale, title=escape(w.title))
    else:
        text = t("ws.waitlisted", locale, title=escape(w.title), n=position or "?")
    elements = [button(t("ws.leave", locale), LEAVE, str(w.id), "danger")]
    if seat.status == SeatStatus.REGISTERED and (not outlook or seat.calendar == CalendarStatus.ICS):
        elements.insert(0, button(t("ws.add_calendar", locale), ICS, str(w.id)))
    blocks = [section(text), section(details(w, locale))]
    if seat.status == SeatStatus.REGISTERED and outlook:  # where the calendar entry is, for this person
        blocks.append(context(t(f"ws.outlook.{seat.calendar}", locale)))
    blocks.append({"type": "actions", "block_id": f"wsdm__{w.id}", "elements": elements})
    return text, blocks


def note(text: str) -> tuple[str, list[dict]]:
    return text, [section(text)]


class Listed(Protocol):
    """One upcoming workshop as a list shows it (bot.services.workshops.Upcoming is one)."""

    @property
    def workshop(self) -> Workshop: ...
    @property
    def registered(self) -> Sequence[str]: ...
    @property
    def waiting(self) -> Sequence[str]: ...
    @property
    def holders(self) -> AbstractSet[str]: ...
    @property
    def calendar_failed(self) -> int: ...
    @property
    def seats_left(self) -> int: ...


class Listing(Protocol):
    """The upcoming workshops as one person sees them (bot.services.workshops.Listing is one)."""

    @property
    def user_id(self) -> str: ...
    @property
    def locale(self) -> str: ...
    @property
    def hr(self) -> bool: ...
    @property
    def workshops(self) -> Sequence[Listed]: ...


def listing(found: Listing) -> list[dict]:
    """Upcoming workshops for App Home and `/dialogue workshops`; HR also sees who is registered and waiting."""
    locale, hr = found.locale, found.hr
    blocks: list[dict] = [header(t("ws.upcoming", locale))]
    if hr:
        blocks.append(
            {
                "type": "actions",
                "block_id": "ws_admin",
                "elements": [button(t("ws.new", locale), NEW, "new", "primary")],
            }
        )
    if not found.workshops:
        blocks.append(section(t("ws.none", locale)))
    for item in found.workshops[:15]:
        w, left = item.workshop, item.seats_left
        lines = [details(w, locale), t("ws.seats_left", locale, n=left, capacity=w.capacity)]
        if hr:
            reg, wait = item.registered, item.waiting
            lines.append(t("ws.registered_list", locale, n=len(reg), who=", ".join(f"<@{u}>" for u in reg) or "–"))
            lines.append(t("ws.waitlist_list", locale, n=len(wait), who=", ".join(f"<@{u}>" for u in wait) or "–"))
            if item.calendar_failed:
                lines.append(t("ws.calendar_failed", locale, count=item.calendar_failed))
        blocks.append(section("\n".join(lines)[:3000]))
        elements = []
        if found.user_id not in item.holders:
            elements.append(
                button(
                    t("ws.register", locale) if left else t("ws.join_waitlist", locale), REGISTER, str(w.id), "primary"
                )
            )
        else:
            elements.append(button(t("ws.leave", locale), LEAVE, str(w.id), "danger"))
        if hr:
            elements += [
                button(t("ws.edit", locale), EDIT, str(w.id)),
                button(t("ws.cancel", locale), CANCEL, str(w.id), "danger"),
            ]
        blocks.append({"type": "actions", "block_id": f"wslist__{w.id}", "elements": elements})
    return blocks[:100]

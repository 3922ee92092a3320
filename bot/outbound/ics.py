"""An .ics calendar file for a workshop (RFC 5545), for everyone when Outlook is not connected.

Written with the `icalendar` package, which escapes text values and folds long lines as RFC 5545 asks: a line
break of any kind in a title, place or description stays inside its property (`\\n`), so typed text can never
start a property line of its own. Text is also cleaned of characters that mislead (flows.text) first.
"""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event

from flows.text import clean


def workshop_ics(
    *,
    uid: str,
    title: str,
    description: str,
    place: str,
    starts: datetime,
    ends: datetime,
    stamp: datetime,
    cancelled: bool = False,
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//dialogue-bot//workshops//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", clean(title))
    event.add("location", clean(place))
    event.add("description", clean(description))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical

"""An .ics calendar file for a workshop (RFC 5545), for everyone when Outlook is not connected."""

from __future__ import annotations

from datetime import datetime


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded with CRLF + space (RFC 5545 3.1)."""
    out, cur = [], ""
    for ch in line:
        if len((cur + ch).encode()) > 75:
            out.append(cur)
            cur = " " + ch
        else:
            cur += ch
    out.append(cur)
    return "\r\n".join(out)


def _utc(t: datetime) -> str:
    return t.strftime("%Y%m%dT%H%M%SZ")


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
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//dialogue-bot//workshops//EN",
        "METHOD:CANCEL" if cancelled else "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(starts)}",
        f"DTEND:{_utc(ends)}",
        f"SUMMARY:{_escape(title)}",
        f"LOCATION:{_escape(place)}",
        f"DESCRIPTION:{_escape(description)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(_fold(x) for x in lines) + "\r\n").encode()

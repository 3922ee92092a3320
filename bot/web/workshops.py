"""HR's workshop pages: the upcoming workshops with who is registered and waiting, the form to create or edit one
(the same checks and messages as Slack's form, bot.services.workshops.check), and cancelling one."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from bot.core.i18n import t
from bot.services import workshops
from bot.web import deciding
from bot.web.guard import here, hr, page
from bot.web.signin import Person

if TYPE_CHECKING:  # the row's type only: the edge reads the database through services
    from storage.models import Workshop

bp = Blueprint("workshops", __name__)
WORKSHOP_FIELDS = (
    "title",
    "description",
    "place",
    "capacity",
    "starts",
    "ends",
    "deadline",
    "concept",
    "channel",
    "people",
)
CHANNEL = re.compile(r"^[CG][A-Z0-9]{6,}$")


@bp.get("/hr/workshops")
@page(hr)
def workshop_list(person: Person) -> str:
    rt = here().rt
    found = []
    for item in workshops.upcoming(rt):
        names = deciding.names_of(rt, [*item.registered, *item.waiting])
        registered = [names.get(u, u) for u in item.registered]
        waiting = [names.get(u, u) for u in item.waiting]
        found.append((item.workshop, registered, waiting))
    return render_template("workshops.html", workshops=found)


@bp.route("/hr/workshops/new", methods=["GET", "POST"])
@bp.route("/hr/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
@page(hr)
def workshop_form(person: Person, workshop_id: int | None = None) -> ResponseReturnValue:
    """New or edited workshop: the same checks and messages as Slack's form (bot.services.workshops.check)."""
    rt = here().rt
    editing = workshops.editable(rt, workshop_id) if workshop_id is not None else None
    if workshop_id is not None and editing is None:
        abort(404)
    tz = rt.settings.tz
    if request.method == "GET":
        return render_template("workshop_form.html", w=editing, form=_form_of(editing, tz), errors={})
    form = {k: request.form.get(k, "").strip() for k in WORKSHOP_FIELDS}
    emails = [e for e in form["people"].replace(",", "\n").split() if e]
    found = workshops.invitees(rt, emails)
    typed = workshops.Details(
        title=form["title"],
        description=form["description"],
        place=form["place"],
        capacity=form["capacity"],
        starts=_moment(form["starts"], tz),
        ends=_moment(form["ends"], tz),
        deadline=_moment(form["deadline"], tz),
        concept=form["concept"],
        channel=form["channel"] or None,
        people=[u for u in found.values() if u],
    )
    data, errors = workshops.check(typed, g.locale, rt.clock.now(), editing is not None)
    if form["channel"] and not CHANNEL.match(form["channel"]):
        errors["channel"] = t("web.channel_hint", g.locale)
    unknown = [e for e, u in found.items() if u is None]
    if unknown and editing is None:
        errors["people"] = t("web.people_unknown", g.locale, emails=", ".join(unknown))
    if errors:
        return render_template("workshop_form.html", w=editing, form=form, errors=errors), 422
    typed_key = json.dumps([session.get("csrf"), sorted(form.items())]).encode()
    submission = "web:" + hashlib.sha256(typed_key).hexdigest()[:48] if editing is None else None  # a resend: once
    workshops.save(rt, person.actor, data, editing.id if editing else None, g.locale, submission)
    return redirect(url_for("workshops.workshop_list"))


@bp.post("/hr/workshops/<int:workshop_id>/cancel")
@page(hr)
def workshop_cancel(person: Person, workshop_id: int) -> str:
    done = workshops.cancel_by(here().rt, person.actor, workshop_id)
    message = t("web.workshop_cancelled" if done else "ws.is_cancelled", g.locale)
    return render_template("done.html", message=message, back=url_for("workshops.workshop_list"))


def _moment(text: str, tz: ZoneInfo) -> datetime | None:
    """A datetime-local field's value, in the organisation's time zone."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=tz).astimezone(UTC) if text else None
    except ValueError:
        return None


def _form_of(w: Workshop | None, tz: ZoneInfo) -> dict[str, str]:
    """The form's fields as typed: empty for a new workshop, else the workshop's details in local time."""
    if w is None:
        return {k: "" for k in WORKSHOP_FIELDS} | {"capacity": "20", "concept": "well_being"}

    def local(d: datetime) -> str:
        return d.astimezone(tz).strftime("%Y-%m-%dT%H:%M")

    return {
        "title": w.title,
        "description": w.description or "",
        "place": w.place,
        "capacity": str(w.capacity),
        "starts": local(w.starts_at),
        "ends": local(w.ends_at),
        "deadline": local(w.deadline),
        "concept": w.concept,
        "channel": "",
        "people": "",
    }

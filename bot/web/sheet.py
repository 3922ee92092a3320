"""The facilitator's sheet for a team that meets in person: a printable page for the round's lead."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template

from bot.services import meetings
from bot.web.guard import here, page
from bot.web.signin import Person

bp = Blueprint("sheet", __name__)


@bp.get("/hr/rounds/<int:round_id>/sheet")
@page()
def meeting_sheet(person: Person, round_id: int) -> str:
    found = meetings.sheet(here().rt, round_id, person.user_id, g.locale) or abort(404)
    return render_template("sheet.html", sheet=found)

"""The facilitator's sheet for a team that meets in person: a printable page for the round's lead, registered
on the dashboard with one line (`register`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, abort, g, render_template
from flask.typing import RouteCallable

from bot.core.runtime import Runtime
from bot.services import meetings


def register(app: Flask, rt: Runtime, page: Callable[..., Callable[[RouteCallable], RouteCallable]]) -> None:
    """`page`: the dashboard's guard (signed in, else sign-in; who may see it)."""

    @app.get("/hr/rounds/<int:round_id>/sheet")
    @page()
    def meeting_sheet(person: Any, round_id: int) -> str:
        found = meetings.sheet(rt, round_id, person.user_id, g.locale) or abort(404)
        return render_template("sheet.html", sheet=found)

"""A closed round's page and its chart, for its lead and for HR: the summary as the disclosure gate lets this
reader see it, with the change since the lead's previous round."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, Response, abort, g, render_template

from bot.services import access, rounds, summaries
from bot.services.disclosure import HR_ROUND, ROUND_SUMMARY
from bot.web import deciding
from bot.web.guard import here, page
from bot.web.signin import Person
from flows import engine as fe
from flows.model import Flow

if TYPE_CHECKING:  # the row's type only: the edge reads the database through services
    from storage.models import Round

bp = Blueprint("rounds", __name__)


@bp.get("/hr/rounds/<int:round_id>")
@page()
def round_summary(person: Person, round_id: int) -> str:
    rt = here().rt
    rnd, flow, summary = _summary_for(person, round_id)
    previous = summaries.previous_means(rt, rnd, person.reader)
    drawn = any(th.shown and th.mean for th in summary.themes)  # what summaries.chart draws, if anything
    unit = deciding.unit_of(rt, rnd)
    return render_template("round.html", rnd=rnd, flow=flow, summary=summary, previous=previous, chart=drawn, unit=unit)


@bp.get("/hr/rounds/<int:round_id>/chart.png")
@page()
def round_chart(person: Person, round_id: int) -> Response:
    _rnd, flow, summary = _summary_for(person, round_id)
    drawn = summaries.chart(flow, summary, g.locale) or abort(404)
    return Response(drawn[1], mimetype="image/png")


def _summary_for(person: Person, round_id: int) -> tuple[Round, Flow, fe.Summary]:
    """A closed round its lead (or HR) may look back at, with what it was answered with and what it adds up to;
    404 for anyone else, so ids do not tell what exists."""
    rt = here().rt
    rnd = rounds.get(rt, round_id)
    if rnd is None or rnd.status != "closed":
        abort(404)
    if not (person.hr or (person.user_id is not None and access.lead(rt, person.user_id, str(round_id)))):
        abort(404)
    surface = ROUND_SUMMARY if rnd.lead_id == person.user_id else HR_ROUND
    return rnd, rounds.flow_of(rt, rnd), summaries.build_summary(rt, rnd, person.reader, surface)

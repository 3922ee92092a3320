"""The dashboard's home: a lead's closed rounds, the campaigns, and for HR what needs attention (experiences
shared since the last visit, the latest campaign's results)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request

from bot.core.payload import day_start
from bot.services import attention, campaigns, rounds
from bot.web import deciding
from bot.web.guard import here, page
from bot.web.signin import Person

bp = Blueprint("home", __name__)
SEEN_COOKIE = "dialogue_hr_seen"  # the day HR last opened the home page: experiences shared since are "new"


@bp.get("/hr/")
@page()
def home(person: Person) -> Response:
    dash = here()
    rt, settings = dash.rt, dash.rt.settings
    found = campaigns.all_campaigns(rt)
    mine = rounds.closed_led_by(rt, person.user_id) if person.user_id else []
    now = rt.clock.now()
    seen = day_start(request.cookies.get(SEEN_COOKIE))
    needs = None
    if person.hr:
        today = now.astimezone(settings.tz).date()
        since = seen.date() if seen else None
        needs = attention.gather(
            rt.db,
            rt.flows,
            settings.anonymity_threshold,
            today,
            now,
            since,
            person.user_id,
            lambda c: dash.computed(c, person.reader, True),
        )
    html = render_template(
        "home.html",
        campaigns=found,
        rounds=mine,
        flows=rt.flows,
        needs=needs,
        seen=seen,
        unit_ids=deciding.unit_ids(rt, needs.latest.campaign.id) if needs and needs.latest else {},
    )
    answer = Response(html)
    if person.hr:  # the next visit counts experiences from today
        answer.set_cookie(
            SEEN_COOKIE,
            now.astimezone(settings.tz).date().isoformat(),
            max_age=400 * 86400,
            path="/hr",
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return answer

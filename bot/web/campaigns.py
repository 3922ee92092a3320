"""The campaign pages: progress as the tree of units (with HR's nudge), the results heatmap (rendered pages kept
until the campaign's data changes), and each unit's own page. bot.web.deciding renders the numbers."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot.core.i18n import number, t
from bot.core.payload import int_value
from bot.services import access, campaign_results, campaigns, progress_tree, unit_report
from bot.services.campaign_results import label
from bot.web import deciding, heatmap
from bot.web.guard import here, hr, page
from bot.web.signin import Person

bp = Blueprint("campaigns", __name__)
RESULTS_KEPT = 32  # rendered results pages kept in memory (each a few hundred kB at most)


@bp.get("/hr/campaigns/<int:campaign_id>")
@page(hr)
def campaign(person: Person, campaign_id: int) -> str:
    rt = here().rt
    chosen = campaigns.get(rt, campaign_id) or abort(404)
    today = rt.clock.now().astimezone(rt.settings.tz).date()
    levels = progress_tree.tree(rt.db, campaign_id, today)
    return render_template(
        "campaign.html",
        campaign=chosen,
        flow=rt.flows.get(chosen.flow_id),
        levels=levels,
        totals=progress_tree.totals(levels),
    )


@bp.post("/hr/campaigns/<int:campaign_id>/nudge")
@page(hr)
def nudge(person: Person, campaign_id: int) -> str:
    unit = request.form.get("unit", "all")
    unit_id = None if unit == "all" else int_value(unit)
    if unit != "all" and unit_id is None:
        abort(400)  # not a unit: refused, never a 500
    n = campaigns.nudge(here().rt, person.actor, campaign_id, unit_id)
    return render_template(
        "done.html",
        message=t("campaign.nudged", g.locale, count=n),
        back=url_for("campaigns.campaign", campaign_id=campaign_id),
    )


@bp.get("/hr/campaigns/<int:campaign_id>/results")
@page()
def results(person: Person, campaign_id: int) -> str:
    dash = here()
    rt = dash.rt
    chosen = campaigns.get(rt, campaign_id) or abort(404)
    if chosen.flow_id not in rt.flows:
        abort(404)
    access.record(rt, person.actor, "web:results", detail=f"campaign {campaign_id}")
    before = campaigns.previous(rt, chosen)
    ids = [campaign_id] + ([before.id] if before is not None and before.id is not None else [])
    view = deciding.view_of(request.args, before is not None)
    taking_part = deciding.participation(rt, chosen) if person.hr else None
    counts = hash(tuple(sorted(taking_part.items()))) if taking_part else None
    led = () if person.hr or not person.user_id else tuple(access.units_led(rt, person.user_id))
    key = (
        campaign_id,
        person.user_id,
        person.hr,
        led,
        g.locale,
        view,
        counts,
        campaigns.fingerprint(rt, ids),
    )
    with dash.rendered_lock:
        if key in dash.rendered:
            dash.rendered.move_to_end(key)
            return dash.rendered[key]
    found = campaign_results.compute(
        rt.db,
        rt.flows,
        chosen,
        rt.settings.anonymity_threshold,
        receiver=person.reader,
        hr=person.hr,
        now=rt.clock.now(),
    )
    html = deciding.render_results(rt, chosen, found, view, taking_part)
    with dash.rendered_lock:
        dash.rendered[key] = html
        while len(dash.rendered) > RESULTS_KEPT:
            dash.rendered.popitem(last=False)
    return html


@bp.get("/hr/campaigns/<int:campaign_id>/units/<int:unit_id>")
@page()
def unit_page(person: Person, campaign_id: int, unit_id: int) -> ResponseReturnValue:
    dash = here()
    rt = dash.rt
    chosen = campaigns.get(rt, campaign_id) or abort(404)
    if chosen.flow_id not in rt.flows:
        abort(404)
    today = rt.clock.now().astimezone(rt.settings.tz).date()
    found = unit_report.report(
        rt.db,
        rt.flows,
        chosen,
        unit_id,
        rt.settings.anonymity_threshold,
        person.reader,  # as the disclosure gate knows the reader
        person.hr,
        today,
        dash.computed,
    )
    if found is None:
        abort(404)  # not in the campaign, or not the reader's to see: the same answer
    return render_template(
        "unit.html",
        r=found,
        flow=found.results.flow,
        label=label,
        bar=deciding.bar,
        counts_text=lambda counts: ", ".join(f"{i}: {number(c, g.locale)}" for i, c in enumerate(counts, 1)),
        signed=lambda x: deciding.signed(x, g.locale),
        percent=lambda x: deciding.percent(x, g.locale),
        arrow=lambda x: "" if x is None else "↑" if x >= heatmap.STEADY else "↓" if x <= -heatmap.STEADY else "→",
    )

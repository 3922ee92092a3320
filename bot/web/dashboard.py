"""HR's dashboard: a Flask app under /hr/ in the same process and port as the Slack endpoint, reusing the
services the Slack listeners use (campaign progress and results, summaries, exports, the audit log) — one
implementation of the privacy rules, two edges.

Sessions are signed cookies (SESSION_SECRET): HttpOnly, Secure when PUBLIC_URL is https, SameSite=Lax, eight
hours. Every form carries a CSRF token. HR sees everything HR may see in Slack; a lead their own rounds and the
roll-ups of their units; anyone else a friendly 403. Without the Microsoft settings the dashboard says how to
turn it on. Jinja2 escapes everything it renders.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, Response, abort, g, redirect, render_template, request, session, url_for
from flask.typing import RouteCallable

from bot.core.i18n import day, decimal, number, t
from bot.core.payload import day_start, int_value
from bot.core.runtime import Runtime
from bot.services import attention, campaign_results, campaigns, progress_tree, rounds, summaries, workshops
from bot.services.disclosure import HR_ROUND, ROUND_SUMMARY
from bot.services.exports import export
from bot.web import deciding, humane, security, sheet
from bot.web.signin import Person, Refused, Sessions, SignIn
from flows import engine as fe
from flows.model import LOCALES, Flow
from storage import audit, people, units
from storage import campaigns as campaign_store
from storage import rounds as round_store
from storage import workshops as workshop_store
from storage.exports import WHAT, Period
from storage.exports import experiences as experience_rows
from storage.models import Round

SESSION_HOURS = 8
RESULTS_KEPT = 32  # rendered results pages kept in memory (each a few hundred kB at most)
FORMATS = ("csv", "xlsx")


def create_dashboard(rt: Runtime, demo: Person | None = None) -> Flask:
    """The dashboard for this runtime. `demo`: everyone is this person (the demo, on loopback only)."""
    settings = rt.settings
    app = Flask(__name__, static_url_path="/hr/static")
    app.config.update(
        SECRET_KEY=settings.session_secret or secrets.token_hex(32),
        SESSION_COOKIE_NAME="dialogue_hr",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=bool(settings.public_url and settings.public_url.startswith("https://")),
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PATH="/hr",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
    )
    signin = SignIn(settings) if settings.dashboard_enabled and demo is None else None
    security.install(app)  # CSP, no framing, no referrer, nosniff; no-store on everything but the stylesheet
    sessions = Sessions(rt.db, rt.outlook, settings, rt.clock.now) if signin is not None else None

    def locale() -> str:
        chosen = request.args.get("lang")
        if chosen in LOCALES:
            session["lang"] = chosen
        if session.get("lang") in LOCALES:
            return str(session["lang"])
        return request.accept_languages.best_match(LOCALES) or settings.default_locale

    def me() -> Person | None:
        if demo is not None:
            return demo
        if "person" not in g:  # the session held on the server, and the person's roles now: once a request
            token = session.get("sid")
            g.person = sessions.person(token) if sessions is not None and isinstance(token, str) else None
        person: Person | None = g.person
        return person

    @app.before_request
    def context() -> None:
        g.locale = locale()
        if not _in_cookie_path(request.path):
            return  # the session cookie is not sent here: a token minted here would replace the page's one
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        if request.method == "POST" and request.form.get("csrf") != session.get("csrf"):
            abort(400, description="csrf")

    @app.context_processor
    def helpers() -> dict[str, Any]:
        loc = g.get("locale", settings.default_locale)
        return {
            "t": lambda key, **kw: t(key, loc, **kw),
            "locale": loc,
            "day": lambda d: day(date.fromisoformat(d) if isinstance(d, str) else d, loc),
            "decimal": lambda x: decimal(x, loc),
            "number": lambda n: number(n, loc),
            "me": me(),
            "csrf": session.get("csrf", ""),
            "demo": demo is not None,
            "moment": lambda at: humane.moment(at, loc, settings.tz),
            "mrkdwn": humane.mrkdwn,
            "action": lambda name: humane.action(name, loc),
            "words": lambda prefix, value: humane.words(prefix, value, loc),
            "percent": lambda x: deciding.percent(x, loc),
            "signed": lambda x: deciding.signed(x, loc),
            "with_names": deciding.with_names,
        }

    def page(who: Callable[[Person], bool] = lambda p: p.hr or p.lead) -> Callable[[RouteCallable], RouteCallable]:
        """A page for the signed-in people `who` allows: anyone else gets the 403 page, with a sign-in first."""

        def decorate(view: RouteCallable) -> RouteCallable:
            @wraps(view)
            def guarded(*args: Any, **kw: Any) -> Any:
                person = me()
                if person is None:
                    if signin is None:
                        return render_template("off.html"), 503
                    return redirect(url_for("sign_in"))
                if not who(person):
                    audit.record(
                        rt.db,
                        rt.clock.now(),
                        person.user_id or person.email[:32],
                        f"web:{view.__name__}"[:40],
                        detail=request.path[:200],
                        allowed=False,
                    )
                    return render_template("error.html", code=403), 403
                return view(person, *args, **kw)

            return guarded

        return decorate

    def hr(p: Person) -> bool:
        return p.hr

    @app.errorhandler(400)
    def refused(e: Exception) -> tuple[str, int]:
        return render_template("refused.html"), 400

    @app.errorhandler(404)
    @app.errorhandler(405)
    @app.errorhandler(500)
    def failed(e: Any) -> tuple[str, int]:
        code = getattr(e, "code", None) or 500
        return render_template("error.html", code=404 if code == 405 else code), code

    @app.get("/hr/signin")
    def sign_in() -> Any:
        if signin is None:
            return render_template("off.html"), 503
        flow = signin.begin()
        session["flow"] = flow
        return redirect(flow["auth_uri"])

    @app.get("/hr/auth/callback")
    def callback() -> Any:
        if signin is None or "flow" not in session:
            return redirect(url_for("home"))
        assert sessions is not None
        try:
            claims = signin.finish(session.pop("flow"), dict(request.args))
            token, person = sessions.open(claims, app.permanent_session_lifetime)
        except Refused as e:
            audit.record(rt.db, rt.clock.now(), "entra", "web:signin", detail=str(e)[:200], allowed=False)
            return render_template("refused.html"), 400
        except ValueError:
            return render_template("refused.html"), 400
        session.clear()
        session.permanent = True
        session["sid"] = token
        session["csrf"] = secrets.token_urlsafe(32)
        audit.record(rt.db, rt.clock.now(), person.user_id or person.email[:32], "web:signin", detail=person.email)
        return redirect(url_for("home"))

    @app.post("/hr/signout")
    def sign_out() -> Any:
        token = session.get("sid")
        if sessions is not None and isinstance(token, str):
            sessions.end(token)  # a copy of the cookie opens nothing from now on
        session.clear()
        return render_template("signed_out.html")

    @app.get("/hr/")
    @page()
    def home(person: Person) -> Any:
        found = campaign_store.all_campaigns(rt.db)
        mine = round_store.rounds_led_by(rt.db, person.user_id, closed_only=True) if person.user_id else []
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
                lambda c: computed(c, _reader(person), True),
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
                secure=app.config["SESSION_COOKIE_SECURE"],
            )
        return answer

    @app.get("/hr/campaigns/<int:campaign_id>")
    @page(hr)
    def campaign(person: Person, campaign_id: int) -> str:
        chosen = campaign_store.get(rt.db, campaign_id) or abort(404)
        today = rt.clock.now().astimezone(settings.tz).date()
        levels = progress_tree.tree(rt.db, campaign_id, today)
        return render_template(
            "campaign.html",
            campaign=chosen,
            flow=rt.flows.get(chosen.flow_id),
            levels=levels,
            totals=progress_tree.totals(levels),
        )

    @app.post("/hr/campaigns/<int:campaign_id>/nudge")
    @page(hr)
    def nudge(person: Person, campaign_id: int) -> Any:
        unit = request.form.get("unit", "all")
        unit_id = None if unit == "all" else int_value(unit)
        if unit != "all" and unit_id is None:
            abort(400)  # not a unit: refused, never a 500
        n = campaigns.nudge(rt, person.user_id or person.email[:32], campaign_id, unit_id)
        return render_template(
            "done.html",
            message=t("campaign.nudged", g.locale, count=n),
            back=url_for("campaign", campaign_id=campaign_id),
        )

    computed = deciding.Computed(rt)  # results for HR's home and the unit pages
    rendered: OrderedDict[tuple[object, ...], str] = OrderedDict()  # results pages, until their campaign's data changes
    rendered_lock = threading.Lock()

    @app.get("/hr/campaigns/<int:campaign_id>/results")
    @page()
    def results(person: Person, campaign_id: int) -> str:
        chosen = campaign_store.get(rt.db, campaign_id) or abort(404)
        if chosen.flow_id not in rt.flows:
            abort(404)
        actor = person.user_id or person.email[:32]
        audit.record(rt.db, rt.clock.now(), actor, "web:results", detail=f"campaign {campaign_id}")
        before = campaign_store.previous(rt.db, chosen)
        ids = [campaign_id] + ([before.id] if before is not None and before.id is not None else [])
        view = deciding.view_of(request.args, before is not None)
        taking_part = deciding.participation(rt, chosen) if person.hr else None
        counts = hash(tuple(sorted(taking_part.items()))) if taking_part else None
        led = () if person.hr or not person.user_id else tuple(units.units_led_by(rt.db, person.user_id))
        key = (
            campaign_id,
            person.user_id,
            person.hr,
            led,
            g.locale,
            view,
            counts,
            campaign_store.fingerprint(rt.db, ids),
        )
        with rendered_lock:
            if key in rendered:
                rendered.move_to_end(key)
                return rendered[key]
        threshold = settings.anonymity_threshold
        found = campaign_results.compute(
            rt.db, rt.flows, chosen, threshold, receiver=_reader(person), hr=person.hr, now=rt.clock.now()
        )
        html = deciding.render_results(rt, chosen, found, view, taking_part)
        with rendered_lock:
            rendered[key] = html
            while len(rendered) > RESULTS_KEPT:
                rendered.popitem(last=False)
        return html

    @app.get("/hr/rounds/<int:round_id>")
    @page()
    def round_summary(person: Person, round_id: int) -> str:
        rnd, flow, summary = _summary_for(rt, person, round_id)
        previous = summaries.previous_means(rt, rnd, _reader(person))
        drawn = any(th.shown and th.mean for th in summary.themes)  # what summaries.chart draws, if anything
        unit = deciding.unit_of(rt, rnd)
        return render_template(
            "round.html", rnd=rnd, flow=flow, summary=summary, previous=previous, chart=drawn, unit=unit
        )

    @app.get("/hr/rounds/<int:round_id>/chart.png")
    @page()
    def round_chart(person: Person, round_id: int) -> Response:
        _rnd, flow, summary = _summary_for(rt, person, round_id)
        drawn = summaries.chart(flow, summary, g.locale) or abort(404)
        return Response(drawn[1], mimetype="image/png")

    sheet.register(app, rt, page)  # the facilitator's sheet for a meeting held in person (bot/web/sheet.py)

    @app.get("/hr/experiences")
    @page(hr)
    def experiences(person: Person) -> str:
        dialogue = request.args.get("dialogue") or ""
        since, until = day_start(request.args.get("since")), day_start(request.args.get("until"))
        period = Period(since, until + timedelta(days=1) if until else None)
        _header, rows = experience_rows(rt.db, period)
        shown = [r for r in rows if not dialogue or r[1] == dialogue]
        return render_template(
            "experiences.html",
            rows=shown,
            dialogue=dialogue,
            since=request.args.get("since", ""),
            until=request.args.get("until", ""),
        )

    @app.get("/hr/exports")
    @page(hr)
    def exports(person: Person) -> str:
        return render_template("exports.html", what=WHAT, formats=FORMATS)

    @app.get("/hr/exports/<what>.<fmt>")
    @page(hr)
    def download(person: Person, what: str, fmt: str) -> Response:
        if what not in WHAT or fmt not in FORMATS:
            abort(404)
        tmp = tempfile.TemporaryDirectory(prefix="dialogue-export-")
        path = Path(tmp.name) / f"{what}.{fmt}"
        n = export(
            rt.db, rt.flows, settings.anonymity_threshold, what, fmt, path, reader=_reader(person), now=rt.clock.now()
        )
        audit.record(
            rt.db,
            rt.clock.now(),
            person.user_id or person.email[:32],
            f"export.{what}",
            detail=f"{fmt}, all (dashboard)",
            rows=n,
        )

        def stream() -> Iterator[bytes]:
            try:
                with path.open("rb") as f:
                    while chunk := f.read(64 * 1024):
                        yield chunk
            finally:
                tmp.cleanup()

        name = f"{what}-{rt.clock.now():%Y%m%d-%H%M}.{fmt}"
        mimetype = "text/csv" if fmt == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(stream(), mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/hr/workshops")
    @page(hr)
    def workshop_list(person: Person) -> str:
        found = []
        for w in workshop_store.upcoming(rt.db, rt.clock.now()):
            assert w.id is not None
            seats = workshop_store.seats(rt.db, w.id)
            names = deciding.names_of(rt, [seat.user_id for seat in seats])
            registered = [names.get(x.user_id, x.user_id) for x in seats if x.status == "registered"]
            waiting = [names.get(x.user_id, x.user_id) for x in seats if x.status == "waitlisted"]
            found.append((w, registered, waiting))
        return render_template("workshops.html", workshops=found)

    @app.route("/hr/workshops/new", methods=["GET", "POST"])
    @app.route("/hr/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
    @page(hr)
    def workshop_form(person: Person, workshop_id: int | None = None) -> Any:
        """New or edited workshop: the same checks and messages as Slack's form (bot.workshops.check)."""
        editing = workshop_store.get(rt.db, workshop_id) if workshop_id is not None else None
        if workshop_id is not None and (editing is None or editing.status != "open"):
            abort(404)
        tz = settings.tz
        if request.method == "GET":
            return render_template("workshop_form.html", w=editing, form=_form_of(editing, tz), errors={})
        form = {k: request.form.get(k, "").strip() for k in WORKSHOP_FIELDS}
        emails = [e for e in form["people"].replace(",", "\n").split() if e]
        found = {e: people.user_of_email(rt.db, e) for e in emails}
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
        actor = person.user_id or person.email[:32]
        typed_key = json.dumps([session.get("csrf"), sorted(form.items())]).encode()
        submission = "web:" + hashlib.sha256(typed_key).hexdigest()[:48] if editing is None else None  # a resend: once
        workshops.save(rt, actor, data, editing.id if editing else None, g.locale, submission)
        return redirect(url_for("workshop_list"))

    @app.post("/hr/workshops/<int:workshop_id>/cancel")
    @page(hr)
    def workshop_cancel(person: Person, workshop_id: int) -> str:
        done = workshops.cancel_by(rt, person.user_id or person.email[:32], workshop_id)
        message = t("web.workshop_cancelled" if done else "ws.is_cancelled", g.locale)
        return render_template("done.html", message=message, back=url_for("workshop_list"))

    @app.get("/hr/audit")
    @page(hr)
    def audit_log(person: Person) -> str:
        entries = list(audit.entries(rt.db))[-500:][::-1]
        return render_template("audit.html", entries=entries, names=deciding.audit_names(rt, entries))

    deciding.register(app, rt, page, computed)
    return app


SEEN_COOKIE = "dialogue_hr_seen"  # the day HR last opened the home page: experiences shared since are "new"


def _in_cookie_path(path: str) -> bool:
    """Whether the browser sends the session cookie (path /hr) with a request for `path`. A browser asks for
    /favicon.ico on its first visit, without the cookie: a session started there came back with Path=/hr and
    replaced the one whose CSRF token the open form carried, so the first submit was refused."""
    return path == "/hr" or path.startswith("/hr/")


def _summary_for(rt: Runtime, person: Person, round_id: int) -> tuple[Round, Flow, fe.Summary]:
    """A closed round its lead (or HR) may look back at, with what it was answered with and what it adds up to;
    404 for anyone else, so ids do not tell what exists."""
    rnd = round_store.get_round(rt.db, round_id)
    if rnd is None or rnd.status != "closed" or not (person.hr or rnd.lead_id == person.user_id):
        abort(404)
    surface = ROUND_SUMMARY if rnd.lead_id == person.user_id else HR_ROUND
    return rnd, rounds.flow_of(rt, rnd), summaries.build_summary(rt, rnd, _reader(person), surface)


def _reader(person: Person) -> str:
    """Who the disclosure gate shows numbers to: the Slack id, or the e-mail of someone without one."""
    return person.user_id or person.email[:64]


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


def _moment(text: str, tz: ZoneInfo) -> datetime | None:
    """A datetime-local field's value, in the organisation's time zone."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=tz).astimezone(UTC) if text else None
    except ValueError:
        return None


def _form_of(w: Any, tz: ZoneInfo) -> dict[str, str]:
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

"""What every request to the dashboard goes through, in one place: the reader's language, the CSRF token, who is
signed in (the session held on the server, or the demo's one person), the page guard with its audited 403, the
error pages, the security headers, and what every template may call. The blueprints find their dashboard's
parts with `here()`.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from flask import Flask, abort, current_app, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from bot.core.i18n import day, decimal, number, t
from bot.core.runtime import Runtime
from bot.services import access
from bot.web import deciding, humane, security
from bot.web.signin import Person, Sessions, SignIn
from flows.model import LOCALES

KEY = "dialogue_dashboard"  # where the dashboard's parts are kept in `app.extensions`
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Dashboard:
    """One dashboard's parts, kept on its Flask app for the blueprints: the runtime, how people sign in, and the
    results kept until their campaign's data changes."""

    rt: Runtime
    demo: Person | None  # everyone is this person (the demo, on loopback only)
    signin: SignIn | None  # None: the Microsoft settings are missing, the dashboard says how to turn it on
    sessions: Sessions | None
    computed: deciding.Computed  # results for HR's home and the unit pages
    rendered: OrderedDict[tuple[object, ...], str] = field(default_factory=OrderedDict)  # results pages
    rendered_lock: threading.Lock = field(default_factory=threading.Lock)


def here() -> Dashboard:
    """The dashboard this request is for."""
    return cast(Dashboard, current_app.extensions[KEY])


def me() -> Person | None:
    """Who is signed in: the session held on the server, and the person's roles now — once a request."""
    dash = here()
    if dash.demo is not None:
        return dash.demo
    if "person" not in g:
        token = session.get("sid")
        g.person = dash.sessions.person(token) if dash.sessions is not None and isinstance(token, str) else None
    return cast(Person | None, g.person)


def hr_or_lead(person: Person) -> bool:
    return person.hr or person.lead


def hr(person: Person) -> bool:
    return person.hr


def page(
    who: Callable[[Person], bool] = hr_or_lead,
) -> Callable[[Callable[Concatenate[Person, P], R]], Callable[P, R | ResponseReturnValue]]:
    """A page for the signed-in people `who` allows: anyone else gets the 403 page (and an entry in the audit
    log), someone not signed in the sign-in first."""

    def decorate(view: Callable[Concatenate[Person, P], R]) -> Callable[P, R | ResponseReturnValue]:
        @wraps(view)
        def guarded(*args: P.args, **kw: P.kwargs) -> R | ResponseReturnValue:
            person = me()
            if person is None:
                if here().signin is None:
                    return render_template("off.html"), 503
                return redirect(url_for("account.sign_in"))
            if not who(person):
                action = f"web:{view.__name__}"[:40]
                access.record(here().rt, person.actor, action, detail=request.path[:200], allowed=False)
                return render_template("error.html", code=403), 403
            return view(person, *args, **kw)

        return guarded

    return decorate


def install(app: Flask, dash: Dashboard) -> None:
    """The request handling every page shares, on `app`: its dashboard's parts, the security headers, the
    language and CSRF token before each request, the template helpers, the error pages."""
    app.extensions[KEY] = dash
    security.install(app)  # CSP, no framing, no referrer, nosniff; no-store on everything but the stylesheet
    app.before_request(_context)
    app.context_processor(_helpers)
    app.register_error_handler(400, _refused)
    for code in (404, 405, 500):
        app.register_error_handler(code, _failed)


def _locale() -> str:
    chosen = request.args.get("lang")
    if chosen in LOCALES:
        session["lang"] = chosen
    if session.get("lang") in LOCALES:
        return str(session["lang"])
    return request.accept_languages.best_match(LOCALES) or here().rt.settings.default_locale


def _context() -> None:
    g.locale = _locale()
    if not in_cookie_path(request.path):
        return  # the session cookie is not sent here: a token minted here would replace the page's one
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    if request.method == "POST" and request.form.get("csrf") != session.get("csrf"):
        abort(400, description="csrf")


def in_cookie_path(path: str) -> bool:
    """Whether the browser sends the session cookie (path /hr) with a request for `path`. A browser asks for
    /favicon.ico on its first visit, without the cookie: a session started there came back with Path=/hr and
    replaced the one whose CSRF token the open form carried, so the first submit was refused."""
    return path == "/hr" or path.startswith("/hr/")


def _helpers() -> dict[str, Any]:
    settings = here().rt.settings
    loc = g.get("locale", settings.default_locale)
    return {
        "t": lambda key, **kw: t(key, loc, **kw),
        "locale": loc,
        "day": lambda d: day(date.fromisoformat(d) if isinstance(d, str) else d, loc),
        "decimal": lambda x: decimal(x, loc),
        "number": lambda n: number(n, loc),
        "me": me(),
        "csrf": session.get("csrf", ""),
        "demo": here().demo is not None,
        "moment": lambda at: humane.moment(at, loc, settings.tz),
        "mrkdwn": humane.mrkdwn,
        "action": lambda name: humane.action(name, loc),
        "words": lambda prefix, value: humane.words(prefix, value, loc),
        "percent": lambda x: deciding.percent(x, loc),
        "signed": lambda x: deciding.signed(x, loc),
        "with_names": deciding.with_names,
    }


def _refused(e: Exception) -> tuple[str, int]:
    return render_template("refused.html"), 400


def _failed(e: Exception) -> tuple[str, int]:
    code = getattr(e, "code", None) or 500
    return render_template("error.html", code=404 if code == 405 else code), code

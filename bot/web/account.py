"""Signing in with Entra ID, its callback and signing out (bot.web.signin does the work): each audited."""

from __future__ import annotations

import secrets

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from bot.services import access
from bot.services.web_sessions import Refused
from bot.web.guard import here

bp = Blueprint("account", __name__)


@bp.get("/hr/signin")
def sign_in() -> ResponseReturnValue:
    signin = here().signin
    if signin is None:
        return render_template("off.html"), 503
    flow = signin.begin()
    session["flow"] = flow
    return redirect(flow["auth_uri"])


@bp.get("/hr/auth/callback")
def callback() -> ResponseReturnValue:
    dash = here()
    if dash.signin is None or "flow" not in session:
        return redirect(url_for("home.home"))
    assert dash.sessions is not None
    try:
        claims = dash.signin.finish(session.pop("flow"), dict(request.args))
        token, person = dash.sessions.open(claims, current_app.permanent_session_lifetime)
    except Refused as e:
        access.record(dash.rt, "entra", "web:signin", detail=str(e)[:200], allowed=False)
        return render_template("refused.html"), 400
    except ValueError:
        return render_template("refused.html"), 400
    session.clear()
    session.permanent = True
    session["sid"] = token
    session["csrf"] = secrets.token_urlsafe(32)
    access.record(dash.rt, person.actor, "web:signin", detail=person.email)
    return redirect(url_for("home.home"))


@bp.post("/hr/signout")
def sign_out() -> ResponseReturnValue:
    sessions, token = here().sessions, session.get("sid")
    if sessions is not None and isinstance(token, str):
        sessions.end(token)  # a copy of the cookie opens nothing from now on
    session.clear()
    return render_template("signed_out.html")

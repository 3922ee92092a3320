"""HR's dashboard: a Flask app under /hr/ in the same process and port as the Slack endpoint, reusing the
services the Slack listeners use (campaign progress and results, summaries, exports, the audit log) — one
implementation of the privacy rules, two edges.

Sessions are signed cookies (SESSION_SECRET): HttpOnly, Secure when PUBLIC_URL is https, SameSite=Lax, eight
hours. Every form carries a CSRF token. HR sees everything HR may see in Slack; a lead their own rounds and the
roll-ups of their units; anyone else a friendly 403. Without the Microsoft settings the dashboard says how to
turn it on. Jinja2 escapes everything it renders.

This module only builds the app: the request handling every page shares is bot.web.guard, the pages are one
blueprint per group (home, account, campaigns, rounds, sheet, workshops, experiences, audit).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Flask

from bot.core.runtime import Runtime
from bot.web import account, audit, campaigns, deciding, experiences, guard, home, rounds, sheet, workshops
from bot.web.signin import Person, Sessions, SignIn

SESSION_HOURS = 8


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
    sessions = Sessions(rt) if signin is not None else None
    guard.install(app, guard.Dashboard(rt, demo, signin, sessions, deciding.Computed(rt)))
    for pages in (account, home, campaigns, rounds, sheet, experiences, workshops, audit):
        app.register_blueprint(pages.bp)
    return app

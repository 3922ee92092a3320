"""HR's audit page: the latest 500 entries of the one audit trail Slack, the dashboard and the CLI write, newest
first, with names for the Slack ids."""

from __future__ import annotations

from flask import Blueprint, render_template

from bot.services import access
from bot.web import deciding
from bot.web.guard import here, hr, page
from bot.web.signin import Person

bp = Blueprint("audit", __name__)


@bp.get("/hr/audit")
@page(hr)
def audit_log(person: Person) -> str:
    rt = here().rt
    entries = list(access.entries(rt))[-500:][::-1]
    return render_template("audit.html", entries=entries, names=deciding.audit_names(rt, entries))

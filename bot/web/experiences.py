"""HR's experiences page (what people shared, by dialogue and period) and the exports, streamed as files."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

from flask import Blueprint, Response, abort, render_template, request

from bot.core.payload import day_start
from bot.services import access
from bot.services.exports import WHAT, experiences_shared, export
from bot.web.guard import here, hr, page
from bot.web.signin import Person

bp = Blueprint("experiences", __name__)
FORMATS = ("csv", "xlsx")


@bp.get("/hr/experiences")
@page(hr)
def experiences(person: Person) -> str:
    dialogue = request.args.get("dialogue") or ""
    since, until = day_start(request.args.get("since")), day_start(request.args.get("until"))
    return render_template(
        "experiences.html",
        rows=experiences_shared(here().rt.db, since, until, dialogue),
        dialogue=dialogue,
        since=request.args.get("since", ""),
        until=request.args.get("until", ""),
    )


@bp.get("/hr/exports")
@page(hr)
def exports(person: Person) -> str:
    return render_template("exports.html", what=WHAT, formats=FORMATS)


@bp.get("/hr/exports/<what>.<fmt>")
@page(hr)
def download(person: Person, what: str, fmt: str) -> Response:
    if what not in WHAT or fmt not in FORMATS:
        abort(404)
    rt = here().rt
    tmp = tempfile.TemporaryDirectory(prefix="dialogue-export-")
    path = Path(tmp.name) / f"{what}.{fmt}"
    n = export(
        rt.db,
        rt.flows,
        rt.settings.anonymity_threshold,
        what,
        fmt,
        path,
        reader=person.reader,
        now=rt.clock.now(),
    )
    access.record(rt, person.actor, f"export.{what}", detail=f"{fmt}, all (dashboard)", rows=n)

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

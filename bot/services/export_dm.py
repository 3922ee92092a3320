"""HR's exports from Slack: the file is written, uploaded to the person's DM, audited, and deleted here."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bot.core.i18n import t
from bot.core.runtime import Runtime
from bot.outbound.people import locale_of
from bot.services import access
from bot.services.exports import Period, export
from storage.exports import describe


def export_to_dm(rt: Runtime, user_id: str, what: str, fmt: str, period: Period, round_id: int | None) -> int:
    """Write the export to a temporary file, upload it to the person's DM, audit it, delete the file."""
    locale = locale_of(rt, user_id)
    with tempfile.TemporaryDirectory(prefix="dialogue-export-") as tmp:
        name = f"{what}-{rt.clock.now():%Y%m%d-%H%M}.{fmt}"
        path = Path(tmp) / name
        n = export(
            rt.db, rt.flows, rt.settings.anonymity_threshold, what, fmt, path, period, round_id, user_id, rt.clock.now()
        )
        channel = rt.client.conversations_open(users=user_id)["channel"]["id"]
        rt.client.files_upload_v2(
            channel=channel,
            file=str(path),
            filename=name,
            title=name,
            initial_comment=t("export.done", locale, count=n, what=t(f"export.what.{what}", locale)),
        )
    access.record(rt, user_id, f"export.{what}", detail=describe(fmt, period, round_id), rows=n)
    return n

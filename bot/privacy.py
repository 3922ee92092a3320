"""Privacy in practice: the notice with a person's first DM, HR's exports to their DM, one's own answers."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bot.i18n import t
from bot.people import locale_of, notice_sent, person
from bot.runtime import Runtime
from bot.views.mrkdwn import context
from flows import engine as fe
from flows.model import Flow
from storage import audit, people
from storage import rounds as store
from storage.db import Deferred
from storage.exports import Period, describe
from storage.models import Round


def with_notice(rt: Runtime, user_id: str, blocks: list[dict]) -> tuple[list[dict], bool]:
    """Add the privacy notice to the first DM a person gets; (blocks, whether the notice was added)."""
    if notice_sent(rt, user_id):
        return blocks, False
    notice = rt.notice.get(person(rt, user_id).locale)
    text = notice.format(threshold=rt.settings.anonymity_threshold, retention_days=rt.settings.retention_days)
    return [*blocks, {"type": "divider"}, context(text)], True


def notice_went_out(rt: Runtime, user_id: str, deferred: Deferred | None = None) -> None:
    people.mark_notice_sent(rt.db, user_id, deferred)
    person(rt, user_id).notice_sent = True


def export_to_dm(rt: Runtime, user_id: str, what: str, fmt: str, period: Period, round_id: int | None) -> int:
    """Write the export to a temporary file, upload it to the person's DM, audit it, delete the file."""
    from bot.export import export

    locale = locale_of(rt, user_id)
    with tempfile.TemporaryDirectory(prefix="dialogue-export-") as tmp:
        name = f"{what}-{rt.clock.now():%Y%m%d-%H%M}.{fmt}"
        path = Path(tmp) / name
        n = export(rt.db, rt.flows, rt.settings.anonymity_threshold, what, fmt, path, period, round_id)
        channel = rt.client.conversations_open(users=user_id)["channel"]["id"]
        rt.client.files_upload_v2(
            channel=channel,
            file=str(path),
            filename=name,
            title=name,
            initial_comment=t("export.done", locale, what=t(f"export.what.{what}", locale), n=n),
        )
    audit.record(rt.db, rt.clock.now(), user_id, f"export.{what}", detail=describe(fmt, period, round_id), rows=n)
    return n


def my_answers(rt: Runtime, user_id: str) -> list[tuple[Round, Flow, dict[str, fe.Answer]]]:
    out = []
    for rnd in store.open_rounds_with(rt.db, user_id):
        answers = store.my_answers(rt.db, rnd.id, user_id)  # type: ignore[arg-type]
        if answers and rnd.flow_id in rt.flows:
            out.append((rnd, rt.flows[rnd.flow_id], answers))
    return out

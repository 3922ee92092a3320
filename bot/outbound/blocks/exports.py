"""HR's export form."""

from __future__ import annotations

from bot.core.i18n import t
from bot.outbound.blocks.inputs import input_block, radio_input
from bot.outbound.blocks.kit import Modal
from bot.outbound.blocks.mrkdwn import context, plain
from storage.exports import WHAT

EXPORT_CALLBACK = "export_submit"


def export_modal(locale: str, initial: str = "answers") -> Modal:
    return {
        "type": "modal",
        "callback_id": EXPORT_CALLBACK,
        "title": plain(t("export.title", locale), 24),
        "submit": plain(t("export.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "blocks": [
            context(t("export.intro", locale)),
            radio_input("what", t("export.what", locale), [(w, t(f"export.what.{w}", locale)) for w in WHAT], initial),
            input_block(
                "round", t("export.round", locale), {"type": "plain_text_input", "max_length": 12}, optional=True
            ),
            input_block("since", t("export.since", locale), {"type": "datepicker"}, optional=True),
            input_block("until", t("export.until", locale), {"type": "datepicker"}, optional=True),
            radio_input("format", t("export.format", locale), [("csv", "CSV"), ("xlsx", "Excel (XLSX)")], "csv"),
        ],
    }

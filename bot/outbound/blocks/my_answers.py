"""One's own answers in open rounds, shown to that person alone on App Home, each with a delete button."""

from __future__ import annotations

from datetime import date

from bot.core.i18n import t
from bot.outbound.blocks.kit import Block
from bot.outbound.blocks.mrkdwn import button, clip, escape, header, section
from flows import engine as fe
from flows.model import Flow
from storage.models import Round

DELETE_ACTION = "answer_delete"


def my_answers_blocks(locale: str, mine: list[tuple[Round, Flow, dict[str, fe.Answer]]], today: date) -> list[Block]:
    """What this person answered in rounds still open, with a delete button each (nobody else sees this)."""
    blocks: list[Block] = [header(t("mine.header", locale))]
    if not mine:
        return [*blocks, section(t("mine.none", locale))]
    for rnd, flow, answers in mine[:20]:
        lines = [f"*{escape(flow.title.get(locale))}*"]
        for step in flow.steps:
            a = answers.get(step.id)
            if a is None:
                continue
            rating = f"{a.rating}/{step.rating.scale}" if a.rating and step.rating else ""
            if a.declined:
                rating = t("answer.rather_not_say", locale)
            text = f" — {escape(a.text)}" if a.text else ""
            lines.append(f"• {escape(step.theme.get(locale))}: {rating}{text}")
        blocks.append(section(clip("\n".join(lines), 3000)))
        blocks.append(
            {
                "type": "actions",
                "block_id": f"mine__{rnd.id}",
                "elements": [button(t("mine.delete", locale), DELETE_ACTION, str(rnd.id), "danger")],
            }
        )
    return blocks

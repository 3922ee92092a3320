"""App Home: what the bot is for, and a button to start a round."""

from __future__ import annotations

import datetime as dt

from bot.core.i18n import number, t
from bot.outbound.blocks.experiences import SHARE_ACTION
from bot.outbound.blocks.kit import Block, HomeView
from bot.outbound.blocks.mrkdwn import button, date, escape, header, section
from bot.outbound.blocks.my_answers import my_answers_blocks
from flows import engine as fe
from flows.model import Flow
from storage.models import Round

START_ACTION = "home_start_round"


def home_view(
    locale: str,
    open_rounds: list[tuple[Round, int, int]],
    flows: dict[str, Flow],
    mine: list[tuple[Round, Flow, dict[str, fe.Answer]]] | None = None,
    today: dt.date | None = None,
) -> HomeView:
    """The lead's open rounds (counts only), the buttons to start a round or share an experience, and — seen by
    this person alone — their own answers in open rounds, each with a delete button."""
    blocks: list[Block] = [
        header(t("home.title", locale)),
        section(t("home.intro", locale)),
        {
            "type": "actions",
            "block_id": "home",
            "elements": [
                button(t("home.start", locale), START_ACTION, "start", "primary"),
                button(t("home.share", locale), SHARE_ACTION, "share"),
            ],
        },
        {"type": "divider"},
    ]
    blocks.extend(rounds_blocks(locale, open_rounds, flows))
    blocks.append({"type": "divider"})
    blocks.extend(my_answers_blocks(locale, mine or [], today or dt.date.today()))
    return {"type": "home", "blocks": blocks[:100]}


def rounds_blocks(locale: str, open_rounds: list[tuple[Round, int, int]], flows: dict[str, Flow]) -> list[Block]:
    """The lead's open rounds as counts only (the same lines for App Home and `/dialogue status`)."""
    if not open_rounds:
        return [section(t("status.none", locale))]
    lines = [t("status.header", locale)]
    for rnd, answered, invited in open_rounds[:40]:
        flow = flows.get(rnd.flow_id)
        title = escape(flow.title.get(locale)) if flow else rnd.flow_id
        mode = t("status.anonymous" if rnd.anonymous else "status.named", locale)
        lines.append(
            f"• *{title}* — "
            + t(
                "status.line",
                locale,
                count=answered,
                invited=number(invited, locale),
                deadline=date(rnd.deadline),
                mode=mode,
            )
        )
    return [section("\n".join(lines))]

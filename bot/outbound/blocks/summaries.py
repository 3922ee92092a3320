"""The lead's summary of a closed round, split into as many messages as Block Kit's limits need."""

from __future__ import annotations

from bot.core.i18n import decimal, t
from bot.outbound.blocks.kit import Block, Message
from bot.outbound.blocks.mrkdwn import SECTION_MAX, chunks, context, escape, header, section
from flows.engine import Summary
from flows.model import Flow, Step

MESSAGE_BLOCKS = 50


def _distribution(counts: list[int], flow_step: Step, locale: str) -> str:
    assert flow_step.rating is not None  # a theme with a mean is a rated one
    top = max(counts) or 1
    lines = []
    for value, n in enumerate(counts, start=1):
        bar = "█" * round(10 * n / top) if n else "·"
        lines.append(f"`{value}` {bar} {n}")
    low, high = flow_step.rating.low.get(locale), flow_step.rating.high.get(locale)
    return "\n".join(lines) + f"\n_1 = {escape(low)}, {len(counts)} = {escape(high)}_"


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in escape(text).splitlines() or [""])


def summary_blocks(flow: Flow, summary: Summary, locale: str, previous: dict[str, float] | None = None) -> list[Block]:
    """`previous`: each theme's mean in the unit's round of the campaign before (the trend), where shown in both."""
    title = flow.title.get(locale)
    blocks: list[Block] = [
        header(t("summary.header", locale, title=title)),
        section(t("summary.participation", locale, answered=summary.answered, invited=summary.invited)),
    ]
    if not summary.shown:
        blocks.append(section(t("summary.too_few", locale, threshold=summary.threshold)))
        return blocks
    for theme in summary.themes:
        step = flow.step(theme.step_id)
        name = escape(step.theme.get(locale))
        if not theme.shown or theme.mean is None:
            blocks.append(section(f"*{name}*: {t('summary.theme_hidden', locale)}"))
            continue
        mean = decimal(theme.mean, locale)
        mean_line = t("summary.mean", locale, count=theme.n, mean=mean)
        if theme.declined:  # counted apart, beside a distribution that is shown: never in its mean or n
            mean_line += " · " + t("summary.declined", locale, count=theme.declined)
        if previous and theme.step_id in previous:
            mean_line += " · " + t("summary.previous", locale, mean=decimal(previous[theme.step_id], locale))
        body = f"*{name}* · {mean_line}\n{_distribution(theme.counts, step, locale)}"
        blocks.append(section(body))
    blocks.append({"type": "divider"})
    blocks.append(header(t("summary.comments", locale)))
    if summary.anonymous:
        blocks.append(context(t("summary.anonymous_note", locale)))
    if not summary.comments:
        blocks.append(section(t("summary.no_comments", locale)))
    for step in flow.steps:
        mine = [c for c in summary.comments if c.step_id == step.id]
        if not mine:
            continue
        items = []
        for c in mine:
            who = f"<@{c.author}>:\n" if c.author else ""
            items.append(who + _quote(c.text))
        text = f"*{escape(step.theme.get(locale))}*\n" + "\n\n".join(items)
        blocks.extend(section(part) for part in chunks(text, SECTION_MAX))
    questions = [s for s in flow.steps if s.dialogue_question is not None]
    if questions:
        blocks.append({"type": "divider"})
        blocks.append(header(t("summary.questions", locale)))
        lines = [
            f"• *{escape(s.theme.get(locale))}:* {escape(q.get(locale))}"
            for s in questions
            if (q := s.dialogue_question) is not None
        ]
        blocks.extend(section(part) for part in chunks("\n".join(lines), SECTION_MAX))
    return blocks


def paginate(blocks: list[Block], locale: str, title: str) -> list[Message]:
    """Split blocks into messages of at most 50 blocks; every later message starts with a 'continued' header."""
    first = blocks[:MESSAGE_BLOCKS]
    messages = [(t("summary.header", locale, title=escape(title)), first)]
    rest = blocks[MESSAGE_BLOCKS:]
    part = 2
    while rest:
        take = rest[: MESSAGE_BLOCKS - 1]
        rest = rest[MESSAGE_BLOCKS - 1 :]
        text = t("summary.continued", locale, part=part)
        messages.append((text, [header(text), *take]))
        part += 1
    return messages


def summary_messages(
    flow: Flow, summary: Summary, locale: str, previous: dict[str, float] | None = None
) -> list[Message]:
    return paginate(summary_blocks(flow, summary, locale, previous), locale, flow.title.get(locale))

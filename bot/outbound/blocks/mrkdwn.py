"""Safe text for Slack: user text is escaped so `<!channel>` or `<@U…>` typed by someone stays text."""

from __future__ import annotations

from datetime import datetime

from bot.outbound.blocks.kit import Button, ContextBlock, HeaderBlock, Mrkdwn, PlainText, SectionBlock, Style
from flows.text import clean

SECTION_MAX = 3000
PLAIN_MAX = 75  # buttons and options


def escape(text: str) -> str:
    """User text for mrkdwn: without characters that mislead (flows.text), and the three characters Slack
    treats as control characters escaped."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut to at most `limit` characters, marking the cut."""
    return text if len(text) <= limit else text[: max(0, limit - len(ellipsis))] + ellipsis


def chunks(text: str, limit: int = SECTION_MAX) -> list[str]:
    """Split long text at line or word boundaries into pieces of at most `limit` characters."""
    out: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
        out.append(text[:cut])
        text = text[cut:].lstrip("\n ") if cut < len(text) else ""
    if text:
        out.append(text)
    return out


def date(when: datetime) -> str:
    """A date Slack shows in each reader's own time zone, with a UTC fallback for old clients."""
    ts = int(when.timestamp())
    fallback = when.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{ts}^{{date_short_pretty}} {{time}}|{fallback}>"


def mrkdwn(text: str) -> Mrkdwn:
    """A mrkdwn text object Slack shows as written: `verbatim` stops it turning bare domains (example.dk,
    www.example.org), channel names or @-words into links or mentions — what someone typed stays text. The
    bot's own `<@U…>`, `<#C…>`, `<!date…>` and `<url|label>` still work; typed text is escaped (`escape`), so
    it can never write one of those."""
    return {"type": "mrkdwn", "text": clip(text, SECTION_MAX), "verbatim": True}


def section(text: str) -> SectionBlock:
    return {"type": "section", "text": mrkdwn(text)}


def context(text: str) -> ContextBlock:
    return {"type": "context", "elements": [mrkdwn(text)]}


def header(text: str) -> HeaderBlock:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(text, 150), "emoji": True}}


def plain(text: str, limit: int = PLAIN_MAX) -> PlainText:
    return {"type": "plain_text", "text": clip(text, limit), "emoji": True}


def button(text: str, action_id: str, value: str, style: Style | None = None) -> Button:
    b: Button = {"type": "button", "text": plain(text), "action_id": action_id, "value": value}
    if style:
        b["style"] = style
    return b

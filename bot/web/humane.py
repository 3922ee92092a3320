"""Values as people read them on the dashboard's pages: moments in the organisation's time zone written the
reader's way (Babel), Slack's formatting of the bot's own sentences turned into HTML, and audit actions, stages
and dialogues by their words in the reader's language."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from markupsafe import Markup, escape

from bot.core.i18n import TEXTS, t

EMOJI = {
    "lock": "🔒",
    "bust_in_silhouette": "👤",
    "white_check_mark": "✅",
    "warning": "⚠️",
    "calendar": "📅",
    "speech_balloon": "💬",
    "bar_chart": "📊",
}
_INLINE = (
    (re.compile(r"\*([^*\n]+)\*"), "strong"),
    (re.compile(r"(?<![\w])_([^_\n]+)_(?![\w])"), "em"),
    (re.compile(r"~([^~\n]+)~"), "del"),
    (re.compile(r"`([^`\n]+)`"), "code"),
)
_EMOJI = re.compile(r":([a-z0-9_+-]+):")


def moment(at: datetime, locale: str, tz: ZoneInfo) -> str:
    """A moment in the organisation's time zone, as the reader's locale writes it (Jan 10, 2027, 10:00 AM /
    10. jan. 2027 10.00)."""
    local = at.astimezone(tz)
    pattern = str(Locale.parse(locale).datetime_formats["medium"])
    return pattern.format(format_time(local, "short", locale=locale), format_date(local, "medium", locale=locale))


def mrkdwn(text: str) -> Markup:
    """One of the bot's own Slack sentences as HTML: *bold*, _italic_, ~struck~, `code` and the emoji it uses;
    everything else escaped (user text never passes through here unescaped)."""
    html = str(escape(text))
    for pattern, tag in _INLINE:
        html = pattern.sub(rf"<{tag}>\1</{tag}>", html)
    html = _EMOJI.sub(lambda m: EMOJI.get(m.group(1), ""), html)
    return Markup(html.strip())


def action(name: str, locale: str) -> str:
    """An audit action in words: known ones by their text, a refused page by its name."""
    key = "audit.action." + name.replace(":", ".")
    if key in TEXTS:
        return t(key, locale)
    if name.startswith("web:"):
        return t("audit.action.page", locale, page=name[4:].replace("_", " "))
    return name.replace(":", " ").replace(".", " ").replace("_", " ")


def words(prefix: str, value: str, locale: str) -> str:
    """A stored code (a stage, a dialogue) by its words, or the code itself when there are none."""
    key = f"{prefix}.{value}"
    return t(key, locale) if key in TEXTS else value.replace("_", " ")

"""The team meeting in Slack: the set-up form, the facilitation message, themes, contributions, the vote boards,
the actions, the record (canvas markdown or a message) and the closing question. Renders only."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime

from bot.core.i18n import day, t
from bot.core.payload import ModalState, Payload
from bot.outbound.blocks.kit import Block, Button, Element, Message, Modal, Option
from bot.outbound.blocks.mrkdwn import button, chunks, clip, context, escape, header, mrkdwn, plain, section
from bot.outbound.blocks.mrkdwn import date as slack_date
from flows.text import clean
from storage.models import Action
from storage.status import ActionStatus, MeetingMode

SETUP_ACTION = "meeting_setup"
SETUP_CALLBACK = "meeting_setup_submit"
NEXT, BACK, MORE, END = "meeting_next", "meeting_back", "meeting_more", "meeting_end"
FACILITATION = (NEXT, BACK, MORE, END)
ADD_ACTION = "meeting_add"
ADD_CALLBACK = "meeting_add_submit"
HIDE_ACTION = "meeting_hide"
VOTE_ACTION = "meeting_vote"
AGREE_ACTION = "meeting_actions"
REVIEW_ACTIONS = {
    "meeting_review_done": ActionStatus.DONE,
    "meeting_review_in_progress": ActionStatus.IN_PROGRESS,
    "meeting_review_dropped": ActionStatus.DROPPED,
}
ASK_ACTION = "meeting_ask"
ASK_CALLBACK = "meeting_ask_submit"
CONTRIBUTION_MAX = 1000
BOARD_ITEMS = 45  # a vote board's contributions: one section each, within a message's 50 blocks
MINUTES = (5, 10, 15, 20, 30)
VOTES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class ThemeChoice:
    step_id: str
    name: str
    mean: str | None  # the released mean as the lead's summary showed it, or None when it was not shown


@dataclass(frozen=True)
class Setup:
    mode: MeetingMode
    channel_id: str | None
    steps: list[str]
    minutes: int
    votes: int
    facilitator_id: str | None
    until: datetime | None


@dataclass(frozen=True)
class Item:
    """A contribution as shown: its id, text, author (None: anonymous), votes."""

    id: int
    text: str
    author: str | None
    votes: int


def _option(text: str, value: str) -> Option:
    return {"text": plain(text), "value": value}


def setup_modal(
    locale: str, round_id: int, title: str, themes: list[ThemeChoice], suggested: list[str], review: bool
) -> Modal:
    """Live or over a few days, the channel (or a new private one), the themes (weakest released first),
    minutes per phase, votes per person and a co-facilitator."""
    options = [
        _option(th.name + (f" · {th.mean}" if th.mean else f" · {t('meeting.not_shown', locale)}"), th.step_id)
        for th in themes
    ]
    chosen = [o for o in options if o["value"] in suggested]
    themes_el: Element = {"type": "multi_static_select", "action_id": "value", "options": options[:100]}
    if chosen:
        themes_el["initial_options"] = chosen
    blocks: list[Block] = [
        section(t("meeting.setup.intro", locale, title=escape(title))),
        context(t("meeting.setup.review" if review else "meeting.setup.no_review", locale)),
        {
            "type": "input",
            "block_id": "mode",
            "label": plain(t("meeting.setup.mode", locale), 2000),
            "element": {
                "type": "radio_buttons",
                "action_id": "value",
                "options": [
                    _option(t("meeting.mode.live", locale), MeetingMode.LIVE),
                    _option(t("meeting.mode.days", locale), MeetingMode.DAYS),
                ],
                "initial_option": _option(t("meeting.mode.live", locale), MeetingMode.LIVE),
            },
        },
        {
            "type": "input",
            "block_id": "channel",
            "optional": True,
            "label": plain(t("meeting.setup.channel", locale), 2000),
            "hint": plain(t("meeting.setup.channel_hint", locale), 2000),
            "element": {
                "type": "conversations_select",
                "action_id": "value",
                "filter": {"include": ["public", "private"], "exclude_bot_users": True},
            },
        },
        {
            "type": "input",
            "block_id": "themes",
            "label": plain(t("meeting.setup.themes", locale), 2000),
            "hint": plain(t("meeting.setup.themes_hint", locale), 2000),
            "element": themes_el,
        },
        {
            "type": "input",
            "block_id": "minutes",
            "label": plain(t("meeting.setup.minutes", locale), 2000),
            "element": {
                "type": "static_select",
                "action_id": "value",
                "options": [_option(str(n), str(n)) for n in MINUTES],
                "initial_option": _option("10", "10"),
            },
        },
        {
            "type": "input",
            "block_id": "until",
            "optional": True,
            "label": plain(t("meeting.setup.until", locale), 2000),
            "hint": plain(t("meeting.setup.until_hint", locale), 2000),
            "element": {"type": "datetimepicker", "action_id": "value"},
        },
        {
            "type": "input",
            "block_id": "votes",
            "label": plain(t("meeting.setup.votes", locale), 2000),
            "element": {
                "type": "static_select",
                "action_id": "value",
                "options": [_option(str(n), str(n)) for n in VOTES],
                "initial_option": _option("3", "3"),
            },
        },
        {
            "type": "input",
            "block_id": "facilitator",
            "optional": True,
            "label": plain(t("meeting.setup.facilitator", locale), 2000),
            "element": {"type": "users_select", "action_id": "value"},
        },
    ]
    return {
        "type": "modal",
        "callback_id": SETUP_CALLBACK,
        "title": plain(t("meeting.setup.title", locale), 24),
        "submit": plain(t("meeting.setup.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "private_metadata": str(round_id),
        "blocks": blocks,
    }


def read_setup(view: Payload, offered: list[str], now: datetime) -> tuple[Setup | None, dict[str, str]]:
    """What the lead chose, or {block id: error key}."""
    state = ModalState(view)
    errors: dict[str, str] = {}
    chosen = state.option("mode") or MeetingMode.LIVE
    mode = next((m for m in MeetingMode if m == chosen), None)
    steps = [s for s in state.options("themes") if s in offered]
    if not steps:
        errors["themes"] = "meeting.error.themes"
    minutes = int(m) if (m := state.option("minutes")) and m.isdigit() and int(m) in MINUTES else 10
    votes = int(v) if (v := state.option("votes")) and v.isdigit() and int(v) in VOTES else 3
    until = state.moment("until")
    if mode == MeetingMode.DAYS and (until is None or until <= now):
        errors["until"] = "meeting.error.until"
    if mode is None:
        errors["mode"] = "meeting.error.mode"
    if errors or mode is None:
        return None, errors
    return Setup(mode, state.conversation("channel"), steps, minutes, votes, state.user("facilitator"), until), {}


def intro_message(
    locale: str, lead_id: str, title: str, votes: int, mode: MeetingMode, until: datetime | None
) -> Message:
    text = t("meeting.intro", locale, lead=lead_id, title=escape(title))
    lines = [text, t("meeting.intro.how", locale, votes=votes)]
    if mode == MeetingMode.DAYS and until is not None:
        lines.append(t("meeting.intro.days", locale, until=slack_date(until)))
    return text, [section("\n\n".join(lines)), context(t("meeting.names_note", locale))]


def facilitation_message(
    locale: str,
    meeting_id: int,
    labels: list[str],
    phase: int,
    ends_at: datetime | None,
    now: datetime,
    ended: bool,
    facilitators: list[str],
) -> Message:
    """The one message that says where the meeting is: the agenda with the current phase, the time left, and
    Next / Back / +2 minutes / End for the facilitators (edited in place)."""
    if ended:
        text = t("meeting.ended", locale)
        return text, [section(text)]
    current = labels[phase]
    text = t("meeting.phase", locale, n=phase + 1, total=len(labels), phase=current)
    agenda = "\n".join(
        ("▶ *" + escape(label) + "*") if i == phase else (("✓ " if i < phase else "◦ ") + escape(label))
        for i, label in enumerate(labels)
    )
    lines = [f"*{text}*", agenda]
    if ends_at is not None:
        left = math.ceil((ends_at - now).total_seconds() / 60)
        if left > 0:
            lines.append(t("meeting.time_left", locale, count=left, until=slack_date(ends_at)))
        else:
            lines.append(t("meeting.time_up", locale, until=slack_date(ends_at)))
    value = f"{meeting_id}:{phase}"
    elements: list[Button | Element] = []
    if phase + 1 < len(labels):
        elements.append(button(t("meeting.next", locale), NEXT, value, "primary"))
    if phase > 0:
        elements.append(button(t("meeting.back", locale), BACK, value))
    if ends_at is not None:
        elements.append(button(t("meeting.more", locale), MORE, value))
    end_button = button(t("meeting.end", locale), END, value, "danger")
    end_button["confirm"] = {
        "title": plain(t("meeting.end_confirm.title", locale)),
        "text": plain(t("meeting.end_confirm.text", locale), 300),
        "confirm": plain(t("meeting.end", locale)),
        "deny": plain(t("start.cancel", locale)),
    }
    elements.append(end_button)
    who = ", ".join(f"<@{u}>" for u in facilitators)
    return text, [
        section("\n".join(lines)),
        {"type": "actions", "block_id": "facilitation", "elements": elements},
        context(t("meeting.facilitators", locale, who=who)),
    ]


def review_message(locale: str, meeting_id: int, actions: list[Action], when: date | None) -> Message:
    text = t("meeting.review", locale, date=day(when, locale) if when else "—")
    blocks: list[Block] = [header(t("meeting.review.header", locale)), section(text)]
    for a in actions[:15]:
        bits = [f"*{escape(a.what)}*"]
        if a.who:
            bits.append(f"{t('actions.who', locale)}: {escape(a.who)}")
        if a.due:
            bits.append(f"{t('actions.due', locale)}: {day(a.due, locale)}")
        bits.append(f"_{t('action.' + a.status, locale)}_")
        blocks.append(section(clip(" · ".join(bits), 3000)))
        blocks.append(
            {
                "type": "actions",
                "block_id": f"review__{a.id}",
                "elements": [
                    button(t("action." + status, locale), action_id, f"{meeting_id}:{a.id}")
                    for action_id, status in REVIEW_ACTIONS.items()
                ],
            }
        )
    return text, blocks


def theme_message(
    locale: str,
    meeting_id: int,
    topic_id: int,
    name: str,
    numbers: str | None,
    question: str | None,
    open_until: datetime | None,
) -> Message:
    """A theme: its released numbers, its question, and how to contribute (anonymously or with one's name)."""
    text = t("meeting.theme", locale, theme=escape(name))
    lines = [f"*{text}*"]
    lines.append(numbers if numbers else t("meeting.theme.not_shown", locale))
    if question:
        lines.append(f"_{escape(question)}_")
    if open_until is not None:
        lines.append(t("meeting.theme.until", locale, until=slack_date(open_until)))
    return text, [
        section("\n".join(lines)),
        {
            "type": "actions",
            "block_id": "theme",
            "elements": [button(t("meeting.add", locale), ADD_ACTION, f"{meeting_id}:{topic_id}", "primary")],
        },
        context(t("meeting.names_note", locale)),
    ]


def add_modal(locale: str, meeting_id: int, topic_id: int, name: str, question: str | None) -> Modal:
    blocks: list[Block] = [section(f"*{escape(name)}*" + (f"\n_{escape(question)}_" if question else ""))]
    blocks.append(context(t("meeting.add.anonymous", locale)))
    blocks.append(
        {
            "type": "input",
            "block_id": "thought",
            "label": plain(t("meeting.add.label", locale), 2000),
            "element": {
                "type": "plain_text_input",
                "action_id": "value",
                "multiline": True,
                "max_length": CONTRIBUTION_MAX,
            },
        }
    )
    return {
        "type": "modal",
        "callback_id": ADD_CALLBACK,
        "title": plain(t("meeting.add.title", locale), 24),
        "submit": plain(t("meeting.add.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "private_metadata": f"{meeting_id}:{topic_id}",
        "blocks": blocks,
    }


def read_thought(view: Payload) -> tuple[str | None, dict[str, str]]:
    words = clean(ModalState(view).text("thought") or "").strip()
    if not words:
        return None, {"thought": "meeting.error.empty"}
    if len(words) > CONTRIBUTION_MAX:
        return None, {"thought": "meeting.error.long"}
    return words, {}


def contribution_card(locale: str, contribution_id: int, text_: str, hidden: bool) -> Message:
    """An anonymous contribution as the bot posts it in the theme's thread: no name, nothing that says who."""
    if hidden:
        note = t("meeting.hidden", locale)
        return note, [context(note)]
    label = t("meeting.anonymous", locale)
    body = f"*{label}*\n" + "\n".join("> " + line for line in escape(text_).splitlines() or [""])
    return clip(f"{label}: {text_}", 300).replace("<", "‹").replace(">", "›"), [
        section(body),
        {
            "type": "actions",
            "block_id": "contribution",
            "elements": [button(t("meeting.hide", locale), HIDE_ACTION, str(contribution_id))],
        },
    ]


def _who(author: str | None, locale: str) -> str:
    return f"<@{author}>" if author else t("meeting.anonymous", locale)


def vote_board(locale: str, name: str, items: list[Item], votes: int) -> Message:
    """One theme's contributions with a vote button each; counts only, never who voted."""
    text = t("meeting.board", locale, theme=escape(name))
    blocks: list[Block] = [section(f"*{text}*\n" + t("meeting.board.how", locale, votes=votes))]
    if not items:
        blocks.append(context(t("meeting.board.empty", locale)))
    for it in items[:BOARD_ITEMS]:
        blocks.append(
            {
                "type": "section",
                "block_id": f"c__{it.id}",
                "text": mrkdwn(f"{_who(it.author, locale)}: {escape(it.text)}"),
                "accessory": button(t("meeting.vote", locale, count=it.votes), VOTE_ACTION, str(it.id)),
            }
        )
    if len(items) > BOARD_ITEMS:
        blocks.append(context(t("meeting.board.more", locale, count=len(items) - BOARD_ITEMS)))
    return text, blocks


def actions_message(locale: str, meeting_id: int, top: list[tuple[str, Item]], agreed: list[Action]) -> Message:
    """The most-voted contributions, the actions agreed so far, and the lead's button to agree them."""
    text = t("meeting.actions", locale)
    lines = [f"*{text}*", t("meeting.actions.how", locale)]
    for theme, it in top[:10]:
        lines.append(
            f"• {t('meeting.votes', locale, count=it.votes)} · _{escape(theme)}_ · {escape(clip(it.text, 300))}"
        )
    if agreed:
        lines.append("\n*" + t("meeting.actions.agreed", locale) + "*")
        for a in agreed:
            bits = [f"*{escape(a.what)}*"]
            if a.who:
                bits.append(f"{t('actions.who', locale)}: {escape(a.who)}")
            if a.due:
                bits.append(f"{t('actions.due', locale)}: {day(a.due, locale)}")
            lines.append("• " + " · ".join(bits))
    blocks: list[Block] = [section(part) for part in chunks("\n".join(lines))[:45]]
    blocks.append(
        {
            "type": "actions",
            "block_id": "agree",
            "elements": [button(t("meeting.agree", locale), AGREE_ACTION, str(meeting_id), "primary")],
        }
    )
    return text, blocks


@dataclass(frozen=True)
class RecordTheme:
    name: str
    numbers: str | None
    question: str | None
    items: list[Item]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<&:/])")


def md(text_: str) -> str:
    """User text for a canvas' markdown: every character markdown gives a meaning escaped, so a link, a
    heading or a mention typed by someone stays text."""
    return _MD_SPECIAL.sub(r"\\\1", clean(text_)).replace("\n", " ")


def _md_who(author: str | None, locale: str) -> str:
    return f"![](@{author})" if author else "_" + t("meeting.anonymous", locale) + "_"


def record_markdown(
    locale: str, title: str, held_on: date, took_part: int, themes: list[RecordTheme], actions: list[Action]
) -> str:
    """The meeting record as canvas markdown: themes, contributions (anonymous ones unnamed), vote counts,
    agreed actions."""
    out = [
        f"# {md(t('meeting.record.title', locale, title=title))}",
        "",
        md(t("meeting.record.meta", locale, date=day(held_on, locale), count=took_part)),
        "",
    ]
    for th in themes:
        out += [f"## {md(th.name)}", ""]
        if th.numbers:
            out += [md(th.numbers), ""]
        if th.question:
            out += [f"_{md(th.question)}_", ""]
        if not th.items:
            out += [md(t("meeting.record.none", locale)), ""]
        for it in sorted(th.items, key=lambda i: -i.votes):
            out.append(
                f"- {_md_who(it.author, locale)}: {md(it.text)} — {md(t('meeting.votes', locale, count=it.votes))}"
            )
        out.append("")
    out += [f"## {md(t('meeting.actions.agreed', locale))}", ""]
    if not actions:
        out.append(md(t("meeting.record.no_actions", locale)))
    for a in actions:
        bits = [f"**{md(a.what)}**"]
        if a.who:
            bits.append(f"{md(t('actions.who', locale))}: {md(a.who)}")
        if a.due:
            bits.append(f"{md(t('actions.due', locale))}: {md(day(a.due, locale))}")
        out.append("- " + " · ".join(bits))
    return "\n".join(out) + "\n"


def record_blocks(
    locale: str, title: str, held_on: date, took_part: int, themes: list[RecordTheme], actions: list[Action]
) -> Message:
    """The same record as a message, where the workspace cannot have a canvas."""
    text = t("meeting.record.title", locale, title=title)
    lines = [t("meeting.record.meta", locale, date=day(held_on, locale), count=took_part)]
    for th in themes:
        lines.append(f"\n*{escape(th.name)}*" + (f" · {th.numbers}" if th.numbers else ""))
        if not th.items:
            lines.append(t("meeting.record.none", locale))
        for it in sorted(th.items, key=lambda i: -i.votes):
            votes = t("meeting.votes", locale, count=it.votes)
            lines.append(f"• {_who(it.author, locale)}: {escape(clip(it.text, 500))} — {votes}")
    lines.append(f"\n*{t('meeting.actions.agreed', locale)}*")
    if not actions:
        lines.append(t("meeting.record.no_actions", locale))
    for a in actions:
        lines.append(f"• *{escape(a.what)}*" + (f" · {t('actions.who', locale)}: {escape(a.who)}" if a.who else ""))
    blocks: list[Block] = [header(escape(text)), *(section(p) for p in chunks("\n".join(lines)))]
    return escape(text), blocks[:50]


def record_posted(locale: str) -> Message:
    text = t("meeting.record.canvas", locale)
    return text, [section(text)]


def home_blocks(locale: str, rounds: list[tuple[int, str, datetime]]) -> list[Block]:
    """App Home: the lead's recently closed rounds whose team meeting has not been held with the bot."""
    if not rounds:
        return []
    blocks: list[Block] = [{"type": "divider"}, section(t("meeting.home", locale))]
    for round_id, title, closed in rounds:
        blocks.append(
            {
                "type": "section",
                "block_id": f"meeting__{round_id}",
                "text": mrkdwn(t("meeting.home.line", locale, title=escape(title), date=slack_date(closed))),
                "accessory": button(t("meeting.button", locale), SETUP_ACTION, str(round_id)),
            }
        )
    return blocks


def announce_dm(locale: str, phase: str, channel: str, until: datetime | None) -> Message:
    """Over a few days: a phase opened (sent inside the person's working hours)."""
    text = t("meeting.announce", locale, phase=escape(phase), channel=channel)
    if until is not None:
        text += " " + t("meeting.theme.until", locale, until=slack_date(until))
    return text, [section(text)]


def closing_dm(locale: str, meeting_id: int, title: str) -> Message:
    text = t("meeting.closing", locale, title=escape(title))
    return text, [
        section(text),
        context(t("meeting.closing.anonymous", locale)),
        {
            "type": "actions",
            "block_id": "closing",
            "elements": [button(t("meeting.closing.button", locale), ASK_ACTION, str(meeting_id), "primary")],
        },
    ]


def closing_modal(locale: str, meeting_id: int) -> Modal:
    scale = [_option(t(f"meeting.closing.r{i}", locale), str(i)) for i in range(1, 6)]
    return {
        "type": "modal",
        "callback_id": ASK_CALLBACK,
        "title": plain(t("meeting.closing.title", locale), 24),
        "submit": plain(t("meeting.closing.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "private_metadata": str(meeting_id),
        "blocks": [
            context(t("meeting.closing.anonymous", locale)),
            {
                "type": "input",
                "block_id": "rating",
                "optional": True,
                "label": plain(t("meeting.closing.rating", locale), 2000),
                "element": {"type": "radio_buttons", "action_id": "value", "options": scale},
            },
            {
                "type": "input",
                "block_id": "worked",
                "optional": True,
                "label": plain(t("meeting.closing.worked", locale), 2000),
                "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 2000},
            },
            {
                "type": "input",
                "block_id": "different",
                "optional": True,
                "label": plain(t("meeting.closing.different", locale), 2000),
                "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 2000},
            },
        ],
    }


def read_closing(view: Payload) -> tuple[int | None, str | None, str | None]:
    state = ModalState(view)
    r = state.option("rating")
    rating = int(r) if r and r.isdigit() and 1 <= int(r) <= 5 else None
    return (
        rating,
        clean(state.text("worked") or "").strip() or None,
        clean(state.text("different") or "").strip() or None,
    )


def thanks(locale: str) -> Modal:
    return {
        "type": "modal",
        "title": plain(t("meeting.closing.title", locale), 24),
        "close": plain(t("meeting.close", locale), 24),
        "blocks": [section(t("meeting.closing.thanks", locale))],
    }

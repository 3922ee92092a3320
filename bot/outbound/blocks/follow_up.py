"""After the summary: recording what the team agreed, and looking back at it some weeks later."""

from __future__ import annotations

from datetime import date, datetime

from bot.core.i18n import day, t
from bot.core.payload import ModalState, Payload
from bot.outbound.blocks.kit import Block, Button, Element, Message, Modal
from bot.outbound.blocks.meetings import SETUP_ACTION as MEETING_ACTION
from bot.outbound.blocks.mrkdwn import button, clip, context, escape, plain, section
from bot.outbound.blocks.mrkdwn import date as slack_date
from storage.models import Action
from storage.status import ActionStatus

ASK_ACTION = "actions_open"
CALLBACK = "actions_submit"
STATUS_ACTIONS = {
    "action_done": ActionStatus.DONE,
    "action_in_progress": ActionStatus.IN_PROGRESS,
    "action_dropped": ActionStatus.DROPPED,
}
ROWS = 5


def _action_lines(actions: list[Action], locale: str, with_status: bool) -> list[str]:
    lines = []
    for a in actions:
        bits = [f"*{escape(a.what)}*"]
        if a.who:
            bits.append(f"{t('actions.who', locale)}: {escape(a.who)}")
        if a.due:
            bits.append(f"{t('actions.due', locale)}: {day(a.due, locale)}")
        if with_status:
            bits.append(f"_{t('action.' + a.status, locale)}_")
        lines.append("• " + " · ".join(bits))
    return lines


def ask_message(
    *,
    locale: str,
    round_id: int,
    weeks: int,
    actions: list[Action],
    keep: str | None,
    meeting: date | None,
    follow_up_at: datetime | None,
    sheet_url: str | None = None,
) -> Message:
    """Asks the lead to record the agreed actions; once recorded, shows them with an Edit button. Until then it
    also offers to hold the meeting in Slack, or the facilitator's sheet for meeting in person."""
    if meeting is None:
        text = t("actions.ask", locale, weeks=weeks)
        label = t("actions.button", locale)
        blocks: list[Block] = [section(text)]
    else:
        text = t("actions.recorded", locale, date=day(meeting, locale))
        lines = [text, *_action_lines(actions, locale, False)]
        if keep:
            lines.append(t("actions.keep_line", locale, keep=escape(keep)))
        blocks = [section(clip("\n".join(lines), 3000))]
        if follow_up_at is not None:
            blocks.append(context(t("actions.follow_up_on", locale, date=slack_date(follow_up_at))))
        label = t("actions.edit", locale)
    elements: list[Button | Element] = [button(label, ASK_ACTION, str(round_id), "primary")]
    if meeting is None:  # the team has not met yet: hold the meeting with the bot
        elements.append(button(t("meeting.button", locale), MEETING_ACTION, str(round_id)))
        if sheet_url:
            sheet: Button = {"type": "button", "text": plain(t("meeting.in_person", locale)), "url": sheet_url}
            elements.append({**sheet, "action_id": "meeting_sheet"})
    blocks.append({"type": "actions", "block_id": "actions", "elements": elements})
    return text, blocks


def actions_modal(
    locale: str, round_id: int, actions: list[Action], keep: str | None, meeting: date | None, today: date
) -> Modal:
    blocks: list[Block] = [
        {
            "type": "input",
            "block_id": "meeting",
            "label": plain(t("actions.meeting", locale), 2000),
            "element": {"type": "datepicker", "action_id": "value", "initial_date": (meeting or today).isoformat()},
        }
    ]
    for i in range(ROWS):
        a = actions[i] if i < len(actions) else None
        what: Element = {"type": "plain_text_input", "action_id": "value", "max_length": 500}
        who: Element = {"type": "plain_text_input", "action_id": "value", "max_length": 200}
        due: Element = {"type": "datepicker", "action_id": "value"}
        if a is not None:
            what["initial_value"] = a.what[:500]  # the form's own limit; Slack refuses a longer initial value
            if a.who:
                who["initial_value"] = a.who[:200]
            if a.due:
                due["initial_date"] = a.due.isoformat()
        blocks += [
            {
                "type": "input",
                "block_id": f"what__{i}",
                "optional": True,
                "label": plain(t("actions.what", locale, n=i + 1), 2000),
                "element": what,
            },
            {
                "type": "input",
                "block_id": f"who__{i}",
                "optional": True,
                "label": plain(t("actions.who", locale), 2000),
                "element": who,
            },
            {
                "type": "input",
                "block_id": f"due__{i}",
                "optional": True,
                "label": plain(t("actions.due", locale), 2000),
                "element": due,
            },
        ]
    keep_el: Element = {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 2000}
    if keep:
        keep_el["initial_value"] = keep[:2000]
    blocks.append(
        {
            "type": "input",
            "block_id": "keep",
            "optional": True,
            "label": plain(t("actions.keep", locale), 2000),
            "element": keep_el,
        }
    )
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "title": plain(t("actions.title", locale), 24),
        "submit": plain(t("actions.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "private_metadata": str(round_id),
        "blocks": blocks,
    }


def read_actions(view: Payload) -> tuple[date | None, list[dict[str, str | date | None]], str | None, dict[str, str]]:
    """(meeting date, actions, what to keep, {block id: error key}) from a submitted actions modal."""
    state = ModalState(view)
    errors: dict[str, str] = {}
    meeting = _date(state.date("meeting"))
    actions: list[dict[str, str | date | None]] = []
    for i in range(ROWS):
        what, who, due = (
            state.text(f"what__{i}") or None,
            state.text(f"who__{i}") or None,
            _date(state.date(f"due__{i}")),
        )
        if what:
            actions.append({"what": what, "who": who, "due": due})
        elif who or due:
            errors[f"what__{i}"] = "error.what_missing"
    keep = state.text("keep") or None
    if meeting is None:
        errors["meeting"] = "error.deadline_missing"
    if not actions and not keep and not errors:
        errors["what__0"] = "error.nothing_recorded"
    return meeting, actions, keep, errors


def _date(v: str | None) -> date | None:
    try:
        return date.fromisoformat(v) if v else None
    except ValueError:
        return None


def follow_up_message(*, title: str, locale: str, weeks: int, actions: list[Action], keep: str | None) -> Message:
    text = t("followup.text", locale, weeks=weeks, title=escape(title))
    blocks: list[Block] = [section(text)]
    for a in actions[:ROWS]:
        blocks.append(section(_action_lines([a], locale, True)[0]))
        blocks.append(
            {
                "type": "actions",
                "block_id": f"action__{a.id}",
                "elements": [
                    button(
                        t("action." + status, locale),
                        action_id,
                        str(a.id),
                        "primary" if status == ActionStatus.DONE else None,
                    )
                    for action_id, status in STATUS_ACTIONS.items()
                ],
            }
        )
    if keep:
        blocks.append(context(clip(t("actions.keep_line", locale, keep=escape(keep)), 3000)))
    return text, blocks

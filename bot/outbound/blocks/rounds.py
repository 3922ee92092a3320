"""Messages about a round: the participant's invitation and the lead's live status."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from bot.core.i18n import number, t
from bot.outbound.blocks.kit import ActionsBlock, Block, Button, Element, Message, Modal
from bot.outbound.blocks.mrkdwn import button, context, date, escape, plain, section
from flows.model import Flow, FlowKind, Step
from storage.status import DeliveryStatus

ANSWER_ACTION = "answer_open"
MUTE_ACTION = "reminders_mute"
CLOSE_ACTION = "round_close"
EXTEND_ACTION = "round_extend"
REMIND_ACTION = "round_remind"
EXTEND_CALLBACK = "round_extend_submit"


def _answer_buttons(locale: str, round_id: int, answered: bool = False, mute: bool = False) -> ActionsBlock:
    """*Answer*, and *Mute reminders* only where it answers something: on a reminder (never on the invitation,
    where it would read as the expected choice)."""
    label = t("invite.change", locale) if answered else t("invite.button", locale)
    elements: list[Button | Element] = [button(label, ANSWER_ACTION, str(round_id), "primary")]
    if mute:
        elements.append(button(t("mute.button", locale), MUTE_ACTION, str(round_id)))
    return {"type": "actions", "block_id": "answer", "elements": elements}


class InviteState(StrEnum):
    """What an invitation says about the round: open, answered by this person, or closed."""

    OPEN = "open"
    REFRESH = "refresh"  # an open invitation re-rendered (a new deadline): it shows as OPEN
    ANSWERED = "answered"
    CLOSED = "closed"


def invite_message(
    *,
    flow: Flow,
    locale: str,
    lead_id: str,
    round_id: int,
    deadline: datetime,
    anonymous: bool,
    threshold: int,
    paced: bool,
    state: InviteState,
) -> Message:
    """The DM inviting someone to answer, as `state` has it."""
    title = flow.title.get(locale)
    text = t("invite.text", locale, lead=lead_id, title=escape(title))
    blocks: list[Block] = [
        section(text),
        section(escape(flow.why.get(locale))),
        section(t("invite.deadline", locale, deadline=date(deadline))),
        context(
            t("invite.experience", locale)
            if flow.kind == FlowKind.EXPERIENCE
            else t("invite.anonymous", locale, threshold=threshold)
            if anonymous
            else t("invite.named", locale)
        ),
    ]
    if paced and state != InviteState.CLOSED:
        blocks.append(context(t("invite.daily", locale)))
    if state == InviteState.ANSWERED:
        blocks.append(section(t("invite.received", locale, deadline=date(deadline))))
    if state == InviteState.CLOSED:
        blocks.append(section(t("invite.closed", locale)))
    else:
        blocks.append(_answer_buttons(locale, round_id, state == InviteState.ANSWERED))
    return text, blocks


def status_message(
    *,
    flow: Flow,
    locale: str,
    round_id: int,
    deadline: datetime,
    anonymous: bool,
    is_open: bool,
    answered: int,
    invited: int,
    problems: dict[DeliveryStatus, int],
    note: str | None,
    threshold: int,
) -> Message:
    """The lead's status: counts only, never who answered. An anonymous round with fewer people in it than the
    threshold can never show more than participation: the lead is told so while they can still act on it."""
    title = escape(flow.title.get(locale))
    head = t("status.started" if is_open else "status.closed", locale, title=title)
    mode = t("status.anonymous" if anonymous else "status.named", locale)
    line = t("status.line", locale, count=answered, invited=number(invited, locale), deadline=date(deadline), mode=mode)
    blocks: list[Block] = [section(f"{head}\n{line}")]
    if problems.get(DeliveryStatus.FAILED):
        blocks.append(context(t("status.failed", locale, count=problems[DeliveryStatus.FAILED])))
    if problems.get(DeliveryStatus.DEAD):
        blocks.append(context(t("status.dead", locale, count=problems[DeliveryStatus.DEAD])))
    if note:
        blocks.append(context(note))
    if anonymous and invited < threshold:
        blocks.append(context(t("status.too_few", locale, invited=invited, threshold=threshold)))
    if is_open:
        blocks.append(
            {
                "type": "actions",
                "block_id": "status",
                "elements": [
                    button(t("status.remind", locale), REMIND_ACTION, str(round_id)),
                    button(t("status.extend", locale), EXTEND_ACTION, str(round_id)),
                    button(t("status.close", locale), CLOSE_ACTION, str(round_id), "danger"),
                ],
            }
        )
    return f"{head} {answered}/{invited}", blocks


def prompt_message(*, flow: Flow, step: Step, locale: str, round_id: int) -> Message:
    """A paced round's theme of the day."""
    text = t("prompt.text", locale, title=escape(flow.title.get(locale)), theme=escape(step.theme.get(locale)))
    blocks: list[Block] = [section(text)]
    if step.reflect is not None:
        blocks.append(context(escape(step.reflect.get(locale))))
    blocks.append(_answer_buttons(locale, round_id))
    return text, blocks


def reminder_message(*, flow: Flow, locale: str, round_id: int, deadline: datetime) -> Message:
    """Neutral: when the round closes, and that answering is up to the person — it never names the lead (a nudge
    from one's manager is pressure) and it is where reminders can be muted."""
    text = t("remind.text", locale, title=escape(flow.title.get(locale)), deadline=date(deadline))
    return text, [section(text), _answer_buttons(locale, round_id, mute=True)]


def extend_modal(locale: str, round_id: int, deadline: datetime) -> Modal:
    return {
        "type": "modal",
        "callback_id": EXTEND_CALLBACK,
        "title": plain(t("extend.title", locale), 24),
        "submit": plain(t("extend.submit", locale), 24),
        "close": plain(t("start.cancel", locale), 24),
        "private_metadata": str(round_id),
        "blocks": [
            {
                "type": "input",
                "block_id": "deadline",
                "label": plain(t("extend.label", locale), 2000),
                "element": {
                    "type": "datetimepicker",
                    "action_id": "value",
                    "initial_date_time": int(deadline.timestamp()),
                },
            }
        ],
    }

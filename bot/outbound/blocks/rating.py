"""One rating as a form input a screen reader can tell apart from the others: labelled with its theme, the
values as radio buttons (a compact select when the scale is too long for Slack's ten radio buttons), and
*rather not say* as an answer of its own — so a required rating never forces a number out of anyone."""

from __future__ import annotations

from bot.core.i18n import t
from bot.outbound.blocks.kit import Element, InputBlock, Option
from bot.outbound.blocks.mrkdwn import plain
from flows.engine import DECLINED, Answer
from flows.model import Step

RADIO_MAX = 10  # Slack's limit of options in radio_buttons


def rating_input(step: Step, locale: str, block_id: str, previous: Answer | None = None) -> InputBlock:
    """The input block of `step`'s rating, pre-set to `previous` (a value or *rather not say*)."""
    assert step.rating is not None
    options: list[Option] = [
        {"text": plain(step.rating.label(v, locale)), "value": str(v)} for v in range(1, step.rating.scale + 1)
    ]
    options.append({"text": plain(t("answer.rather_not_say", locale)), "value": DECLINED})
    element: Element = {"type": "radio_buttons", "action_id": "value", "options": options}
    if len(options) > RADIO_MAX:
        element = {
            "type": "static_select",
            "action_id": "value",
            "options": options,
            "placeholder": plain(t("answer.choose", locale), 150),
        }
    if previous is not None and previous.declined:
        element["initial_option"] = options[-1]
    elif previous is not None and previous.rating and 1 <= previous.rating <= step.rating.scale:
        element["initial_option"] = options[previous.rating - 1]
    return {
        "type": "input",
        "block_id": block_id,
        "optional": not step.rating.required,
        "label": plain(t("answer.rating_of", locale, theme=step.theme.get(locale)), 2000),
        "element": element,
    }

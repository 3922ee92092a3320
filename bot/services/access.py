"""Who may do what, and the audit trail of it: one policy for Slack, the dashboard and the command line.

Each check takes the person and the subject a request names (a round id, an action id, "campaign:unit", an
answer form's JSON) and says yes or no; the Slack gate (bot.slack.authz) maps its operations onto them, the
dashboard and the CLI ask the same questions. Every export, role change, deletion and refusal is recorded here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from bot.core.payload import PACKED, int_value, json_object, unit_ref
from bot.core.runtime import Runtime
from bot.services import campaigns
from storage import actions as action_store
from storage import audit, roles, units
from storage import rounds as round_store
from storage.models import AuditEntry

Check = Callable[[Runtime, str, str | None], bool]


def hr(rt: Runtime, user_id: str, _subject: str | None) -> bool:
    return roles.is_hr(rt.db, user_id)


def lead(rt: Runtime, user_id: str, subject: str | None) -> bool:
    """The lead of the round named by the button value or the modal's private_metadata."""
    rid = int_value(subject)
    rnd = round_store.get_round(rt.db, rid) if rid is not None else None
    return rnd is not None and rnd.lead_id == user_id


def lead_of_action(rt: Runtime, user_id: str, subject: str | None) -> bool:
    aid = int_value(subject)
    action = action_store.get(rt.db, aid) if aid is not None else None
    return action is not None and lead(rt, user_id, str(action.round_id))


def participant(rt: Runtime, user_id: str, subject: str | None) -> bool:
    """A participant of the round named by a button value, or by an answer form's (or its preview's) JSON."""
    if subject and subject.startswith(("{", PACKED)):
        subject = str(json_object(subject).get("round"))
    rid = int_value(subject)
    return rid is not None and round_store.is_participant(rt.db, rid, user_id)


def unit_holder(rt: Runtime, user_id: str, subject: str | None) -> bool:
    """Who holds a campaign unit (or leads it), named 'campaign:unit' by a button or in a plan form's JSON."""
    ref = unit_ref(subject)
    return ref is not None and campaigns.lead_may_plan(rt.db, user_id, *ref)


def hr_or_lead_of_units(rt: Runtime, user_id: str, _subject: str | None) -> bool:
    """HR, or someone who leads a unit (a manager's manager sees the roll-ups of their units)."""
    return roles.is_hr(rt.db, user_id) or bool(units.units_led_by(rt.db, user_id))


def units_led(rt: Runtime, user_id: str) -> list[int]:
    """The active units this person leads or deputises for: what of a campaign's results they may see."""
    return units.units_led_by(rt.db, user_id)


def leads(rt: Runtime, user_id: str) -> bool:
    """A lead of units or of rounds (the dashboard lets them in; HR may anyway)."""
    return bool(units.units_led_by(rt.db, user_id)) or bool(round_store.rounds_led_by(rt.db, user_id))


def record(
    rt: Runtime,
    actor: str,
    action: str,
    *,
    detail: str | None = None,
    rows: int | None = None,
    allowed: bool = True,
    at: datetime | None = None,
) -> None:
    """One line of the audit log, stamped by the runtime's clock unless the caller knows better."""
    audit.record(rt.db, at or rt.clock.now(), actor, action, detail=detail, rows=rows, allowed=allowed)


def entries(rt: Runtime, since: datetime | None = None) -> Iterator[AuditEntry]:
    """The audit log, oldest first (HR's audit page and `dialogue-bot audit`)."""
    return audit.entries(rt.db, since)

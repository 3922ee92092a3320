"""Who may do what, decided in one place for every command, action and view submission.

A Bolt middleware names each request as an operation ("command:export", "action:round_close",
"view:answer_submit", …) and looks it up in RULES. Operations not listed are open to every employee
(start a round, answer your own invitation, share an experience, see your own answers). A refusal answers
the person in their language, does nothing else, and is written to the audit log.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from slack_bolt import BoltResponse

from bot import commands
from bot.i18n import t
from bot.payload import ModalState, int_value
from bot.people import locale_of
from bot.runtime import Runtime
from bot.views.answer import polite_modal
from flows.model import Flow, FlowKind
from storage import actions as action_store
from storage import audit, roles
from storage import rounds as round_store

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
    """A participant of the round named by a button value, or by an answer form's JSON metadata."""
    if subject and subject.startswith("{"):
        try:
            subject = str(json.loads(subject).get("round"))
        except (ValueError, AttributeError):
            return False
    rid = int_value(subject)
    return rid is not None and round_store.is_participant(rt.db, rid, user_id)


# operation → (who may, what a refused person is told)
RULES: dict[str, tuple[Check, str]] = {
    "command:export": (hr, "authz.hr_only"),
    "view:export_submit": (hr, "authz.hr_only"),
    "command:audit": (hr, "authz.hr_only"),
    "view:experience_round_start": (hr, "authz.hr_only"),
    "action:ws_new": (hr, "authz.hr_only"),
    "action:ws_edit": (hr, "authz.hr_only"),
    "action:ws_cancel": (hr, "authz.hr_only"),
    "view:ws_submit": (hr, "authz.hr_only"),
    "action:round_close": (lead, "status.not_lead"),
    "action:round_remind": (lead, "status.not_lead"),
    "action:round_extend": (lead, "status.not_lead"),
    "view:round_extend_submit": (lead, "status.not_lead"),
    "action:actions_open": (lead, "status.not_lead"),
    "view:actions_submit": (lead, "status.not_lead"),
    "action:action_done": (lead_of_action, "status.not_lead"),
    "action:action_in_progress": (lead_of_action, "status.not_lead"),
    "action:action_dropped": (lead_of_action, "status.not_lead"),
    "action:answer_open": (participant, "polite.not_participant"),
    "view:answer_submit": (participant, "polite.not_participant"),
    "action:answer_delete": (participant, "polite.not_participant"),
}


def operation(body: dict, flows: dict[str, Flow]) -> tuple[str | None, str | None, str | None]:
    """(operation, subject, user id) of a request; (None, …) for events and anything else."""
    kind = body.get("type")
    if body.get("command"):
        return commands.operation(body.get("text")), None, body.get("user_id")
    user = (body.get("user") or {}).get("id")
    if kind == "block_actions" and body.get("actions"):
        a = body["actions"][0]
        return f"action:{a.get('action_id')}", a.get("value"), user
    if kind == "view_submission":
        view = body.get("view") or {}
        callback = view.get("callback_id")
        concept = flows.get(ModalState(view).option("concept") or "")
        if callback == "round_start" and concept is not None and concept.kind == FlowKind.EXPERIENCE:
            callback = "experience_round_start"  # starting an experience round is HR's
        return f"view:{callback}", view.get("private_metadata"), user
    return None, None, user


def install(app, rt: Runtime) -> None:
    @app.middleware
    def authorise(body: dict, next: Callable[[], BoltResponse], client, respond) -> BoltResponse | None:
        op, subject, user = operation(body, rt.flows)
        rule = RULES.get(op or "")
        if rule is None or (user and rule[0](rt, user, subject)):
            return next()
        audit.record(rt.db, rt.clock.now(), user or "?", op or "?", detail=subject, allowed=False)
        locale = locale_of(rt, user) if user else rt.settings.default_locale
        text = t(rule[1], locale)
        if op == "action:answer_open":
            client.views_open(trigger_id=body["trigger_id"], view=polite_modal(locale, text))
            return BoltResponse(status=200, body="")
        if op and op.startswith("view:"):
            view = polite_modal(locale, text)
            return BoltResponse(
                status=200,
                body=json.dumps({"response_action": "update", "view": view}),
                headers={"content-type": "application/json; charset=utf-8"},
            )
        if op and op.startswith("command:"):
            return BoltResponse(
                status=200,
                body=json.dumps({"response_type": "ephemeral", "text": text}),
                headers={"content-type": "application/json; charset=utf-8"},
            )
        if respond is not None and body.get("response_url"):
            respond(text=text, response_type="ephemeral", replace_original=False)
        return BoltResponse(status=200, body="")

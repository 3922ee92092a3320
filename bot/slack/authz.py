"""Who may do what, decided in one place for every command, action and view submission.

A Bolt middleware names each request as an operation ("command:export", "action:round_close",
"view:answer_submit", …) and looks it up in RULES. Operations not listed are open to every employee
(start a round, answer your own invitation, share an experience, see your own answers). A refusal answers
the person in their language, does nothing else, and is written to the audit log.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from slack_bolt import App, BoltResponse, Respond
from slack_sdk import WebClient

from bot.core.i18n import t
from bot.core.payload import BoltPayload, ModalState, as_dict, str_value
from bot.core.runtime import Runtime, Workspace, log
from bot.outbound.blocks import meetings as mv
from bot.outbound.blocks.answers import polite_modal
from bot.outbound.blocks.kit import slack_view
from bot.outbound.people import locale_of
from bot.services import access, meetings
from bot.services.access import hr, hr_or_lead_of_units, lead, lead_of_action, participant, unit_holder
from bot.slack import commands
from flows.model import Flow, FlowKind

# operation → (who may, what a refused person is told)
RULES: dict[str, tuple[access.Check, str]] = {
    "command:export": (hr, "authz.hr_only"),
    "view:export_submit": (hr, "authz.hr_only"),
    "command:audit": (hr, "authz.hr_only"),
    "command:campaign": (hr, "authz.hr_only"),
    "command:campaign_results": (hr_or_lead_of_units, "authz.hr_only"),
    "view:campaign_start": (hr, "authz.hr_only"),
    "action:campaign_nudge": (hr, "authz.hr_only"),
    "action:campaign_plan": (unit_holder, "campaign.not_holder"),
    "view:campaign_plan_submit": (unit_holder, "campaign.not_holder"),
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
    "view:answer_send": (participant, "polite.not_participant"),  # the preview's Send (bot.views.answer_preview)
    "action:answer_delete": (participant, "polite.not_participant"),
    # Team meetings (bot.meetings): the lead sets one up; the lead or co-facilitator runs it; its people take part.
    "action:meeting_setup": (lead, "status.not_lead"),
    "view:meeting_setup_submit": (lead, "status.not_lead"),
    **{f"action:{a}": (meetings.may_facilitate, "meeting.not_facilitator") for a in mv.FACILITATION},
    **{f"action:{a}": (meetings.may_facilitate, "meeting.not_facilitator") for a in mv.REVIEW_ACTIONS},
    "action:meeting_hide": (meetings.may_hide, "meeting.not_facilitator"),
    "action:meeting_actions": (meetings.leads_meeting, "meeting.not_lead"),
    "action:meeting_add": (meetings.may_take_part, "meeting.not_member"),
    "view:meeting_add_submit": (meetings.may_take_part, "meeting.not_member"),
    "action:meeting_vote": (meetings.may_vote, "meeting.not_member"),
    "action:meeting_ask": (meetings.may_take_part, "meeting.not_member"),
    "view:meeting_ask_submit": (meetings.may_take_part, "meeting.not_member"),
}


# The kinds of request the bot answers. Anything else Bolt could route to a listener (interactive_message and
# dialog_submission reach app.action() listeners by callback_id, shortcuts, workflow steps, …) is refused.
KNOWN = {"command", "block_actions", "view_submission", "view_closed", "event_callback"}


def kind_of(body: BoltPayload) -> str:
    return "command" if body.get("command") else str(body.get("type") or "?")


def operation(body: BoltPayload, flows: dict[str, Flow]) -> tuple[str | None, str | None, str | None]:
    """(operation, subject, user id) of a request: None as the operation for a kind the bot does not answer."""
    kind = kind_of(body)
    if kind == "command":
        return commands.operation(body.get("text")), None, body.get("user_id")
    if kind == "event_callback":
        event = as_dict(body.get("event"))
        return f"event:{event.get('type')}", None, str_value(event.get("user"))
    user = str_value(as_dict(body.get("user")).get("id"))
    if kind == "block_actions" and body.get("actions"):
        a = body["actions"][0]
        return f"action:{a.get('action_id')}", a.get("value"), user
    if kind in ("view_submission", "view_closed"):
        view = body.get("view") or {}
        callback = view.get("callback_id")
        concept = flows.get(ModalState(view).option("concept") or "")
        if callback == "round_start" and concept is not None and concept.kind == FlowKind.EXPERIENCE:
            callback = "experience_round_start"  # starting an experience round is HR's
        return f"{'view' if kind == 'view_submission' else 'closed'}:{callback}", view.get("private_metadata"), user
    return None, None, user


def _ids(*values: object) -> set[str]:
    return {v for v in values if isinstance(v, str) and v}


def foreign(body: BoltPayload, workspace: Workspace | None) -> str | None:
    """The team or enterprise of a request from another organisation (Slack Connect, shared channels), or None
    when it is ours. Within our Enterprise Grid organisation, any of its workspaces is ours."""
    if workspace is None or workspace.team_id is None:
        return None
    team, user, enterprise, event = (as_dict(body.get(k)) for k in ("team", "user", "enterprise", "event"))
    enterprises = _ids(body.get("enterprise_id"), enterprise.get("id"), user.get("enterprise_id"))
    teams = _ids(body.get("team_id"), team.get("id"), user.get("team_id"), body.get("user_team_id"))
    teams |= _ids(event.get("team"), event.get("user_team"), event.get("source_team"))
    if workspace.enterprise_id and enterprises:
        return next((e for e in sorted(enterprises) if e != workspace.enterprise_id), None)
    return next((t for t in sorted(teams) if t != workspace.team_id), None)


def _json(body: dict[str, object]) -> BoltResponse:
    return BoltResponse(status=200, body=json.dumps(body), headers={"content-type": "application/json; charset=utf-8"})


def _refuse(
    body: BoltPayload, op: str | None, text: str, locale: str, client: WebClient, respond: Respond | None
) -> BoltResponse:
    """Tell the person why, the way their request can be answered; nothing else happens."""
    if op == "action:answer_open" and isinstance(body.get("trigger_id"), str):
        client.views_open(trigger_id=body["trigger_id"], view=slack_view(polite_modal(locale, text)))
    elif op and op.startswith("view:"):
        return _json({"response_action": "update", "view": polite_modal(locale, text)})
    elif op and op.startswith("command:"):
        return _json({"response_type": "ephemeral", "text": text})
    elif respond is not None and isinstance(body.get("response_url"), str):
        respond(text=text, response_type="ephemeral", replace_original=False)
    return BoltResponse(status=200, body="")


def install(app: App, rt: Runtime) -> None:
    @app.middleware
    def same_workspace(
        body: BoltPayload, next: Callable[[], BoltResponse], client: WebClient, respond: Respond
    ) -> BoltResponse | None:
        """First of all: a request from another organisation is answered politely in the default language
        (asking Slack about an outsider would store them) and nothing of it is stored."""
        team = foreign(body, rt.workspace)
        if team is None:
            return next()
        op, _subject, user = operation(body, rt.flows)
        log.warning("refused a %s request (%s) from another organisation: team %s", kind_of(body), op, team)
        if kind_of(body) == "event_callback":
            return BoltResponse(status=200, body="")
        return _refuse(
            body,
            op,
            t("authz.other_workspace", rt.settings.default_locale),
            rt.settings.default_locale,
            client,
            respond,
        )

    @app.middleware
    def authorise(
        body: BoltPayload, next: Callable[[], BoltResponse], client: WebClient, respond: Respond
    ) -> BoltResponse | None:
        """Deny by default: a kind of request the bot does not answer is refused and audited; a known one is
        checked against RULES (operations not listed are every employee's)."""
        op, subject, user = operation(body, rt.flows)
        if kind_of(body) not in KNOWN or op is None:
            access.record(
                rt,
                user or "?",
                f"refused:{kind_of(body)}"[:40],
                detail=_callback(body),
                allowed=False,
            )
            log.warning("refused a %s request: not a kind of request this bot answers", kind_of(body))
            return BoltResponse(status=200, body="")
        rule = RULES.get(op)
        if rule is None or (user and rule[0](rt, user, subject)):
            return next()
        access.record(rt, user or "?", op[:40], detail=subject, allowed=False)
        locale = locale_of(rt, user) if user else rt.settings.default_locale
        return _refuse(body, op, t(rule[1], locale), locale, client, respond)


def _callback(body: BoltPayload) -> str | None:
    """What a refused payload was aimed at (its callback_id or first action), for the audit log."""
    actions = body.get("actions") if isinstance(body.get("actions"), list) else []
    first = actions[0] if actions and isinstance(actions[0], dict) else {}
    found = body.get("callback_id") or first.get("action_id") or first.get("name")
    return str(found)[:200] if found else None

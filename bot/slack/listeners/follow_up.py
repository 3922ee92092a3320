"""The lead records the agreed actions, and later marks each done, in progress or dropped."""

from __future__ import annotations

import re

from slack_bolt import Ack, App, Respond

from bot.core.i18n import t
from bot.core.payload import BoltPayload, int_value
from bot.core.runtime import Runtime
from bot.outbound.blocks.answers import polite_modal
from bot.outbound.blocks.follow_up import ASK_ACTION, CALLBACK, STATUS_ACTIONS, actions_modal, read_actions
from bot.outbound.blocks.kit import slack_view
from bot.outbound.people import locale_of
from bot.services import follow_up, rounds


def register(app: App, rt: Runtime) -> None:
    @app.action(ASK_ACTION)
    def record_clicked(ack: Ack, body: BoltPayload, action: BoltPayload, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        rnd = rounds.get(rt, int_value(action.get("value")))
        if rnd is None or rnd.id is None:
            return
        f = follow_up.form(rt, rnd, user_id)
        view = actions_modal(locale, f.round_id, f.actions, f.keep, f.meeting, f.today)
        rt.client.views_open(trigger_id=body["trigger_id"], view=slack_view(view))

    @app.view(CALLBACK)
    def actions_submitted(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        rnd = rounds.get(rt, int_value(view.get("private_metadata")) or None)
        if rnd is None:
            ack(response_action="update", view=slack_view(polite_modal(locale, t("polite.unknown", locale))))
            return
        meeting, actions, keep, errors = read_actions(view)
        if errors:
            ack(response_action="errors", errors={block: t(key, locale) for block, key in errors.items()})
            return
        assert meeting is not None
        follow_up.record(rt, rnd, meeting, actions, keep)
        ack()
        rt.background(follow_up.recorded, rt, rnd.id)

    @app.action(re.compile("^(" + "|".join(STATUS_ACTIONS) + ")$"))
    def status_clicked(ack: Ack, action: BoltPayload) -> None:
        ack()
        action_id = int_value(action.get("value"))
        if action_id is not None:
            follow_up.set_status(rt, action_id, STATUS_ACTIONS[action["action_id"]])

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
from bot.outbound.people import locale_of, person
from bot.services import follow_up
from storage import actions as action_store
from storage import rounds as round_store


def register(app: App, rt: Runtime) -> None:
    @app.action(ASK_ACTION)
    def record_clicked(ack: Ack, body: BoltPayload, action: BoltPayload, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        rnd = (
            round_store.get_round(rt.db, round_id) if (round_id := int_value(action.get("value"))) is not None else None
        )
        if rnd is None or rnd.id is None:
            return
        today = rt.clock.now().astimezone(rt.tz_of(person(rt, user_id).tz)).date()
        view = actions_modal(
            locale,
            rnd.id,
            action_store.of_round(rt.db, rnd.id),
            rnd.keep,
            rnd.meeting_date,
            today,
        )
        rt.client.views_open(trigger_id=body["trigger_id"], view=slack_view(view))

    @app.view(CALLBACK)
    def actions_submitted(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        rnd = round_store.get_round(rt.db, round_id) if (round_id := int_value(view.get("private_metadata"))) else None
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
        status = STATUS_ACTIONS[action["action_id"]]
        found = action_store.get(rt.db, action_id) if action_id is not None else None
        rnd = round_store.get_round(rt.db, found.round_id) if found is not None else None
        if rnd is None or action_id is None:
            return
        action_store.set_status(rt.db, action_id, status)
        follow_up.show(rt, rnd)

"""App Home: the bot's tab, published whenever someone opens it, and one's own answers there (see, delete)."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond

from bot.core.i18n import t
from bot.core.payload import int_value, say
from bot.core.runtime import Runtime
from bot.outbound.blocks import workshops as workshop_views
from bot.outbound.blocks.home import home_view
from bot.outbound.blocks.meetings import home_blocks
from bot.outbound.blocks.my_answers import DELETE_ACTION
from bot.outbound.people import locale_of
from bot.services import answers, meetings, rounds, workshops


def publish_home(rt: Runtime, user_id: str) -> None:
    view = home_view(
        locale_of(rt, user_id),
        rounds.open_rounds_of(rt, user_id),
        rt.flows,
        answers.my_answers(rt, user_id),
        rt.clock.now().date(),
    )
    upcoming = workshop_views.listing(workshops.listing(rt, user_id))
    view["blocks"] = (view["blocks"] + [{"type": "divider"}, *upcoming])[:100]
    view["blocks"] = (view["blocks"] + home_blocks(locale_of(rt, user_id), meetings.to_hold(rt, user_id)))[:100]
    rt.client.views_publish(user_id=user_id, view=view)


def register(app: App, rt: Runtime) -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict) -> None:
        if event.get("tab", "home") == "home":
            publish_home(rt, event["user"])

    @app.action(DELETE_ACTION)
    def delete_clicked(ack: Ack, body: dict, action: dict, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        answers.delete_mine(rt, int_value(action.get("value")), user_id)
        if body.get("response_url"):
            say(respond, t("mine.deleted", locale_of(rt, user_id)))
        publish_home(rt, user_id)

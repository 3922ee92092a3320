"""App Home: the bot's tab, published whenever someone opens it (and after they change their answers)."""

from __future__ import annotations

from slack_bolt import App

from bot import privacy
from bot.listeners.round import open_rounds_summary
from bot.people import locale_of
from bot.runtime import Runtime
from bot.views.home import home_view


def publish_home(rt: Runtime, user_id: str) -> None:
    from bot.listeners.workshops import listing

    view = home_view(
        locale_of(rt, user_id),
        open_rounds_summary(rt, user_id),
        rt.flows,
        privacy.my_answers(rt, user_id),
        rt.clock.now().date(),
    )
    view["blocks"] = (view["blocks"] + [{"type": "divider"}, *listing(rt, user_id)])[:100]
    rt.client.views_publish(user_id=user_id, view=view)


def register(app: App, rt: Runtime) -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict) -> None:
        if event.get("tab", "home") == "home":
            publish_home(rt, event["user"])

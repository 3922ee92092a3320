"""What Slack knows about a person that the bot needs: their language and time zone (cached for a day)."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk.errors import SlackApiError

from bot.runtime import Runtime, log
from storage import people
from storage.models import Person

FRESH = timedelta(days=7)  # language and time-zone *name* rarely change (DST does not change the name)


def slack_locale(locale: str | None, default: str) -> str:
    """Slack says e.g. 'da-DK' or 'en-GB'; the bot speaks 'da' or 'en'."""
    if not locale:
        return default
    lang = locale.split("-")[0].lower()
    return lang if lang in ("en", "da") else default


def person(rt: Runtime, user_id: str) -> Person:
    """From memory, else the database, else Slack; each at most a week old."""
    now = rt.clock.now()
    cached = rt.people.get(user_id)
    if cached is not None and now - cached.fetched_at < FRESH:
        return cached
    with rt.db.session() as s:
        cached = s.get(Person, user_id)
    if cached is not None and now - cached.fetched_at < FRESH:
        rt.people[user_id] = cached
        return cached
    try:
        user = rt.client.users_info(user=user_id, include_locale=True)["user"]
    except SlackApiError as e:
        log.warning("users.info for %s failed: %s", user_id, e.response.get("error"))
        return cached or Person(user_id=user_id, locale=rt.settings.default_locale, fetched_at=now)
    fresh = Person(
        user_id=user_id,
        locale=slack_locale(user.get("locale"), rt.settings.default_locale),
        tz=user.get("tz"),
        is_bot=bool(user.get("is_bot")) or user_id == "USLACKBOT",
        fetched_at=now,
    )
    if cached is None or (cached.locale, cached.tz, cached.is_bot) != (fresh.locale, fresh.tz, fresh.is_bot):
        people.save(rt.db, fresh)  # unchanged facts need no write; another process simply asks Slack again
    rt.people[user_id] = fresh
    return fresh


def locale_of(rt: Runtime, user_id: str) -> str:
    return person(rt, user_id).locale

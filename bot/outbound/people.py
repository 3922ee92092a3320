"""What Slack knows about a person that the bot needs: their language and time zone (cached for a week)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError

from bot.core.payload import Payload, as_dict, str_value
from bot.core.runtime import Runtime, log
from flows.model import LOCALES
from storage import people
from storage.people import Profile

NOTICE_READ = timedelta(minutes=1)  # how long a read of "has had the privacy notice" is trusted
FRESH = timedelta(days=7)  # language and time-zone *name* rarely change (DST does not change the name)
FACTS = ("locale", "tz", "is_bot", "email", "deleted", "real_name", "display_name")  # what Slack tells of a person


def slack_locale(locale: str | None, default: str) -> str:
    """Slack says e.g. 'da-DK' or 'en-GB'; the bot speaks 'da' or 'en'."""
    if not locale:
        return default
    lang = locale.split("-")[0].lower()
    return lang if lang in LOCALES else default


_REMEMBERING = threading.Lock()


def person(rt: Runtime, user_id: str) -> Profile:
    """From memory, else the database, else Slack; each at most a week old."""
    cached = rt.people.get(user_id)
    if cached is not None and rt.clock.now() - cached.fetched_at < FRESH:
        return cached
    return _load(rt, [user_id])[user_id]


def warm(rt: Runtime, user_ids: list[str]) -> None:
    """Bring these people into memory at once: one query for all, Slack for whoever is missing or stale, one
    write for what changed, and one query for whether the privacy notice went out to those who, as far as
    this process knows, have not had it and were not asked about in the last minute (another process may
    have sent it). What the sweep and a round's start do before they look at each person."""
    now = rt.clock.now()
    ids = list(dict.fromkeys(user_ids))
    stale = [u for u in ids if (c := rt.people.get(u)) is None or now - c.fetched_at >= FRESH]
    if stale:
        _load(rt, stale)
    unsure = [p for u in ids if (p := rt.people.get(u)) is not None and _notice_unsure(p, now)]
    if unsure:
        _read_notices(rt, unsure, now)


def notice_sent(rt: Runtime, user_id: str) -> bool:
    """Whether this person has had the privacy notice: from memory when it was read from the store within
    the last minute (`warm` reads it for a whole batch at once), else from the store."""
    who = person(rt, user_id)
    now = rt.clock.now()
    if _notice_unsure(who, now):
        _read_notices(rt, [who], now)
    return who.notice_sent


def _read_notices(rt: Runtime, profiles: list[Profile], now: datetime) -> None:
    """Ask the store, in one query, which of these people have had the notice (another process may have sent it)."""
    noticed = people.noticed(rt.db, [p.user_id for p in profiles])
    for p in profiles:
        p.notice_sent, p.notice_read_at = p.user_id in noticed, now


def _notice_unsure(p: Profile, now: datetime) -> bool:
    """Not known to have had the notice, and the store was last asked more than NOTICE_READ ago."""
    return not p.notice_sent and (p.notice_read_at is None or now - p.notice_read_at > NOTICE_READ)


def _load(rt: Runtime, user_ids: list[str]) -> dict[str, Profile]:
    """These people from the store where its copy is under a week old, else from Slack (written back, in one
    go, where the facts changed). Whoever Slack cannot tell about keeps what we knew, or the defaults, and is
    asked again next time."""
    now = rt.clock.now()
    stored = people.get_many(rt.db, user_ids)
    found: dict[str, Profile] = {}
    changed: list[Profile] = []
    for user_id in user_ids:
        known = stored.get(user_id)
        if known is not None and now - known.fetched_at < FRESH:
            known.notice_read_at = now
            found[user_id] = remember(rt, known)
            continue
        found[user_id], is_changed = _ask_slack(rt, user_id, known, rt.people.get(user_id))
        if is_changed:
            changed.append(found[user_id])
    people.save_many(rt.db, changed)
    return found


def _ask_slack(rt: Runtime, user_id: str, stored: Profile | None, remembered: Profile | None) -> tuple[Profile, bool]:
    """users.info for one person, kept in memory: (the person, whether the store's copy must change).

    Unchanged facts need no write (another process simply asks Slack again); whether the privacy notice
    went out is the bot's own fact and survives the refresh."""
    now = rt.clock.now()
    known = stored or remembered
    try:
        user = rt.client.users_info(user=user_id, include_locale=True)["user"]
    except SlackApiError as e:
        log.warning("users.info for %s failed: %s", user_id, e.response.get("error"))
        return known or Profile(user_id, rt.settings.default_locale, None, False, False, now), False
    fresh = from_slack(rt, user, stored, remembered)
    return fresh, changed(stored, fresh)


def from_slack(rt: Runtime, user: Payload, *known: Profile | None) -> Profile:
    """A person as Slack describes them (users.info, users.list, user_change), remembered in memory; whether the
    privacy notice went out is the bot's own fact and survives."""
    now = rt.clock.now()
    user_id = str(user.get("id"))
    profile = as_dict(user.get("profile"))
    fresh = Profile(
        user_id=user_id,
        locale=slack_locale(str_value(user.get("locale")), rt.settings.default_locale),
        tz=str_value(user.get("tz")),
        is_bot=bool(user.get("is_bot")) or user_id == "USLACKBOT",
        notice_sent=any(p is not None and p.notice_sent for p in known),
        fetched_at=now,
        notice_read_at=now,  # the stored copy, if any, was read from the store just now
        email=(email.strip().lower() or None) if isinstance(email := profile.get("email"), str) else None,
        deleted=bool(user.get("deleted")),
        real_name=_name(profile.get("real_name") or user.get("real_name")),
        display_name=_name(profile.get("display_name")),
    )
    return remember(rt, fresh)


def _name(value: object) -> str | None:
    """A name as Slack gives it, trimmed to what the directory keeps (200 characters); None when there is none."""
    return (value.strip()[:200] or None) if isinstance(value, str) else None


def remember(rt: Runtime, profile: Profile) -> Profile:
    """Keep `profile` in memory. A person already there is updated in place, not replaced: another thread may
    hold that object and be marking the privacy notice as going out on it, which must not be lost."""
    with _REMEMBERING:
        known = rt.people.get(profile.user_id)
        if known is None:
            rt.people[profile.user_id] = profile
            return profile
        for name in (*FACTS, "fetched_at", "notice_read_at"):
            setattr(known, name, getattr(profile, name))
        known.notice_sent = known.notice_sent or profile.notice_sent
        return known


def changed(stored: Profile | None, fresh: Profile) -> bool:
    """Whether the store's copy must be written (the facts Slack gives differ, or there is none)."""
    return stored is None or any(getattr(stored, f) != getattr(fresh, f) for f in FACTS)


def gone(rt: Runtime, user_id: str) -> bool:
    """Deactivated, or a bot: not someone to invite or send to."""
    who = person(rt, user_id)
    return who.deleted or who.is_bot


def locale_of(rt: Runtime, user_id: str) -> str:
    return person(rt, user_id).locale

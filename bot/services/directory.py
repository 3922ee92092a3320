"""The people directory, kept from Slack: one paged users.list sweep a day, and the user_change and team_join
events in between. Sending, planning and summaries read it; users.info is only the fallback for an id the
directory does not know yet (bot.people)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.core.payload import Payload
from bot.core.runtime import Runtime, log
from bot.outbound.people import changed, from_slack
from storage import people

PAGE = 200  # users.list's recommended page size
PAGE_TRIES = 5


def sweep(rt: Runtime) -> int:
    """Read every member of the workspace, page by page (users.list is Tier 2: the client waits out a 429),
    and store what changed. Returns how many people Slack listed."""
    cursor: str | None = None
    listed = 0
    while True:
        page = _page(rt, cursor)
        members = [m for m in page.get("members") or [] if isinstance(m, dict) and isinstance(m.get("id"), str)]
        update(rt, members)
        listed += len(members)
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            log.info("people directory refreshed: %d people", listed)
            return listed


def _page(rt: Runtime, cursor: str | None) -> Any:
    """One page; a page that fails (after the client's own retries) is asked for again a few times, from the
    same cursor, before the sweep gives up until its next run."""
    for attempt in range(PAGE_TRIES):
        try:
            return rt.client.users_list(limit=PAGE, cursor=cursor, include_locale=True)
        except (SlackApiError, SlackClientError, OSError) as e:
            if attempt == PAGE_TRIES - 1:
                raise
            log.warning("users.list failed (%r); trying that page again", e)
            time.sleep(1 + attempt)
    raise AssertionError("unreachable")


def update(rt: Runtime, members: Sequence[Payload]) -> None:
    """Store these people as Slack describes them (a page of users.list, or the user of an event)."""
    ids = [str(m["id"]) for m in members]  # every member has an id (the sweep and the listener check it)
    stored = people.get_many(rt.db, ids)
    fresh = [from_slack(rt, m, stored.get(i), rt.people.get(i)) for m, i in zip(members, ids, strict=True)]
    people.save_many(rt.db, [p for p in fresh if changed(stored.get(p.user_id), p)])

"""Sending to Slack under a stable key: claimed in the database first, recorded after, retried with backoff.

A retry, a double click or a restart finds the key already 'sent' and sends nothing. The one window
left is a crash after Slack accepted a message but before we recorded it; after DELIVERY_LEASE_SECONDS the
claim counts as lost and the message is sent again, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from enum import StrEnum

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.core.payload import as_dict
from bot.core.runtime import Runtime, log
from bot.outbound.blocks.kit import Block, slack_blocks
from bot.outbound.metrics import METRICS
from bot.outbound.notice import notice_failed, notice_went_out, with_notice
from storage import deliveries, keys
from storage.db import Deferred
from storage.status import DeliveryStatus

# Errors that the same request will never get past: recorded as 'dead' and shown to the lead.
PERMANENT = {
    "invalid_blocks",
    "invalid_blocks_format",
    "channel_not_found",
    "user_not_found",
    "not_in_channel",
    "is_archived",
    "msg_too_long",
    "no_text",
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "cannot_dm_bot",
    "user_disabled",
    "restricted_action",
    "missing_scope",
    "invalid_arguments",
    "message_not_found",
    "cant_update_message",
}


class Outcome(StrEnum):
    """What became of one send under its key (`send`, `post`, `post_or_edit`)."""

    SENT = "sent"  # now
    ALREADY = "already"  # sent before, or given up on
    BUSY = "busy"  # another worker is sending it, or it waits for its retry
    FAILED = "failed"  # recorded for a retry with backoff


SENT, ALREADY, BUSY, FAILED = Outcome.SENT, Outcome.ALREADY, Outcome.BUSY, Outcome.FAILED

# Every message the bot posts carries its delivery key in Slack's message metadata, so a retry can find out
# whether an earlier attempt reached Slack (see `send`). The latest RECONCILE_DEPTH messages of the channel
# are searched: a DM with the bot holds few, and the attempt being retried is recent.
METADATA_EVENT = "dialogue_bot_delivery"
RECONCILE_DEPTH = 100

_CHAIN: ContextVar[Deferred | None] = ContextVar("delivery_chain", default=None)


@contextmanager
def chained(rt: Runtime) -> Iterator[Deferred]:
    """Inside this block each message's 'sent' is committed with the claim of the next one (and other writes
    that may wait can join them): one commit per message for a sweep that sends thousands. The window in which
    a crash makes a message go out again stays one message wide. Whatever is left is committed at the end."""
    outer = _CHAIN.get()
    if outer is not None:  # nested: the outermost block commits
        yield outer
        return
    with rt.db.relaxed() as connection:
        later = Deferred(connection)
        token = _CHAIN.set(later)
        try:
            yield later
        finally:
            _CHAIN.reset(token)
            later.flush(rt.db)


def send(
    rt: Runtime,
    key: str,
    round_id: int | None,
    call: Callable[[], tuple[str | None, str | None]],
    user_id: str | None = None,
    planned: bool = False,
    find: Callable[[], tuple[str, str] | None] | None = None,
) -> Outcome:
    """Run `call` (which returns (channel, ts)) once for `key`.

    Returns SENT (now), ALREADY (sent before, or given up on), BUSY (another worker is sending it, or it
    waits for its retry) or FAILED (recorded for a retry with backoff). `planned`: the key is also a
    planned send's, whose row is closed with the claim and reopened by a transient failure. `find` looks for
    the message in Slack itself: on a second or later attempt (an earlier one may have reached Slack before its
    process died, or before its answer was lost) a message found there is recorded, not sent again.
    """
    now = rt.clock.now()
    lease = timedelta(seconds=rt.settings.delivery_lease_seconds)
    later = _CHAIN.get()
    attempt = deliveries.claim(rt.db, key, round_id, now, user_id=user_id, lease=lease, planned=planned, deferred=later)
    if not attempt:
        existing = deliveries.get(rt.db, key)
        done = existing is not None and existing.status in (DeliveryStatus.SENT, DeliveryStatus.DEAD)
        return ALREADY if done else BUSY
    if attempt > 1 and find is not None:
        try:
            found = find()
        except (SlackApiError, SlackClientError, OSError) as e:
            log.warning("delivery %s: could not look for an earlier attempt in Slack: %r", key, e)
            deliveries.mark_failed(rt.db, key, type(e).__name__, rt.clock.now(), permanent=False, planned=planned)
            return FAILED
        if found is not None:
            log.info("delivery %s: an earlier attempt had reached Slack; recorded, not sent again", key)
            deliveries.mark_sent(rt.db, key, found[0], found[1], rt.clock.now(), deferred=later)
            return ALREADY
    try:
        channel, ts = call()
    except SlackApiError as e:
        error = str(e.response.get("error") or e.response.status_code)
        log.warning("delivery %s failed: %s", key, error)
        deliveries.mark_failed(rt.db, key, error, rt.clock.now(), permanent=error in PERMANENT, planned=planned)
        return FAILED
    except (SlackClientError, OSError) as e:
        log.warning("delivery %s failed: %r", key, e)
        deliveries.mark_failed(rt.db, key, type(e).__name__, rt.clock.now(), permanent=False, planned=planned)
        return FAILED
    deliveries.mark_sent(rt.db, key, channel, ts, rt.clock.now(), deferred=later)
    METRICS.sends.labels(keys.kind(key)).inc()
    return SENT


def post(
    rt: Runtime, key: str, round_id: int | None, channel: str, text: str, blocks: Sequence[Block], planned: bool = False
) -> Outcome:
    """chat.postMessage under `key`. A DM to someone who never got one before carries the privacy notice —
    decided by the thread that won the claim, just before it sends, so a message that loses the claim to another
    thread cannot take the notice away from the one that goes out."""
    user_id = channel if channel[:1] in ("U", "W") else None
    noticed = False

    def call() -> tuple[str | None, str | None]:
        nonlocal noticed
        shown = blocks
        if user_id is not None:
            shown, noticed = with_notice(rt, user_id, blocks)
        r = rt.client.chat_postMessage(
            channel=channel,
            text=text,
            blocks=slack_blocks(shown),
            unfurl_links=False,
            metadata={"event_type": METADATA_EVENT, "event_payload": {"key": key}},
        )
        return r.get("channel"), r.get("ts")

    def find() -> tuple[str, str] | None:
        return find_posted(rt, channel, key)

    outcome = send(rt, key, round_id, call, user_id=user_id, planned=planned, find=find)
    if noticed and user_id is not None:
        if outcome == SENT:
            notice_went_out(rt, user_id, _CHAIN.get())
        else:
            notice_failed(rt, user_id)
    return outcome


def find_posted(rt: Runtime, channel: str, key: str) -> tuple[str, str] | None:
    """(channel, ts) of the bot's message carrying `key` in its metadata among the channel's latest messages, or
    None. For a DM the conversation is opened to learn its id (this is the retry path, not the fan-out's)."""
    if channel[:1] in ("U", "W"):
        channel = rt.client.conversations_open(users=channel)["channel"]["id"]
    history = rt.client.conversations_history(channel=channel, limit=RECONCILE_DEPTH, include_all_metadata=True)
    for m in history.get("messages") or []:
        meta = as_dict(m.get("metadata"))
        payload = as_dict(meta.get("event_payload"))
        if meta.get("event_type") == METADATA_EVENT and payload.get("key") == key and isinstance(m.get("ts"), str):
            return channel, m["ts"]
    return None


def post_or_edit(
    rt: Runtime, key: str, round_id: int | None, channel: str, text: str, blocks: Sequence[Block]
) -> Outcome:
    """A message kept up to date: posted once under `key`, edited in place ever after (the lead's status, an
    announcement, the follow-up). Returns `post`'s outcome, or ALREADY when the message was there to edit."""
    d = deliveries.get(rt.db, key)
    if d is not None and d.status == DeliveryStatus.SENT:
        edit(rt, key, d.channel, d.ts, text, blocks)
        return ALREADY
    return post(rt, key, round_id, channel, text, blocks)


def update(rt: Runtime, key: str, text: str, blocks: Sequence[Block]) -> bool:
    """Edit a message sent under `key` in place. Safe to repeat: the same content is the same message."""
    d = deliveries.get(rt.db, key)
    if d is None or d.status != DeliveryStatus.SENT:
        return False
    return edit(rt, key, d.channel, d.ts, text, blocks)


def edit(rt: Runtime, key: str, channel: str | None, ts: str | None, text: str, blocks: Sequence[Block]) -> bool:
    """chat.update of the message sent under `key`, found at (channel, ts)."""
    if not channel or not ts:
        return False
    try:
        rt.client.chat_update(channel=channel, ts=ts, text=text, blocks=slack_blocks(blocks))
        return True
    except (SlackApiError, SlackClientError, OSError) as e:
        log.warning("updating %s failed: %r", key, e)
        return False

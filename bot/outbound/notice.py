"""The privacy notice that goes with the first DM the bot sends a person (flows/privacy.yaml, en + da)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.runtime import Runtime
from bot.outbound.blocks.kit import Block
from bot.outbound.blocks.mrkdwn import context
from bot.outbound.people import notice_sent, person
from storage import people
from storage.db import Deferred


def with_notice(rt: Runtime, user_id: str, blocks: Sequence[Block]) -> tuple[Sequence[Block], bool]:
    """Add the privacy notice to the first DM a person gets; (blocks, whether the notice was added).

    From here on this process counts the notice as going out, so a message to the same person sent at the same
    moment by another thread does not carry it too; `notice_failed` takes that back if the send fails."""
    if notice_sent(rt, user_id):
        return blocks, False
    who = person(rt, user_id)
    who.notice_sent = True
    notice = rt.notice.get(who.locale)
    text = notice.format(threshold=rt.settings.anonymity_threshold, retention_days=rt.settings.retention_days)
    return [*blocks, {"type": "divider"}, context(text)], True


def notice_failed(rt: Runtime, user_id: str) -> None:
    """The message that carried the notice did not go out: the next one carries it."""
    person(rt, user_id).notice_sent = False


def notice_went_out(rt: Runtime, user_id: str, deferred: Deferred | None = None) -> None:
    people.mark_notice_sent(rt.db, user_id, deferred)
    person(rt, user_id).notice_sent = True

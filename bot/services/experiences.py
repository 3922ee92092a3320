"""Experiences people share about a dialogue: validated and stored here; the bot keeps no copy of chat."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.payload import ModalState, Payload, int_value, submission_key
from bot.core.runtime import Runtime, log
from bot.outbound.blocks.answers import read_values
from bot.outbound.blocks.experiences import DIALOGUES
from bot.outbound.people import locale_of
from bot.services import comment_masking, rounds
from flows import engine as fe
from flows.model import Flow, FlowKind, flow_of_kind
from storage import experiences as experience_store
from storage import roles
from storage import rounds as round_store
from storage.status import RoundStatus

CHAT_READ_SECONDS = 1  # the click's trigger_id lives 3 s, and the form must still open after this


@dataclass(frozen=True)
class Invalid:
    errors: dict[str, str]  # block id → error code (bot.core.i18n's "error.<code>")


@dataclass(frozen=True)
class Shared:
    flow: Flow


def chat_text(rt: Runtime, channel: str | None, ts: object, user_id: str) -> str | None:
    """What this person wrote to the bot in that message, read back from Slack (the bot keeps no copy of
    chat). None if it is gone, is someone else's, or Slack cannot say in time: the form then opens empty.
    One try with a short timeout, not the retrying client: waiting longer would cost the form itself."""
    if not channel or not isinstance(ts, str) or not ts:
        return None
    quick = WebClient(token=rt.client.token, base_url=rt.client.base_url, timeout=CHAT_READ_SECONDS, retry_handlers=[])
    try:
        r = quick.conversations_history(channel=channel, latest=ts, oldest=ts, inclusive=True, limit=1)
    except (SlackApiError, OSError) as e:
        log.warning("could not read back a chat message to share: %r", e)
        return None
    found = [m for m in r.get("messages") or [] if m.get("ts") == ts and m.get("user") == user_id]
    if not found:
        return None
    # Slack escapes these three in message text; the form shows the text as it was typed.
    return (found[0].get("text") or "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def share(rt: Runtime, user_id: str, view: Payload) -> Shared | Invalid:
    """Store one experience from the submitted form: anonymous unless the person chose their name, its texts
    masked of colleagues' names and contact details (bot.comment_masking). From an HR
    experience round's DM (the form's metadata is the round) it is linked to the round, so reminders stop and
    HR sees participation. HR's "from a visit" stores it on the forum's behalf (source 'visit', no name)."""
    state = ModalState(view)
    dialogue = state.option("dialogue")
    named = state.option("anonymous") == "no"
    flow = flow_of_kind(rt.flows, FlowKind.EXPERIENCE)
    answers, problems = fe.parse_answers(flow.steps, read_values(view))
    answers, _found = comment_masking.mask_answers(rt, answers, locale_of(rt, user_id))  # HR reads them
    by_step = {a.step_id: a for a in answers}
    errors: dict[str, str] = {}
    if dialogue not in DIALOGUES:
        errors["dialogue"] = "unknown_concept"
    for p in problems:
        errors[f"{p.field}__{p.step_id}"] = p.code
    if not errors and not (by_step["worked"].text or by_step["different"].text):
        errors["text__worked"] = "share_empty"
    forum = state.text("visit_forum") or None
    visited = state.day("visit_date") or rt.clock.now().date()
    if forum is not None and not roles.is_hr(rt.db, user_id):
        errors["visit_forum"] = "visit_hr_only"  # a forged form: only HR records visits
    elif forum is not None and visited > rt.clock.now().date():
        errors["visit_date"] = "visit_future"
    if errors or dialogue is None:
        return Invalid(errors)
    rid = int_value(view.get("private_metadata"))
    rnd = round_store.get_round(rt.db, rid) if rid is not None else None
    in_round = (
        rnd is not None
        and rnd.id is not None
        and rnd.status == RoundStatus.OPEN
        and round_store.is_participant(rt.db, rnd.id, user_id)
    )
    stored = experience_store.add(
        rt.db,
        dialogue=dialogue,
        worked=by_step["worked"].text,
        different=by_step["different"].text,
        rating=by_step["rating"].rating,
        user_id=user_id if named and forum is None else None,
        shared_on=visited if forum is not None else rt.clock.now().date(),
        round_id=rid if in_round and forum is None else None,
        submission=submission_key(view),
        source="visit" if forum is not None else "workshop" if dialogue == "workshop" else "chat",
        forum=forum,
    )
    if stored is not None and in_round and rid is not None:
        round_store.mark_answered(rt.db, rid, user_id)
        rt.background(rounds.answered, rt, rid, user_id)
    return Shared(flow)

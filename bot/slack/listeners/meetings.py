"""The team meeting's Slack edge: set-up, facilitation buttons, anonymous contributions, replies in a theme's
thread, hiding, votes, the actions form, and the closing question. Each click is acked at once."""

from __future__ import annotations

import re

from slack_bolt import Ack, Respond

from bot.core.i18n import t
from bot.core.payload import BoltPayload, int_value, say
from bot.core.runtime import Runtime
from bot.outbound.blocks import meetings as mv
from bot.outbound.blocks.answers import polite_modal
from bot.outbound.blocks.follow_up import actions_modal
from bot.outbound.blocks.kit import slack_view
from bot.outbound.people import locale_of
from bot.services import meetings, rounds
from bot.services.vocabulary import VoteResult
from bot.slack.ack_first import AckFirstApp

MESSAGE_EVENT = "message"  # Slack's event type for a message posted


def _pair(value: object) -> tuple[int, int] | None:
    bits = str(value or "").split(":")
    if len(bits) != 2 or not all(b.isdigit() for b in bits):
        return None
    return int(bits[0]), int(bits[1])


def _answer_vote(rt: Runtime, user_id: str, outcome: meetings.VoteOutcome, votes: int, respond: Respond) -> None:
    locale = locale_of(rt, user_id)
    if outcome.result == VoteResult.NONE_LEFT:
        say(respond, t("meeting.vote.none_left", locale, votes=votes))
    elif outcome.result in (VoteResult.COUNTED, VoteResult.REMOVED):
        say(respond, t(f"meeting.vote.{outcome.result}", locale, count=outcome.left))
    else:
        say(respond, t("meeting.vote.closed", locale))


def in_a_channel(body: BoltPayload) -> bool:
    """A message in a channel (not a DM): a reply in a theme's thread, or nothing for the bot."""
    event = body.get("event") or {}
    return event.get("type") == MESSAGE_EVENT and event.get("channel_type") in ("channel", "group")


def register(app: AckFirstApp, rt: Runtime) -> None:
    @app.inline_action(mv.VOTE_ACTION)  # the vote is committed before the 200; the answer waits behind the acks
    def vote_clicked(ack: Ack, body: BoltPayload, action: BoltPayload, respond: Respond) -> None:
        user_id = body["user"]["id"]
        cid = int_value(action.get("value"))
        outcome, votes = meetings.vote(rt, cid, user_id)
        ack()
        rt.after_ack.submit(_answer_vote, rt, user_id, outcome, votes, respond)

    @app.action(mv.SETUP_ACTION)
    def setup_clicked(ack: Ack, body: BoltPayload, action: BoltPayload, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        rnd = rounds.closed_round(rt, int_value(action.get("value")))
        if rnd is None or rnd.id is None:
            return
        if meetings.has_meeting(rt, rnd.id):
            say(respond, t("meeting.exists", locale))
            return
        choices, suggested = meetings.theme_choices(rt, rnd, locale)
        review = meetings.previous_round(rt, rnd) is not None
        title = meetings.title_of(rt, rnd, locale)
        view = mv.setup_modal(locale, rnd.id, title, choices, suggested, review)
        rt.client.views_open(trigger_id=body["trigger_id"], view=slack_view(view))

    @app.view(mv.SETUP_CALLBACK)
    def setup_submitted(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        rnd = rounds.closed_round(rt, int_value(view.get("private_metadata")))
        if rnd is None:
            ack(response_action="update", view=slack_view(polite_modal(locale, t("polite.unknown", locale))))
            return
        choices, _suggested = meetings.theme_choices(rt, rnd, locale)
        setup, errors = mv.read_setup(view, [c.step_id for c in choices], rt.clock.now())
        if setup is None:
            ack(response_action="errors", errors={block: t(key, locale) for block, key in errors.items()})
            return
        m = meetings.start(rt, user_id, rnd, setup, view.get("id"))
        if m is None or m.id is None:
            ack(response_action="update", view=slack_view(polite_modal(locale, t("meeting.exists", locale))))
            return
        ack()
        rt.background(meetings.open_meeting, rt, m.id)

    @app.action(re.compile("^(" + "|".join(mv.FACILITATION) + ")$"))
    def facilitate(ack: Ack, action: BoltPayload) -> None:
        ack()
        pair = _pair(action.get("value"))
        if pair is None:
            return
        meeting_id, phase = pair
        kind = action["action_id"]
        if kind == mv.NEXT:
            rt.background(meetings.move, rt, meeting_id, phase, 1)
        elif kind == mv.BACK:
            rt.background(meetings.move, rt, meeting_id, phase, -1)
        elif kind == mv.MORE:
            rt.background(meetings.more_time, rt, meeting_id, phase)
        else:
            rt.background(meetings.end, rt, meeting_id)

    @app.action(mv.ADD_ACTION)
    def add_clicked(ack: Ack, body: BoltPayload, action: BoltPayload, respond: Respond) -> None:
        ack()
        user_id = body["user"]["id"]
        locale = locale_of(rt, user_id)
        pair = _pair(action.get("value"))
        found = meetings.topic_texts(rt, pair[0], pair[1], locale) if pair else None
        if pair is None or found is None:
            say(respond, t("meeting.vote.closed", locale))
            return
        name, question = found
        rt.client.views_open(
            trigger_id=body["trigger_id"], view=slack_view(mv.add_modal(locale, pair[0], pair[1], name, question))
        )

    @app.inline_view(mv.ADD_CALLBACK)  # stored before the 200 (masked on the way); the card waits behind the acks
    def add_submitted(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        user_id = body["user"]["id"]
        pair = _pair(view.get("private_metadata"))
        words, errors = mv.read_thought(view)
        if errors or words is None:
            locale = locale_of(rt, user_id)
            ack(response_action="errors", errors={block: t(key, locale) for block, key in errors.items()})
            return
        if pair is None or not meetings.contribute(rt, pair[0], pair[1], user_id, words, view.get("id")):
            locale = locale_of(rt, user_id)
            ack(response_action="update", view=slack_view(polite_modal(locale, t("meeting.vote.closed", locale))))
            return
        ack()  # stored before the form closed; posted in the thread after, without a name
        key = f"meeting-cards:{pair[0]}"
        rt.after_ack.submit_once(key, rt.coalesce, key, meetings.post_contributions, rt, pair[0])

    @app.event({"type": "message"}, matchers=[in_a_channel])
    def channel_message(event: BoltPayload) -> None:
        thread, ts = event.get("thread_ts"), event.get("ts")
        if event.get("bot_id") or event.get("subtype") or not event.get("user") or not thread or thread == ts:
            return
        meetings.reply(rt, str(event.get("channel")), str(thread), event["user"], str(event.get("text") or ""), str(ts))

    @app.action(mv.HIDE_ACTION)
    def hide_clicked(ack: Ack, action: BoltPayload) -> None:
        ack()
        cid = int_value(action.get("value"))
        if cid is not None:
            rt.background(meetings.hide, rt, cid)

    @app.action(re.compile("^(" + "|".join(mv.REVIEW_ACTIONS) + ")$"))
    def review_clicked(ack: Ack, action: BoltPayload) -> None:
        ack()
        pair = _pair(action.get("value"))
        if pair is not None:
            rt.background(meetings.set_review_status, rt, pair[0], pair[1], mv.REVIEW_ACTIONS[action["action_id"]])

    @app.action(mv.AGREE_ACTION)
    def agree_clicked(ack: Ack, body: BoltPayload, action: BoltPayload) -> None:
        ack()
        user_id = body["user"]["id"]
        mid = int_value(action.get("value"))
        form = meetings.actions_form(rt, mid, user_id) if mid is not None else None
        if form is not None:
            view = actions_modal(
                locale_of(rt, user_id), form.round_id, form.actions, form.keep, form.meeting, form.today
            )
            rt.client.views_open(trigger_id=body["trigger_id"], view=slack_view(view))

    @app.action(mv.ASK_ACTION)
    def ask_clicked(ack: Ack, body: BoltPayload, action: BoltPayload) -> None:
        ack()
        mid = int_value(action.get("value"))
        if mid is not None:
            locale = locale_of(rt, body["user"]["id"])
            rt.client.views_open(trigger_id=body["trigger_id"], view=slack_view(mv.closing_modal(locale, mid)))

    @app.view(mv.ASK_CALLBACK)
    def ask_submitted(ack: Ack, body: BoltPayload, view: BoltPayload) -> None:
        locale = locale_of(rt, body["user"]["id"])
        mid = int_value(view.get("private_metadata"))
        if mid is None or not meetings.share(rt, mid, view):
            ack(response_action="errors", errors={"worked": t("meeting.closing.nothing", locale)})
            return
        ack(response_action="update", view=slack_view(mv.thanks(locale)))

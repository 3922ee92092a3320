"""Every view and message the bot can send fits Block Kit's limits and escapes what users typed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.outbound.blocks.answers import answer_modal, polite_modal
from bot.outbound.blocks.experiences import chat_reply, share_modal
from bot.outbound.blocks.exports import export_modal
from bot.outbound.blocks.follow_up import actions_modal, ask_message, follow_up_message
from bot.outbound.blocks.home import home_view
from bot.outbound.blocks.mrkdwn import escape
from bot.outbound.blocks.rounds import extend_modal, invite_message, prompt_message, reminder_message, status_message
from bot.outbound.blocks.start import start_modal
from bot.outbound.blocks.summaries import summary_messages
from bot.outbound.blocks.workshops import announcement, registration, workshop_modal
from doubles.blockkit import check_message, check_view
from flows import engine as fe
from flows.loader import load_flows
from flows.model import Text
from storage.models import Action, Round, Seat, Workshop

FLOWS = load_flows()
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
HOSTILE = "<!channel> <@U1> <!here> & =SUM(A1) æøå 🙂"


def every_message(locale: str):  # type: ignore[no-untyped-def]
    for flow in FLOWS.values():
        for state in ("open", "answered", "closed"):
            for anonymous in (True, False):
                yield invite_message(
                    flow=flow,
                    locale=locale,
                    lead_id="U0",
                    round_id=1,
                    deadline=NOW,
                    anonymous=anonymous,
                    threshold=5,
                    paced=True,
                    state=state,
                )
        for is_open in (True, False):
            yield status_message(
                flow=flow,
                locale=locale,
                round_id=1,
                deadline=NOW,
                anonymous=True,
                is_open=is_open,
                answered=3,
                invited=9,
                problems={"failed": 1, "dead": 2},
                note="a note",
                threshold=12,
            )
        # A big round: 60 people each writing the longest comment on every theme.
        responses: list[tuple[str | None, list[fe.Answer]]] = [
            (f"U{i}", [fe.Answer(s.id, 1 + i % 5, (HOSTILE + " ") * 80 + str(i)) for s in flow.steps])
            for i in range(60)
        ]
        for anonymous in (True, False):
            summary = fe.summarise(flow, responses, 70, anonymous=anonymous, threshold=5)
            yield from summary_messages(flow, summary, locale)
        yield from summary_messages(flow, fe.summarise(flow, responses[:2], 70, anonymous=True, threshold=5), locale)
        declined: list[tuple[str | None, list[fe.Answer]]] = [
            (None, [fe.Answer(s.id, None, None, True) for s in flow.steps])
        ] * 3
        yield from summary_messages(
            flow, fe.summarise(flow, responses + declined, 70, anonymous=True, threshold=5), locale
        )
        yield prompt_message(flow=flow, step=flow.steps[-1], locale=locale, round_id=1)
        yield reminder_message(flow=flow, locale=locale, round_id=1, deadline=NOW)
    actions = [
        Action(id=i, round_id=1, position=i, what=HOSTILE * 20, who="W" * 200, due=NOW.date(), status="done")
        for i in range(5)
    ]
    yield ask_message(locale=locale, round_id=1, weeks=6, actions=[], keep=None, meeting=None, follow_up_at=None)
    yield ask_message(
        locale=locale, round_id=1, weeks=6, actions=actions, keep="k" * 3000, meeting=NOW.date(), follow_up_at=NOW
    )
    yield follow_up_message(title="Trivselsdialog", locale=locale, weeks=6, actions=actions, keep="k" * 3000)
    for w in (workshop(), workshop(seats_taken=3), workshop(status="cancelled")):
        yield announcement(w, locale)
    yield chat_reply(locale, "1764000000.000100")
    yield chat_reply(locale, None)
    for status in ("registered", "waitlisted"):
        for outlook in (True, False):
            yield registration(workshop(), Seat(id=1, workshop_id=7, user_id="U1", status=status), locale, 3, outlook)


def workshop(**over: object) -> Workshop:
    values: dict[str, Any] = dict(
        id=7,
        title="T" * 150,
        description=HOSTILE * 30,
        starts_at=NOW,
        ends_at=NOW + timedelta(hours=2),
        place="P" * 500,
        capacity=20,
        seats_taken=20,
        deadline=NOW,
        concept="well_being",
        created_by="U0",
    )
    values.update(over)
    return Workshop(**values)


def every_view(locale: str):  # type: ignore[no-untyped-def]
    yield start_modal(locale, FLOWS, NOW)
    yield start_modal(locale, FLOWS, NOW, hr=True)
    yield export_modal(locale)
    yield share_modal(FLOWS["experience"], locale)
    yield share_modal(FLOWS["experience"], locale, {"worked": HOSTILE * 200, "different": "x"})
    yield extend_modal(locale, 1, NOW)
    yield workshop_modal(locale, NOW)
    yield workshop_modal(locale, NOW, workshop())
    # At the form's limits (what 500, who 200, keep 2,000), and beyond them, as data from elsewhere might be.
    for n in (1, 2):
        actions = [
            Action(id=i, round_id=1, position=i, what="w" * 500 * n, who="W" * 200 * n, due=NOW.date())
            for i in range(5)
        ]
        yield actions_modal(locale, 1, actions, "k" * 2000 * n, NOW.date(), NOW.date())
    for flow in FLOWS.values():
        prev = {s.id: fe.Answer(s.id, 3, "x" * 3000) for s in flow.steps}
        yield answer_modal(flow, flow.steps, locale, 123456789, prev)
        yield answer_modal(flow, flow.steps[:1], locale, 1, {})
        yield answer_modal(flow, flow.steps, locale, 1, {s.id: fe.Answer(s.id, None, None, True) for s in flow.steps})
    yield polite_modal(locale, "a reason " * 100)
    rounds = [
        (
            Round(
                id=i,
                flow_id="well_being",
                flow_version=1,
                lead_id="U0",
                pacing="all_now",
                deadline=NOW + timedelta(days=i),
            ),
            i,
            10,
        )
        for i in range(60)
    ]
    yield home_view(locale, rounds, FLOWS)
    yield home_view(locale, [], FLOWS)


@pytest.mark.parametrize("locale", ["en", "da"])
def test_every_message_fits_block_kit(locale: str) -> None:
    count = 0
    for text, blocks in every_message(locale):
        assert check_message(text, blocks) == [], text
        count += 1
    assert count > 20


@pytest.mark.parametrize("locale", ["en", "da"])
def test_every_view_fits_block_kit(locale: str) -> None:
    for view in every_view(locale):
        assert check_view(view) == [], view.get("callback_id") or view["type"]


def test_long_comments_are_split_across_sections_and_messages_not_lost() -> None:
    flow = FLOWS["well_being"]
    responses: list[tuple[str | None, list[fe.Answer]]] = [
        (None, [fe.Answer("workload", 3, f"comment-{i} " + "x" * 2900)]) for i in range(60)
    ]
    messages = summary_messages(flow, fe.summarise(flow, responses, 60, anonymous=True, threshold=5), "en")
    assert len(messages) >= 2 and all(len(b) <= 50 for _, b in messages)
    text = "".join(str(b) for _, b in messages)
    assert all(f"comment-{i} " in text for i in range(60))
    assert "Results, continued (2)" in messages[1][0]


def test_user_text_is_escaped_everywhere_it_is_rendered() -> None:
    assert escape(HOSTILE) == "&lt;!channel&gt; &lt;@U1&gt; &lt;!here&gt; &amp; =SUM(A1) æøå 🙂"
    flow = FLOWS["leadership"]
    responses: list[tuple[str | None, list[fe.Answer]]] = [(None, [fe.Answer("trust", 3, HOSTILE)])] * 5
    rendered = str(summary_messages(flow, fe.summarise(flow, responses, 5, anonymous=True, threshold=5), "en"))
    assert "<!channel>" not in rendered and "<@U1>" not in rendered and "<!here>" not in rendered
    assert "&lt;!channel&gt;" in rendered


def _mrkdwn(obj: object) -> list[dict[str, Any]]:
    if isinstance(obj, dict):
        found = [obj] if obj.get("type") == "mrkdwn" else []
        return found + [t for v in obj.values() for t in _mrkdwn(v)]
    if isinstance(obj, list):
        return [t for v in obj for t in _mrkdwn(v)]
    return []


@pytest.mark.parametrize("locale", ["en", "da"])
def test_every_mrkdwn_text_is_verbatim_so_slack_links_and_mentions_nothing_typed(locale: str) -> None:
    """`verbatim` stops Slack turning bare domains, channel names and @-words into links or mentions."""
    texts = [t for _, blocks in every_message(locale) for t in _mrkdwn(blocks)]
    texts += [t for view in every_view(locale) for t in _mrkdwn(view)]
    assert len(texts) > 100 and all(t.get("verbatim") is True for t in texts)


def test_typed_domains_and_mentions_in_workshops_comments_and_local_questions_stay_text() -> None:
    typed = "Read www.example.org/login or example.dk, ask @here <!channel> <@U1> <mailto:a@b.dk|me>"
    escaped = (
        "Read www.example.org/login or example.dk, ask @here &lt;!channel&gt; &lt;@U1&gt; &lt;mailto:a@b.dk|me&gt;"
    )
    _text, blocks = announcement(workshop(description=typed), "en")
    flow = FLOWS["well_being"]
    summary = fe.summarise(flow, [(None, [fe.Answer("workload", 3, typed)])] * 5, 5, anonymous=True, threshold=5)
    local = flow.steps[0].model_copy(update={"dialogue_question": Text(en=typed, da=typed)})
    form = answer_modal(flow.model_copy(update={"steps": [local]}), [local], "en", 1, {})
    for rendered in (blocks, [b for _, m in summary_messages(flow, summary, "en") for b in m], form["blocks"]):
        holding = [t for t in _mrkdwn(rendered) if "example.dk" in t["text"]]
        assert holding and all(t["verbatim"] is True and escaped in t["text"] for t in holding)
        assert "<!channel>" not in str(rendered) and "<@U1>" not in str(rendered) and "<mailto:" not in str(rendered)


def test_a_workshop_place_that_is_one_https_address_is_a_link_showing_that_address_and_nothing_else_is() -> None:
    from bot.outbound.blocks.workshops import place

    assert place("https://teams.example.org/l/meetup/19") == (
        "<https://teams.example.org/l/meetup/19|https://teams.example.org/l/meetup/19>"
    )
    for typed in ("Room 2, see www.example.org", "HTTP://example.org", "https://a.example <!here>", "https://x|y"):
        assert place(typed) == escape(typed) and "<" not in place(typed)

"""The meeting's messages and forms fit Block Kit in both languages, every mrkdwn text is verbatim, typed text
stays text (in mrkdwn and in the canvas' markdown), and anonymous contributions carry no name."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.outbound.blocks import meetings as mv
from doubles.blockkit import check_message, check_view
from storage.models import Action

NOW = datetime(2026, 12, 3, 9, tzinfo=UTC)
HOSTILE = "<!channel> <@U1> [link](https://evil.example) # heading *bold* =SUM(A1) æøå 🙂"
ITEMS = [mv.Item(i, HOSTILE if i == 1 else f"thought {i} " + "x" * 900, None if i % 2 else "U7", i) for i in range(60)]
ACTIONS = [Action(id=1, round_id=1, position=0, what=HOSTILE, who="Anna", due=date(2026, 12, 24))]
MANY = [Action(id=i, round_id=1, position=i, what="w" * 500, who="W" * 200, status="dropped") for i in range(20)]
THEMES = [mv.ThemeChoice("workload", "Workload", "2.4"), mv.ThemeChoice("meaning", "Meaning", None)]


def _messages(locale: str) -> list[tuple[str, list[dict[str, Any]]]]:
    labels = ["Last time's actions", "Workload", "Voting", "Agreeing actions"]
    return [
        mv.intro_message(locale, "UL", "Well-being Dialogue", 3, "days", NOW + timedelta(days=3)),
        *(
            mv.facilitation_message(locale, 1, labels, p, NOW + timedelta(minutes=10), NOW, False, ["UL"])
            for p in range(4)
        ),
        mv.facilitation_message(locale, 1, labels, 1, NOW - timedelta(minutes=1), NOW, False, ["UL", "UC"]),
        mv.facilitation_message(locale, 1, labels, 3, None, NOW, True, ["UL"]),
        mv.review_message(locale, 1, MANY, date(2026, 1, 5)),
        mv.theme_message(locale, 1, 2, "Workload", "mean 2.4 (6 ratings)", "What would help?", NOW),
        mv.theme_message(locale, 1, 2, "Workload", None, None, None),
        mv.contribution_card(locale, 1, HOSTILE, False),
        mv.contribution_card(locale, 1, HOSTILE, True),
        mv.vote_board(locale, "Workload", ITEMS, 3),
        mv.vote_board(locale, "Workload", [], 3),
        mv.actions_message(locale, 1, [("Workload", it) for it in ITEMS], ACTIONS),
        mv.record_blocks(locale, "Well-being Dialogue", date(2026, 12, 3), 6, _record(), ACTIONS),
        mv.record_posted(locale),
        mv.announce_dm(locale, "Voting", "C1", NOW),
        mv.closing_dm(locale, 1, "Well-being Dialogue"),
        ("home", mv.home_blocks(locale, [(1, "Well-being Dialogue", NOW)])),
    ]


def _record() -> list[mv.RecordTheme]:
    return [mv.RecordTheme("Workload", "mean 2.4 (6 ratings)", "What would help?", ITEMS[:5])]


def _mrkdwn(obj: object) -> list[dict[str, Any]]:
    if isinstance(obj, dict):
        return ([obj] if obj.get("type") == "mrkdwn" else []) + [t for v in obj.values() for t in _mrkdwn(v)]
    if isinstance(obj, list):
        return [t for v in obj for t in _mrkdwn(v)]
    return []


@pytest.mark.parametrize("locale", ["en", "da"])
def test_every_meeting_message_and_form_fits_block_kit_and_is_verbatim(locale: str) -> None:
    for text, blocks in _messages(locale):
        assert check_message(text, blocks) == [], text
        assert all(t.get("verbatim") is True for t in _mrkdwn(blocks)), text
    views = [
        mv.setup_modal(locale, 1, "Well-being Dialogue", THEMES, ["workload"], True),
        mv.add_modal(locale, 1, 2, "Workload", "What would help?"),
        mv.closing_modal(locale, 1),
        mv.thanks(locale),
    ]
    for view in views:
        assert check_view(view) == [], view.get("callback_id")


def test_typed_text_stays_text_and_anonymous_thoughts_carry_no_name() -> None:
    text, blocks = mv.vote_board("en", "Workload", ITEMS[:4], 3)
    rendered = str(blocks)
    assert "<!channel>" not in rendered and "<@U1>" not in rendered and "&lt;!channel&gt;" in rendered
    assert "<@U7>" in rendered and rendered.count("Anonymous") == 2  # named by choice; anonymous unnamed
    card = str(mv.contribution_card("en", 1, HOSTILE, False))
    assert "<@" not in card and "&lt;@U1&gt;" in card
    md = mv.record_markdown("en", "Well-being Dialogue", date(2026, 12, 3), 6, _record(), ACTIONS)
    assert "[link](https" not in md and "\\[link\\]\\(https\\:\\/\\/evil\\.example\\)" in md
    assert "\n# heading" not in md and "![](@U7)" in md and "_Anonymous_" in md
    assert "![](@" not in md.replace("![](@U7)", "")  # no other mention: nobody anonymous is named


def test_the_setup_form_reads_choices_and_refuses_what_is_missing() -> None:
    def view(values: dict[str, Any]) -> dict[str, Any]:
        state = {
            "mode": {"value": {"type": "radio_buttons", "selected_option": {"value": values.get("mode", "live")}}},
            "themes": {"value": {"type": "multi_static_select",
                                 "selected_options": [{"value": v} for v in values.get("themes", [])]}},
            "until": {"value": {"type": "datetimepicker", "selected_date_time": values.get("until")}},
        }  # fmt: skip
        return {"state": {"values": state}}

    setup, errors = mv.read_setup(view({"themes": ["workload", "forged"]}), ["workload"], NOW)
    assert setup is not None and setup.steps == ["workload"] and setup.votes == 3 and setup.minutes == 10
    assert mv.read_setup(view({"themes": ["forged"]}), ["workload"], NOW)[1] == {"themes": "meeting.error.themes"}
    late = int((NOW - timedelta(hours=1)).timestamp())
    assert "until" in mv.read_setup(view({"mode": "days", "themes": ["workload"], "until": late}), ["workload"], NOW)[1]

"""Text that cannot play tricks: direction overrides, invisible and control characters are taken out on input
and on output (Slack, exports, the terminal, calendar files), and calendar files keep typed text inside its
property."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from bot.outbound.blocks.summaries import summary_messages
from bot.outbound.blocks.workshops import announcement
from bot.outbound.ics import workshop_ics
from doubles.driver import ANSWER_KEY
from doubles.scenario import make_round
from flows import engine as fe
from flows.loader import load_flows
from flows.text import clean
from storage import rounds as round_store
from storage.db import Database
from tests.test_cli import run_cli

TRICKS = "ok\u202eevil\u2066 \u200bhidden\x00nul\x07bell\x1b[31mred\ufeff"
BAD = ["\u202e", "\u2066", "\u200b", "\x00", "\x07", "\x1b", "\ufeff"]
FLOWS = load_flows()
NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)


def test_clean_takes_out_what_misleads_and_keeps_what_people_write() -> None:
    assert clean(TRICKS) == "okevil hiddennulbell[31mred"
    kept = "Æble, øl & åer — 👩\u200d💻 🙂 line\nnext\ttab «quote» 日本語"
    assert clean(kept) == kept
    assert clean("a\u200db") == "ab"  # a joiner between letters is only a hiding place
    assert clean("one\u2028two") == "one\ntwo"


def test_what_people_type_is_cleaned_on_input() -> None:
    step = FLOWS["well_being"].steps[0]
    answers, problems = fe.parse_answers([step], {step.id: {"rating": "3", "text": TRICKS}})
    assert not problems and answers[0].text == clean(TRICKS)


def test_the_leads_summary_and_a_workshop_announcement_show_none_of_it() -> None:
    flow = FLOWS["well_being"]
    responses: list[tuple[str | None, list[fe.Answer]]] = [
        (None, [fe.Answer(s.id, 3, TRICKS) for s in flow.steps]) for _ in range(5)
    ]  # as an older row might hold them: output is cleaned too
    summary = fe.summarise(flow, responses, 5, anonymous=True, threshold=5)
    rendered = str(summary_messages(flow, summary, "en"))
    assert "okevil" in rendered and not any(b in rendered for b in BAD)
    from storage.models import Workshop

    w = Workshop(
        id=1,
        title=TRICKS,
        place=TRICKS,
        starts_at=NOW,
        ends_at=NOW,
        deadline=NOW,
        capacity=5,
        concept="x",
        created_by="UHR",
    )
    text, blocks = announcement(w, "en")
    assert not any(b in text + str(blocks) for b in BAD)


def test_hr_s_terminal_gets_no_escape_codes_from_an_export(sqlite_url: str) -> None:
    db = Database(sqlite_url, ANSWER_KEY)
    rid = make_round(db, ["U1"], now=NOW, anonymous=False)
    round_store.save_response(db, rid, "U1", [fe.Answer("workload", 2, TRICKS)], NOW)  # stored as it came
    round_store.close_round(db, rid, NOW + timedelta(days=2))
    r = run_cli("export", "answers", env={"DATABASE_URL": sqlite_url})
    assert r.returncode == 0, r.stderr
    assert "okevil" in r.stdout and not any(b in r.stdout for b in BAD)
    db.dispose()


def test_a_place_with_a_bare_carriage_return_cannot_add_a_property_to_the_calendar_file() -> None:
    for line_break in ("\r", "\n", "\r\n", "\u2028"):
        ics = workshop_ics(
            uid="workshop-1@dialogue-bot",
            title="Workshop" + "x" * 120,
            description="Bring a pen" + line_break + "ATTENDEE:mailto:someone@example.org",
            place="Room 1" + line_break + "ORGANIZER:mailto:evil@example.org",
            starts=NOW,
            ends=NOW + timedelta(hours=2),
            stamp=NOW,
        )
        lines = ics.split(b"\r\n")
        assert all(len(line) <= 75 for line in lines)  # folded (RFC 5545 3.1)
        assert b"\r" not in ics.replace(b"\r\n", b"") and b"\n" not in ics.replace(b"\r\n", b"")
        assert not any(line.startswith((b"ORGANIZER", b"ATTENDEE")) for line in lines)
        event = Calendar.from_ical(ics).walk("VEVENT")[0]
        assert "ORGANIZER" not in event and "ATTENDEE" not in event
        assert str(event["LOCATION"]).replace("\r", "\n").startswith("Room 1\n")

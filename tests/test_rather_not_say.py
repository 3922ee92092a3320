"""*Rather not say* on every rating: an answer of its own, counted apart, never in a mean, a distribution or the
n that decides whether a theme may be shown; the form tells the themes apart for a screen reader."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.clock import FakeClock
from bot.outbound.blocks.answers import answer_modal
from bot.outbound.blocks.my_answers import my_answers_blocks
from bot.outbound.blocks.summaries import summary_messages
from bot.services.exports import export
from doubles.driver import ANSWER_KEY, Bot
from doubles.fake_slack import FakeSlack
from doubles.scenario import WELL_BEING, all_ratings, answer, open_form, start_round, summary_of
from flows import engine as fe
from flows.loader import load_flows
from flows.model import Rating, Step, Text
from storage import rounds as round_store
from storage.db import Database
from storage.models import Round

FLOWS = load_flows()
WB = FLOWS["well_being"]
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def test_rather_not_say_is_a_valid_answer_even_where_a_rating_is_required() -> None:
    answers, problems = fe.parse_answers(WB.steps[:2], {"workload": {"rating": fe.DECLINED}, "influence": {}})
    assert answers[0] == fe.Answer("workload", None, None, True)
    assert problems == [fe.Problem("influence", "rating", "required")]  # nothing chosen is still not an answer


def test_rather_not_say_is_counted_apart_and_never_in_a_mean_or_n() -> None:
    rated: list[tuple[str | None, list[fe.Answer]]] = [(None, [fe.Answer("workload", r)]) for r in (2, 4, 4, 5, 5)]
    declined: list[tuple[str | None, list[fe.Answer]]] = [(None, [fe.Answer("workload", None, None, True)])] * 2
    theme = fe.summarise(WB, rated + declined, 9, anonymous=True, threshold=5).themes[0]
    assert theme.step_id == "workload" and theme.shown
    assert (theme.n, theme.mean, theme.declined) == (5, 4.0, 2)
    assert theme.counts == [0, 1, 0, 2, 2]


def test_rather_not_say_never_helps_a_theme_over_the_threshold() -> None:
    """Seven answered, but only four gave a rating: the distribution of four people is not shown."""
    rated: list[tuple[str | None, list[fe.Answer]]] = [(None, [fe.Answer("workload", 3)])] * 4
    declined: list[tuple[str | None, list[fe.Answer]]] = [(None, [fe.Answer("workload", None, None, True)])] * 3
    summary = fe.summarise(WB, rated + declined, 7, anonymous=True, threshold=5)
    assert summary.shown and summary.answered == 7
    workload = summary.themes[0]
    assert not workload.shown and workload.n == 4
    body = str(summary_messages(WB, summary, "en"))
    assert "too few ratings to show" in body and "preferred not to say" not in body and "mean" not in body


def test_the_lead_reads_how_many_preferred_not_to_say_beside_the_distribution() -> None:
    rated: list[tuple[str | None, list[fe.Answer]]] = [(None, [fe.Answer("workload", 4)])] * 5
    declined: list[tuple[str | None, list[fe.Answer]]] = [(None, [fe.Answer("workload", None, None, True)])] * 2
    summary = fe.summarise(WB, rated + declined, 7, anonymous=True, threshold=5)
    assert "mean 4.0 (5 ratings) · 2 preferred not to say" in str(summary_messages(WB, summary, "en"))
    assert "gennemsnit 4,0 (5 vurderinger) · 2 ville helst ikke svare" in str(summary_messages(WB, summary, "da"))


def test_each_rating_is_radio_buttons_labelled_with_its_theme_and_offers_rather_not_say() -> None:
    view = answer_modal(WB, WB.steps, "en", 1, {"influence": fe.Answer("influence", None, None, True)})
    ratings = [b for b in view["blocks"] if b.get("block_id", "").startswith("rating__")]
    assert len(ratings) == len(WB.rated_steps)
    labels = [b["label"]["text"] for b in ratings]
    assert len(set(labels)) == len(labels)  # a screen reader can tell every theme apart
    assert labels[0] == "Workload: how is it for you?"
    for block in ratings:
        element = block["element"]
        assert element["type"] == "radio_buttons"
        assert element["options"][-1] == {
            "text": {"type": "plain_text", "text": "Rather not say", "emoji": True},
            "value": fe.DECLINED,
        }
        assert not block["optional"]  # required: a choice, and *rather not say* is one
    influence = next(b for b in ratings if b["block_id"] == "rating__influence")
    assert influence["element"]["initial_option"]["value"] == fe.DECLINED  # re-answering shows what was chosen
    hints = [b["hint"]["text"] for b in view["blocks"] if b.get("block_id", "").startswith("text__")]
    assert hints and all("Leave out names and details" in h for h in hints)
    da = answer_modal(WB, WB.steps, "da", 1, {})
    assert "Arbejdsmængde: hvordan er det for dig?" in str(da) and "Vil helst ikke svare" in str(da)


def test_a_ten_point_scale_is_one_compact_select_still_labelled_with_its_theme() -> None:
    step = Step(
        id="energy",
        theme=Text(en="Energy", da="Energi"),
        rating=Rating(scale=10, low=Text(en="Low", da="Lav"), high=Text(en="High", da="Høj")),
    )
    flow = WB.model_copy(update={"steps": [step]})
    (block,) = [b for b in answer_modal(flow, flow.steps, "en", 1, {})["blocks"] if b.get("type") == "input"]
    assert block["label"]["text"] == "Energy: how is it for you?"
    assert block["element"]["type"] == "static_select" and len(block["element"]["options"]) == 11


def test_my_answers_say_rather_not_say_in_words() -> None:
    rnd = Round(id=1, flow_id="well_being", flow_version=1, lead_id="U0", pacing="all_now", deadline=NOW)
    blocks = my_answers_blocks("en", [(rnd, WB, {"workload": fe.Answer("workload", None, None, True)})], NOW.date())
    assert "Workload: Rather not say" in str(blocks)


def test_campaign_counts_hold_ratings_only(db: Database) -> None:
    """Campaign results (bot.campaign_results) are built from these counts: *rather not say* is in none."""
    rnd = round_store.create_round(
        db,
        flow_id="well_being",
        flow_version=1,
        lead_id="ULEAD",
        participants=["U1", "U2", "U3"],
        deadline=NOW + timedelta(days=1),
        pacing="all_now",
        anonymous=True,
        locale="en",
        now=NOW,
    )
    assert rnd is not None and rnd.id is not None
    round_store.save_response(db, rnd.id, "U1", [fe.Answer("workload", 4)], NOW)
    round_store.save_response(db, rnd.id, "U2", [fe.Answer("workload", None, "text", True)], NOW)
    round_store.save_response(db, rnd.id, "U3", [fe.Answer("workload", None, None, True)], NOW)
    assert round_store.rating_counts(db, [rnd.id]) == {rnd.id: {"workload": {4: 1}}}
    declined = [a for _, answers in round_store.responses(db, rnd.id) for a in answers if a.declined]
    assert len(declined) == 2 and all(a.rating is None for a in declined)
    assert round_store.my_answers(db, rnd.id, "U2")["workload"].declined  # the form pre-fills the choice


def test_over_http_rather_not_say_reaches_the_lead_and_the_export_apart_from_the_ratings(
    bot: Bot, slack: FakeSlack, clock: FakeClock, database_url: str, tmp_path: Path
) -> None:
    members = ["U1", "U2", "U3", "U4", "U5", "U6", "U7"]
    start_round(bot, slack, "ULEAD", members, clock.now() + timedelta(hours=1))
    form = open_form(bot, slack, "U1")
    assert "Workload: how is it for you?" in str(form) and "Rather not say" in str(form)
    for i, m in enumerate(members):
        ratings: dict[str, object] = dict(all_ratings(4, WELL_BEING))
        if i >= 5:
            ratings["workload"] = fe.DECLINED
        reply = answer(bot, slack, m, ratings)  # type: ignore[arg-type]
        assert reply.status == 200 and reply.json == {"response_action": "clear"}, reply  # sent from the preview
    clock.advance(timedelta(hours=1, seconds=1))
    body = summary_of(slack, "ULEAD").all_text
    assert "7 of 7 answered" in body
    assert "mean 4.0 (5 ratings) · 2 preferred not to say" in body  # workload
    assert "mean 4.0 (7 ratings)" in body  # the other themes

    db = Database(database_url, ANSWER_KEY)
    path = tmp_path / "answers.csv"
    export(db, FLOWS, 5, "answers", "csv", path)
    rows = [r for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))) if r["theme_id"] == "workload"]
    assert sorted((r["rating"], r["rather_not_say"]) for r in rows) == [("", "yes")] * 2 + [("4", "")] * 5
    db.dispose()

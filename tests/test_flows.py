"""Flows are data: validated at load, errors name the file, the step and the problem."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flows import engine as fe
from flows.loader import FlowError, load_flows, parse_flow

GOOD = """
id: tiny
version: 1
title: {en: Tiny, da: Lille}
intro: {en: Hi, da: Hej}
why: {en: Because, da: Fordi}
steps:
  - id: one
    theme: {en: One, da: En}
    rating: {scale: 5, low: {en: Low, da: Lav}, high: {en: High, da: Høj}}
    reflect: {en: "Why?", da: "Hvorfor?"}
  - id: two
    theme: {en: Two, da: To}
    reflect: {en: "And?", da: "Og?"}
"""


def test_builtin_flows_load_with_every_text_in_both_languages() -> None:
    flows = load_flows()
    assert set(flows) == {"well_being", "leadership", "follow_up", "experience"}
    assert not flows["follow_up"].startable
    assert [s.id for s in flows["well_being"].steps] == [
        "workload",
        "influence",
        "meaning",
        "predictability",
        "social_support",
        "recognition",
        "collaboration",
    ]
    for flow in (flows["well_being"], flows["leadership"], flows["follow_up"]):  # the dialogues proper
        for step in flow.steps:
            assert step.theme.en and step.theme.da and step.rating and step.dialogue_question


@pytest.mark.parametrize(
    "change, expected",
    [
        (("    theme: {en: Two, da: To}", "    theme: {en: Two}"), "tiny.yaml:12: step 'two': theme.da is missing"),
        (("  - id: two", "  - id: one"), "tiny.yaml:12: step 'one': step id is used more than once"),
        (
            ('    reflect: {en: "And?", da: "Og?"}', '    reflect: {en: "And?", da: "Og?"}\n    next: three'),
            "tiny.yaml:12: step 'two': step 'three' in 'next' does not exist",
        ),
        (("scale: 5", "scale: 1"), "tiny.yaml:8: step 'one': rating.scale Input should be greater than or equal to 2"),
        (
            ('    reflect: {en: "And?", da: "Og?"}', '    reflekt: {en: "And?", da: "Og?"}'),
            "tiny.yaml:12: step 'two': reflekt is not a known field",
        ),
        (
            ('    reflect: {en: "And?", da: "Og?"}', ""),
            "tiny.yaml:12: step 'two': Value error, a step needs a 'rating'",
        ),
        (("title: {en: Tiny, da: Lille}", "title: [oops"), "tiny.yaml:5: is not valid YAML (line 5)"),
    ],
)
def test_invalid_flow_names_file_step_and_problem(change: tuple[str, str], expected: str) -> None:
    with pytest.raises(FlowError) as err:
        parse_flow(GOOD.replace(*change), "tiny.yaml")
    assert expected in str(err.value)


def test_flows_check_cli_fails_naming_file_and_step(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD)
    ok = subprocess.run(
        [sys.executable, "-m", "bot.entrypoints.cli", "flows", "check", str(tmp_path)], capture_output=True, text=True
    )
    assert ok.returncode == 0 and "1 flow valid: tiny" in ok.stdout
    (tmp_path / "bad.yaml").write_text(GOOD.replace("id: tiny", "id: bad").replace("da: To", "dk: To"))
    bad = subprocess.run(
        [sys.executable, "-m", "bot.entrypoints.cli", "flows", "check", str(tmp_path)], capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert f"{tmp_path / 'bad.yaml'}:12: step 'two': theme.da is missing" in bad.stderr  # file, line, step
    assert "theme.dk is not a known field" in bad.stderr


def test_engine_checks_answers_against_the_steps_asked() -> None:
    flow = parse_flow(GOOD, "tiny.yaml")
    answers, problems = fe.parse_answers(flow.steps, {"one": {"rating": "6", "text": "x" * 3001}, "two": {}})
    assert {(p.step_id, p.field, p.code) for p in problems} == {
        ("one", "rating", "out_of_range"),
        ("one", "text", "too_long"),
    }
    answers, problems = fe.parse_answers(flow.steps, {"one": {"rating": "4", "text": "  fine  "}})
    assert not problems and answers == [fe.Answer("one", 4, "fine"), fe.Answer("two", None, None)]


def test_summary_hides_small_groups_and_drops_names_in_anonymous_rounds() -> None:
    flow = parse_flow(GOOD, "tiny.yaml")
    responses: list[tuple[str | None, list[fe.Answer]]] = [
        (f"U{i}", [fe.Answer("one", 1 + i % 5, f"c{i}")]) for i in range(4)
    ]
    small = fe.summarise(flow, responses, 10, anonymous=True, threshold=5)
    assert not small.shown and small.themes == [] and small.comments == []
    responses.append(("U9", [fe.Answer("one", 5, "a late one")]))
    big = fe.summarise(flow, responses, 10, anonymous=True, threshold=5)
    assert big.shown and big.themes[0].counts == [1, 1, 1, 1, 1] and big.themes[0].mean == 3.0
    assert [c.text for c in big.comments] == ["a late one", "c0", "c1", "c2", "c3"]  # sorted, not by time
    assert all(c.author is None for c in big.comments)
    named = fe.summarise(flow, responses[:2], 2, anonymous=False, threshold=5)
    assert named.shown and {c.author for c in named.comments} == {"U0", "U1"}

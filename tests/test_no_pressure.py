"""No pressure: the Leadership Dialogue is always anonymous, reminders are neutral and never name the lead,
*Mute reminders* sits on reminders (not on the first invitation), and a small team is told why the threshold
protects it instead of being offered names."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.runtime import Runtime
from bot.outbound.blocks.campaigns import plan_modal
from bot.outbound.blocks.rounds import invite_message, reminder_message, status_message
from bot.outbound.blocks.start import start_modal
from bot.services import rounds
from flows import versions
from flows.loader import BUILTIN_DIR, FlowError, load_flows, parse_flow
from storage.models import Campaign

FLOWS = load_flows()
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def test_a_flow_declares_whether_names_are_allowed_and_the_leadership_dialogue_allows_none() -> None:
    assert FLOWS["leadership"].allow_named is False
    assert FLOWS["well_being"].allow_named is True  # the default: a lead may choose
    text = (BUILTIN_DIR / "leadership.yaml").read_text(encoding="utf-8").replace("allow_named: false", "allow_named: 7")
    with pytest.raises(FlowError, match="allow_named"):
        parse_flow(text, "leadership.yaml")


@pytest.mark.parametrize("locale", ["en", "da"])
def test_the_campaign_plan_for_an_always_anonymous_concept_does_not_offer_names(locale: str) -> None:
    campaign = Campaign(
        id=1, flow_id="leadership", starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 20), created_by="UHR"
    )
    for flow_id, named in (("leadership", False), ("well_being", True)):
        view = plan_modal(locale, campaign, FLOWS[flow_id], "Physics", 3, ["U1"], NOW)
        mode = next(b for b in view["blocks"] if b.get("block_id") == "anonymous")
        assert [o["value"] for o in mode["element"]["options"]] == (["yes", "no"] if named else ["yes"])


def test_the_start_form_names_the_concepts_that_are_always_anonymous() -> None:
    mode = next(b for b in start_modal("en", FLOWS, NOW)["blocks"] if b.get("block_id") == "anonymous")
    assert mode["hint"]["text"].startswith("Always anonymous: Leadership Dialogue.")


def test_a_setup_with_names_for_the_leadership_dialogue_is_stored_anonymous_all_the_same(runtime: Runtime) -> None:
    """Below the form's refusal (bot.listeners.round.read_start), the service holds to it too: a set-up from
    anywhere — a stored draft, a campaign plan — cannot make a round about the lead named."""
    setup = rounds.Setup(
        flow_id="leadership",
        participants=["U1", "U2"],
        channel_id=None,
        deadline=runtime.clock.now() + timedelta(days=1),
        pacing="all_now",
        anonymous=False,
    )
    rnd = rounds.create(runtime, "UMGR", setup, "en", None)
    assert rnd is not None and rnd.anonymous is True
    named = rounds.create(runtime, "UMGR", rounds.Setup(**{**setup.__dict__, "flow_id": "well_being"}), "en", None)
    assert named is not None and named.anonymous is False


@pytest.mark.parametrize("locale", ["en", "da"])
def test_reminders_are_neutral_never_name_the_lead_and_carry_mute(locale: str) -> None:
    for flow in FLOWS.values():
        text, blocks = reminder_message(flow=flow, locale=locale, round_id=7, deadline=NOW)
        rendered = text + json.dumps(blocks)
        assert "<@" not in rendered and "U0" not in rendered
        assert "your lead" not in text.lower() and "din leder" not in text.lower()
        assert "would value" not in rendered and "sætte pris på" not in rendered
        assert ("up to you" if locale == "en" else "bestemmer du selv") in text
        assert "reminders_mute" in rendered


@pytest.mark.parametrize("state", ["open", "answered", "closed"])
def test_the_invitation_has_no_mute_button(state: str) -> None:
    for flow in FLOWS.values():
        _text, blocks = invite_message(
            flow=flow,
            locale="en",
            lead_id="U0",
            round_id=1,
            deadline=NOW,
            anonymous=True,
            threshold=5,
            paced=False,
            state=state,
        )
        assert "reminders_mute" not in json.dumps(blocks)


@pytest.mark.parametrize("locale", ["en", "da"])
def test_a_small_anonymous_round_is_told_why_the_threshold_protects_it_and_never_offered_names(locale: str) -> None:
    _text, blocks = status_message(
        flow=FLOWS["well_being"],
        locale=locale,
        round_id=1,
        deadline=NOW,
        anonymous=True,
        is_open=True,
        answered=0,
        invited=3,
        problems={},
        note=None,
        threshold=5,
    )
    rendered = json.dumps(blocks, ensure_ascii=False)
    assert "names" not in rendered and "navne" not in rendered and "med navn" not in rendered
    assert ("could be recognised" if locale == "en" else "kan enhvers svar genkendes") in rendered


def test_allow_named_is_policy_not_content_so_a_used_leadership_version_is_not_changed_by_it() -> None:
    """Version 1 stored before the field existed (allow_named then the default) is the same version now."""
    before = FLOWS["leadership"].model_copy(update={"allow_named": True})
    assert versions.digest(before) == versions.digest(FLOWS["leadership"])
    assert versions.changed_steps(before, FLOWS["leadership"]) == []
    assert "allow_named" not in versions.content(FLOWS["leadership"])

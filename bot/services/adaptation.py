"""A lead adapting a concept while planning a round: the set-up waits as a draft while the lead adapts and
previews; starting it creates the round with its adaptation, and the adaptation is kept as the unit's (or the
lead's) variant, offered the next time they plan this concept."""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict
from datetime import date, datetime
from typing import NotRequired, TypedDict

from bot.core.runtime import Runtime
from bot.services import rounds
from flows.adaptation import Adaptation, Draft, apply, check
from flows.model import Flow
from storage import flow_versions as store
from storage.models import Round


def _owners(lead_id: str, setup: rounds.Setup) -> list[str]:
    """Whose variant a round's adaptation is: its unit's in a campaign, and always its lead's."""
    return ([f"unit:{setup.unit_id}"] if setup.unit_id is not None else []) + [f"lead:{lead_id}"]


def begin(rt: Runtime, lead_id: str, setup: rounds.Setup, locale: str, team: str | None, submission: str | None) -> str:
    """Keep the set-up as a draft under a new key (the adaptation and preview forms carry only the key)."""
    key = secrets.token_urlsafe(24)
    setup_data = {k: (v.isoformat() if isinstance(v, datetime | date) else v) for k, v in asdict(setup).items()}
    content = {"setup": setup_data, "locale": locale, "team": team, "submission": submission}
    store.put_draft(rt.db, key, lead_id, json.dumps(content), rt.clock.now())
    return key


class StoredSetup(TypedDict):
    """rounds.Setup as `begin` stores it: its fields, dates as ISO text."""

    flow_id: str
    participants: list[str]
    channel_id: str | None
    deadline: str
    pacing: str
    anonymous: bool
    campaign_id: NotRequired[int | None]
    unit_id: NotRequired[int | None]
    meeting_on: NotRequired[str | None]


class StoredDraft(TypedDict):
    """The draft's JSON: the set-up, the lead's language, the workspace, the form's submission key and, once the
    lead adapted the questions, the adaptation."""

    setup: StoredSetup
    locale: str
    team: str | None
    submission: str | None
    adaptation: NotRequired[dict[str, object]]


def _load(rt: Runtime, key: str, lead_id: str) -> StoredDraft | None:
    raw = store.draft(rt.db, key, lead_id)
    if not raw:
        return None
    data: StoredDraft = json.loads(raw)  # written by `begin` and `adapt` below
    return data


def _setup(data: StoredDraft) -> rounds.Setup:
    s = data["setup"]
    meeting_on = s.get("meeting_on")
    return rounds.Setup(
        flow_id=s["flow_id"],
        participants=s["participants"],
        channel_id=s["channel_id"],
        deadline=datetime.fromisoformat(s["deadline"]),
        pacing=s["pacing"],
        anonymous=s["anonymous"],
        campaign_id=s.get("campaign_id"),
        unit_id=s.get("unit_id"),
        meeting_on=date.fromisoformat(meeting_on) if meeting_on else None,
    )


def flow_and_variant(rt: Runtime, key: str, lead_id: str) -> tuple[Flow, Adaptation | None, str] | None:
    """The concept being planned, what to offer (the draft's adaptation, else the saved variant) and the
    lead's language; None when the draft is gone (started already, or more than a day old)."""
    data = _load(rt, key, lead_id)
    if data is None:
        return None
    setup = _setup(data)
    flow = rt.flows[setup.flow_id]
    if data.get("adaptation"):
        return flow, Adaptation.model_validate(data["adaptation"]), data["locale"]
    saved = store.variant(rt.db, _owners(lead_id, setup), flow.id)
    return flow, Adaptation.model_validate_json(saved) if saved else None, data["locale"]


def adapt(rt: Runtime, key: str, lead_id: str, draft: Draft) -> tuple[Flow | None, dict[str, str]]:
    """Check the lead's adaptation and keep it with the draft. Returns the flow the team will answer (for the
    preview), or the problems by form field (error codes); (None, {}) when the draft is gone."""
    data = _load(rt, key, lead_id)
    if data is None:
        return None, {}
    base = rt.flows[data["setup"]["flow_id"]]
    adaptation, errors = check(base, draft)
    if adaptation is None:
        return None, errors
    data["adaptation"] = adaptation.model_dump(mode="json")
    store.put_draft(rt.db, key, lead_id, json.dumps(data), rt.clock.now())
    return apply(base, adaptation), {}


def start(rt: Runtime, key: str, lead_id: str) -> Round | None:
    """Create the round from the draft, once (a double click on *Start* finds the draft gone), and keep the
    adaptation as the variant for next time."""
    data = _load(rt, key, lead_id)
    if data is None or not store.drop_draft(rt.db, key):
        return None
    setup = _setup(data)
    adaptation = Adaptation.model_validate(data["adaptation"]) if data.get("adaptation") else None
    rnd = rounds.create(rt, lead_id, setup, data["locale"], data.get("team"), data.get("submission"), adaptation)
    if rnd is not None and adaptation is not None:
        for owner in _owners(lead_id, setup):
            store.save_variant(rt.db, owner, setup.flow_id, adaptation.model_dump_json(), rt.clock.now())
    return rnd

"""Delivery keys: the stable name each outgoing message is claimed under in the `delivery` table.

Built here and nowhere else, so a key's shape (and the prefixes that find a round's messages of one kind)
cannot drift between the code that sends and the code that counts, re-plans or forgets.
"""

from __future__ import annotations

from datetime import datetime

# Prefixes of a round's messages of one kind (deliveries.unfinished / sent_with_prefix take them).
INVITE = "invite:"
SUMMARY = "summary:"
CHART = "chart:"
ACTIONS = "actions:"


def kind(key: str) -> str:
    """What kind of message a key names ('invite', 'remind', 'summary', …), e.g. for counting sends."""
    return key.split(":", 1)[0]


def invite(round_id: int, user_id: str) -> str:
    return f"invite:{round_id}:{user_id}"


def invites_of(round_id: int) -> str:
    """The prefix of every invitation of one round."""
    return invite(round_id, "")


def status(round_id: int) -> str:
    return f"status:{round_id}"


def prompt(round_id: int, user_id: str, step_id: str) -> str:
    return f"prompt:{round_id}:{user_id}:{step_id}"


def remind(round_id: int, user_id: str, when: datetime) -> str:
    return f"remind:{round_id}:{user_id}:{int(when.timestamp())}"


def per_person_of(round_id: int) -> tuple[str, ...]:
    """The prefixes of a round's per-person sends that must not outlive it (they tell who was reminded)."""
    return f"remind:{round_id}:", f"prompt:{round_id}:"


def reminders_of(round_id: int, user_id: str) -> str:
    """The prefix of one person's reminders in one round (the cap counts them)."""
    return f"remind:{round_id}:{user_id}:"


def summary(round_id: int, part: int) -> str:
    return f"summary:{round_id}:{part}"


def chart(round_id: int) -> str:
    return f"chart:{round_id}"


def actions_ask(round_id: int) -> str:
    return f"actions:{round_id}"


def follow_up(round_id: int) -> str:
    return f"followup:{round_id}"


def announcement(workshop_id: int, user_id: str | None = None) -> str:
    """A workshop's announcement: in its channel, or one DM per invited person."""
    return f"announce:{workshop_id}" if user_id is None else f"announce:{workshop_id}:{user_id}"


def seat_message(workshop_id: int, user_id: str, seat_id: int, seat_status: str) -> str:
    return f"ws:{workshop_id}:{user_id}:{seat_id}:{seat_status}"


def workshop_reminder(workshop_id: int, user_id: str, kind: str, version: int) -> str:
    return f"wsremind:{workshop_id}:{user_id}:{kind}:{version}"


def workshop_cancelled(workshop_id: int, user_id: str) -> str:
    return f"wscancel:{workshop_id}:{user_id}"


def campaign_lead(campaign_id: int, unit_id: int, user_id: str, what: str) -> str:
    """A campaign's message to the person holding a unit: 'invite', 'remind', 'nudge-<day>'."""
    return f"campaign:{campaign_id}:{unit_id}:{user_id}:{what}"


def campaign_results(campaign_id: int, user_id: str, part: str) -> str:
    """Results of a campaign posted to someone who asked for them (text or heatmap), once a day at most."""
    return f"campaign-results:{campaign_id}:{user_id}:{part}"


def meeting(meeting_id: int, part: str) -> str:
    """A team meeting's own messages and calls: 'channel', 'invite', 'intro', 'facilitation', 'phase-<n>',
    'board-<topic>', 'card-<contribution>', 'record', 'record-note'."""
    return f"meeting:{meeting_id}:{part}"


def meeting_person(meeting_id: int, user_id: str, part: str) -> str:
    """A DM of a meeting to one of its people: 'closing' (how did it go?) or 'phase-<n>' (over a few days)."""
    return f"meeting-dm:{meeting_id}:{user_id}:{part}"

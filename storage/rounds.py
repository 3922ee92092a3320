"""Rounds, participants and responses: every write is a single conditional statement or transaction."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Row, bindparam, delete, func, insert, or_, select, text, update
from sqlalchemy.orm import Session
from sqlmodel import col

from flows import engine as fe
from storage import keys
from storage.db import Database, Statement, affected
from storage.models import Answer, Delivery, Participant, Planned, Response, Round, UTCDateTime
from storage.status import RoundStatus, SaveOutcome
from storage.submissions import claim_submission


def respondent_key(db: Database, rnd: Round, user_id: str) -> str:
    """The key that makes 'one answer per person' work: the user id, or in anonymous rounds an HMAC of it.

    The round's key is HMAC(ANSWER_KEY, salt): ANSWER_KEY lives in the environment, never in the database, so a
    copy of the database cannot link anyone to an answer even while the round is open; and the salt is deleted
    (and scrubbed from the files) at close, so afterwards nobody — not even someone holding both — can.
    """
    return _respondent(db, rnd.anonymous, rnd.salt, rnd.secret, user_id)


def _respondent(db: Database, anonymous: bool, salt: str | None, secret: str | None, user_id: str) -> str:
    if not anonymous:
        return user_id
    if secret:  # a round opened before the key moved out of the database
        round_key = bytes.fromhex(secret)
    elif salt:
        if db.answer_key is None:
            raise RuntimeError("anonymous answers need ANSWER_KEY (or SLACK_SIGNING_SECRET) in the environment")
        round_key = hmac.new(db.answer_key, bytes.fromhex(salt), hashlib.sha256).digest()
    else:
        raise ValueError("an anonymous round's key is gone once it is closed")
    return hmac.new(round_key, user_id.encode(), hashlib.sha256).hexdigest()


# Something that must hold for a new round to be created, checked in its transaction with the round's id.
Claim = Callable[[Session, int], bool]


def create_round(
    db: Database,
    *,
    flow_id: str,
    flow_version: int,
    lead_id: str,
    participants: list[str],
    deadline: datetime,
    pacing: str,
    anonymous: bool,
    locale: str,
    now: datetime,
    team_id: str | None = None,
    channel_id: str | None = None,
    parent_id: int | None = None,
    submission: str | None = None,
    campaign_id: int | None = None,
    unit_id: int | None = None,
    claim: Claim | None = None,
    adaptation: str | None = None,
) -> Round | None:
    """A new round and its participants, in one transaction. With `submission` (the form's key), a second
    creation from the same submission — a replay or a retry — creates nothing and returns None. `claim` runs in
    the same transaction with the new round's id (a campaign unit taking it): when it says no, nothing is
    created and the answer is None."""
    rnd = Round(
        flow_id=flow_id,
        flow_version=flow_version,
        lead_id=lead_id,
        team_id=team_id,
        channel_id=channel_id,
        anonymous=anonymous,
        pacing=pacing,
        locale=locale,
        deadline=deadline,
        created_at=now,
        salt=secrets.token_hex(32) if anonymous else None,
        parent_id=parent_id,
        campaign_id=campaign_id,
        unit_id=unit_id,
        adaptation=adaptation,
    )
    with db.session() as s:
        if submission is not None and not claim_submission(s, submission, now):
            return None
        s.add(rnd)
        s.flush()
        assert rnd.id is not None
        if claim is not None and not claim(s, rnd.id):
            s.rollback()
            return None
        people = [{"round_id": rnd.id, "user_id": uid} for uid in dict.fromkeys(participants)]
        if people:
            s.execute(insert(Participant), people)  # one executemany: a round can invite hundreds
        s.commit()
    return rnd


def remove_participants(db: Database, round_id: int, user_ids: list[str]) -> None:
    """Take people out of a round before anything was sent to them (deactivated in Slack)."""
    with db.session() as s:
        s.execute(
            delete(Participant).where(col(Participant.round_id) == round_id, col(Participant.user_id).in_(user_ids))
        )
        s.commit()


def add_participants(db: Database, round_id: int, user_ids: list[str]) -> int:
    """Add people not yet in the round; returns how many were new. Safe to call again."""
    with db.session() as s:
        have = set(s.execute(select(col(Participant.user_id)).where(col(Participant.round_id) == round_id)).scalars())
        new = [u for u in dict.fromkeys(user_ids) if u not in have]
        for uid in new:
            s.add(Participant(round_id=round_id, user_id=uid))
        s.commit()
    return len(new)


_ROUND = select(Round.__table__).where(Round.__table__.c.id == bindparam("round_id"))  # type: ignore[attr-defined]


def get_round(db: Database, round_id: int) -> Round | None:
    """The round as a read-only row with the Round's columns as attributes: the sweep reads rounds by the
    thousand, and loading ORM objects cost three times the query."""
    with db.engine.connect() as c:
        return c.execute(_ROUND, {"round_id": round_id}).first()  # type: ignore[return-value]


def participant_ids(db: Database, round_id: int) -> list[str]:
    with db.session() as s:
        q = select(col(Participant.user_id)).where(col(Participant.round_id) == round_id).order_by(col(Participant.id))
        return list(s.execute(q).scalars())


_PARTICIPANTS = text("SELECT user_id, answered, muted FROM participant WHERE round_id = :round_id ORDER BY id").columns(
    answered=Boolean(), muted=Boolean()
)


_PARTICIPATIONS = (
    text(
        "SELECT round_id, user_id, answered, muted FROM participant "
        "WHERE round_id IN :round_ids AND user_id IN :user_ids"
    )
    .bindparams(bindparam("round_ids", expanding=True), bindparam("user_ids", expanding=True))
    .columns(answered=Boolean(), muted=Boolean())
)


def participations(db: Database, round_ids: list[int], user_ids: list[str]) -> dict[tuple[int, str], Row[Any]]:
    """(round_id, user_id, answered, muted) of these people in these rounds, by (round_id, user_id), in one
    query (the sweep asks for a batch of sends at once). At most 500 user ids."""
    if not round_ids or not user_ids:
        return {}
    params = {"round_ids": list(dict.fromkeys(round_ids)), "user_ids": list(dict.fromkeys(user_ids))}
    with db.engine.connect() as c:
        return {(row.round_id, row.user_id): row for row in c.execute(_PARTICIPATIONS, params)}


def participants(db: Database, round_id: int) -> list[Row[Any]]:
    """(user_id, answered, muted) of everyone in the round, in the order they were added."""
    with db.engine.connect() as c:
        return list(c.execute(_PARTICIPANTS, {"round_id": round_id}))


def participant(db: Database, round_id: int, user_id: str) -> Participant | None:
    with db.session() as s:
        q = select(Participant).where(col(Participant.round_id) == round_id, col(Participant.user_id) == user_id)
        return s.execute(q).scalars().first()


def mute(db: Database, round_id: int, user_id: str) -> bool:
    with db.session() as s:
        n = affected(
            s.execute(
                update(Participant)
                .where(col(Participant.round_id) == round_id, col(Participant.user_id) == user_id)
                .values(muted=True)
            )
        )
        s.commit()
        return bool(n)


def claim_remind_day(db: Database, round_id: int, today: date) -> bool:
    """The lead's 'remind now' works once a day: True for the first press of the day."""
    with db.session() as s:
        n = affected(
            s.execute(
                update(Round)
                .where(col(Round.id) == round_id, or_(col(Round.remind_day).is_(None), col(Round.remind_day) != today))
                .values(remind_day=today)
            )
        )
        s.commit()
        return bool(n)


def extend(db: Database, round_id: int, deadline: datetime) -> bool:
    with db.session() as s:
        n = affected(
            s.execute(
                update(Round)
                .where(col(Round.id) == round_id, col(Round.status) == RoundStatus.OPEN)
                .values(deadline=deadline, status_dirty=True)
            )
        )
        s.commit()
        return bool(n)


def is_participant(db: Database, round_id: int, user_id: str) -> bool:
    with db.session() as s:
        q = select(col(Participant.id)).where(
            col(Participant.round_id) == round_id, col(Participant.user_id) == user_id
        )
        return s.execute(q).first() is not None


# Once retention has removed a round's participants, its counts live on the round itself.
_COUNTS = text(
    "SELECT r.id, CASE WHEN r.invited_count IS NULL THEN (SELECT count(*) FROM participant p WHERE p.round_id = r.id "
    "AND p.answered) ELSE coalesce(r.answered_count, 0) END AS answered, "
    "coalesce(r.invited_count, (SELECT count(*) FROM participant p WHERE p.round_id = r.id)) AS invited "
    "FROM round r WHERE r.id IN :round_ids"
).bindparams(bindparam("round_ids", expanding=True))


def counts(db: Database, round_id: int) -> tuple[int, int]:
    """(answered, invited) — the only participation figures anyone sees; kept as numbers on the round once
    retention has removed the participant rows. The lead's status asks for them at every refresh."""
    return counts_of(db, [round_id]).get(round_id, (0, 0))


def counts_of(db: Database, round_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(answered, invited) of many rounds in one query (a campaign's progress over hundreds of units)."""
    if not round_ids:
        return {}
    with db.engine.connect() as c:
        return {int(r.id): (int(r.answered), int(r.invited)) for r in c.execute(_COUNTS, {"round_ids": round_ids})}


def _existing_answers(s: Session, response_id: int) -> dict[str, Answer]:
    return {a.step_id: a for a in s.execute(select(Answer).where(col(Answer.response_id) == response_id)).scalars()}


def _response_of(db: Database, s: Session, rnd: Round, user_id: str) -> Response | None:
    key = respondent_key(db, rnd, user_id)
    q = select(Response).where(col(Response.round_id) == rnd.id, col(Response.respondent) == key)
    return s.execute(q).scalars().first()


# Storing an answer in plain SQL on the driver's cursor (a burst of answers near a deadline is the busiest
# write the bot has). The round row is touched first: that checks it is still open and locks it, so a close
# cannot slip between the check and the write. Upserts make a second submission a replacement, never a
# duplicate.
_TOUCH_OPEN = Statement(
    f"UPDATE round SET status_dirty = true WHERE id = :round_id AND status = '{RoundStatus.OPEN}' AND deadline > :now "
    "RETURNING anonymous, salt, secret",
    now=UTCDateTime(),
)
_MARK_ANSWERED = Statement(
    "UPDATE participant SET answered = true WHERE round_id = :round_id AND user_id = :user_id RETURNING id"
)
_RESPONSE = Statement(
    "INSERT INTO response (round_id, respondent, user_id) VALUES (:round_id, :respondent, :user_id) "
    "ON CONFLICT (round_id, respondent) DO UPDATE SET respondent = excluded.respondent RETURNING id"
)
_ANSWER = Statement(
    "INSERT INTO answer (response_id, step_id, rating, text, declined) "
    "VALUES (:response_id, :step_id, :rating, :text, :declined) "
    "ON CONFLICT (response_id, step_id) DO UPDATE SET rating = excluded.rating, text = excluded.text, "
    "declined = excluded.declined"
)


def save_response(db: Database, round_id: int, user_id: str, answers: list[fe.Answer], now: datetime) -> SaveOutcome:
    """Store (or replace) a participant's answers: STORED, or CLOSED / NOT_PARTICIPANT and nothing written."""
    with db.writing() as c, c.begin() as tx:
        touched = _TOUCH_OPEN.run(c, {"round_id": round_id, "now": now})
        if not touched:
            tx.rollback()
            return SaveOutcome.CLOSED
        if not _MARK_ANSWERED.run(c, {"round_id": round_id, "user_id": user_id}):
            tx.rollback()
            return SaveOutcome.NOT_PARTICIPANT
        anonymous, salt, secret = bool(touched[0][0]), touched[0][1], touched[0][2]
        respondent = _respondent(db, anonymous, salt, secret, user_id)
        response = _RESPONSE.run(
            c, {"round_id": round_id, "respondent": respondent, "user_id": None if anonymous else user_id}
        )
        if answers:
            rows = [
                {
                    "response_id": response[0][0],
                    "step_id": a.step_id,
                    "rating": a.rating,
                    "text": a.text,
                    "declined": a.declined,
                }
                for a in answers
            ]
            _ANSWER.run(c, rows)
    return SaveOutcome.STORED


def my_answers(db: Database, round_id: int, user_id: str) -> dict[str, fe.Answer]:
    """A participant's own current answers (to pre-fill the form); empty once an anonymous round closed."""
    with db.session() as s:
        rnd = s.get(Round, round_id)
        if rnd is None or (rnd.anonymous and not (rnd.salt or rnd.secret)):
            return {}
        resp = _response_of(db, s, rnd, user_id)
        if resp is None:
            return {}
        return {
            a.step_id: fe.Answer(a.step_id, a.rating, a.text, a.declined)
            for a in _existing_answers(s, resp.id).values()  # type: ignore[arg-type]
        }


# The tables a close changes in ways that must not stay readable in the files (Database.scrub).
SCRUBBED_AT_CLOSE = ("round", "participant", "response", "answer", "delivery", "planned")


def freeze_counts(s: Session, round_ids: list[int]) -> None:
    """Keep each round's participation as numbers, before per-person rows are reset or removed."""
    for rid in round_ids:
        invited, answered = s.execute(
            select(
                func.count(col(Participant.id)), func.count(col(Participant.id)).filter(col(Participant.answered))
            ).where(col(Participant.round_id) == rid)
        ).one()
        s.execute(
            update(Round)
            .where(col(Round.id) == rid, col(Round.invited_count).is_(None))
            .values(invited_count=invited, answered_count=answered)
        )


def close_round(db: Database, round_id: int, now: datetime, scrub: bool = True) -> bool:
    """Close once: True only for the caller that actually closed it.

    In the same transaction, what could single someone out afterwards goes: the round's key (salt), who
    answered (participation is kept as numbers), each person's reminder and paced-theme records and planned
    sends, and the order of the answers (responses get new ids in random order and random respondent keys).
    Then the files are scrubbed (Database.scrub), so no older copy of those rows stays readable — or, with
    `scrub=False`, the caller closing a batch runs one `scrub_closed` after the batch (and must)."""
    with db.session() as s:
        won = affected(
            s.execute(
                update(Round)
                .where(col(Round.id) == round_id, col(Round.status) == RoundStatus.OPEN)
                .values(status=RoundStatus.CLOSED, closed_at=now, salt=None, secret=None, status_dirty=True)
            )
        )
        if not won:
            s.rollback()
            return False
        freeze_counts(s, [round_id])
        anonymous = s.execute(select(col(Round.anonymous)).where(col(Round.id) == round_id)).scalar_one()
        if anonymous:
            s.execute(
                update(Participant).where(col(Participant.round_id) == round_id).values(answered=False, muted=False)
            )
            _shuffle_responses(s, round_id)
        per_person = or_(*(col(Delivery.key).startswith(p, autoescape=True) for p in keys.per_person_of(round_id)))
        s.execute(delete(Delivery).where(col(Delivery.round_id) == round_id, per_person))
        s.execute(delete(Planned).where(col(Planned.round_id) == round_id))
        s.commit()
    if scrub:
        scrub_closed(db)
    return True


def scrub_closed(db: Database) -> None:
    """Scrub what closing rounds removed (after one close, or once after a batch of them)."""
    db.scrub(SCRUBBED_AT_CLOSE, rewrite=("round",))


def _shuffle_responses(s: Session, round_id: int) -> None:
    """New response rows, in random order with random respondent keys, for a closed anonymous round: neither
    the ids nor the keys say any more in what order people answered, or who."""
    old = [i for i in s.execute(select(col(Response.id)).where(col(Response.round_id) == round_id)).scalars() if i]
    secrets.SystemRandom().shuffle(old)
    for response_id in old:
        fresh = Response(round_id=round_id, respondent=secrets.token_hex(32), user_id=None)
        s.add(fresh)
        s.flush()
        s.execute(update(Answer).where(col(Answer.response_id) == response_id).values(response_id=fresh.id))
        s.execute(delete(Response).where(col(Response.id) == response_id))


def responses(db: Database, round_id: int) -> list[tuple[str | None, list[fe.Answer]]]:
    """All responses of a round as (author or None, answers) for the engine's summary."""
    with db.session() as s:
        rows = s.execute(
            select(
                col(Response.id),
                col(Response.user_id),
                col(Answer.step_id),
                col(Answer.rating),
                col(Answer.text),
                col(Answer.declined),
            )
            .join(Answer, col(Answer.response_id) == col(Response.id))
            .where(col(Response.round_id) == round_id)
            .order_by(col(Response.id), col(Answer.id))
        ).all()
    grouped: dict[int | None, tuple[str | None, list[fe.Answer]]] = {}
    for rid, uid, step_id, rating, words, declined in rows:
        grouped.setdefault(rid, (uid, []))[1].append(fe.Answer(step_id, rating, words, bool(declined)))
    return list(grouped.values())


def rating_counts(db: Database, round_ids: list[int]) -> dict[int, dict[str, dict[int, int]]]:
    """How many gave each rating to each step, per round, in one query (results across hundreds of units):
    round id → step id → rating → count. Counts only: nothing here says who. *Rather not say* is not a
    rating (its rating is NULL): it is in none of these counts."""
    out: dict[int, dict[str, dict[int, int]]] = {rid: {} for rid in round_ids}
    if not round_ids:
        return out
    with db.session() as s:
        q = (
            select(col(Response.round_id), col(Answer.step_id), col(Answer.rating), func.count())
            .join(Answer, col(Answer.response_id) == col(Response.id))
            .where(col(Response.round_id).in_(round_ids), col(Answer.rating).is_not(None))
            .group_by(col(Response.round_id), col(Answer.step_id), col(Answer.rating))
        )
        for rid, step_id, rating, n in s.execute(q):
            if rating is not None:
                out[rid].setdefault(step_id, {})[rating] = n
    return out


def due_round_ids(db: Database, now: datetime) -> list[int]:
    with db.session() as s:
        q = (
            select(col(Round.id))
            .where(col(Round.status) == RoundStatus.OPEN, col(Round.deadline) <= now)
            .order_by(col(Round.deadline))
        )
        return [i for i in s.execute(q).scalars() if i is not None]


def rounds_where(db: Database, *conditions: ColumnElement[bool]) -> list[Round]:
    with db.session() as s:
        return list(s.execute(select(Round).where(*conditions).order_by(col(Round.id))).scalars())


def open_rounds_of(db: Database, lead_id: str) -> list[Round]:
    return rounds_where(db, col(Round.lead_id) == lead_id, col(Round.status) == RoundStatus.OPEN)


_TAKE_ALL_DIRTY = text("UPDATE round SET status_dirty = false WHERE status_dirty RETURNING id")


def take_all_dirty(db: Database) -> list[int]:
    """Clear every 'status message needs refresh' flag at once; the ids of the rounds that had it."""
    with db.engine.begin() as c:
        return sorted(c.execute(_TAKE_ALL_DIRTY).scalars())


def mark_open_dirty(db: Database) -> int:
    """Every open round's status message needs a refresh: what a scheduler does when it takes over, since a
    sweep that died after `take_all_dirty` left the statuses it had taken unrefreshed. Returns how many."""
    with db.engine.begin() as c:
        return affected(c.execute(update(Round).where(col(Round.status) == RoundStatus.OPEN).values(status_dirty=True)))


def mark_dirty(db: Database, round_id: int) -> None:
    """The lead's status message needs a refresh (the sweep takes the flag)."""
    with db.engine.begin() as c:
        c.execute(update(Round).where(col(Round.id) == round_id).values(status_dirty=True))


def take_dirty(db: Database, round_id: int) -> bool:
    """Clear the 'status message needs refresh' flag; True if it was set (so only one refresher acts)."""
    with db.session() as s:
        n = affected(
            s.execute(
                update(Round).where(col(Round.id) == round_id, col(Round.status_dirty)).values(status_dirty=False)
            )
        )
        s.commit()
        return bool(n)


def mark_done(db: Database, round_id: int, what: str, now: datetime) -> None:
    """Record that the invitations ('invited_at') or the summary ('summarised_at') are all out."""
    column = {"invited": col(Round.invited_at), "summarised": col(Round.summarised_at)}[what]
    with db.session() as s:
        s.execute(update(Round).where(col(Round.id) == round_id, column.is_(None)).values({column: now}))
        s.commit()


def set_note(db: Database, round_id: int, note: str | None) -> None:
    with db.session() as s:
        s.execute(update(Round).where(col(Round.id) == round_id).values(note=note, status_dirty=True))
        s.commit()


def open_rounds_with(db: Database, user_id: str) -> list[Round]:
    """Open rounds this person takes part in."""
    with db.session() as s:
        q = (
            select(Round)
            .join(Participant, col(Participant.round_id) == col(Round.id))
            .where(col(Participant.user_id) == user_id, col(Round.status) == RoundStatus.OPEN)
            .order_by(col(Round.id))
        )
        return list(s.execute(q).scalars())


def delete_response(db: Database, round_id: int, user_id: str) -> int:
    """Delete this person's answer to an open round (their right to take it back). Returns answers deleted."""
    with db.session() as s:
        rnd = s.get(Round, round_id)
        if rnd is None or rnd.status != RoundStatus.OPEN:
            return 0
        resp = _response_of(db, s, rnd, user_id)
        if resp is None:
            return 0
        n = affected(s.execute(delete(Answer).where(col(Answer.response_id) == resp.id)))
        s.delete(resp)
        s.execute(
            update(Participant)
            .where(col(Participant.round_id) == round_id, col(Participant.user_id) == user_id)
            .values(answered=False)
        )
        s.execute(update(Round).where(col(Round.id) == round_id).values(status_dirty=True))
        s.commit()
        return n


def mark_answered(db: Database, round_id: int, user_id: str) -> None:
    with db.session() as s:
        s.execute(
            update(Participant)
            .where(col(Participant.round_id) == round_id, col(Participant.user_id) == user_id)
            .values(answered=True)
        )
        s.execute(update(Round).where(col(Round.id) == round_id).values(status_dirty=True))
        s.commit()


def rounds_led_by(db: Database, lead_id: str, closed_only: bool = False) -> list[Round]:
    """A lead's rounds, newest first (the dashboard lists them)."""
    with db.session() as s:
        q = select(Round).where(col(Round.lead_id) == lead_id).order_by(col(Round.id).desc())
        if closed_only:
            q = q.where(col(Round.status) == RoundStatus.CLOSED)
        return list(s.execute(q).scalars())

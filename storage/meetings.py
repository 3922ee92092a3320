"""Team meetings: the meeting and its agenda, contributions, and votes kept within each person's limit.

Anonymity as for answers (storage.rounds): a person's ballot and votes are filed under
HMAC(HMAC(ANSWER_KEY, salt), user id), the key in the environment and the salt in the meeting row. At the end
the salt is deleted, the votes become counts on their contributions, the ballots and votes are deleted and the
files scrubbed: nothing left links an anonymous contribution or a vote to anyone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from storage.db import Database, Statement, affected
from storage.models import Action, Ballot, Contribution, Meeting, MeetingMember, Topic, UTCDateTime, Vote
from storage.status import MeetingMode, MeetingRecord, MeetingStatus, VoteResult
from storage.submissions import claim_submission

RUNNING, ENDED = MeetingStatus.RUNNING, MeetingStatus.ENDED
LIVE, DAYS = MeetingMode.LIVE, MeetingMode.DAYS
SCRUBBED_AT_END = ("meeting", "contribution", "ballot", "vote", "submission")
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def voter_key(db: Database, salt: str | None, user_id: str) -> str:
    """A person's key in one running meeting; unknowable without both ANSWER_KEY and the meeting's salt."""
    if not salt:
        raise ValueError("a meeting's key is gone once it has ended")
    if db.answer_key is None:
        raise RuntimeError("anonymous contributions need ANSWER_KEY (or SLACK_SIGNING_SECRET) in the environment")
    meeting_key = hmac.new(db.answer_key, bytes.fromhex(salt), hashlib.sha256).digest()
    return hmac.new(meeting_key, user_id.encode(), hashlib.sha256).hexdigest()


def create(
    db: Database,
    *,
    round_id: int,
    lead_id: str,
    facilitator_id: str | None,
    mode: MeetingMode,
    channel_id: str | None,
    locale: str,
    steps: list[str],
    members: list[str],
    minutes: int,
    votes: int,
    review_round_id: int | None,
    schedule: list[datetime] | None,
    now: datetime,
    submission: str | None = None,
    first_ends: datetime | None = None,
) -> Meeting | None:
    """A meeting with its agenda and members, in one transaction; None when the round has one already (or this
    submission made it)."""
    m = Meeting(
        round_id=round_id,
        lead_id=lead_id,
        facilitator_id=facilitator_id,
        mode=mode,
        channel_id=channel_id,
        new_channel=channel_id is None,
        locale=locale,
        phase=0,
        phase_started_at=now,
        phase_ends_at=schedule[0] if schedule else first_ends,
        minutes=minutes,
        schedule=json.dumps([s.isoformat() for s in schedule]) if schedule else None,
        votes=votes,
        review_round_id=review_round_id,
        salt=secrets.token_hex(32),
        created_at=now,
    )
    with db.session() as s:
        if submission is not None and not claim_submission(s, submission, now):
            return None
        s.add(m)
        try:
            s.flush()
        except IntegrityError:
            s.rollback()
            return None
        assert m.id is not None
        s.execute(insert(Topic), [{"meeting_id": m.id, "position": i, "step_id": st} for i, st in enumerate(steps)])
        people = [{"meeting_id": m.id, "user_id": u} for u in dict.fromkeys(members)]
        if people:
            s.execute(insert(MeetingMember), people)
        s.commit()
    return m


def get(db: Database, meeting_id: int) -> Meeting | None:
    with db.session() as s:
        return s.get(Meeting, meeting_id)


def of_round(db: Database, round_id: int) -> Meeting | None:
    with db.session() as s:
        return s.execute(select(Meeting).where(col(Meeting.round_id) == round_id)).scalars().first()


def of_rounds(db: Database, round_ids: list[int]) -> dict[int, Meeting]:
    if not round_ids:
        return {}
    with db.session() as s:
        return {m.round_id: m for m in s.execute(select(Meeting).where(col(Meeting.round_id).in_(round_ids))).scalars()}


def running(db: Database) -> list[Meeting]:
    with db.session() as s:
        return list(
            s.execute(select(Meeting).where(col(Meeting.status) == RUNNING).order_by(col(Meeting.id))).scalars()
        )


def ended_unfinished(db: Database) -> list[Meeting]:
    """Ended meetings whose record or closing question has not gone out yet (the sweep finishes them)."""
    with db.session() as s:
        q = select(Meeting).where(
            col(Meeting.status) == ENDED, (col(Meeting.record).is_(None)) | (col(Meeting.asked_at).is_(None))
        )
        return list(s.execute(q).scalars())


def members(db: Database, meeting_id: int) -> list[str]:
    with db.session() as s:
        q = select(col(MeetingMember.user_id)).where(col(MeetingMember.meeting_id) == meeting_id)
        return list(s.execute(q.order_by(col(MeetingMember.id))).scalars())


# The checks in front of every click and form of a running meeting: one indexed SELECT each on the driver's
# cursor (through the ORM a lookup costs several times the query).
_MEMBER = Statement("SELECT 1 FROM meeting_member WHERE meeting_id = :m AND user_id = :u")
_VOTER = Statement(
    "SELECT 1 FROM contribution c JOIN meeting_member mm ON mm.meeting_id = c.meeting_id "
    "WHERE c.id = :c AND mm.user_id = :u"
)
_LOCALE = Statement("SELECT locale FROM meeting WHERE id = :m AND status = 'running'")


def _one(db: Database, statement: Statement, params: dict[str, object]) -> tuple[Any, ...] | None:
    """The first row of a read, on a pooled connection's own cursor."""
    with db.engine.connect() as c:
        rows = statement.run(c, params)
    return rows[0] if rows else None


def is_member(db: Database, meeting_id: int, user_id: str) -> bool:
    return _one(db, _MEMBER, {"m": meeting_id, "u": user_id}) is not None


def may_vote(db: Database, contribution_id: int, user_id: str) -> bool:
    """Whether the contribution exists and `user_id` was invited to its meeting."""
    return _one(db, _VOTER, {"c": contribution_id, "u": user_id}) is not None


def running_locale(db: Database, meeting_id: int) -> str | None:
    """A running meeting's language (what an anonymous contribution is masked in); None when it is not running."""
    row = _one(db, _LOCALE, {"m": meeting_id})
    return str(row[0]) if row is not None else None


def topics(db: Database, meeting_id: int) -> list[Topic]:
    with db.session() as s:
        q = select(Topic).where(col(Topic.meeting_id) == meeting_id).order_by(col(Topic.position))
        return list(s.execute(q).scalars())


def topic(db: Database, topic_id: int) -> Topic | None:
    with db.session() as s:
        return s.get(Topic, topic_id)


def topic_by_thread(db: Database, channel: str, ts: str) -> Topic | None:
    with db.session() as s:
        q = select(Topic).where(col(Topic.channel) == channel, col(Topic.ts) == ts)
        return s.execute(q).scalars().first()


def set_thread(db: Database, topic_id: int, channel: str, ts: str) -> None:
    with db.session() as s:
        s.execute(update(Topic).where(col(Topic.id) == topic_id).values(channel=channel, ts=ts))
        s.commit()


def set_channel(db: Database, meeting_id: int, channel_id: str) -> bool:
    """The meeting's new private channel, once: True for the caller that set it."""
    with db.session() as s:
        n = affected(
            s.execute(
                update(Meeting)
                .where(col(Meeting.id) == meeting_id, col(Meeting.channel_id).is_(None))
                .values(channel_id=channel_id)
            )
        )
        s.commit()
        return bool(n)


def move(
    db: Database, meeting_id: int, expected: int, to: int, now: datetime, ends_at: datetime | None
) -> Meeting | None:
    """Go from phase `expected` to phase `to`: a conditional UPDATE, so two facilitators clicking Next at once
    move the meeting one phase, not two. None when the meeting was no longer at `expected` (or has ended)."""
    with db.session() as s:
        n = affected(
            s.execute(
                update(Meeting)
                .where(col(Meeting.id) == meeting_id, col(Meeting.status) == RUNNING, col(Meeting.phase) == expected)
                .values(phase=to, phase_started_at=now, phase_ends_at=ends_at, version=col(Meeting.version) + 1)
            )
        )
        s.commit()
    return get(db, meeting_id) if n else None


def extend(db: Database, meeting_id: int, expected: int, ends_at: datetime) -> bool:
    with db.session() as s:
        n = affected(
            s.execute(
                update(Meeting)
                .where(col(Meeting.id) == meeting_id, col(Meeting.status) == RUNNING, col(Meeting.phase) == expected)
                .values(phase_ends_at=ends_at, version=col(Meeting.version) + 1)
            )
        )
        s.commit()
        return bool(n)


_PRESENT = Statement("INSERT INTO ballot (meeting_id, voter, used) VALUES (:m, :v, 0) ON CONFLICT DO NOTHING")
_TOPIC_OPEN = Statement(
    "SELECT m.salt FROM meeting m JOIN meeting_topic t ON t.meeting_id = m.id "
    "WHERE m.id = :m AND t.id = :t AND m.status = 'running'"
)
_CLAIM = Statement(
    "INSERT INTO submission (key, at) VALUES (:k, :at) ON CONFLICT DO NOTHING RETURNING key", at=UTCDateTime()
)
_CONTRIBUTE = Statement(
    "INSERT INTO contribution (meeting_id, topic_id, author, text, ts, hidden, votes) "
    "VALUES (:m, :t, :a, :x, :ts, false, 0) ON CONFLICT DO NOTHING RETURNING id"
)


def add_contribution(
    db: Database,
    meeting_id: int,
    topic_id: int,
    user_id: str,
    text_: str,
    *,
    named: bool,
    ts: str | None = None,
    submission: str | None = None,
) -> Contribution | None:
    """A contribution to a running meeting's theme; anonymous ones keep neither author nor time. None when the
    meeting is not running, the theme is not its own, or this submission (or reply) was stored before.

    One short transaction on the write lock (a burst of thoughts queues on it rather than on SQLite's busy
    handler, which sleeps and polls), committed before the form closes."""
    with db.writing() as c, c.begin() as tx:
        found = _TOPIC_OPEN.run(c, {"m": meeting_id, "t": topic_id})
        if not found or found[0][0] is None:
            tx.rollback()
            return None
        # Remembered without the time it was made: the order of anonymous contributions says nothing either.
        if submission is not None and not _CLAIM.run(c, {"k": submission, "at": EPOCH}):
            tx.rollback()
            return None
        author = user_id if named else None
        made = _CONTRIBUTE.run(c, {"m": meeting_id, "t": topic_id, "a": author, "x": text_, "ts": ts})
        if not made:  # the same reply delivered twice
            tx.rollback()
            return None
        _PRESENT.run(c, {"m": meeting_id, "v": voter_key(db, found[0][0], user_id)})
    return Contribution(id=int(made[0][0]), meeting_id=meeting_id, topic_id=topic_id, author=author, text=text_, ts=ts)


def contribution(db: Database, contribution_id: int) -> Contribution | None:
    with db.session() as s:
        return s.get(Contribution, contribution_id)


def contributions(db: Database, meeting_id: int, with_hidden: bool = False) -> list[Contribution]:
    with db.session() as s:
        q = select(Contribution).where(col(Contribution.meeting_id) == meeting_id)
        if not with_hidden:
            q = q.where(col(Contribution.hidden).is_(False))
        return list(s.execute(q.order_by(col(Contribution.id))).scalars())


def hide(db: Database, contribution_id: int) -> bool:
    """Hide a contribution; its votes go back to whoever gave them, without anyone learning who."""
    with db.writing() as c, c.begin():
        meeting_id = c.execute(
            select(col(Contribution.meeting_id)).where(
                col(Contribution.id) == contribution_id, col(Contribution.hidden).is_(False)
            )
        ).scalar_one_or_none()
        if meeting_id is None:
            return False
        c.execute(update(Contribution).where(col(Contribution.id) == contribution_id).values(hidden=True))
        for voter in (
            c.execute(delete(Vote).where(col(Vote.contribution_id) == contribution_id).returning(col(Vote.voter)))
            .scalars()
            .all()
        ):
            _GIVE_BACK.run(c, {"m": meeting_id, "v": voter})
        return True


@dataclass(frozen=True)
class VoteOutcome:
    """What a click on a contribution did, the votes left, and the meeting's id and votes per person (None and 0
    when closed)."""

    result: VoteResult
    left: int
    meeting_id: int | None = None
    votes: int = 0


_TAKE_VOTE = Statement(
    "UPDATE ballot SET used = used + 1 WHERE meeting_id = :m AND voter = :v AND used < :limit RETURNING used"
)
_GIVE_BACK = Statement("UPDATE ballot SET used = used - 1 WHERE meeting_id = :m AND voter = :v RETURNING used")
_UNVOTE = Statement("DELETE FROM vote WHERE contribution_id = :c AND voter = :v RETURNING id")
_VOTE = Statement(
    "INSERT INTO vote (meeting_id, contribution_id, voter) VALUES (:m, :c, :v) "
    "ON CONFLICT (contribution_id, voter) DO NOTHING RETURNING id"
)
_OPEN = Statement(
    "SELECT m.id, m.salt, m.votes FROM meeting m JOIN contribution c ON c.meeting_id = m.id "
    f"WHERE c.id = :c AND m.status = '{RUNNING}' AND NOT c.hidden"
)


def toggle_vote(db: Database, meeting_id: int, contribution_id: int, user_id: str) -> VoteOutcome:
    """A vote on a contribution of meeting `meeting_id`, or taking it back (see `vote`)."""
    return vote(db, contribution_id, user_id, meeting_id)


def vote(db: Database, contribution_id: int, user_id: str, meeting_id: int | None = None) -> VoteOutcome:
    """A vote on a contribution, or taking it back, in one transaction that finds the contribution's running
    meeting itself (of `meeting_id` only, when given). One person never holds more than the meeting's votes,
    from any number of clicks at once: the ballot's conditional UPDATE takes one of them, and on PostgreSQL a
    second transaction waits on its row and finds the limit reached."""
    with db.writing() as c, c.begin() as tx:
        found = _OPEN.run(c, {"c": contribution_id})
        if not found or (meeting_id is not None and found[0][0] != meeting_id):
            tx.rollback()
            return VoteOutcome(VoteResult.CLOSED, 0)
        mid, salt, limit = int(found[0][0]), found[0][1], int(found[0][2])
        v = voter_key(db, salt, user_id)
        _PRESENT.run(c, {"m": mid, "v": v})
        if _UNVOTE.run(c, {"c": contribution_id, "v": v}):
            used = _GIVE_BACK.run(c, {"m": mid, "v": v})[0][0]
            return VoteOutcome(VoteResult.REMOVED, limit - used, mid, limit)
        took = _TAKE_VOTE.run(c, {"m": mid, "v": v, "limit": limit})
        if not took:
            tx.rollback()
            return VoteOutcome(VoteResult.NONE_LEFT, 0, mid, limit)
        if not _VOTE.run(c, {"m": mid, "c": contribution_id, "v": v}):
            tx.rollback()  # the same click twice at once: the other one counted it
            return VoteOutcome(VoteResult.COUNTED, limit - took[0][0] + 1, mid, limit)
        return VoteOutcome(VoteResult.COUNTED, limit - took[0][0], mid, limit)


@dataclass(frozen=True)
class Tally:
    """A visible contribution as a vote board shows it: its words, its author (None: anonymous), its votes."""

    id: int
    topic_id: int
    author: str | None
    text: str
    votes: int


# The boards are redrawn after every burst of votes: contributions and their counts in one read (from the vote
# rows while the meeting runs, from the counts kept on the rows once it has ended).
_TALLIES = Statement(
    f"SELECT c.id, c.topic_id, c.author, c.text, CASE WHEN m.status = '{ENDED}' THEN c.votes "
    "ELSE (SELECT count(*) FROM vote v WHERE v.contribution_id = c.id) END "
    "FROM contribution c JOIN meeting m ON m.id = c.meeting_id "
    "WHERE c.meeting_id = :m AND NOT c.hidden ORDER BY c.id"
)


def tallies(db: Database, meeting_id: int) -> list[Tally]:
    """The meeting's visible contributions with their votes, in the order they came."""
    with db.engine.connect() as c:
        rows = _TALLIES.run(c, {"m": meeting_id})
    return [Tally(int(i), int(tid), author, str(words), int(n or 0)) for i, tid, author, words, n in rows]


def vote_counts(db: Database, meeting_id: int) -> dict[int, int]:
    """Votes per contribution: counted from the vote rows while the meeting runs, kept on the rows after."""
    m = get(db, meeting_id)
    with db.session() as s:
        if m is not None and m.status == ENDED:
            q = select(col(Contribution.id), col(Contribution.votes)).where(col(Contribution.meeting_id) == meeting_id)
        else:
            q = (
                select(col(Vote.contribution_id), func.count())
                .where(col(Vote.meeting_id) == meeting_id)
                .group_by(col(Vote.contribution_id))
            )
        return {int(i): int(n) for i, n in s.execute(q).all() if n and i is not None}


def end(db: Database, meeting_id: int, now: datetime) -> bool:
    """End once (True for the caller that ended it): the votes become counts, how many took part and how many
    actions were agreed become numbers, and the salt, ballots and votes go — then the files are scrubbed."""
    with db.session() as s:
        m = s.get(Meeting, meeting_id)
        if m is None:
            return False
        won = affected(
            s.execute(
                update(Meeting)
                .where(col(Meeting.id) == meeting_id, col(Meeting.status) == RUNNING)
                .values(status=ENDED, ended_at=now, salt=None, phase_ends_at=None, version=col(Meeting.version) + 1)
            )
        )
        if not won:
            s.rollback()
            return False
        counted = dict(
            s.execute(
                select(col(Vote.contribution_id), func.count())
                .where(col(Vote.meeting_id) == meeting_id)
                .group_by(col(Vote.contribution_id))
            ).all()
        )
        for cid, n in counted.items():
            s.execute(update(Contribution).where(col(Contribution.id) == cid).values(votes=n))
        took_part = s.execute(select(func.count()).where(col(Ballot.meeting_id) == meeting_id)).scalar_one()
        agreed = s.execute(select(func.count()).where(col(Action.round_id) == m.round_id)).scalar_one()
        s.execute(delete(Vote).where(col(Vote.meeting_id) == meeting_id))
        s.execute(delete(Ballot).where(col(Ballot.meeting_id) == meeting_id))
        s.execute(
            update(Meeting).where(col(Meeting.id) == meeting_id).values(took_part=took_part, actions_agreed=agreed)
        )
        s.commit()
    db.scrub(SCRUBBED_AT_END, rewrite=("meeting", "ballot", "vote"))
    return True


def set_actions_agreed(db: Database, round_id: int) -> None:
    """The agreed actions' count of an ended meeting, after the lead recorded (or edited) them."""
    with db.session() as s:
        n = s.execute(select(func.count()).where(col(Action.round_id) == round_id)).scalar_one()
        s.execute(
            update(Meeting)
            .where(col(Meeting.round_id) == round_id, col(Meeting.status) == ENDED)
            .values(actions_agreed=n)
        )
        s.commit()


def mark(
    db: Database, meeting_id: int, *, record: MeetingRecord | None = None, asked_at: datetime | None = None
) -> None:
    values: dict[str, object] = {}
    if record is not None:
        values["record"] = record
    if asked_at is not None:
        values["asked_at"] = asked_at
    with db.session() as s:
        s.execute(update(Meeting).where(col(Meeting.id) == meeting_id).values(**values))
        s.commit()

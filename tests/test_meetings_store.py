"""The meeting store: contributions, votes within each person's limit under concurrent clicks, and an end that
leaves nothing linking an anonymous contribution or a vote to anyone."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sqlalchemy import text

from doubles.scenario import make_round
from storage import meetings
from storage.db import Database
from storage.status import MeetingMode, VoteResult

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
PEOPLE = ["U1", "U2", "U3", "U4", "U5"]


def _meeting(db: Database, votes: int = 3):  # type: ignore[no-untyped-def]
    rid = make_round(db, PEOPLE, now=NOW)
    m = meetings.create(
        db,
        round_id=rid,
        lead_id="UL",
        facilitator_id=None,
        mode=meetings.LIVE,
        channel_id="CMEET",
        locale="en",
        steps=["workload", "meaning"],
        members=["UL", *PEOPLE],
        minutes=10,
        votes=votes,
        review_round_id=None,
        schedule=None,
        now=NOW,
    )
    assert m is not None and m.id is not None
    return m, meetings.topics(db, m.id)


def test_one_meeting_per_round_and_contributions_anonymous_or_named(db: Database) -> None:
    m, (work, meaning) = _meeting(db)
    again = meetings.create(
        db, round_id=m.round_id, lead_id="UL", facilitator_id=None, mode=MeetingMode.LIVE, channel_id=None, locale="en",
        steps=["workload"], members=[], minutes=5, votes=3, review_round_id=None, schedule=None, now=NOW,
    )  # fmt: skip
    assert again is None
    anon = meetings.add_contribution(db, m.id, work.id, "U1", "We need fewer meetings", named=False, submission="s1")
    assert anon is not None and anon.author is None
    assert (
        meetings.add_contribution(db, m.id, work.id, "U1", "We need fewer meetings", named=False, submission="s1")
        is None
    )
    named = meetings.add_contribution(db, m.id, meaning.id, "U2", "I like the users", named=True, ts="1.1")
    assert named is not None and named.author == "U2"
    assert meetings.add_contribution(db, m.id, meaning.id, "U2", "I like the users", named=True, ts="1.1") is None
    assert [c.text for c in meetings.contributions(db, m.id)] == ["We need fewer meetings", "I like the users"]


def test_votes_are_limited_per_person_under_concurrent_clicks(db: Database) -> None:
    m, (work, _meaning) = _meeting(db, votes=3)
    cs = [meetings.add_contribution(db, m.id, work.id, "U1", f"idea {i}", named=False) for i in range(6)]
    ids = [c.id for c in cs if c is not None and c.id is not None]
    with ThreadPoolExecutor(12) as pool:
        outcomes = list(pool.map(lambda cid: meetings.toggle_vote(db, m.id, cid, "U2"), ids + ids[:2]))
    counts = meetings.vote_counts(db, m.id)
    assert sum(counts.values()) <= 3 and sum(counts.values()) >= 1
    assert max(counts.values()) == 1  # one vote per contribution per person
    assert any(o.result == VoteResult.NONE_LEFT for o in outcomes)
    # Taking one back gives it back.
    voted = next(iter(counts))
    assert meetings.toggle_vote(db, m.id, voted, "U2").result == VoteResult.REMOVED
    others = [i for i in ids if i not in counts]
    assert meetings.toggle_vote(db, m.id, others[0], "U2").result == VoteResult.COUNTED
    # Someone else has their own three.
    assert [meetings.toggle_vote(db, m.id, i, "U3").result for i in ids[:4]] == ["counted"] * 3 + ["none_left"]


def test_hiding_gives_votes_back_and_the_end_leaves_only_counts(db: Database) -> None:
    m, (work, _meaning) = _meeting(db, votes=2)
    a = meetings.add_contribution(db, m.id, work.id, "U1", "secret idea", named=False)
    b = meetings.add_contribution(db, m.id, work.id, "U2", "other idea", named=False)
    assert a and b and a.id and b.id
    assert meetings.toggle_vote(db, m.id, a.id, "U3").result == VoteResult.COUNTED
    assert meetings.toggle_vote(db, m.id, b.id, "U3").result == VoteResult.COUNTED
    assert meetings.toggle_vote(db, m.id, b.id, "U4").result == VoteResult.COUNTED
    assert meetings.hide(db, a.id) and not meetings.hide(db, a.id)
    assert meetings.toggle_vote(db, m.id, a.id, "U3").result == VoteResult.CLOSED
    with db.engine.connect() as c:
        salt = c.execute(text("SELECT salt FROM meeting")).scalar_one()
        voters = [r[0] for r in c.execute(text("SELECT voter FROM ballot"))]
    assert meetings.end(db, m.id, NOW) and not meetings.end(db, m.id, NOW)
    assert meetings.vote_counts(db, m.id) == {b.id: 2}
    ended = meetings.get(db, m.id)
    assert ended is not None and ended.salt is None and ended.took_part == 4 and ended.actions_agreed == 0
    with db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM vote")).scalar_one() == 0
        assert c.execute(text("SELECT count(*) FROM ballot")).scalar_one() == 0
        assert c.execute(text("SELECT count(*) FROM contribution WHERE author IS NOT NULL")).scalar_one() == 0
    assert meetings.toggle_vote(db, m.id, b.id, "U3").result == VoteResult.CLOSED
    if db.is_sqlite:
        path = db.url.split("///", 1)[1]
        raw = b"".join(open(p, "rb").read() for p in (path, path + "-wal") if __import__("os").path.exists(p))
        assert salt.encode() not in raw
        assert not [v for v in voters if v.encode() in raw]


def test_erasure_takes_a_persons_named_words_and_retention_what_was_said(db: Database) -> None:
    from datetime import timedelta

    from storage.privacy import apply_retention, erase_user

    m, (work, _meaning) = _meeting(db)
    named = meetings.add_contribution(db, m.id, work.id, "U2", "my own words", named=True, ts="1.2")
    anonymous = meetings.add_contribution(db, m.id, work.id, "U3", "nobody's words", named=False)
    assert named and anonymous and named.id
    assert meetings.toggle_vote(db, m.id, named.id, "U4").result == VoteResult.COUNTED
    assert erase_user(db, "U2", NOW)["contributions"] == 1
    assert [c.text for c in meetings.contributions(db, m.id)] == ["nobody's words"]
    assert "U2" not in meetings.members(db, m.id)
    assert meetings.end(db, m.id, NOW)
    with db.engine.begin() as c:
        c.execute(text("UPDATE round SET status = 'closed', closed_at = :t"), {"t": NOW})
    apply_retention(db, NOW + timedelta(days=800), days=730)
    assert [c.text for c in meetings.contributions(db, m.id)] == [""] and meetings.members(db, m.id) == []
    ended = meetings.get(db, m.id)
    assert ended is not None and ended.took_part == 3  # the numbers stay

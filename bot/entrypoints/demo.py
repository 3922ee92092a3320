"""`dialogue-bot demo`: the HR dashboard on a made-up organisation, with no Slack and no Microsoft.

A demo database (SQLite, beside where it is started) is created once — units and people, a closed Well-being
campaign with answers (one unit too small to show), an earlier campaign for the trend, workshops with a
waitlist, shared experiences — and reused after. It is served on loopback only, signed in as a demo HR person.
A database that is not a demo database (no `demo:seed` in its audit log) is refused.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.services import access
from flows import engine as fe
from storage import campaigns as campaign_store
from storage import experiences, people, roles, units, workshops
from storage import rounds as round_store
from storage.db import Database
from storage.status import SaveOutcome, UnitRole

DEMO_FILE = "dialogue-bot-demo.db"
DEMO_HR = "UDEMOHR"
MARK = "demo:seed"
ORG = {  # unit → (parent, people answering in the current campaign)
    "University": (None, 0),
    "Faculty of Science": ("University", 0),
    "Physics": ("Faculty of Science", 8),
    "Chemistry": ("Faculty of Science", 4),  # too few to show
    "Biology": ("Faculty of Science", 7),
    "Faculty of Arts": ("University", 0),
    "History": ("Faculty of Arts", 6),
    "Languages": ("Faculty of Arts", 9),
}

NAMES = {DEMO_HR: "Hanne Holm (HR)", "ULEAD02": "Pia Poulsen", "ULEAD03": "Carl Christensen"}
GUESTS = ["Anna Andersen", "Bo Berg", "Ella Eriksen", "Jonas Juhl", "Maja Mortensen"]  # the workshop's, in order
Answering = Callable[[int], Mapping[str, list[fe.Answer] | None] | None]


class NotADemo(Exception):
    """The database exists and was not made by the demo: the demo will not touch it."""


def hold_campaign(
    db: Database, campaign_id: int, answering: Answering, now: datetime, meeting_on: date, flow_version: int = 1
) -> int:
    """Every unit of a campaign holds its round straight in the store: `answering(unit_id)` gives the round's
    people and each one's answers (None: invited, did not answer), or None for a unit that never starts; each
    round is then closed. Returns how many answered. The demo, the tests and the benchmarks fill campaigns so."""
    answered = 0
    for cu, _unit in campaign_store.units_of(db, campaign_id):
        who = answering(cu.unit_id)
        if who is None:
            continue
        rnd = round_store.create_round(
            db,
            flow_id="well_being",
            flow_version=flow_version,
            lead_id=cu.holder_id or "UL",
            participants=list(who),
            deadline=now + timedelta(days=7),
            pacing="all_now",
            anonymous=True,
            locale="en",
            now=now,
            campaign_id=campaign_id,
            unit_id=cu.unit_id,
            claim=campaign_store.unit_claim(campaign_id, cu.unit_id, meeting_on),
        )
        assert rnd is not None and rnd.id is not None
        for person, answers in who.items():
            if answers is not None:
                assert round_store.save_response(db, rnd.id, person, answers, now) == SaveOutcome.STORED
                answered += 1
        assert round_store.close_round(db, rnd.id, now + timedelta(days=7))
    return answered


def is_demo(path: Path) -> bool:
    """Whether the file is a demo database, read without changing it (not even its schema)."""
    import sqlite3

    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as c:
            return bool(c.execute("SELECT count(*) FROM audit WHERE action = ?", (MARK,)).fetchone()[0])
    except sqlite3.Error:
        return False


def seed(db: Database, steps: list[str], now: datetime) -> None:
    """The made-up organisation and everything HR would look at."""
    rng = random.Random(7)
    emails: dict[str, str] = {DEMO_HR: "hr@demo.example"}
    sources = []
    for i, (unit, (parent, n)) in enumerate(ORG.items()):
        slug = unit.lower().replace(" ", "-")
        lead = f"ULEAD{i:02d}"
        emails[lead] = f"lead.{slug}@demo.example"
        members = {f"m{i}.{slug}@demo.example": UnitRole.MEMBER for i in range(n)}  # faculties: groups of departments
        sources.append(units.Source(unit, parent, {emails[lead]: UnitRole.LEAD, **members}))
    units.apply(db, sources)
    people.save_many(
        db,
        [
            people.Profile(u, "en", "Europe/Copenhagen", False, True, now, email=e, display_name=NAMES.get(u))
            for u, e in emails.items()
        ],
    )
    guests = [
        people.Profile(f"UWS{i}", "en", "Europe/Copenhagen", False, True, now, display_name=n)
        for i, n in enumerate(GUESTS)
    ]
    people.save_many(db, guests)
    roles.seed(db, {DEMO_HR}, now)
    tree = {u.name: u.id for u in units.all_units(db)}
    by_id = {i: name for name, i in tree.items()}
    for starts, mood in ((date(2024, 3, 1), 0), (date(2026, 3, 1), 1)):
        found = units.members(db, [i for i in tree.values() if i is not None])
        holders = {uid: next((m.user_id for m in ms if m.role == UnitRole.LEAD), None) for uid, ms in found.items()}
        campaign = campaign_store.create(
            db,
            flow_id="well_being",
            starts_on=starts,
            ends_on=starts + timedelta(days=45),
            message="Thank you for taking the time to talk.",
            created_by=DEMO_HR,
            holders=holders,
            now=datetime.combine(starts, datetime.min.time(), tzinfo=UTC),
        )
        assert campaign.id is not None

        def answering(unit_id: int, mood: int = mood) -> dict[str, list[fe.Answer] | None] | None:
            n = ORG[by_id[unit_id]][1]
            if mood and by_id[unit_id] == "University":
                return None  # its lead has not started this time
            return {
                f"P{unit_id}-{mood}-{i}": [
                    fe.Answer(s, min(5, max(1, rng.choice([2, 3, 3, 4, 4, 5]) + mood - 1)), None) for s in steps
                ]
                for i in range(n)
            }

        hold_campaign(
            db,
            campaign.id,
            answering,
            datetime.combine(starts, datetime.min.time(), tzinfo=UTC),
            starts + timedelta(days=20),
        )
    _running_campaign(db, tree, holders, now)
    workshop = workshops.create(
        db,
        title="Experiences of the Well-being Dialogue",
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=10, hours=2),
        place="Room 1.01",
        capacity=3,
        deadline=now + timedelta(days=9),
        concept="well_being",
        created_by=DEMO_HR,
    )
    assert workshop is not None and workshop.id is not None
    for i in range(5):
        workshops.register(db, workshop.id, f"UWS{i}", now)
    for dialogue, worked, different in (
        ("well_being", "Reflecting alone first made the meeting calmer.", "More time between answering and meeting."),
        ("leadership", "Concrete examples helped my manager.", "Ask fewer questions."),
        ("workshop", "Hearing other units' ways of doing it.", None),
    ):
        experiences.add(
            db, dialogue=dialogue, worked=worked, different=different, rating=4, user_id=None, shared_on=now.date()
        )
    experiences.add_visits(
        db,
        [
            experiences.Visit(
                "Local liaison committee",
                now.date(),
                "well_being",
                "The dialogue format is trusted.",
                "Start earlier in the year.",
            )
        ],
    )
    access.record(db, DEMO_HR, MARK, detail="the demo's made-up organisation", at=now)


RUNNING = {"Physics": 6, "History": 2, "Languages": 9, "Biology": None, "Chemistry": None}  # answered so far


def _running_campaign(db: Database, tree: dict[str, int | None], holders: dict[int, str | None], now: datetime) -> None:
    """A Leadership Dialogue running now: three departments answering, two not started yet (HR's home)."""
    from flows.loader import load_flows

    steps = [s.id for s in load_flows()["leadership"].rated_steps]
    today = now.date()
    campaign = campaign_store.create(
        db,
        flow_id="leadership",
        starts_on=today - timedelta(days=7),
        ends_on=today + timedelta(days=30),
        message="Give your manager input on leadership.",
        created_by=DEMO_HR,
        holders=holders,
        now=now - timedelta(days=7),
    )
    assert campaign.id is not None
    rng = random.Random(11)
    for unit, answered in RUNNING.items():
        unit_id = tree[unit]
        if answered is None or unit_id is None:
            continue
        invited = [f"L{unit_id}-{i}" for i in range(ORG[unit][1])]
        rnd = round_store.create_round(
            db,
            flow_id="leadership",
            flow_version=1,
            lead_id=holders.get(unit_id) or "UL",
            participants=invited,
            deadline=now + timedelta(days=10),
            pacing="all_now",
            anonymous=True,
            locale="en",
            now=now - timedelta(days=3),
            campaign_id=campaign.id,
            unit_id=unit_id,
            claim=campaign_store.unit_claim(campaign.id, unit_id, today + timedelta(days=14)),
        )
        assert rnd is not None and rnd.id is not None
        for person in invited[:answered]:
            answers = [fe.Answer(s, rng.choice([3, 4, 4, 5]), None) for s in steps]
            assert round_store.save_response(db, rnd.id, person, answers, now) == SaveOutcome.STORED


def open_demo(folder: Path, steps: list[str], now: datetime) -> Database:
    """The demo database in `folder`: made and seeded the first time, reused after; NotADemo for another one."""
    from storage.migrate import upgrade

    path = folder / DEMO_FILE
    url = f"sqlite:///{path}"
    existed = path.exists()
    if existed and not is_demo(path):
        raise NotADemo(f"{path} exists and is not a demo database; the demo will not touch it")
    upgrade(url)
    db = Database(url, secrets.token_bytes(32))
    if not existed:
        seed(db, steps, now)
    return db

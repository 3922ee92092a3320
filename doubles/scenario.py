"""Steps of a round as a person takes them, for transcript-style tests: the lead starts, members answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from doubles.driver import Bot
from doubles.fake_slack import FakeSlack, Message

if TYPE_CHECKING:
    from bot.core.clock import FakeClock
    from bot.core.runtime import Runtime
    from bot.entrypoints.server import Server
    from storage.db import Database
    from storage.models import Workshop

HOSTILE = "<!channel> =SUM(A1) <@U1> æøå 🙂"


def start_round(
    bot: Bot,
    slack: FakeSlack,
    lead: str,
    members: list[str],
    deadline: datetime,
    *,
    concept: str = "well_being",
    anonymous: bool = True,
    pacing: str = "all_now",
    channel: str | None = None,
) -> None:
    for m in [lead, *members]:
        if m not in slack.users:
            slack.user(m)
    opened = len([v for u, v in slack.views if u == lead])
    reply = bot.slash(lead, "start")
    assert reply.status == 200, reply
    slack.wait_for(lambda: len([v for u, v in slack.views if u == lead]) > opened, what="the start modal")
    view = slack.last_view(lead)
    reply = bot.submit(
        lead,
        view,
        {
            "participants": members,
            "channel": channel,
            "concept": concept,
            "deadline": int(deadline.timestamp()),
            "pacing": pacing,
            "anonymous": "yes" if anonymous else "no",
        },
    )
    assert reply.status == 200 and not reply.body, reply  # an empty 200 closes the modal


def invitation(slack: FakeSlack, user: str) -> Message:
    found: Message = slack.wait_for(
        lambda: next((m for m in slack.dms(user) if "answer_open" in str(m.blocks)), None), what=f"{user}'s invitation"
    )
    return found


def open_form(bot: Bot, slack: FakeSlack, user: str) -> dict[str, Any]:
    msg = invitation(slack, user)
    before = len([v for u, v in slack.views if u == user])
    reply = bot.click(user, msg.button("answer_open"), msg)
    assert reply.status == 200, reply
    slack.wait_for(lambda: len([v for u, v in slack.views if u == user]) > before, what=f"{user}'s form")
    return slack.last_view(user)


def answer(bot: Bot, slack: FakeSlack, user: str, ratings: dict[str, int], texts: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    view = open_form(bot, slack, user)
    values: dict[str, object] = {f"rating__{k}": v for k, v in ratings.items()}
    values.update({f"text__{k}": v for k, v in (texts or {}).items()})
    return send_preview(bot, user, bot.submit(user, view, values))


def send_preview(bot: Bot, user: str, reply):  # type: ignore[no-untyped-def]
    """The form's Next pushes "what your lead will see"; its Send stores the answer and closes every view
    (response_action "clear"). Any other reply (errors, a refusal) is returned as it is."""
    if reply.status != 200 or not reply.body or reply.json.get("response_action") != "push":
        return reply
    return bot.submit(user, reply.json["view"], {})


def all_ratings(value: int, steps: list[str]) -> dict[str, int]:
    return {s: value for s in steps}


WELL_BEING = ["workload", "influence", "meaning", "predictability", "social_support", "recognition", "collaboration"]
LEADERSHIP = ["direction", "trust", "feedback", "involvement", "development", "availability"]


def summary_of(slack: FakeSlack, lead: str, timeout: float = 10.0) -> Message:
    found: Message = slack.wait_for(
        lambda: next((m for m in slack.dms(lead) if m.text.startswith(("Results", "Resultater"))), None),
        timeout=timeout,
        what="the lead's summary",
    )
    return found


def later(now: datetime, **kw: float) -> datetime:
    return now + timedelta(**kw)


def next_event(rt: Runtime) -> datetime | None:
    """The next moment anything is due: a planned send, a round's deadline, a follow-up."""
    from sqlalchemy import func, select
    from sqlmodel import col

    from storage import planned
    from storage.models import Round

    with rt.db.session() as s:
        deadline = s.execute(select(func.min(Round.deadline)).where(col(Round.status) == "open")).scalar_one()
        follow = s.execute(select(func.min(Round.follow_up_at)).where(col(Round.followed_up).is_(False))).scalar_one()
    times = [t for t in (planned.next_due(rt.db), deadline, follow) if t is not None]
    return min(times) if times else None


def simulate(server: Server, slack: FakeSlack, clock: FakeClock, until: datetime) -> list[tuple[datetime, Message]]:
    """Run time forward to `until` the way the scheduler would: at every moment something is due, sweep.

    Returns each new message with the (fake) time it was sent at. The server runs without its own
    scheduler here, so nothing else sweeps concurrently.
    """
    from bot.jobs.scheduler import sweep

    sent: list[tuple[datetime, Message]] = []
    known = len(slack.messages)
    while True:
        sweep(server.rt)
        with slack.lock:
            fresh = slack.messages[known:]
            known = len(slack.messages)
        sent.extend((clock.now(), m) for m in fresh)
        nxt = next_event(server.rt)
        if nxt is None or nxt > until:
            break
        if nxt > clock.now():
            clock.advance(nxt - clock.now())
        elif not fresh:
            clock.advance(timedelta(seconds=1))  # something due is waiting (a backoff): let time pass
    if until > clock.now():
        clock.advance(until - clock.now())
    return sent


def make_round(
    db: Database,
    people: list[str],
    *,
    now: datetime,
    anonymous: bool = True,
    deadline: datetime | None = None,
    flow_id: str = "well_being",
) -> int:
    """A round written straight to the store (for tests of storage, privacy and exports)."""
    from storage import rounds as round_store

    rnd = round_store.create_round(
        db,
        flow_id=flow_id,
        flow_version=1,
        lead_id="UL",
        participants=people,
        deadline=deadline or now + timedelta(days=1),
        pacing="all_now",
        anonymous=anonymous,
        locale="en",
        now=now,
    )
    assert rnd is not None and rnd.id is not None
    return rnd.id


def make_workshop(
    db: Database,
    *,
    now: datetime,
    capacity: int = 20,
    title: str = "Experiences of the Well-being Dialogue",
    **over: object,
) -> Workshop:
    """A workshop a week from `now` written straight to the store (registration closes a day before)."""
    from storage import workshops

    fields: dict[str, Any] = dict(
        title=title,
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=2),
        place="Room 1",
        capacity=capacity,
        deadline=now + timedelta(days=6),
        concept="well_being",
        created_by="UHR",
    )
    made = workshops.create(db, **{**fields, **over})
    assert made is not None
    return made

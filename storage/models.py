"""SQLModel tables. The database is the source of truth: state is committed before anything is sent."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Column, Date, DateTime, Index, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from storage.status import (
    ActionStatus,
    CalendarStatus,
    DeliveryStatus,
    MeetingMode,
    MeetingRecord,
    MeetingStatus,
    PlannedKind,
    PlannedStatus,
    RoundStatus,
    SeatStatus,
    UnitRole,
    WorkshopStatus,
)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns aware UTC datetimes on every backend (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: the store only takes timezone-aware datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _ts(**kw: Any) -> Column[datetime]:
    return Column(UTCDateTime(), **kw)


E = TypeVar("E", bound=StrEnum)


class EnumText(TypeDecorator[E]):
    """A `storage.status` enum in the VARCHAR it always was (its value, so no migration and the same column type),
    read back as the enum on every backend; writing a word the enum does not know fails before the SQL runs."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


class Round(SQLModel, table=True):
    """One online dialogue round started by a lead for a set of participants."""

    __tablename__ = "round"
    id: int | None = Field(default=None, primary_key=True)
    flow_id: str = Field(max_length=40)
    flow_version: int
    lead_id: str = Field(max_length=32, index=True)
    team_id: str | None = Field(default=None, max_length=32)
    channel_id: str | None = Field(default=None, max_length=32)  # members of this channel were invited too
    anonymous: bool = True
    pacing: str = Field(max_length=16)
    locale: str = Field(default="en", max_length=5)  # the lead's language, for the lead's messages
    status: RoundStatus = Field(default=RoundStatus.OPEN, sa_type=EnumText(RoundStatus, 16), index=True)
    # Anonymous answers are filed under HMAC(HMAC(ANSWER_KEY, salt), user id): the key is in the environment,
    # never here, and the salt is deleted (and scrubbed from the files) at close. `secret` is the older scheme
    # (the round key itself, stored), kept for rounds opened before it; new rounds leave it empty.
    salt: str | None = Field(default=None, max_length=64)
    secret: str | None = Field(default=None, max_length=64)
    deadline: datetime = Field(sa_column=_ts(nullable=False, index=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    closed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    # Set once every invitation / summary message went out (or failed for good); until then the sweep retries.
    invited_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    summarised_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    status_dirty: bool = False  # the lead's status message needs a refresh
    remind_day: date | None = Field(default=None, sa_column=Column(Date, nullable=True))  # lead's manual reminder
    parent_id: int | None = Field(default=None, foreign_key="round.id")  # a follow-up check-in's original round
    # Follow-up: what the team agreed at its meeting, and when to look back at it.
    meeting_date: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    keep: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    follow_up_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True, index=True))
    followed_up: bool = False
    # Participation kept as numbers once retention or erasure removed the participant rows.
    invited_count: int | None = None
    answered_count: int | None = None
    retained: bool = True  # False once free text and identities were deleted (RETENTION_DAYS)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # problems shown to the lead
    # The lead's local adaptation (flows.adaptation, JSON): left-out themes, own questions, rephrased questions.
    adaptation: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # A round held for a unit in an HR campaign.
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)


class Participant(SQLModel, table=True):
    """Someone invited to a round. Says whether they answered, never what (in anonymous rounds)."""

    __tablename__ = "participant"
    __table_args__ = (UniqueConstraint("round_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    user_id: str = Field(max_length=32)
    answered: bool = False
    muted: bool = False  # no reminders for this round


class Response(SQLModel, table=True):
    """One participant's answer to a round, replaced (never duplicated) when they answer again.

    `respondent` is the user id in named rounds and an HMAC of it with the round's secret in anonymous
    rounds; `user_id` is NULL in anonymous rounds. No timestamps, so order cannot identify anyone.
    """

    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("round_id", "respondent"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    respondent: str = Field(max_length=64)
    user_id: str | None = Field(default=None, max_length=32)


class Answer(SQLModel, table=True):
    """One step of a response: the rating and the free text, stored under the step's stable id."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("response_id", "step_id"),)
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    step_id: str = Field(max_length=40)
    rating: int | None = None
    text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    declined: bool = False  # *rather not say* chosen for the rating: counted apart, never a rating (rating NULL)


class Delivery(SQLModel, table=True):
    """An outgoing Slack message under a stable key, so retries, double clicks and restarts send it once."""

    __tablename__ = "delivery"
    # A round's unfinished or failed deliveries are found without reading the ones that went out.
    __table_args__ = (Index("ix_delivery_round_id_status", "round_id", "status"),)
    key: str = Field(primary_key=True, max_length=200)
    round_id: int | None = Field(default=None)
    user_id: str | None = Field(default=None, max_length=32, index=True)  # the person a DM went to
    status: DeliveryStatus = Field(default=DeliveryStatus.PENDING, sa_type=EnumText(DeliveryStatus, 16))
    channel: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=200)
    claimed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    sent_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    next_attempt_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Person(SQLModel, table=True):
    """What Slack told us about a user (language, time zone), cached so each click needs no users.info."""

    __tablename__ = "person"
    user_id: str = Field(primary_key=True, max_length=32)
    locale: str = Field(default="en", max_length=5)
    tz: str | None = Field(default=None, max_length=64)
    is_bot: bool = False
    # From the people directory (users.list), in lower case: units find their people by it.
    email: str | None = Field(default=None, max_length=320, index=True)
    deleted: bool = False  # deactivated in Slack: not invited, not sent to
    # The person's names as Slack has them: comments are masked of them (flows.masking).
    real_name: str | None = Field(default=None, max_length=200)
    display_name: str | None = Field(default=None, max_length=200)
    notice_sent: bool = False  # the privacy notice went with the first DM
    fetched_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class Submission(SQLModel, table=True):
    """A form submission that created something, by its view id and content: a replay or retry of the same
    submission creates nothing the second time."""

    __tablename__ = "submission"
    key: str = Field(primary_key=True, max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class RatePause(SQLModel, table=True):
    """Until when a Web API method must not be called (Slack answered 429 with Retry-After): shared by every
    process, so one process's 429 pauses them all."""

    __tablename__ = "rate_pause"
    method: str = Field(primary_key=True, max_length=64)
    until: float  # Unix time: compared with each process's clock, a second or so apart at most


class SeenEvent(SQLModel, table=True):
    """Slack Events API ids already handled, so a retried event (X-Slack-Retry-Num) does nothing twice."""

    __tablename__ = "seen_event"
    event_id: str = Field(primary_key=True, max_length=64)
    seen_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class Planned(SQLModel, table=True):
    """A send due later (a paced theme, a reminder, a check-in), under the delivery key it will be sent with.

    The sweep sends what is due; the row's key doubles as the delivery key, so a send happens once."""

    __tablename__ = "planned"
    # The sweep's question — planned and due by now, oldest first — is answered from this index alone, however
    # many sends are already done.
    __table_args__ = (Index("ix_planned_status_due_at", "status", "due_at"),)
    key: str = Field(primary_key=True, max_length=200)
    round_id: int | None = Field(default=None, foreign_key="round.id", index=True)
    workshop_id: int | None = Field(default=None, foreign_key="workshop.id", index=True)
    user_id: str = Field(max_length=32)
    kind: PlannedKind = Field(sa_type=EnumText(PlannedKind, 16))
    step_id: str | None = Field(default=None, max_length=40)
    due_at: datetime = Field(sa_column=_ts(nullable=False, index=True))
    status: PlannedStatus = Field(default=PlannedStatus.PLANNED, sa_type=EnumText(PlannedStatus, 16))


class Action(SQLModel, table=True):
    """An action the team agreed after a round: what, who, by when — and later, how it went."""

    __tablename__ = "action"
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    position: int
    what: str = Field(sa_column=Column(Text, nullable=False))
    who: str | None = Field(default=None, max_length=200)
    due: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    status: ActionStatus = Field(default=ActionStatus.OPEN, sa_type=EnumText(ActionStatus, 16))


class Experience(SQLModel, table=True):
    """Someone's experience of a dialogue: what worked, what should be different. Anonymous by default:
    then no user id, and only the day it was shared."""

    __tablename__ = "experience"
    id: int | None = Field(default=None, primary_key=True)
    dialogue: str = Field(max_length=40)  # well_being | leadership | workshop
    worked: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    different: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    rating: int | None = None
    user_id: str | None = Field(default=None, max_length=32, index=True)
    round_id: int | None = Field(default=None, foreign_key="round.id", index=True)  # an HR experience round
    source: str = Field(default="chat", max_length=16)  # chat | workshop | visit
    forum: str | None = Field(default=None, max_length=200)  # the unit or body HR visited
    shared_on: date = Field(sa_column=Column(Date, nullable=False, index=True))


class Role(SQLModel, table=True):
    """Who may do more than an employee: 'hr' (seeded from HR_ADMINS). Leads are leads of their own rounds."""

    __tablename__ = "role"
    user_id: str = Field(primary_key=True, max_length=32)
    role: str = Field(max_length=16)
    granted_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class WebIdentity(SQLModel, table=True):
    """Who an Entra ID account (tenant id + object id, which neither the user nor an admin can change) is here:
    bound on its first sign-in and never re-bound by an e-mail claim."""

    __tablename__ = "web_identity"
    tid: str = Field(primary_key=True, max_length=64)
    oid: str = Field(primary_key=True, max_length=64)
    email: str = Field(max_length=320, unique=True)  # the directory's address it was bound to
    bound_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class WebSession(SQLModel, table=True):
    """A signed-in dashboard session, held on the server: the cookie carries only a random token (its hash is
    the key), so signing out or expiry ends it whatever the browser keeps."""

    __tablename__ = "web_session"
    token_hash: str = Field(primary_key=True, max_length=64)
    tid: str = Field(max_length=64)
    oid: str = Field(max_length=64)
    name: str = Field(max_length=200)
    hr_group: bool = False  # in HR_GROUP_ID's group, as Entra said at sign-in (re-asked while the session lives)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    expires_at: datetime = Field(sa_column=_ts(nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class AuditEntry(SQLModel, table=True):
    """Every export, role change, deletion and refused attempt: who, what, when, how many rows."""

    __tablename__ = "audit"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_ts(nullable=False, index=True))
    actor: str = Field(max_length=32)
    action: str = Field(max_length=40)
    detail: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    rows: int | None = None
    allowed: bool = True


class Workshop(SQLModel, table=True):
    """An open workshop HR runs to gather experiences; people register for its seats."""

    __tablename__ = "workshop"
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=150)
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    starts_at: datetime = Field(sa_column=_ts(nullable=False, index=True))
    ends_at: datetime = Field(sa_column=_ts(nullable=False))
    place: str = Field(max_length=500)
    capacity: int
    seats_taken: int = 0  # taken with a conditional UPDATE, never read-then-write
    deadline: datetime = Field(sa_column=_ts(nullable=False))  # registration closes
    concept: str = Field(max_length=40)
    channel_id: str | None = Field(default=None, max_length=32)  # announced here…
    invitees: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # …or to these people (csv)
    status: WorkshopStatus = Field(default=WorkshopStatus.OPEN, sa_type=EnumText(WorkshopStatus, 16))
    created_by: str = Field(max_length=32)
    locale: str = Field(default="en", max_length=5)
    outlook_event_id: str | None = Field(default=None, max_length=300)
    version: int = 1  # bumped by each edit, so announcements and DMs re-render


class Seat(SQLModel, table=True):
    """One person's place at a workshop: registered, waitlisted (in click order), or cancelled."""

    __tablename__ = "seat"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)  # also the click order of the waitlist
    workshop_id: int = Field(foreign_key="workshop.id", index=True)
    user_id: str = Field(max_length=32)
    status: SeatStatus = Field(sa_type=EnumText(SeatStatus, 16))
    calendar: CalendarStatus = Field(default=CalendarStatus.PENDING, sa_type=EnumText(CalendarStatus, 16))
    # The time and place the last .ics file sent to this person was for (Outlook did not know them): a new file
    # goes only when those change.
    ics_for: str | None = Field(default=None, max_length=600)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class Unit(SQLModel, table=True):
    """A part of the organisation (from a CSV file or Entra ID), known by its name; kept when it leaves the
    source (`active` off), so earlier campaigns' results keep their unit."""

    __tablename__ = "unit"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    parent_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    active: bool = True


class UnitMember(SQLModel, table=True):
    """A person in a unit, known by e-mail and matched to Slack through the people directory."""

    __tablename__ = "unit_member"
    __table_args__ = (UniqueConstraint("unit_id", "email"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    email: str = Field(max_length=320, index=True)
    role: UnitRole = Field(sa_type=EnumText(UnitRole, 16))


class Campaign(SQLModel, table=True):
    """HR's launch of a concept across units in a period, with a word from HR."""

    __tablename__ = "campaign"
    id: int | None = Field(default=None, primary_key=True)
    flow_id: str = Field(max_length=40, index=True)
    starts_on: date = Field(sa_column=Column(Date, nullable=False))
    ends_on: date = Field(sa_column=Column(Date, nullable=False))
    message: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))
    invited_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))  # every lead's DM went out


class CampaignUnit(SQLModel, table=True):
    """One unit in a campaign: who holds it (the lead, or the deputy it was handed to) and its round."""

    __tablename__ = "campaign_unit"
    __table_args__ = (UniqueConstraint("campaign_id", "unit_id"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    holder_id: str | None = Field(default=None, max_length=32)  # None: no lead matched in Slack
    round_id: int | None = Field(default=None, foreign_key="round.id", index=True)
    reminded_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))  # not started by mid-period
    meeting_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))  # as the lead planned it
    # The unit's parent in this campaign, frozen when it started: re-imports change nothing about its results.
    parent_unit_id: int | None = Field(default=None, foreign_key="unit.id")


class CampaignMember(SQLModel, table=True):
    """A unit's people as they were when the campaign started (frozen: a re-import changes nothing about it)."""

    __tablename__ = "campaign_member"
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")
    email: str = Field(max_length=320)
    role: UnitRole = Field(sa_type=EnumText(UnitRole, 16))


class Release(SQLModel, table=True):
    """Numbers about people that left the bot: which answers (these rounds' ratings of these steps, as one total
    or round by round), to whom, on which surface, first and last when. New releases are decided against them."""

    __tablename__ = "release"
    __table_args__ = (UniqueConstraint("reader", "digest"),)
    id: int | None = Field(default=None, primary_key=True)
    reader: str = Field(max_length=64, index=True)
    surface: str = Field(max_length=40)  # round_summary | hr_round | campaign_results | trend | answers_export
    subject: str = Field(max_length=100)  # "round 7", "campaign 3"
    rounds: str = Field(sa_column=Column(Text, nullable=False))  # round ids, sorted, comma-separated
    steps: str = Field(sa_column=Column(Text, nullable=False))  # step ids, comma-separated
    apart: bool = False  # each round on its own (the answers export), not their total
    people: int = 0  # ratings it held (the largest step's), for the record
    digest: str = Field(max_length=64)
    first_at: datetime = Field(sa_column=_ts(nullable=False))
    last_at: datetime = Field(sa_column=_ts(nullable=False))


class FlowVersion(SQLModel, table=True):
    """A concept's version as it was the first time a round used it: a round keeps meaning what its people
    answered, whatever happens to the file later."""

    __tablename__ = "flow_version"
    flow_id: str = Field(primary_key=True, max_length=40)
    version: int = Field(primary_key=True)
    digest: str = Field(max_length=64)
    content: str = Field(sa_column=Column(Text, nullable=False))
    first_used_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class Variant(SQLModel, table=True):
    """A unit's (or a lead's) last adaptation of a concept, offered the next time they plan it."""

    __tablename__ = "variant"
    owner: str = Field(primary_key=True, max_length=64)  # "unit:<id>" or "lead:<user id>"
    flow_id: str = Field(primary_key=True, max_length=40)
    content: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class Draft(SQLModel, table=True):
    """A round set-up between its form, the adaptation and the preview (a modal's metadata holds 3,000
    characters; a round can invite hundreds)."""

    __tablename__ = "draft"
    key: str = Field(primary_key=True, max_length=64)
    lead_id: str = Field(max_length=32)
    content: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts(nullable=False))


class Meeting(SQLModel, table=True):
    """A team meeting held with the bot after a round: live in a channel, or over a few days.

    Anonymous contributions and votes are filed under HMAC(HMAC(ANSWER_KEY, salt), user id), as answers are;
    the salt is deleted at the end, when votes become counts on their contributions and the per-person rows go."""

    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("round_id"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id")
    lead_id: str = Field(max_length=32)
    facilitator_id: str | None = Field(default=None, max_length=32)  # a co-facilitator the lead named
    mode: MeetingMode = Field(sa_type=EnumText(MeetingMode, 8))
    channel_id: str | None = Field(default=None, max_length=32)  # None until a new private channel exists
    new_channel: bool = False  # the bot creates a private channel with the round's people
    locale: str = Field(default="en", max_length=5)
    status: MeetingStatus = Field(default=MeetingStatus.RUNNING, sa_type=EnumText(MeetingStatus, 16), index=True)
    phase: int = 0  # index into the agenda (bot.meetings.agenda)
    phase_started_at: datetime = Field(sa_column=_ts(nullable=False))
    phase_ends_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True, index=True))
    minutes: int = 10  # each phase's time in a live meeting
    schedule: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # days: JSON end of each phase
    votes: int = 3  # per person, on the contributions of all themes
    review_round_id: int | None = Field(default=None, foreign_key="round.id")  # last time's actions, reviewed first
    salt: str | None = Field(default=None, max_length=64)
    version: int = 1  # bumped by every change the facilitation message shows
    created_at: datetime = Field(sa_column=_ts(nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    took_part: int | None = None  # set at the end: how many contributed, replied or voted
    actions_agreed: int | None = None  # set at the end
    record: MeetingRecord | None = Field(default=None, sa_type=EnumText(MeetingRecord, 16))  # once it is out
    asked_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))  # the closing question went out


class MeetingMember(SQLModel, table=True):
    """Someone invited to a meeting (the round's people, its lead and co-facilitator). Says nothing of what
    they contributed or voted for."""

    __tablename__ = "meeting_member"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    user_id: str = Field(max_length=32)


class Topic(SQLModel, table=True):
    """A theme on a meeting's agenda, with the message whose thread holds its contributions."""

    __tablename__ = "meeting_topic"
    __table_args__ = (UniqueConstraint("meeting_id", "position"), Index("ix_meeting_topic_thread", "channel", "ts"))
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    position: int
    step_id: str = Field(max_length=40)
    channel: str | None = Field(default=None, max_length=32)
    ts: str | None = Field(default=None, max_length=32)


class Contribution(SQLModel, table=True):
    """A thought added to a theme: anonymous (no author, no time) through the form, or named by replying in
    the thread. `votes` is filled from the vote rows when the meeting ends."""

    __tablename__ = "contribution"
    __table_args__ = (UniqueConstraint("topic_id", "ts"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    topic_id: int = Field(foreign_key="meeting_topic.id", index=True)
    author: str | None = Field(default=None, max_length=32)  # None: anonymous
    text: str = Field(sa_column=Column(Text, nullable=False))
    ts: str | None = Field(default=None, max_length=32)  # a named reply's own message
    hidden: bool = False
    votes: int = 0


class Ballot(SQLModel, table=True):
    """How many of their votes someone has used in a running meeting, under a keyed hash of their user id; a
    conditional UPDATE keeps it within the limit whatever the number of clicks. Deleted at the end."""

    __tablename__ = "ballot"
    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True)
    voter: str = Field(primary_key=True, max_length=64)
    used: int = 0


class Vote(SQLModel, table=True):
    """One vote on a contribution in a running meeting, under the voter's keyed hash. Deleted at the end, when
    the counts move onto the contributions."""

    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("contribution_id", "voter"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    contribution_id: int = Field(foreign_key="contribution.id", index=True)
    voter: str = Field(max_length=64)

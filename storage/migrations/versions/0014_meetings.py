"""team meetings held with the bot: the meeting, its members and agenda, contributions, and (while it runs) the
keyed ballots and votes

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

S = sqlmodel.sql.sqltypes.AutoString
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("lead_id", S(length=32), nullable=False),
        sa.Column("facilitator_id", S(length=32), nullable=True),
        sa.Column("mode", S(length=8), nullable=False),
        sa.Column("channel_id", S(length=32), nullable=True),
        sa.Column("new_channel", sa.Boolean(), nullable=False),
        sa.Column("locale", S(length=5), nullable=False),
        sa.Column("status", S(length=16), nullable=False),
        sa.Column("phase", sa.Integer(), nullable=False),
        sa.Column("phase_started_at", TS, nullable=False),
        sa.Column("phase_ends_at", TS, nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("schedule", sa.Text(), nullable=True),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.Column("review_round_id", sa.Integer(), nullable=True),
        sa.Column("salt", S(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("ended_at", TS, nullable=True),
        sa.Column("took_part", sa.Integer(), nullable=True),
        sa.Column("actions_agreed", sa.Integer(), nullable=True),
        sa.Column("record", S(length=16), nullable=True),
        sa.Column("asked_at", TS, nullable=True),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"]),
        sa.ForeignKeyConstraint(["review_round_id"], ["round.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id"),
    )
    op.create_index(op.f("ix_meeting_status"), "meeting", ["status"], unique=False)
    op.create_index(op.f("ix_meeting_phase_ends_at"), "meeting", ["phase_ends_at"], unique=False)
    op.create_table(
        "meeting_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", S(length=32), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "user_id"),
    )
    op.create_index(op.f("ix_meeting_member_meeting_id"), "meeting_member", ["meeting_id"], unique=False)
    op.create_table(
        "meeting_topic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("step_id", S(length=40), nullable=False),
        sa.Column("channel", S(length=32), nullable=True),
        sa.Column("ts", S(length=32), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "position"),
    )
    op.create_index(op.f("ix_meeting_topic_meeting_id"), "meeting_topic", ["meeting_id"], unique=False)
    op.create_index("ix_meeting_topic_thread", "meeting_topic", ["channel", "ts"], unique=False)
    op.create_table(
        "contribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("author", S(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ts", S(length=32), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["topic_id"], ["meeting_topic.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("topic_id", "ts"),
    )
    op.create_index(op.f("ix_contribution_meeting_id"), "contribution", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_contribution_topic_id"), "contribution", ["topic_id"], unique=False)
    op.create_table(
        "ballot",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("voter", S(length=64), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("meeting_id", "voter"),
    )
    op.create_table(
        "vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("contribution_id", sa.Integer(), nullable=False),
        sa.Column("voter", S(length=64), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.ForeignKeyConstraint(["contribution_id"], ["contribution.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contribution_id", "voter"),
    )
    op.create_index(op.f("ix_vote_meeting_id"), "vote", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_vote_contribution_id"), "vote", ["contribution_id"], unique=False)


def downgrade() -> None:
    op.drop_table("vote")
    op.drop_table("ballot")
    op.drop_table("contribution")
    op.drop_table("meeting_topic")
    op.drop_table("meeting_member")
    op.drop_table("meeting")

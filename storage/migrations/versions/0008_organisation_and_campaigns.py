"""the organisation (unit, unit_member), HR campaigns (campaign, campaign_unit, round.campaign_id/unit_id) and
where an experience came from (experience.source, experience.forum)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.execute("UPDATE person SET email = lower(email) WHERE email IS NOT NULL")
    op.create_index(op.f("ix_person_email"), "person", ["email"], unique=False)
    op.create_table(
        "unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", S(length=200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_index(op.f("ix_unit_parent_id"), "unit", ["parent_id"], unique=False)
    op.create_table(
        "unit_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("email", S(length=320), nullable=False),
        sa.Column("role", S(length=16), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_id", "email"),
    )
    op.create_index(op.f("ix_unit_member_unit_id"), "unit_member", ["unit_id"], unique=False)
    op.create_index(op.f("ix_unit_member_email"), "unit_member", ["email"], unique=False)
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flow_id", S(length=40), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("created_by", S(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_campaign_flow_id"), "campaign", ["flow_id"], unique=False)
    op.create_table(
        "campaign_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("holder_id", S(length=32), nullable=True),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.ForeignKeyConstraint(["round_id"], ["round.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "unit_id"),
    )
    for column in ("campaign_id", "unit_id", "round_id"):
        op.create_index(op.f(f"ix_campaign_unit_{column}"), "campaign_unit", [column], unique=False)
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("campaign_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_round_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_round_unit_id"), ["unit_id"], unique=False)
        batch_op.create_foreign_key("fk_round_campaign_id", "campaign", ["campaign_id"], ["id"])
        batch_op.create_foreign_key("fk_round_unit_id", "unit", ["unit_id"], ["id"])
    with op.batch_alter_table("experience", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", S(length=16), nullable=False, server_default="chat"))
        batch_op.add_column(sa.Column("forum", S(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("experience", schema=None) as batch_op:
        batch_op.drop_column("forum")
        batch_op.drop_column("source")
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.drop_constraint("fk_round_unit_id", type_="foreignkey")
        batch_op.drop_constraint("fk_round_campaign_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_round_unit_id"))
        batch_op.drop_index(batch_op.f("ix_round_campaign_id"))
        batch_op.drop_column("unit_id")
        batch_op.drop_column("campaign_id")
    op.drop_table("campaign_unit")
    op.drop_table("campaign")
    op.drop_table("unit_member")
    op.drop_table("unit")
    op.drop_index(op.f("ix_person_email"), table_name="person")

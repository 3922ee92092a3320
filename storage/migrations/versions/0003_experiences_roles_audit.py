"""experiences roles audit

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=True),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_at"), ["at"], unique=False)

    op.create_table(
        "role",
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "experience",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dialogue", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("worked", sa.Text(), nullable=True),
        sa.Column("different", sa.Text(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("shared_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("experience", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_experience_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_experience_shared_on"), ["shared_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_experience_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_sent", sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invited_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("answered_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("retained", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.drop_column("retained")
        batch_op.drop_column("answered_count")
        batch_op.drop_column("invited_count")

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("notice_sent")

    with op.batch_alter_table("experience", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experience_user_id"))
        batch_op.drop_index(batch_op.f("ix_experience_shared_on"))
        batch_op.drop_index(batch_op.f("ix_experience_round_id"))

    op.drop_table("experience")
    op.drop_table("role")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_at"))

    op.drop_table("audit")

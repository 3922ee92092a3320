"""scheduling and follow-up

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("who", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_round_id"), ["round_id"], unique=False)

    op.create_table(
        "planned",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("step_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["round.id"],
        ),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("planned", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_planned_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_planned_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_planned_status"), ["status"], unique=False)

    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_delivery_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("muted", sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("remind_day", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("meeting_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("keep", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("follow_up_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("followed_up", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_index(batch_op.f("ix_round_follow_up_at"), ["follow_up_at"], unique=False)
        batch_op.create_foreign_key("fk_round_parent_id", "round", ["parent_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.drop_constraint("fk_round_parent_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_round_follow_up_at"))
        batch_op.drop_column("followed_up")
        batch_op.drop_column("follow_up_at")
        batch_op.drop_column("keep")
        batch_op.drop_column("meeting_date")
        batch_op.drop_column("parent_id")
        batch_op.drop_column("remind_day")

    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("muted")

    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_user_id"))
        batch_op.drop_column("sent_at")
        batch_op.drop_column("user_id")

    with op.batch_alter_table("planned", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_planned_status"))
        batch_op.drop_index(batch_op.f("ix_planned_round_id"))
        batch_op.drop_index(batch_op.f("ix_planned_due_at"))

    op.drop_table("planned")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_round_id"))

    op.drop_table("action")

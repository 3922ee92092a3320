"""flow versions stored on first use (flow_version), a round's local adaptation (round.adaptation), the
variant offered next time (variant) and set-ups between form and preview (draft)

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "flow_version",
        sa.Column("flow_id", S(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("digest", S(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("first_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("flow_id", "version"),
    )
    op.create_table(
        "variant",
        sa.Column("owner", S(length=64), nullable=False),
        sa.Column("flow_id", S(length=40), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner", "flow_id"),
    )
    op.create_table(
        "draft",
        sa.Column("key", S(length=64), nullable=False),
        sa.Column("lead_id", S(length=32), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("adaptation", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.drop_column("adaptation")
    op.drop_table("draft")
    op.drop_table("variant")
    op.drop_table("flow_version")

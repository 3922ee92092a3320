"""indexes for the sweep: planned by (status, due_at), deliveries by (round_id, status)

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("planned", schema=None) as batch_op:
        batch_op.drop_index("ix_planned_status")
        batch_op.create_index("ix_planned_status_due_at", ["status", "due_at"], unique=False)
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_delivery_round_id")
        batch_op.create_index("ix_delivery_round_id_status", ["round_id", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_delivery_round_id_status")
        batch_op.create_index("ix_delivery_round_id", ["round_id"], unique=False)
    with op.batch_alter_table("planned", schema=None) as batch_op:
        batch_op.drop_index("ix_planned_status_due_at")
        batch_op.create_index("ix_planned_status", ["status"], unique=False)

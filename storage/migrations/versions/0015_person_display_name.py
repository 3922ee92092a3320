"""the people directory keeps each person's display name (person.name), so pages name people, not Slack ids

Revision ID: 0015
Revises: 0013
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0015"
down_revision = "0013"  # 0009 in the brief; chained after main's 0013 so there is one head
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("name")

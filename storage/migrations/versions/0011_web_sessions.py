"""dashboard sessions held on the server (web_session) and Entra ID accounts bound to people by tenant and
object id (web_identity)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "web_identity",
        sa.Column("tid", S(length=64), nullable=False),
        sa.Column("oid", S(length=64), nullable=False),
        sa.Column("email", S(length=320), nullable=False),
        sa.Column("bound_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tid", "oid"),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "web_session",
        sa.Column("token_hash", S(length=64), nullable=False),
        sa.Column("tid", S(length=64), nullable=False),
        sa.Column("oid", S(length=64), nullable=False),
        sa.Column("name", S(length=200), nullable=False),
        sa.Column("hr_group", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_hash"),
    )


def downgrade() -> None:
    op.drop_table("web_session")
    op.drop_table("web_identity")

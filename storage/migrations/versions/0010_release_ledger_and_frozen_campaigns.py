"""the release ledger (release), a campaign's units' parents and people frozen at its start
(campaign_unit.parent_unit_id, campaign_member); existing campaigns are frozen as the organisation is now

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reader", S(length=64), nullable=False),
        sa.Column("surface", S(length=40), nullable=False),
        sa.Column("subject", S(length=100), nullable=False),
        sa.Column("rounds", sa.Text(), nullable=False),
        sa.Column("steps", sa.Text(), nullable=False),
        sa.Column("apart", sa.Boolean(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("digest", S(length=64), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reader", "digest"),
    )
    op.create_index("ix_release_reader", "release", ["reader"])
    op.create_table(
        "campaign_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("email", S(length=320), nullable=False),
        sa.Column("role", S(length=16), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_campaign_member_campaign_id", "campaign_member", ["campaign_id"])
    with op.batch_alter_table("campaign_unit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_unit_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_campaign_unit_parent_unit_id", "unit", ["parent_unit_id"], ["id"])
    # Campaigns started before: frozen as the organisation is now (the best that is known).
    bind = op.get_bind()
    parent = dict(bind.execute(sa.text("SELECT id, parent_id FROM unit")).all())
    rows = bind.execute(sa.text("SELECT id, campaign_id, unit_id FROM campaign_unit")).all()
    inside: dict[int, set[int]] = {}
    for _id, campaign_id, unit_id in rows:
        inside.setdefault(campaign_id, set()).add(unit_id)
    for row_id, campaign_id, unit_id in rows:
        up = parent.get(unit_id)
        if up is not None and up in inside[campaign_id]:
            bind.execute(sa.text("UPDATE campaign_unit SET parent_unit_id = :p WHERE id = :i"), {"p": up, "i": row_id})
    bind.execute(
        sa.text(
            "INSERT INTO campaign_member (campaign_id, unit_id, email, role) "
            "SELECT cu.campaign_id, m.unit_id, m.email, m.role FROM campaign_unit cu "
            "JOIN unit_member m ON m.unit_id = cu.unit_id"
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("campaign_unit", schema=None) as batch_op:
        batch_op.drop_constraint("fk_campaign_unit_parent_unit_id", type_="foreignkey")
        batch_op.drop_column("parent_unit_id")
    op.drop_index("ix_campaign_member_campaign_id", table_name="campaign_member")
    op.drop_table("campaign_member")
    op.drop_index("ix_release_reader", table_name="release")
    op.drop_table("release")

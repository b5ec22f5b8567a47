"""node daily load: the order lines each node took on a day, for capacity-aware sourcing

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22 09:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "node_daily_load",
        sa.Column("node", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.CheckConstraint("lines >= 0", name=op.f("ck_node_daily_load_lines_not_negative")),
        sa.PrimaryKeyConstraint("node", "day", name=op.f("pk_node_daily_load")),
    )


def downgrade() -> None:
    op.drop_table("node_daily_load")

"""ring fences: stock at a node kept for one channel

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 02:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ring_fences",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("node", sa.String(length=64), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=True),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel"], ["channels.code"], name=op.f("fk_ring_fences_channel_channels")
        ),
        sa.ForeignKeyConstraint(["node"], ["nodes.code"], name=op.f("fk_ring_fences_node_nodes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ring_fences")),
    )
    with op.batch_alter_table("ring_fences", schema=None) as batch_op:
        batch_op.create_index("ix_ring_fences_channel", ["channel"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ring_fences", schema=None) as batch_op:
        batch_op.drop_index("ix_ring_fences_channel")
    op.drop_table("ring_fences")

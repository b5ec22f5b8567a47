"""planning: supplier terms, forecasts, proposals

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 01:07:57.896240
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "forecasts",
        sa.Column("run_id", sa.String(length=32), nullable=False),
        sa.Column("unique_id", sa.String(length=160), nullable=False),
        sa.Column("ds", sa.Date(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("node", sa.String(length=64), nullable=False),
        sa.Column("yhat", sa.Float(), nullable=False),
        sa.Column("yhat_lo_80", sa.Float(), nullable=True),
        sa.Column("yhat_hi_80", sa.Float(), nullable=True),
        sa.Column("yhat_lo_95", sa.Float(), nullable=True),
        sa.Column("yhat_hi_95", sa.Float(), nullable=True),
        sa.Column("model", sa.String(length=64), nullable=False),
        sa.Column("backtest_rmsse", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "unique_id", "ds", name=op.f("pk_forecasts")),
    )
    with op.batch_alter_table("forecasts", schema=None) as batch_op:
        batch_op.create_index("ix_forecasts_sku_node", ["sku", "node"], unique=False)

    op.create_table(
        "replenishment_proposals",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("run_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("node", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=True),
        sa.Column("lead_time_days", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "inbound_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_replenishment_proposals")),
    )
    with op.batch_alter_table("replenishment_proposals", schema=None) as batch_op:
        batch_op.create_index("ix_replenishment_proposals_status", ["status"], unique=False)

    op.create_table(
        "supplier_terms",
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("supplier_id", sa.String(length=64), nullable=False),
        sa.Column("moq", sa.Integer(), nullable=False),
        sa.Column("pack_size", sa.Integer(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("lead_time_days", sa.Float(), nullable=False),
        sa.Column("lead_time_std_days", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sku"], ["products.sku"], name=op.f("fk_supplier_terms_sku_products")
        ),
        sa.PrimaryKeyConstraint("sku", name=op.f("pk_supplier_terms")),
    )


def downgrade() -> None:
    op.drop_table("supplier_terms")
    with op.batch_alter_table("replenishment_proposals", schema=None) as batch_op:
        batch_op.drop_index("ix_replenishment_proposals_status")

    op.drop_table("replenishment_proposals")
    with op.batch_alter_table("forecasts", schema=None) as batch_op:
        batch_op.drop_index("ix_forecasts_sku_node")

    op.drop_table("forecasts")

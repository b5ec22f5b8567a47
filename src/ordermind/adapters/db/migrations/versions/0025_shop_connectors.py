"""Shop connectors: Shopify and WooCommerce shops whose order webhooks become orders

One row per connected shop, with its sealed secrets (adapters/webhooks/vault.py) and the
maps from ordermind nodes and SKUs to the shop's location and inventory item ids.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 15:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "shop_connectors",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("shop", sa.String(255), nullable=False),
        sa.Column("admin_api_url", sa.Text()),
        sa.Column("secrets", sa.Text(), nullable=False),
        sa.Column("locations", Json, nullable=False),
        sa.Column("inventory_items", Json, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("deleted_at", TS),
        sa.Column("last_push_at", TS),
        sa.Column("last_push", Json),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shop_connectors")),
    )


def downgrade() -> None:
    op.drop_table("shop_connectors")

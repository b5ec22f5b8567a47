"""Tax rates as configuration: basis points by ship-to country ("*" for the defaults) and
tax class. The table starts empty, so invoices keep the built-in rates until an admin
stores others.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tax_rates",
        sa.Column("country", sa.String(2), primary_key=True),
        sa.Column("tax_class", sa.String(16), primary_key=True),
        sa.Column("rate_bp", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(128), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tax_rates")

"""Each node's working profile as configuration: its cut-off, processing days and the
public holidays it does not work (a country or ISO 3166-2 region of the `holidays`
package). NULL keeps the node kind's default, so existing nodes promise as before.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN on both back ends (no table copy: the nodes triggers stay)
    op.add_column("nodes", sa.Column("cutoff", sa.String(5)))
    op.add_column("nodes", sa.Column("processing_days", sa.Integer))
    op.add_column("nodes", sa.Column("holidays", sa.String(16)))


def downgrade() -> None:
    # plain DROP COLUMN (SQLite 3.35+), not a table copy that would lose the triggers
    for column in ("holidays", "processing_days", "cutoff"):
        op.drop_column("nodes", column)

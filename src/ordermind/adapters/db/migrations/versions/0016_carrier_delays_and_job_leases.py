"""announced carrier delays, leases of single-runner jobs, shipments by hand-off time

`carrier_delays` holds one announced delay per carrier (extra days, from, until, reason),
which the care scan tells the delay scorer. `job_leases` lets one worker at a time run a
background job on SQLite (PostgreSQL takes an advisory lock instead). The index on
`shipments.shipped_at` serves the care scan's read of the last 60 days of hand-offs.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 23:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "carrier_delays",
        sa.Column("carrier", sa.String(length=64), nullable=False),
        sa.Column("extra_days", sa.Float(), nullable=False),
        sa.Column("starts_at", TS, nullable=False),
        sa.Column("ends_at", TS, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.Column("set_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("carrier", name=op.f("pk_carrier_delays")),
    )
    op.create_table(
        "job_leases",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_leases")),
    )
    op.create_index(op.f("ix_shipments_shipped_at"), "shipments", ["shipped_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_shipments_shipped_at"), table_name="shipments")
    op.drop_table("job_leases")
    op.drop_table("carrier_delays")

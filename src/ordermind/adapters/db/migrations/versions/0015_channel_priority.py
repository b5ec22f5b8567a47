"""channel priority: FIFO or dynamic ordering of waiting orders, factor weights, ship SLA

One row per configured channel in `channel_priorities`; a channel without one is FIFO with
the default weights. Changes to it bump the network configuration version like every other
channel setting (the same trigger function as 0011), so each worker's channel cache drops.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 20:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLE = "channel_priorities"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("policy", sa.String(length=16), nullable=False),
        sa.Column(
            "weights", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("ship_sla_hours", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel"], ["channels.code"], name=op.f("fk_channel_priorities_channel_channels")
        ),
        sa.PrimaryKeyConstraint("channel", name=op.f("pk_channel_priorities")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER om_bump_{TABLE} "
            f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION om_bump_config('network')"
        )
    else:
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER om_bump_{TABLE}_{event.lower()} AFTER {event} ON {TABLE} "
                "BEGIN UPDATE config_versions SET version = version + 1 "
                "WHERE name = 'network'; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER om_bump_{TABLE} ON {TABLE}")
    else:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER om_bump_{TABLE}_{event}")
    op.drop_table(TABLE)

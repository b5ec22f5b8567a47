"""webhook cursor in commit order on PostgreSQL: each event's transaction id

Event ids come from a sequence, taken when a row is inserted and seen when its transaction
commits: under load a transaction that took a lower id can commit after the dispatcher's
cursor passed a higher one, and its events were skipped (81 of 51,122 in a 30-minute soak;
the 1 s "settle" wait was shorter than the slowest commits). `order_events.tx` holds the
inserting transaction's id (`pg_current_xact_id()`); the dispatcher hands out only events
of transactions older than every one still running (`pg_snapshot_xmin`), in (tx, id) order,
and keeps its cursor as that pair. SQLite has one writer, so ids commit in order there; its
column stays NULL.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 07:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TX_NOW = "(pg_current_xact_id()::text)::bigint"


def upgrade() -> None:
    # plain ADD COLUMN on both (a batch rebuild of order_events on SQLite would drop the
    # notification trigger of migration 0014)
    op.add_column(
        "webhook_subscriptions",
        sa.Column("cursor_tx", sa.BigInteger(), nullable=False, server_default="0"),
    )
    if op.get_bind().dialect.name != "postgresql":
        op.add_column("order_events", sa.Column("tx", sa.BigInteger(), nullable=True))
        op.create_index("ix_order_events_tx_id", "order_events", ["tx", "id"])  # the schema's
        return
    # Existing rows all get this migration's transaction id (they are committed); existing
    # subscriptions resume after it at the event id they had reached.
    op.add_column(
        "order_events",
        sa.Column("tx", sa.BigInteger(), nullable=True, server_default=sa.text(TX_NOW)),
    )
    op.create_index("ix_order_events_tx_id", "order_events", ["tx", "id"])
    op.execute(f"UPDATE webhook_subscriptions SET cursor_tx = {TX_NOW}")


def downgrade() -> None:
    op.drop_index("ix_order_events_tx_id", table_name="order_events")
    # ALTER TABLE ... DROP COLUMN on both (SQLite >= 3.35), for the trigger's sake
    op.execute("ALTER TABLE order_events DROP COLUMN tx")
    op.execute("ALTER TABLE webhook_subscriptions DROP COLUMN cursor_tx")

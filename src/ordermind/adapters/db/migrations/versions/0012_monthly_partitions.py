"""monthly partitions for the append-only tables (PostgreSQL, behind a setting)

With ORDERMIND_PARTITION_BY_MONTH=1 in the environment (or `alembic -x
partition_by_month=1`) at upgrade time, on PostgreSQL, `order_events`, `stock_movements`
and `velocity_events` become RANGE-partitioned by the month of their timestamp: a partition
per month that has rows plus this month and the next three, a default partition for
anything outside them, every existing row copied into its month. The primary key then
includes the partition key (PostgreSQL requires it); nothing references these tables by
foreign key, and their ids still come from the same sequences. `ordermind db partitions`
adds the coming months (see adapters/db/partitions.py and docs/scaling.md).

Without the setting, and always on SQLite, this revision changes nothing. The downgrade
follows what the database holds, not the setting: partitioned tables go back to plain
ones with every row; plain ones are left alone.

`orders` itself and `idempotency_keys` are not partitioned: their uniqueness on
(channel, external_id) and (scope, key), which ON CONFLICT relies on, cannot be enforced
across partitions of a time range.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 18:45:00
"""

import os
from dataclasses import dataclass

from alembic import context, op
from sqlalchemy import text

from ordermind.adapters.db import partitions as parts

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


@dataclass(frozen=True)
class Layout:
    """A table's keys as migrations 0001-0011 declared them (frozen here)."""

    key: str  # partition key
    primary_key: tuple[str, ...]
    indexes: dict[str, tuple[str, ...]]
    foreign_keys: dict[str, tuple[str, str]]  # name -> (column, "table(column)")
    serial: str | None  # column filled from a sequence


LAYOUTS = {
    "order_events": Layout(
        "created_at",
        ("id",),
        {"ix_order_events_order_id": ("order_id",)},
        {"fk_order_events_order_id_orders": ("order_id", "orders(id)")},
        "id",
    ),
    "stock_movements": Layout(
        "created_at",
        ("id",),
        {"ix_stock_movements_sku_node": ("sku", "node")},
        {},
        "id",
    ),
    "velocity_events": Layout(
        "at",
        ("kind", "key", "order_id"),
        {"ix_velocity_events_kind_key_at": ("kind", "key", "at"), "ix_velocity_events_at": ("at",)},
        {},
        None,
    ),
}
assert {t: lay.key for t, lay in LAYOUTS.items()} == parts.TABLES


def _wanted() -> bool:
    """The setting, read at upgrade time: `-x partition_by_month=1` or the environment."""
    x = context.get_x_argument(as_dictionary=True).get("partition_by_month")
    return parts.setting_enabled({parts.SETTING: x} if x is not None else os.environ)


def _cols(cols: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in cols)


def _keys(table: str, lay: Layout, primary_key: tuple[str, ...]) -> None:
    op.execute(
        f'ALTER TABLE "{table}" ADD CONSTRAINT "pk_{table}" PRIMARY KEY ({_cols(primary_key)})'
    )
    for name, cols in lay.indexes.items():
        op.execute(f'CREATE INDEX "{name}" ON "{table}" ({_cols(cols)})')
    for name, (col, target) in lay.foreign_keys.items():
        op.execute(
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" FOREIGN KEY ("{col}") '
            f"REFERENCES {target}"
        )


def _own_sequence(table: str, from_table: str, lay: Layout) -> None:
    # The sequence belongs to the table being dropped: hand it over first, or it goes too.
    if lay.serial is None:
        return
    seq = (
        op.get_bind()
        .execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": from_table, "c": lay.serial})
        .scalar()
    )
    if seq is not None:
        op.execute(f'ALTER SEQUENCE {seq} OWNED BY "{table}"."{lay.serial}"')


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql" or not _wanted():
        return
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {parts.SCHEMA}")
    today = conn.execute(text("SELECT (now() AT TIME ZONE 'UTC')::date")).scalar_one()
    for table, lay in LAYOUTS.items():
        if parts.is_partitioned(conn, table):
            continue
        old = f"{table}_unpartitioned"
        op.execute(f'ALTER TABLE "{table}" RENAME TO "{old}"')
        # Index names are per schema: free them for the partitioned table's indexes.
        for index in (f"pk_{table}", *lay.indexes):
            op.execute(f'ALTER INDEX "{index}" RENAME TO "{index}_unpartitioned"')
        op.execute(
            f'CREATE TABLE "{table}" (LIKE "{old}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) '
            f'PARTITION BY RANGE ("{lay.key}")'
        )
        _keys(table, lay, (*lay.primary_key, lay.key))
        _own_sequence(table, old, lay)
        months = set(
            conn.execute(
                text(
                    f"SELECT DISTINCT date_trunc('month', \"{lay.key}\" AT TIME ZONE 'UTC')::date "
                    f'FROM "{old}"'
                )
            ).scalars()
        )
        this = parts.month_start(today)
        months |= {parts.add_months(this, i) for i in range(parts.MONTHS_AHEAD + 1)}
        for month in sorted(months):
            parts.create_month(conn, table, month)
        parts.create_default(conn, table)
        op.execute(f'INSERT INTO "{table}" SELECT * FROM "{old}"')
        op.execute(f'DROP TABLE "{old}"')
        op.execute(f'ANALYZE "{table}"')  # autovacuum never analyses a partitioned parent


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    for table, lay in LAYOUTS.items():
        if not parts.is_partitioned(conn, table):
            continue
        plain = f"{table}_plain"
        op.execute(
            f'CREATE TABLE "{plain}" (LIKE "{table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)'
        )
        op.execute(f'INSERT INTO "{plain}" SELECT * FROM "{table}"')
        _own_sequence(plain, table, lay)
        op.execute(f'DROP TABLE "{table}"')  # its partitions go with it
        op.execute(f'ALTER TABLE "{plain}" RENAME TO "{table}"')
        _keys(table, lay, lay.primary_key)
    left = conn.execute(
        text(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :s"
        ),
        {"s": parts.SCHEMA},
    ).scalar()
    if left == 0:  # keep the schema if someone parked detached partitions in it
        op.execute(f"DROP SCHEMA IF EXISTS {parts.SCHEMA}")

"""Monthly RANGE partitions for the append-only tables, on PostgreSQL only.

Migration 0012 converts `order_events`, `stock_movements` and `velocity_events` to
partitions by month of their timestamp when ORDERMIND_PARTITION_BY_MONTH=1 (or
`alembic -x partition_by_month=1`) at upgrade time. This module keeps them going, run
monthly by `ordermind db partitions`: the coming months' partitions, rows that waited in the
default partition moved into their own month, and optional retention (detach + drop).

Partitions live in their own schema, `partitions`, so the application schema lists only the
tables the code declares (and Alembic's comparison of tables.py against the database sees
no extra tables). Months are UTC calendar months. SQLite has no partitioning: the
functions here refuse it with `PartitioningUnavailable`."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Connection, text

SETTING = "ORDERMIND_PARTITION_BY_MONTH"
SCHEMA = "partitions"
# table -> its partition key: the time the row was written (rows are never updated later)
TABLES: dict[str, str] = {
    "order_events": "created_at",
    "stock_movements": "created_at",
    "velocity_events": "at",
}
MONTHS_AHEAD = 3

_BOUNDS = re.compile(r"FOR VALUES FROM \('([^']+)'\) TO \('([^']+)'\)")


class PartitioningUnavailable(Exception):
    """The database cannot be maintained by month (SQLite, or not migrated partitioned)."""


@dataclass(frozen=True)
class Partition:
    table: str
    name: str
    start: date | None  # first day of the month; None for the default partition
    end: date | None  # first day of the next month (exclusive)

    @property
    def is_default(self) -> bool:
        return self.start is None


@dataclass
class TableReport:
    table: str
    created: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    purged_from_default: int = 0
    partitions: list[Partition] = field(default_factory=list)


def setting_enabled(env: Mapping[str, str] = os.environ) -> bool:
    return env.get(SETTING, "").strip().lower() in {"1", "true", "yes", "on"}


def month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def partition_name(table: str, month: date) -> str:
    return f"{table}_{month:%Y_%m}"


def default_name(table: str) -> str:
    return f"{table}_default"


def is_partitioned(conn: Connection, table: str) -> bool:
    if conn.dialect.name != "postgresql":
        return False
    kind = conn.execute(
        text(
            "SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relname = :t"
        ),
        {"t": table},
    ).scalar()
    return kind == "p"


def list_partitions(conn: Connection, table: str) -> list[Partition]:
    """The table's partitions, oldest month first, the default one last."""
    rows = conn.execute(
        text(
            "SELECT child.relname, pg_get_expr(child.relpartbound, child.oid) "
            "FROM pg_inherits i "
            "JOIN pg_class parent ON parent.oid = i.inhparent "
            "JOIN pg_namespace pn ON pn.oid = parent.relnamespace "
            "JOIN pg_class child ON child.oid = i.inhrelid "
            "WHERE parent.relname = :t AND pn.nspname = current_schema()"
        ),
        {"t": table},
    ).all()
    found = []
    for name, bound in rows:
        match = _BOUNDS.search(bound or "")
        if match:  # bounds are rendered in the session's time zone: read them back as UTC
            start, end = (_utc_day(v) for v in match.groups())
            found.append(Partition(table, name, start, end))
        else:
            found.append(Partition(table, name, None, None))
    return sorted(found, key=lambda p: (p.is_default, p.start or date.min))


def create_default(conn: Connection, table: str) -> None:
    conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
    conn.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {_part(default_name(table))} "
            f"PARTITION OF {_q(table)} DEFAULT"
        )
    )


def create_month(conn: Connection, table: str, month: date) -> str | None:
    """Add the month's partition unless one covers it; rows of that month waiting in the
    default partition move into it. Returns the new partition's name, or None."""
    key = TABLES[table]
    month = month_start(month)
    default = next((p for p in list_partitions(conn, table) if p.is_default), None)
    if default is not None:
        # Rows routed to the default meanwhile would make the ATTACH fail: keep them out,
        # and serialise two maintenance runs on the same table.
        conn.execute(text(f"LOCK TABLE {_part(default.name)} IN ACCESS EXCLUSIVE MODE"))
    if any(
        p.start is not None and p.end is not None and p.start <= month < p.end
        for p in list_partitions(conn, table)
    ):
        return None
    name = partition_name(table, month)
    lo, hi = _ts(month), _ts(add_months(month, 1))
    conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
    # Built beside the table and then attached: ATTACH takes a weaker lock on the parent
    # than CREATE ... PARTITION OF, so writers to other months are not held up.
    conn.execute(
        text(
            f"CREATE TABLE {_part(name)} "
            f"(LIKE {_q(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
        )
    )
    if default is not None:
        conn.execute(
            text(
                f"WITH moved AS (DELETE FROM {_part(default.name)} "
                f"WHERE {_q(key)} >= {lo} AND {_q(key)} < {hi} RETURNING *) "
                f"INSERT INTO {_part(name)} SELECT * FROM moved"
            )
        )
    conn.execute(
        text(
            f"ALTER TABLE {_q(table)} ATTACH PARTITION {_part(name)} "
            f"FOR VALUES FROM ({lo}) TO ({hi})"
        )
    )
    return name


def months_in_default(conn: Connection, table: str) -> list[date]:
    default = next((p for p in list_partitions(conn, table) if p.is_default), None)
    if default is None:
        return []
    rows = conn.execute(
        text(
            f"SELECT DISTINCT date_trunc('month', {_q(TABLES[table])} AT TIME ZONE 'UTC')::date "
            f"FROM {_part(default.name)}"
        )
    ).scalars()
    return sorted(rows)


def drop_before(conn: Connection, table: str, keep_from: date) -> tuple[list[str], int]:
    """Detach and drop every monthly partition that ends on or before `keep_from`, and
    delete the default partition's rows older than it. Newer partitions are not touched."""
    dropped = []
    for p in list_partitions(conn, table):
        if p.end is not None and p.end <= keep_from:
            conn.execute(text(f"ALTER TABLE {_q(table)} DETACH PARTITION {_part(p.name)}"))
            conn.execute(text(f"DROP TABLE {_part(p.name)}"))
            dropped.append(p.name)
    purged = 0
    default = next((p for p in list_partitions(conn, table) if p.is_default), None)
    if default is not None:
        purged = conn.execute(
            text(f"DELETE FROM {_part(default.name)} WHERE {_q(TABLES[table])} < {_ts(keep_from)}")
        ).rowcount
    return dropped, purged


def maintain(
    conn: Connection,
    months_ahead: int = MONTHS_AHEAD,
    retain_months: int | None = None,
    tables: Iterable[str] | None = None,
    today: date | None = None,
) -> list[TableReport]:
    """Partitions for this month and the next `months_ahead`, plus every month that has rows
    waiting in the default partition (idempotent). With `retain_months` (and tables named),
    partitions wholly before the first day of (this month - retain_months) are detached and
    dropped, and the default partition's rows older than that deleted."""
    chosen = list(tables) if tables else list(TABLES)
    unknown = [t for t in chosen if t not in TABLES]
    if unknown:
        raise ValueError(
            f"not a partitioned table: {', '.join(unknown)} (one of {', '.join(TABLES)})"
        )
    if not 0 <= months_ahead <= 120:
        raise ValueError(f"months ahead must be between 0 and 120, not {months_ahead}")
    if retain_months is not None and retain_months < 1:
        raise ValueError(f"retention must keep at least 1 past month, not {retain_months}")
    if retain_months is not None and not tables:
        # order_events is the orders' timeline: dropping it is never a side effect.
        raise ValueError("retention drops data: name each table to prune (--table)")
    if conn.dialect.name != "postgresql":
        raise PartitioningUnavailable(
            f"{conn.dialect.name} has no table partitioning; monthly partitions are PostgreSQL only"
        )
    flat = [t for t in chosen if not is_partitioned(conn, t)]
    if flat:
        raise PartitioningUnavailable(
            f"{', '.join(flat)} not partitioned: migrate with {SETTING}=1 (see docs/scaling.md)"
        )
    this = month_start(today or datetime.now(UTC).date())
    keep_from = add_months(this, -retain_months) if retain_months is not None else None
    reports = []
    for table in chosen:
        report = TableReport(table)
        create_default(conn, table)
        wanted = {add_months(this, i) for i in range(months_ahead + 1)}
        wanted |= {m for m in months_in_default(conn, table) if keep_from is None or m >= keep_from}
        for month in sorted(wanted):
            if (name := create_month(conn, table, month)) is not None:
                report.created.append(name)
        if keep_from is not None:
            report.dropped, report.purged_from_default = drop_before(conn, table, keep_from)
        report.partitions = list_partitions(conn, table)
        reports.append(report)
    return reports


def _utc_day(value: str) -> date:
    return datetime.fromisoformat(value).astimezone(UTC).date()


def _ts(day: date) -> str:
    return f"'{day.isoformat()} 00:00:00+00'::timestamptz"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _part(name: str) -> str:
    return f"{SCHEMA}.{_q(name)}"

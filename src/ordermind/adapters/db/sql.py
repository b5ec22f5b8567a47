"""Small dialect helpers shared by the repositories."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

from ordermind.domain.clock import utcnow


def upsert(conn: Connection, table: Table):
    """INSERT … ON CONFLICT for the connection's dialect (both share the same API)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


@overload
def aware(value: datetime) -> datetime: ...
@overload
def aware(value: None) -> None: ...
def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything in ordermind is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def now() -> datetime:
    return utcnow()

"""The fraud screen's velocity records in the database: every worker and host reads the
same orders per identity, so the screen decides the same whoever serves the order."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, insert, select, text, tuple_

from ordermind.services.unit_of_work import VelocityRecord, VelocityRepository

from . import tables as t
from .sql import aware

v = t.velocity_events


def identity_lock_keys(identities: Mapping[str, str]) -> list[int]:
    """A signed 64-bit advisory-lock key per identity, sorted: every transaction takes
    them in the same order, so two never wait on each other crosswise."""
    keys = set()
    for kind, key in identities.items():
        digest = hashlib.blake2b(f"{kind}:{key}".encode(), digest_size=8).digest()
        keys.add(int.from_bytes(digest, "big", signed=True))
    return sorted(keys)


def records_of(order_id: int, records: Iterable[VelocityRecord]) -> list[dict]:
    return [
        {
            "kind": r.kind,
            "key": r.key[:255],
            "order_id": order_id,
            "at": datetime.fromtimestamp(r.at, UTC),
            "value": r.value,
            "peer": r.peer[:255],
        }
        for r in records
    ]


class SqlVelocity(VelocityRepository):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def recent(self, identities: Mapping[str, str], since: datetime) -> list[VelocityRecord]:
        if not identities:
            return []
        pairs = [(kind, key[:255]) for kind, key in identities.items()]
        rows = self.conn.execute(
            select(v.c.kind, v.c.key, v.c.at, v.c.value, v.c.peer).where(
                tuple_(v.c.kind, v.c.key).in_(pairs), v.c.at >= since
            )
        )
        return [
            VelocityRecord(r.kind, r.key, aware(r.at).timestamp(), r.value, r.peer) for r in rows
        ]

    def lock(self, identities: Mapping[str, str]) -> None:
        if self.conn.dialect.name != "postgresql" or not identities:
            return  # SQLite's writers hold the database lock one at a time already
        for key in identity_lock_keys(identities):
            self.conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})

    def record(self, order_id: int, records: Iterable[VelocityRecord]) -> None:
        rows = records_of(order_id, records)
        if rows:
            self.conn.execute(insert(v), rows)

    def prune(self, before: datetime) -> int:
        return self.conn.execute(delete(v).where(v.c.at < before)).rowcount

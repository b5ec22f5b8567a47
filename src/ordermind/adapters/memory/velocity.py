"""Velocity records in memory, committed and rolled back with the unit of work."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from ordermind.services.unit_of_work import VelocityRecord, VelocityRepository


class MemoryVelocity(VelocityRepository):
    def __init__(self, committed: list[VelocityRecord]) -> None:
        self.committed = committed
        self.staged: list[VelocityRecord] = []
        self.prune_before: float | None = None

    def recent(self, identities: Mapping[str, str], since: datetime) -> list[VelocityRecord]:
        wanted = set(identities.items())
        floor = since.timestamp()
        return [
            r
            for r in (*self.committed, *self.staged)
            if (r.kind, r.key) in wanted and r.at >= floor
        ]

    def lock(self, identities: Mapping[str, str]) -> None:
        """One writer at a time in memory: nothing to hold."""

    def record(self, order_id: int, records: Iterable[VelocityRecord]) -> None:
        self.staged.extend(records)

    def prune(self, before: datetime) -> int:
        floor = before.timestamp()
        self.prune_before = floor
        return sum(r.at < floor for r in (*self.committed, *self.staged))

    def commit(self) -> None:
        self.committed.extend(self.staged)
        if self.prune_before is not None:
            self.committed[:] = [r for r in self.committed if r.at >= self.prune_before]
        self.rollback()

    def rollback(self) -> None:
        self.staged.clear()
        self.prune_before = None

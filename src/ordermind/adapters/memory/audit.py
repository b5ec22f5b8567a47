"""The audit trail in memory: appended at once, taken back if the unit of work rolls back."""

from __future__ import annotations

import dataclasses

from ordermind.services.audit import AuditEntry, AuditFilter, AuditRepository

from .fast_catalog import Undo


class MemoryAudit(AuditRepository):
    def __init__(self, entries: list[AuditEntry], undo: Undo) -> None:
        self.entries = entries
        self.undo = undo

    def add(self, entry: AuditEntry) -> int:
        entry_id = (self.entries[-1].id or 0) + 1 if self.entries else 1
        self.entries.append(dataclasses.replace(entry, id=entry_id))
        self.undo.append((self.entries.pop, ()))
        return entry_id

    def page(self, flt: AuditFilter, cursor: int | None, limit: int) -> list[AuditEntry]:
        out: list[AuditEntry] = []
        for e in reversed(self.entries):
            if len(out) == limit:
                break
            if (cursor is None or (e.id or 0) < cursor) and flt.matches(e):
                out.append(e)
        return out

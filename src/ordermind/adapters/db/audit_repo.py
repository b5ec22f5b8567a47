"""The audit trail on SQL: appended with the unit of work's own transaction."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, insert, select

from ordermind.services.audit import AuditEntry, AuditFilter, AuditRepository

from . import tables as t
from .sql import aware


class SqlAudit(AuditRepository):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, entry: AuditEntry) -> int:
        return self.conn.execute(
            insert(t.audit_log)
            .values(
                at=entry.at,
                actor=entry.actor[:128],
                action=entry.action,
                resource_type=entry.resource_type,
                resource_id=entry.resource_id[:255],
                before=entry.before,
                after=entry.after,
                request_id=entry.request_id,
            )
            .returning(t.audit_log.c.id)
        ).scalar_one()

    def add_many(self, entries: Iterable[AuditEntry]) -> int:
        """Append many entries in one statement (an import's new products); how many."""
        rows = [
            {
                "at": e.at,
                "actor": e.actor[:128],
                "action": e.action,
                "resource_type": e.resource_type,
                "resource_id": e.resource_id[:255],
                "before": e.before,
                "after": e.after,
                "request_id": e.request_id,
            }
            for e in entries
        ]
        if rows:
            self.conn.execute(insert(t.audit_log), rows)
        return len(rows)

    def page(self, flt: AuditFilter, cursor: int | None, limit: int) -> list[AuditEntry]:
        c = t.audit_log.c
        q = select(t.audit_log).order_by(c.id.desc()).limit(limit)
        if cursor is not None:
            q = q.where(c.id < cursor)
        for column, value in (
            (c.resource_type, flt.resource_type),
            (c.resource_id, flt.resource_id),
            (c.actor, flt.actor),
            (c.action, flt.action),
        ):
            if value is not None:
                q = q.where(column == value)
        if flt.at_from is not None:
            q = q.where(c.at >= flt.at_from)
        if flt.at_to is not None:
            q = q.where(c.at < flt.at_to)
        return [
            AuditEntry(
                id=r.id,
                at=aware(r.at),
                actor=r.actor,
                action=r.action,
                resource_type=r.resource_type,
                resource_id=r.resource_id,
                before=r.before,
                after=r.after,
                request_id=r.request_id,
            )
            for r in self.conn.execute(q)
        ]

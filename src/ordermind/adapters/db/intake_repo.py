from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from ordermind.services.ports import IntakeRecord

from . import tables as t
from .sql import aware, now, upsert

d = t.intake_documents


def _record(row) -> IntakeRecord:
    return IntakeRecord(
        id=row.id,
        channel=row.channel,
        source=row.source,
        filename=row.filename,
        format=row.format,
        sha256=row.sha256,
        content=bytes(row.content),
        parsed=row.parsed,
        buyer_id=row.buyer_id,
        po_number=row.po_number,
        confidence=row.confidence,
        status=row.status,
        reasons=row.reasons,
        order_id=row.order_id,
        created_at=aware(row.created_at),
        reviewed_by=row.reviewed_by,
        reviewed_at=aware(row.reviewed_at),
    )


class SqlIntake:
    """Received documents, the buyer cross-reference and review decisions (the
    `IntakeRepository` port, by shape)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, record: IntakeRecord) -> IntakeRecord:
        values = {
            k: getattr(record, k)
            for k in (
                "channel",
                "source",
                "filename",
                "format",
                "sha256",
                "content",
                "parsed",
                "buyer_id",
                "po_number",
                "confidence",
                "status",
                "reasons",
                "order_id",
            )
        }
        record.created_at = now()
        record.id = self.conn.execute(
            insert(d).values(**values, created_at=record.created_at).returning(d.c.id)
        ).scalar_one()
        return record

    def get(self, doc_id: int) -> IntakeRecord | None:
        row = self.conn.execute(select(d).where(d.c.id == doc_id)).first()
        return _record(row) if row else None

    def update(self, doc_id: int, **values: object) -> None:
        self.conn.execute(update(d).where(d.c.id == doc_id).values(**values))

    def find_po(self, channel: str, buyer_id: str | None, po_number: str) -> IntakeRecord | None:
        q = select(d).where(
            d.c.channel == channel,
            d.c.po_number == po_number,
            d.c.status.in_(["placed", "review", "resolved"]),
        )
        q = q.where(d.c.buyer_id.is_(None) if buyer_id is None else d.c.buyer_id == buyer_id)
        row = self.conn.execute(q.order_by(d.c.id).limit(1)).first()
        return _record(row) if row else None

    def find(self, status: str | None, limit: int) -> list[IntakeRecord]:
        q = select(d).order_by(d.c.id.desc()).limit(limit)
        if status is not None:
            q = q.where(d.c.status == status)
        return [_record(r) for r in self.conn.execute(q)]

    def xref_get(self, buyer_id: str | None, key: str) -> str | None:
        x = t.customer_xref
        return self.conn.execute(
            select(x.c.sku).where(x.c.buyer_id == (buyer_id or ""), x.c.key == key)
        ).scalar()

    def xref_put(self, buyer_id: str | None, key: str, sku: str) -> None:
        stmt = upsert(self.conn, t.customer_xref).values(
            buyer_id=buyer_id or "", key=key[:255], sku=sku, updated_at=now()
        )
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["buyer_id", "key"], set_={"sku": sku, "updated_at": now()}
            )
        )

    def layouts(self) -> dict[str, dict]:
        """Every sender layout, by sender key."""
        x = t.intake_sender_layouts
        return {r.sender: dict(r.layout) for r in self.conn.execute(select(x.c.sender, x.c.layout))}

    def layout_put(self, sender: str, layout: dict, actor: str) -> None:
        stmt = upsert(self.conn, t.intake_sender_layouts).values(
            sender=sender[:128], layout=layout, updated_by=actor[:64], updated_at=now()
        )
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["sender"],
                set_={"layout": layout, "updated_by": actor[:64], "updated_at": now()},
            )
        )

    def record_decision(
        self,
        order_id: int,
        hold_id: str,
        hold_reason: str,
        decision: str,
        reason: str | None,
        actor: str,
    ) -> None:
        self.conn.execute(
            insert(t.review_decisions).values(
                order_id=order_id,
                hold_id=hold_id,
                hold_reason=hold_reason,
                decision=decision,
                reason=reason,
                actor=actor,
                created_at=now(),
            )
        )

    def decisions(self, hold_reason: str) -> list[tuple[int, str]]:
        """(order_id, decision) of every reviewed hold of that reason, oldest first."""
        r = t.review_decisions
        q = (
            select(r.c.order_id, r.c.decision)
            .where(r.c.hold_reason == hold_reason)
            .order_by(r.c.id)
        )
        return [(oid, dec) for oid, dec in self.conn.execute(q)]

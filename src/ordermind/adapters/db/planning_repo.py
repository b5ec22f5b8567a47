"""Queries for planning: demand history, supplier terms, forecasts and proposals."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from ordermind.services.ports import DemandLine, Row

from . import tables as t
from .sql import aware, now, upsert


class SqlPlanning:
    """The `PlanningRepository` port, by shape."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def demand_lines(self) -> list[DemandLine]:
        """(ts, sku, node, quantity) per order line and fulfilling node; units no node
        holds yet (back-orders) count against node '*'."""
        o, a, ol, s = t.orders, t.allocations, t.order_lines, t.shipments
        rows: list[DemandLine] = []
        held = select(o.c.created_at, a.c.sku, a.c.node, a.c.allocated + a.c.released).join(
            o, o.c.id == a.c.order_id
        )
        rows += [(aware(ts), sku, node, qty) for ts, sku, node, qty in self.conn.execute(held)]
        shipped = select(o.c.created_at, s.c.node, s.c.lines).join(o, o.c.id == s.c.order_id)
        for ts, node, lines in self.conn.execute(shipped):
            rows += [(aware(ts), sku, node, qty) for _, sku, qty in lines]
        backordered = (
            select(o.c.created_at, ol.c.sku, ol.c.backordered)
            .join(o, o.c.id == ol.c.order_id)
            .where(ol.c.backordered > 0)
        )
        rows += [(aware(ts), sku, "*", qty) for ts, sku, qty in self.conn.execute(backordered)]
        return rows

    def on_order(self) -> dict[tuple[str, str], int]:
        s = t.inbound_supply
        rows = self.conn.execute(
            select(s.c.sku, s.c.node, s.c.quantity).where(s.c.received.is_(False))
        )
        out: dict[tuple[str, str], int] = {}
        for sku, node, qty in rows:
            out[(sku, node)] = out.get((sku, node), 0) + qty
        return out

    def terms(self) -> dict[str, Row]:
        return {r.sku: dict(r._mapping) for r in self.conn.execute(select(t.supplier_terms))}

    def put_terms(self, values: Row) -> None:
        stmt = upsert(self.conn, t.supplier_terms).values(**values)
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["sku"], set_={k: v for k, v in values.items() if k != "sku"}
            )
        )

    def replace_forecasts(self, rows: list[Row]) -> None:
        self.conn.execute(delete(t.forecasts))  # only the latest run is served
        if rows:
            self.conn.execute(insert(t.forecasts), rows)

    def forecasts(self, sku: str | None, node: str | None, limit: int) -> list[Row]:
        f = t.forecasts
        q = select(f).order_by(f.c.sku, f.c.node, f.c.ds).limit(limit)
        if sku:
            q = q.where(f.c.sku == sku)
        if node:
            q = q.where(f.c.node == node)
        return [_zoned(r) for r in self.conn.execute(q)]

    def add_proposals(self, rows: list[Row]) -> None:
        p = t.replenishment_proposals
        self.conn.execute(update(p).where(p.c.status == "proposed").values(status="superseded"))
        if rows:
            self.conn.execute(
                insert(p), [{**r, "status": "proposed", "created_at": now()} for r in rows]
            )

    def proposals(self, status: str | None, limit: int) -> list[Row]:
        p = t.replenishment_proposals
        q = select(p).order_by(p.c.id.desc()).limit(limit)
        if status:
            q = q.where(p.c.status == status)
        return [_zoned(r) for r in self.conn.execute(q)]

    def proposal(self, proposal_id: int) -> Row | None:
        p = t.replenishment_proposals
        row = self.conn.execute(select(p).where(p.c.id == proposal_id)).first()
        return _zoned(row) if row else None

    def decide(self, proposal_id: int, status: str, actor: str, inbound_id: int | None) -> None:
        p = t.replenishment_proposals
        self.conn.execute(
            update(p)
            .where(p.c.id == proposal_id)
            .values(status=status, decided_by=actor, inbound_id=inbound_id)
        )

    def set_quantity(self, proposal_id: int, quantity: int) -> None:
        p = t.replenishment_proposals
        self.conn.execute(update(p).where(p.c.id == proposal_id).values(quantity=quantity))


def _zoned(row) -> Row:
    """The row as a dict, its creation time in UTC (SQLite hands it back without a zone,
    and the API answers every time with its offset)."""
    out = dict(row._mapping)
    out["created_at"] = aware(out["created_at"])
    return out

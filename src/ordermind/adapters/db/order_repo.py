"""The order aggregate on SQL: a header row, lines with their buckets, per-node allocations,
holds, shipments, invoices, returns and the append-only event timeline."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import ColumnElement, Connection, delete, insert, or_, select, update

from ordermind.domain.errors import Conflict, StaleWrite
from ordermind.domain.orders import (
    Order,
)
from ordermind.services.unit_of_work import OrderFilter, OrderRepository

from . import hot_statements as hot
from . import tables as t
from .order_rows import (
    allocation_rows,
    customer_row,
    event_rows,
    header_row,
    hold_rows,
    line_rows,
    order_from_rows,
)
from .sql import aware


class SqlOrders(OrderRepository):
    def __init__(self, conn: Connection) -> None:
        # Orders are written optimistically (a version check, see `save`), never locked
        # while read: the only row locks a writer waits on are stock rows, taken in one
        # global order, so writers cannot wait on each other in a circle.
        self.conn = conn

    # -- writes -----------------------------------------------------------------
    def add(self, order: Order) -> None:
        conn = self.conn
        new_id = conn.execute(
            hot.insert_order(conn), {**header_row(order), "version": order.version}
        ).scalar()
        if new_id is None:
            existing = self.conn.execute(
                select(t.orders.c.id).where(
                    t.orders.c.channel == order.channel, t.orders.c.external_id == order.external_id
                )
            ).scalar()
            raise Conflict(
                f"channel {order.channel} already has order OM{existing:08d} with external_id "
                f"{order.external_id!r}",
                order_id=existing,
            )
        order.id = new_id
        conn.execute(insert(t.order_lines), line_rows(order))
        allocs = allocation_rows(order)
        if allocs:
            conn.execute(insert(t.allocations), allocs)
        self._insert_holds(order)  # a screened order may be held from the start
        conn.execute(
            hot.insert_customer(conn, with_segment=bool(order.customer.segment)),
            customer_row(order),
        )
        self._flush_events(order)

    def save(self, order: Order) -> None:
        conn = self.conn
        done = conn.execute(
            update(t.orders)
            .where(t.orders.c.id == order.id, t.orders.c.version == order.version)
            .values(**header_row(order), version=order.version + 1)
        ).rowcount
        if not done:
            raise StaleWrite(f"order {order.id} was changed by someone else; reload and retry")
        order.version += 1
        for table in (t.allocations, t.order_lines, t.holds, t.shipments, t.invoices, t.returns):
            conn.execute(delete(table).where(table.c.order_id == order.id))
        conn.execute(insert(t.order_lines), line_rows(order))
        allocs = allocation_rows(order)
        if allocs:
            conn.execute(insert(t.allocations), allocs)
        self._insert_holds(order)
        if order.shipments:
            conn.execute(
                insert(t.shipments),
                [
                    {
                        "id": s.id,
                        "order_id": order.id,
                        "node": s.node,
                        "carrier": s.carrier,
                        "service": s.service,
                        "tracking": s.tracking,
                        "packages": s.packages,
                        "lines": [[sl.line_no, sl.sku, sl.quantity] for sl in s.lines],
                        "shipped_at": s.shipped_at,
                        "delivered_at": s.delivered_at,
                    }
                    for s in order.shipments
                ],
            )
        if order.invoices:
            conn.execute(
                insert(t.invoices),
                [
                    {
                        "id": i.id,
                        "order_id": order.id,
                        "number": i.number,
                        "shipment_id": i.shipment_id,
                        "currency": i.currency,
                        "lines": [
                            [il.line_no, il.sku, il.quantity, il.unit_price, il.tax]
                            for il in i.lines
                        ],
                        "subtotal": i.subtotal,
                        "tax": i.tax,
                        "total": i.total,
                        "issued_at": i.issued_at,
                    }
                    for i in order.invoices
                ],
            )
        if order.returns:
            conn.execute(
                insert(t.returns),
                [
                    {
                        "id": r.id,
                        "order_id": order.id,
                        "status": str(r.status),
                        "node": r.node,
                        "refund_amount": r.refund_amount,
                        "lines": [
                            [
                                rl.sku,
                                rl.quantity,
                                rl.reason,
                                None if rl.disposition is None else str(rl.disposition),
                            ]
                            for rl in r.lines
                        ],
                        "created_at": r.created_at,
                        "updated_at": r.updated_at,
                    }
                    for r in order.returns
                ],
            )
        self._flush_events(order)

    def _insert_holds(self, order: Order) -> None:
        if order.holds:
            self.conn.execute(insert(t.holds), hold_rows(order))

    def _flush_events(self, order: Order) -> None:
        if order.events:
            self.conn.execute(insert(t.order_events), event_rows(order))
            order.events.clear()

    # -- reads ------------------------------------------------------------------
    def get(self, order_id: int) -> Order | None:
        found = self._load([order_id])
        return found[0] if found else None

    def lock(self, order_id: int) -> None:
        if self.conn.dialect.name == "postgresql":  # SQLite's writer holds the database
            self.conn.execute(
                select(t.orders.c.id).where(t.orders.c.id == order_id).with_for_update()
            )

    def find_by_external_id(self, channel: str, external_id: str) -> Order | None:
        oid = self.conn.execute(
            select(t.orders.c.id).where(
                t.orders.c.channel == channel, t.orders.c.external_id == external_id
            )
        ).scalar()
        return None if oid is None else self.get(oid)

    def page(self, flt: OrderFilter, cursor: int | None, limit: int) -> list[Order]:
        o = t.orders
        q = select(o.c.id).order_by(o.c.id.desc()).limit(limit)
        if cursor is not None:
            q = q.where(o.c.id < cursor)
        if flt.status:
            q = q.where(o.c.status == flt.status)
        if flt.channel:
            q = q.where(o.c.channel == flt.channel)
        if flt.customer:
            q = q.where(o.c.customer_email == flt.customer.lower())
        if flt.created_from:
            q = q.where(o.c.created_at >= flt.created_from)
        if flt.created_to:
            q = q.where(o.c.created_at < flt.created_to)
        if flt.sku:
            q = q.where(
                o.c.id.in_(select(t.order_lines.c.order_id).where(t.order_lines.c.sku == flt.sku))
            )
        if flt.q:
            like = f"%{flt.q}%"
            conds: list[ColumnElement[bool]] = [
                o.c.external_id.ilike(like),
                o.c.customer_email.ilike(like),
                o.c.customer_name.ilike(like),
            ]
            number = flt.q.upper().removeprefix("OM")
            if number.isdigit():
                conds.append(o.c.id == int(number))
            q = q.where(or_(*conds))
        ids = list(self.conn.execute(q).scalars())
        return self._load(ids)

    def _load(self, ids: list[int]) -> list[Order]:
        if not ids:
            return []
        conn = self.conn
        # The headers first: each statement reads its own snapshot, so children read later
        # can only be newer than the version the header carries, and a save of an order
        # torn that way fails its version check (a retry reads it whole) instead of writing
        # back children from before someone else's change.
        headers = {r.id: r for r in conn.execute(select(t.orders).where(t.orders.c.id.in_(ids)))}
        children: dict[str, dict[int, list]] = {}
        for name, table, order_by in (
            ("lines", t.order_lines, t.order_lines.c.line_no),
            ("allocs", t.allocations, t.allocations.c.node),
            ("holds", t.holds, t.holds.c.placed_at),
            ("shipments", t.shipments, t.shipments.c.shipped_at),
            ("invoices", t.invoices, t.invoices.c.issued_at),
            ("returns", t.returns, t.returns.c.created_at),
        ):
            grouped: dict[int, list] = defaultdict(list)
            for row in conn.execute(
                select(table).where(table.c.order_id.in_(ids)).order_by(order_by)
            ):
                grouped[row.order_id].append(row)
            children[name] = grouped
        return [order_from_rows(headers[i], children) for i in ids if i in headers]

    def with_backorders(self, sku: str, limit: int) -> list[int]:
        ol = t.order_lines
        q = (
            select(ol.c.order_id)
            .where(ol.c.sku == sku, ol.c.backordered > 0)
            .order_by(ol.c.order_id)
            .limit(limit)
        )
        return list(self.conn.execute(q).scalars())

    def with_unreleased_at(self, node: str, sku: str | None, limit: int) -> list[int]:
        a = t.allocations
        q = select(a.c.order_id).where(a.c.node == node, a.c.allocated > 0)
        if sku is not None:
            q = q.where(a.c.sku == sku)
        return list(
            self.conn.execute(q.distinct().order_by(a.c.order_id.desc()).limit(limit)).scalars()
        )

    def order_id_for_shipment(self, shipment_id: str) -> int | None:
        return self.conn.execute(
            select(t.shipments.c.order_id).where(t.shipments.c.id == shipment_id)
        ).scalar()

    def order_id_for_return(self, rma_id: str) -> int | None:
        return self.conn.execute(
            select(t.returns.c.order_id).where(t.returns.c.id == rma_id)
        ).scalar()

    def events(self, order_id: int) -> list[dict]:
        e = t.order_events
        rows = self.conn.execute(select(e).where(e.c.order_id == order_id).order_by(e.c.id))
        return [
            {
                "id": r.id,
                "type": r.type,
                "actor": r.actor,
                "at": aware(r.created_at),
                "reason": r.reason,
                "status_before": r.status_before,
                "status_after": r.status_after,
                "data": r.data,
            }
            for r in rows
        ]

    def active_holds(self, reason: str | None, limit: int) -> list[tuple[int, str]]:
        h = t.holds
        q = select(h.c.order_id, h.c.id).where(h.c.released_at.is_(None))
        if reason is not None:
            q = q.where(h.c.reason == reason)
        return [(r[0], r[1]) for r in self.conn.execute(q.order_by(h.c.placed_at).limit(limit))]

"""The order aggregate on SQL: a header row, lines with their buckets, per-node allocations,
holds, shipments, invoices, returns and the append-only event timeline."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Connection, delete, insert, or_, select, update

from ordermind.domain.errors import Conflict
from ordermind.domain.fulfilment import Invoice, InvoiceLine, Shipment, ShipmentLine
from ordermind.domain.orders import (
    Address,
    Allocation,
    Customer,
    Hold,
    HoldReason,
    Order,
    OrderLine,
)
from ordermind.domain.returns import Disposition, ReturnAuthorisation, ReturnLine, ReturnStatus
from ordermind.services.unit_of_work import OrderFilter, OrderRepository

from . import tables as t
from .sql import aware, upsert

ADDRESS_FIELDS = (
    "name",
    "line1",
    "line2",
    "city",
    "region",
    "postal_code",
    "country",
    "lat",
    "lon",
)


def _header(order: Order) -> dict:
    return {
        "channel": order.channel,
        "external_id": order.external_id,
        "currency": order.currency,
        "customer_email": order.customer.email,
        "customer_name": order.customer.name,
        "ship_to": {f: getattr(order.ship_to, f) for f in ADDRESS_FIELDS},
        "requested_delivery_date": order.requested_delivery_date,
        "promised_delivery_date": order.promised_delivery_date,
        "draft": order.draft,
        "status": str(order.status),
        "total": order.total,
        "sourcing": order.sourcing,
        "risk": order.risk,
        "created_at": order.created_at,
        "updated_at": order.updated_at,
        "closed_at": order.closed_at,
    }


def _line_rows(order: Order) -> list[dict]:
    return [
        {
            "order_id": order.id,
            "line_no": ln.line_no,
            "sku": ln.sku,
            "unit_price": ln.unit_price,
            **ln.buckets(),
        }
        for ln in order.lines
    ]


def _alloc_rows(order: Order) -> list[dict]:
    return [
        {
            "order_id": order.id,
            "line_no": ln.line_no,
            "node": a.node,
            "sku": ln.sku,
            "allocated": a.allocated,
            "released": a.released,
        }
        for ln in order.lines
        for a in ln.allocations
        if a.quantity
    ]


class SqlOrders(OrderRepository):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- writes -----------------------------------------------------------------
    def add(self, order: Order) -> None:
        conn = self.conn
        new_id = conn.execute(
            upsert(conn, t.orders)
            .values(**_header(order), version=order.version)
            .on_conflict_do_nothing(index_elements=["channel", "external_id"])
            .returning(t.orders.c.id)
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
        conn.execute(insert(t.order_lines), _line_rows(order))
        allocs = _alloc_rows(order)
        if allocs:
            conn.execute(insert(t.allocations), allocs)
        self._insert_holds(order)  # a screened order may be held from the start
        conn.execute(
            upsert(conn, t.customers)
            .values(
                email=order.customer.email,
                name=order.customer.name,
                created_at=order.created_at,
            )
            .on_conflict_do_nothing(index_elements=["email"])
        )
        self._flush_events(order)

    def save(self, order: Order) -> None:
        conn = self.conn
        done = conn.execute(
            update(t.orders)
            .where(t.orders.c.id == order.id, t.orders.c.version == order.version)
            .values(**_header(order), version=order.version + 1)
        ).rowcount
        if not done:
            raise Conflict(f"order {order.id} was changed by someone else; reload and retry")
        order.version += 1
        for table in (t.allocations, t.order_lines, t.holds, t.shipments, t.invoices, t.returns):
            conn.execute(delete(table).where(table.c.order_id == order.id))
        conn.execute(insert(t.order_lines), _line_rows(order))
        allocs = _alloc_rows(order)
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
        if not order.holds:
            return
        self.conn.execute(
            insert(t.holds),
            [
                {
                    "id": h.id,
                    "order_id": order.id,
                    "reason": str(h.reason),
                    "note": h.note,
                    "placed_by": h.placed_by,
                    "placed_at": h.placed_at,
                    "released_at": h.released_at,
                    "released_by": h.released_by,
                    "resolution": h.resolution,
                }
                for h in order.holds
            ],
        )

    def _flush_events(self, order: Order) -> None:
        if order.events:
            self.conn.execute(
                insert(t.order_events),
                [
                    {
                        "order_id": order.id,
                        "type": str(e.type),
                        "actor": e.actor,
                        "reason": e.reason,
                        "status_before": e.status_before,
                        "status_after": e.status_after,
                        "data": e.data,
                        "created_at": e.at,
                    }
                    for e in order.events
                ],
            )
            order.events.clear()

    # -- reads ------------------------------------------------------------------
    def get(self, order_id: int) -> Order | None:
        found = self._load([order_id])
        return found[0] if found else None

    def find_by_external_id(self, channel: str, external_id: str) -> Order | None:
        oid = self.conn.execute(
            select(t.orders.c.id).where(
                t.orders.c.channel == channel, t.orders.c.external_id == external_id
            )
        ).scalar()
        return None if oid is None else self.get(oid)

    def list(self, flt: OrderFilter, cursor: int | None, limit: int) -> list[Order]:
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
            conds = [
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
        headers = {r.id: r for r in conn.execute(select(t.orders).where(t.orders.c.id.in_(ids)))}
        return [self._order(headers[i], children) for i in ids if i in headers]

    @staticmethod
    def _order(h, c: dict[str, dict[int, list]]) -> Order:  # noqa: ANN001
        allocs: dict[int, list[Allocation]] = defaultdict(list)
        for a in c["allocs"].get(h.id, []):
            allocs[a.line_no].append(Allocation(a.node, a.allocated, a.released))
        lines = [
            OrderLine(
                line_no=r.line_no,
                sku=r.sku,
                ordered=r.ordered,
                unit_price=r.unit_price,
                backordered=r.backordered,
                shipped=r.shipped,
                delivered=r.delivered,
                cancelled=r.cancelled,
                returned=r.returned,
                allocations=allocs.get(r.line_no, []),
            )
            for r in c["lines"].get(h.id, [])
        ]
        ship_to = Address(**{k: h.ship_to.get(k) for k in ADDRESS_FIELDS})
        order = Order(
            id=h.id,
            channel=h.channel,
            currency=h.currency,
            customer=Customer(h.customer_email, h.customer_name),
            ship_to=ship_to,
            lines=lines,
            external_id=h.external_id,
            requested_delivery_date=_date(h.requested_delivery_date),
            promised_delivery_date=_date(h.promised_delivery_date),
            draft=h.draft,
            sourcing=h.sourcing,
            risk=h.risk,
            created_at=aware(h.created_at),
            updated_at=aware(h.updated_at),  # type: ignore[arg-type]
            closed_at=aware(h.closed_at),
            version=h.version,
        )
        order.holds = [
            Hold(
                id=r.id,
                reason=HoldReason(r.reason),
                note=r.note,
                placed_by=r.placed_by,
                placed_at=aware(r.placed_at),  # type: ignore[arg-type]
                released_at=aware(r.released_at),
                released_by=r.released_by,
                resolution=r.resolution,
            )
            for r in c["holds"].get(h.id, [])
        ]
        order.shipments = [
            Shipment(
                id=r.id,
                node=r.node,
                carrier=r.carrier,
                service=r.service,
                tracking=r.tracking,
                packages=r.packages,
                lines=[ShipmentLine(*x) for x in r.lines],
                shipped_at=aware(r.shipped_at),  # type: ignore[arg-type]
                delivered_at=aware(r.delivered_at),
            )
            for r in c["shipments"].get(h.id, [])
        ]
        order.invoices = [
            Invoice(
                id=r.id,
                number=r.number,
                shipment_id=r.shipment_id,
                currency=r.currency,
                lines=[InvoiceLine(*x) for x in r.lines],
                issued_at=aware(r.issued_at),
            )  # type: ignore[arg-type]
            for r in c["invoices"].get(h.id, [])
        ]
        order.returns = [
            ReturnAuthorisation(
                id=r.id,
                status=ReturnStatus(r.status),
                node=r.node,
                refund_amount=r.refund_amount,
                lines=[
                    ReturnLine(sku, qty, reason, None if d is None else Disposition(d))
                    for sku, qty, reason, d in r.lines
                ],
                created_at=aware(r.created_at),
                updated_at=aware(r.updated_at),
            )  # type: ignore[arg-type]
            for r in c["returns"].get(h.id, [])
        ]
        return order

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


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value))

"""Mapping between the order aggregate and its rows: the header, lines with buckets,
allocations (written) and the whole aggregate (read back)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields
from datetime import date

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

from .sql import aware


def header_row(order: Order) -> dict:
    return {
        "channel": order.channel,
        "external_id": order.external_id,
        "currency": order.currency,
        "customer_email": order.customer.email,
        "customer_name": order.customer.name,
        "ship_to": order.ship_to.as_dict(),
        "requested_delivery_date": order.requested_delivery_date,
        "promised_delivery_date": order.promised_delivery_date,
        "draft": order.draft,
        "pickup_node": order.pickup_node,
        "status": str(order.status),
        "total": order.total,
        "sourcing": order.sourcing,
        "risk": order.risk,
        "created_at": order.created_at,
        "updated_at": order.updated_at,
        "closed_at": order.closed_at,
    }


def line_rows(order: Order) -> list[dict]:
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


def allocation_rows(order: Order) -> list[dict]:
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


def hold_rows(order: Order) -> list[dict]:
    return [
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
    ]


def event_rows(order: Order) -> list[dict]:
    """The order's events not yet written (the append-only timeline)."""
    return [
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
    ]


def customer_row(order: Order) -> dict:
    c = order.customer
    return {"email": c.email, "name": c.name, "segment": c.segment, "created_at": order.created_at}


def order_from_rows(h, c: dict[str, dict[int, list]]) -> Order:
    """Rebuild the aggregate from its header row and child rows grouped by order id."""
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
    ship_to = Address(**{f.name: h.ship_to.get(f.name) for f in fields(Address)})
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
        pickup_node=h.pickup_node,
        sourcing=h.sourcing,
        risk=h.risk,
        created_at=aware(h.created_at),
        updated_at=aware(h.updated_at),
        closed_at=aware(h.closed_at),
        version=h.version,
    )
    order.holds = [
        Hold(
            id=r.id,
            reason=HoldReason(r.reason),
            note=r.note,
            placed_by=r.placed_by,
            placed_at=aware(r.placed_at),
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
            shipped_at=aware(r.shipped_at),
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
        )
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
        )
        for r in c["returns"].get(h.id, [])
    ]
    return order


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))

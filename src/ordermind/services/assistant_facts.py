"""The facts of one order an assistant answer may use, read from the live record: the
order, its products' names, its nodes' names, inbound supply for back-orders and order
care's open delay prediction."""

from __future__ import annotations

from datetime import date

from ordermind.assistant.facts import LineFacts, OrderFacts, ReturnFacts, ShipmentFacts
from ordermind.care.policy import PREDICTED_LATE
from ordermind.domain.orders import Order, OrderStatus
from ordermind.domain.returns import returnable
from ordermind.services.unit_of_work import AbstractUnitOfWork


def order_facts(uow: AbstractUnitOfWork, order: Order) -> OrderFacts:
    products = uow.products.get_many(line.sku for line in order.lines)
    names = {sku: (p.name or sku) for sku, p in products.items()}
    nodes = {n.code: n.name for n in uow.nodes.all()}
    inbound: dict[str, date] = {}
    for line in order.lines:
        if line.backordered > 0:
            due = [s.eta.date() for s in uow.supply.find(line.sku) if not s.received]
            if due:
                inbound[line.sku] = min(due)
    predicted_late, predicted = False, None
    for exc in uow.care.open_exceptions([order.stored_id]):
        if exc.type == PREDICTED_LATE and exc.status == "open":
            predicted_late = True
            when = exc.details.get("predicted_delivery")
            if isinstance(when, str):
                predicted = date.fromisoformat(when)
    return OrderFacts(
        number=str(order.stored_id),
        status=str(order.status),
        currency=order.currency,
        total=order.total,
        placed_on=order.created_at.date(),
        promised_date=order.promised_delivery_date,
        lines=tuple(
            LineFacts(
                line_no=line.line_no,
                sku=line.sku,
                name=names.get(line.sku, line.sku),
                ordered=line.ordered - line.cancelled,
                shipped=line.shipped,
                delivered=line.delivered,
                backordered=line.backordered + line.unsourced,
                returnable=min(line.delivered, returnable(order, line.sku)),
                inbound_date=inbound.get(line.sku),
            )
            for line in order.lines
        ),
        shipments=tuple(
            ShipmentFacts(
                shipment_id=s.id,
                origin=nodes.get(s.node, s.node),
                carrier=s.carrier,
                tracking=s.tracking,
                shipped_on=s.shipped_at.date(),
                delivered_on=None if s.delivered_at is None else s.delivered_at.date(),
                items=tuple((names.get(sl.sku, sl.sku), sl.quantity) for sl in s.lines),
            )
            for s in order.shipments
        ),
        returns=tuple(ReturnFacts(r.id, str(r.status), r.refund_amount) for r in order.returns),
        holds=tuple(str(h.reason) for h in order.active_holds),
        invoices=len(order.invoices),
        predicted_late=predicted_late,
        predicted_date=predicted,
        released=any(line.released or line.shipped for line in order.lines),
        pickup_store=None if order.pickup_node is None else nodes.get(order.pickup_node),
    )


def cancellable(order: Order) -> bool:
    """Before release: nothing handed to a warehouse, shipped, or the order finished."""
    if order.status in (OrderStatus.CANCELLED, OrderStatus.CLOSED, OrderStatus.DRAFT):
        return False
    return not any(line.released or line.shipped for line in order.lines)

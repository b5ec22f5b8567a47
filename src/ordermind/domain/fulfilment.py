"""Shipments and invoices. A shipment leaves one node with released units; an invoice
follows each shipment for what it carried."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .catalog import TaxClass
from .clock import utcnow
from .errors import InvalidTransition, NotFound, ValidationFailed
from .events import EventType
from .orders import Order, OrderStatus, Reservation
from .tax import DEFAULT_RATES_BP, Rates


@dataclass(slots=True)
class ShipmentLine:
    line_no: int
    sku: str
    quantity: int


@dataclass(slots=True)
class Shipment:
    id: str
    node: str
    carrier: str
    service: str | None
    tracking: str | None
    lines: list[ShipmentLine]
    packages: int = 1
    shipped_at: datetime = field(default_factory=utcnow)
    delivered_at: datetime | None = None


@dataclass(slots=True)
class InvoiceLine:
    line_no: int
    sku: str
    quantity: int
    unit_price: int
    tax: int

    @property
    def net(self) -> int:
        return self.quantity * self.unit_price


@dataclass(slots=True)
class Invoice:
    id: str
    number: str
    shipment_id: str
    currency: str
    lines: list[InvoiceLine]
    issued_at: datetime = field(default_factory=utcnow)

    @property
    def subtotal(self) -> int:
        return sum(line.net for line in self.lines)

    @property
    def tax(self) -> int:
        return sum(line.tax for line in self.lines)

    @property
    def total(self) -> int:
        return self.subtotal + self.tax


def ship(
    order: Order,
    *,
    shipment_id: str,
    node: str,
    lines: list[tuple[str, int]],
    carrier: str,
    actor: str,
    service: str | None = None,
    tracking: str | None = None,
    packages: int = 1,
) -> tuple[Shipment, list[Reservation]]:
    """Ship released units from one node. Returns the shipment and the stock it consumed."""
    status = order.status
    if order.draft or status in (OrderStatus.CANCELLED, OrderStatus.CLOSED):
        raise InvalidTransition(f"cannot ship an order that is {status}")
    if order.active_holds:
        raise InvalidTransition("order is on hold; release the hold before shipping")
    if not lines:
        raise ValidationFailed("a shipment needs at least one line")
    if packages < 1:
        raise ValidationFailed("a shipment has at least one package")
    if not carrier.strip():
        raise ValidationFailed("carrier must not be empty")
    if len(lines) > 1 and len({sku for sku, _ in lines}) != len(lines):
        raise ValidationFailed("each SKU may appear once per shipment")
    # Every line is checked before any is changed: a refused shipment changes nothing.
    moves = []
    for sku, qty in lines:
        line = order.line(sku)
        if qty <= 0:
            raise ValidationFailed(f"shipped quantity for {sku} must be positive")
        alloc = next((a for a in line.allocations if a.node == node), None)
        here = 0 if alloc is None else alloc.released
        if alloc is None or qty > here:  # qty is positive: none released where none is held
            raise InvalidTransition(
                f"{sku}: {here} released at node {node}, cannot ship {qty}; release the order first"
            )
        moves.append((line, alloc, sku, qty))
    consumed: list[Reservation] = []
    shipment_lines: list[ShipmentLine] = []
    for line, alloc, sku, qty in moves:
        alloc.released -= qty
        line.prune()
        line.shipped += qty
        consumed.append(Reservation(node, sku, qty))
        shipment_lines.append(ShipmentLine(line.line_no, sku, qty))
    shipment = Shipment(
        id=shipment_id,
        node=node,
        carrier=carrier,
        service=service,
        tracking=tracking,
        lines=shipment_lines,
        packages=packages,
    )
    order.shipments.append(shipment)
    order.record(
        EventType.SHIPPED,
        actor,
        before=status,
        data={
            "shipment_id": shipment_id,
            "node": node,
            "carrier": carrier,
            "tracking": tracking,
            "lines": [{"sku": s, "quantity": q} for s, q in lines],
        },
    )
    return shipment, consumed


def deliver(order: Order, shipment_id: str, actor: str, at: datetime | None = None) -> Shipment:
    shipment = find_shipment(order, shipment_id)
    if shipment.delivered_at is not None:
        raise InvalidTransition(f"shipment {shipment_id} is already delivered")
    status = order.status
    shipment.delivered_at = at or utcnow()
    for sl in shipment.lines:
        order.line_by_no(sl.line_no).delivered += sl.quantity
    order.record(EventType.DELIVERED, actor, before=status, data={"shipment_id": shipment_id})
    return shipment


def invoice_shipment(
    order: Order,
    shipment: Shipment,
    invoice_id: str,
    number: str,
    tax_classes: dict[str, TaxClass],
    actor: str,
    rates_bp: Rates = DEFAULT_RATES_BP,
) -> Invoice:
    """Invoice a shipment's lines, each taxed at `rates_bp` (tax class -> basis points:
    the rates of the order's ship-to country, which the caller looks up)."""
    for inv in order.invoices:
        if inv.shipment_id == shipment.id:
            raise InvalidTransition(f"shipment {shipment.id} is already invoiced")
    lines = []
    for sl in shipment.lines:
        line = order.line_by_no(sl.line_no)
        rate = rates_bp[tax_classes.get(sl.sku, TaxClass.STANDARD)]
        net = sl.quantity * line.unit_price
        lines.append(
            InvoiceLine(
                sl.line_no, sl.sku, sl.quantity, line.unit_price, tax=(net * rate + 5000) // 10000
            )
        )
    invoice = Invoice(
        id=invoice_id, number=number, shipment_id=shipment.id, currency=order.currency, lines=lines
    )
    order.invoices.append(invoice)
    order.record(EventType.INVOICED, actor, data={"invoice_id": invoice_id, "total": invoice.total})
    return invoice


def find_shipment(order: Order, shipment_id: str) -> Shipment:
    for shipment in order.shipments:
        if shipment.id == shipment_id:
            return shipment
    raise NotFound(f"order has no shipment {shipment_id}")

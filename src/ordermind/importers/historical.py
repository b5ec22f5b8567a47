"""Historical orders as read from an export (`olist`, `historical_csv`): closed or
open orders with their real timestamps, buckets, shipments and cost, before they are
written (`adapters/db/history_writer.py`). Their status is derived as the domain derives
it, from the buckets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class HistLine:
    sku: str
    quantity: int
    unit_price: int
    node: str | None = None  # the node that held/shipped it
    cancelled: int = 0
    allocated: int = 0  # still reserved, not released (open historical orders)
    released: int = 0


@dataclass
class HistShipment:
    node: str
    shipped_at: datetime
    lines: dict[str, int]  # sku -> quantity
    delivered_at: datetime | None = None
    carrier: str = "unknown"


@dataclass
class HistOrder:
    channel: str
    external_id: str
    currency: str
    customer_email: str
    created_at: datetime
    lines: list[HistLine]
    ship_to: dict
    customer_name: str | None = None
    promised_date: date | None = None
    shipments: list[HistShipment] = field(default_factory=list)
    closed_at: datetime | None = None
    cancelled_at: datetime | None = None
    released_at: datetime | None = None
    sourcing: dict | None = None

    def status(self) -> str:
        """Derived exactly as the domain derives it, from the buckets."""
        from ordermind.domain.orders import Allocation, OrderLine

        lines = []
        for i, ln in enumerate(self.lines, 1):
            shipped = sum(s.lines.get(ln.sku, 0) for s in self.shipments)
            delivered = sum(s.lines.get(ln.sku, 0) for s in self.shipments if s.delivered_at)
            allocs = (
                [Allocation(ln.node, ln.allocated, ln.released)]
                if ln.node and (ln.allocated or ln.released)
                else []
            )
            lines.append(
                OrderLine(
                    i,
                    ln.sku,
                    ln.quantity,
                    ln.unit_price,
                    shipped=shipped,
                    delivered=delivered,
                    cancelled=ln.cancelled,
                    allocations=allocs,
                )
            )
        return _derive(lines, self.closed_at)


def _derive(lines: list, closed_at: datetime | None) -> str:
    from ordermind.domain.orders import Address, Customer, Order

    order = Order(
        id=None,
        channel="x",
        currency="EUR",
        customer=Customer("h@import.invalid"),
        ship_to=Address("x", "x", "x", "x", "GB"),
        lines=lines,
        closed_at=closed_at,
    )
    return str(order.status)

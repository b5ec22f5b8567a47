"""Commands: what a caller asks the system to do, in the imperative."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ordermind.domain.orders import Address, Customer, HoldReason
from ordermind.domain.returns import Disposition


@dataclass(frozen=True)
class OrderLineInput:
    sku: str
    quantity: int
    unit_price: int | None = None  # None: take the catalog price


@dataclass(frozen=True)
class PlaceOrder:
    channel: str
    currency: str
    customer: Customer
    ship_to: Address
    lines: list[OrderLineInput]
    external_id: str | None = None
    requested_delivery_date: date | None = None
    draft: bool = False
    pickup_node: str | None = None  # buy online, pick up at this store


@dataclass(frozen=True)
class ChangeOrder:
    order_id: int
    ship_to: Address | None = None
    lines: list[OrderLineInput] | None = None
    requested_delivery_date: date | None = None


@dataclass(frozen=True)
class CancelOrder:
    order_id: int
    reason: str | None = None
    lines: list[tuple[str, int]] | None = None  # None: the whole order


@dataclass(frozen=True)
class PlaceHold:
    order_id: int
    reason: HoldReason
    note: str | None = None


@dataclass(frozen=True)
class ShipLines:
    order_id: int
    node: str
    lines: list[tuple[str, int]]
    carrier: str
    service: str | None = None
    tracking: str | None = None
    packages: int = 1


@dataclass(frozen=True)
class RequestReturn:
    order_id: int
    lines: list[tuple[str, int, str | None]]  # sku, quantity, reason


@dataclass(frozen=True)
class ReceiveReturn:
    rma_id: str
    dispositions: dict[str, Disposition] = field(default_factory=dict)

"""Orders as `views.order_view` renders them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from .base import Cursor, Money, Out


class CustomerOut(Out):
    email: str
    name: str | None


class AddressOut(Out):
    name: str
    line1: str
    line2: str | None
    city: str
    region: str | None
    postal_code: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    lat: float | None
    lon: float | None


class AllocationOut(Out):
    node: str
    quantity: int = Field(description="units sourced to the node")
    allocated: int = Field(description="of them, units reserved there")
    released: int = Field(description="of them, units released to the node to ship")


class OrderLineOut(Out):
    line_no: int
    sku: str
    unit_price: Money
    status: str
    ordered: int
    allocated: int
    backordered: int
    released: int
    shipped: int
    delivered: int
    cancelled: int
    returned: int
    allocations: list[AllocationOut]


class HoldOut(Out):
    id: str
    reason: str = Field(description="fraud, payment, intake_review, credit, address, manual")
    note: str | None
    active: bool
    placed_by: str
    placed_at: datetime
    released_at: datetime | None
    released_by: str | None
    resolution: str | None


class ShipmentLineOut(Out):
    sku: str
    quantity: int


class ShipmentOut(Out):
    id: str
    order_id: int
    node: str
    carrier: str
    service: str | None
    tracking: str | None
    packages: int
    lines: list[ShipmentLineOut]
    shipped_at: datetime
    delivered_at: datetime | None


class ReturnLineOut(Out):
    sku: str
    quantity: int
    reason: str | None
    disposition: str | None = Field(description="restock, refurbish or scrap, once received")


class ReturnOut(Out):
    id: str
    order_id: int
    status: str
    node: str | None
    refund_amount: Money | None
    lines: list[ReturnLineOut]
    created_at: datetime
    updated_at: datetime


class InvoiceRef(Out):
    id: str
    number: str
    total: Money


class DelayRisk(Out):
    """The order's latest delay score."""

    late_probability: float
    top_factors: list[str]
    model_version: str
    fallback_used: bool
    fallback_reason: str | None
    stage: str
    scored_at: datetime


class Order(Out):
    id: int
    number: str = Field(examples=["OM00000042"])
    status: str = Field(
        description="draft, placed, on_hold, backordered, partially_allocated, allocated, "
        "partially_released, released, partially_shipped, shipped, delivered, closed, "
        "cancelled"
    )
    channel: str
    external_id: str | None
    currency: str = Field(description="ISO 4217 code", examples=["EUR"])
    total: Money
    customer: CustomerOut
    ship_to: AddressOut
    requested_delivery_date: date | None
    promised_delivery_date: date | None
    pickup_node: str | None
    lines: list[OrderLineOut]
    holds: list[HoldOut]
    shipments: list[ShipmentOut]
    returns: list[ReturnOut]
    invoices: list[InvoiceRef]
    sourcing: dict[str, Any] | None = Field(
        description="the last sourcing decision and its explanation"
    )
    risk: dict[str, Any] | None = Field(
        description="the fraud screen's decision: action, score, reasons, model"
    )
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="bumped by every change")
    delay_risk: DelayRisk | None


class PriorityFactor(Out):
    factor: str
    signal: float
    weight: float
    points: float
    words: str


class PriorityOut(Out):
    score: float = Field(description="0-100")
    policy: str
    explanation: list[str]
    factors: list[PriorityFactor]


class OrderDetail(Order):
    priority: PriorityOut | None = Field(
        description="how urgent the order is while it waits; null once it no longer waits"
    )


class OrderPage(Out):
    items: list[Order]
    next_cursor: Cursor


class OrderEvent(Out):
    id: int
    type: str = Field(examples=["order.placed"])
    actor: str
    at: datetime
    reason: str | None
    status_before: str | None
    status_after: str | None
    data: dict[str, Any] | None


class OrderEvents(Out):
    items: list[OrderEvent] = Field(description="the order's timeline, oldest first")


class InvoiceLineOut(Out):
    sku: str
    quantity: int
    unit_price: Money
    tax: Money


class InvoiceOut(Out):
    id: str
    number: str
    order_id: int
    shipment_id: str
    currency: str
    subtotal: Money
    tax: Money
    total: Money
    issued_at: datetime
    lines: list[InvoiceLineOut]


class InvoiceList(Out):
    items: list[InvoiceOut]


class HoldPlaced(Out):
    hold_id: str
    order: Order


class ShipmentWithOrder(ShipmentOut):
    order: Order


class ReturnWithOrder(ReturnOut):
    order: Order

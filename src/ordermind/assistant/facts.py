"""The plain facts of one order an answer is composed from. The conversation service
fills them from the live record; nothing here reads a store, so an answer can only say
what the record says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class LineFacts:
    line_no: int
    sku: str
    name: str  # the catalogue's product name (the SKU when it has none)
    ordered: int  # live units: ordered less cancelled
    shipped: int
    delivered: int
    backordered: int  # units waiting for stock
    returnable: int  # delivered units not yet claimed by a return
    inbound_date: date | None = None  # when stock for the back-order is due


@dataclass(frozen=True, slots=True)
class ShipmentFacts:
    shipment_id: str
    origin: str  # the shipping node's name (a warehouse or store)
    carrier: str
    tracking: str | None
    shipped_on: date
    delivered_on: date | None
    items: tuple[tuple[str, int], ...]  # (product name, units)


@dataclass(frozen=True, slots=True)
class ReturnFacts:
    rma_id: str
    status: str  # requested | authorised | rejected | received | refunded | exchanged
    refund_amount: int | None  # minor units, once refunded


@dataclass(frozen=True, slots=True)
class OrderFacts:
    number: str  # what the customer calls it (the shop's order number)
    status: str  # OrderStatus value
    currency: str
    total: int  # minor units
    placed_on: date
    promised_date: date | None
    lines: tuple[LineFacts, ...]
    shipments: tuple[ShipmentFacts, ...] = ()
    returns: tuple[ReturnFacts, ...] = ()
    # the kinds of active holds (HoldReason values): said in plain words, never why
    holds: tuple[str, ...] = ()
    invoices: int = 0  # invoices issued
    # order care: a predicted late delivery and the new date it gives, when it gives one
    predicted_late: bool = False
    predicted_date: date | None = None
    released: bool = False  # any of it handed to a warehouse: no more changes
    pickup_store: str | None = None  # collected at this store instead of shipped

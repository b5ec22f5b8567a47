"""Products, nodes, channels and what the network can promise."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from .base import Cursor, Money, Out


class Product(Out):
    sku: str
    name: str
    price: Money
    currency: str = Field(description="ISO 4217 code of `price`", examples=["EUR"])
    gtin: str | None
    weight_g: int
    length_mm: int
    width_mm: int
    height_mm: int
    tax_class: str = Field(description="standard, reduced or zero")
    category: str | None
    active: bool


class ProductPage(Out):
    items: list[Product]
    next_cursor: Cursor


class Node(Out):
    code: str
    name: str
    kind: str = Field(description="warehouse, store or supplier")
    country: str
    postal_code: str | None
    lat: float | None
    lon: float | None
    daily_capacity: int = Field(description="order lines a day")
    handling_cost: Money
    can_ship: bool
    can_pickup: bool
    priority: int = Field(description="lower is preferred by the `priority` strategy")
    active: bool
    timezone: str = Field(description="IANA name")
    cutoff: str | None = Field(description="HH:MM node-local; null: the kind's default")
    processing_days: int | None = Field(description="null: the kind's default")
    holidays: str | None = Field(description="the public holidays it does not work (GB-SCT)")


class NodeWithLoad(Node):
    lines_today: int = Field(description="order lines sourced to it on its calendar day")


class NodeList(Out):
    items: list[NodeWithLoad]


class RingFenceOut(Out):
    node: str
    sku: str | None = Field(description="null: every SKU at the node")
    share: float
    quantity: int


class Channel(Out):
    code: str
    name: str | None
    backorder_policy: str = Field(description="backorder, reject or ship_complete")
    sourcing_strategy: str
    ring_fences: list[RingFenceOut]
    priority: str = Field(description="fifo or dynamic")
    priority_weights: dict[str, float]
    ship_sla_hours: int
    price_override: bool


class ChannelList(Out):
    items: list[Channel]


class NodeOutage(Out):
    node: str
    orders: int
    units_resourced: int
    units_backordered: int
    optimiser: dict[str, Any] | None


class NodeRestore(Out):
    node: str
    active: bool
    backorders_served: int = Field(description="back-ordered units allocated again")


class WaveRelease(Out):
    order_id: int
    number: str
    lines: int
    priority: float
    explanation: list[str]


class ReleaseWave(Out):
    node: str
    released: list[WaveRelease]
    lines: int = Field(description="order lines released to the node by this wave")
    capacity_left: int = Field(description="lines the node can still take today")
    candidates: int = Field(description="waiting orders ranked")
    stopped: str = Field(description="why the wave ended")


class PickupStore(Out):
    node: str
    distance_km: float
    quantity: int
    ready_date: date | None


class OptionAvailability(Out):
    quantity: int = Field(description="promisable now")
    quantity_with_inbound: int
    earliest_date: date | None = Field(description="for the asked quantity from one node")
    node: str | None
    from_inbound: bool = Field(description="earliest_date relies on supply in transit")
    stores: list[PickupStore] = Field(description="pick-up: nearby stores, nearest first")


class SkuAvailability(Out):
    ship_to_home: OptionAvailability
    ship_from_store: OptionAvailability
    pick_up_in_store: OptionAvailability


class Availability(Out):
    location_precision: str = Field(description="how the address was placed on the map")
    quantity: int
    skus: dict[str, SkuAvailability]

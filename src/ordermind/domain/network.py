"""Stock locations (nodes), inventory positions and inbound supply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .catalog import validate_code
from .errors import ValidationFailed


class NodeKind(StrEnum):
    WAREHOUSE = "warehouse"
    STORE = "store"
    SUPPLIER = "supplier"  # drop-ship supplier


@dataclass
class Node:
    code: str
    name: str
    kind: NodeKind = NodeKind.WAREHOUSE
    country: str = "GB"
    postal_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    daily_capacity: int = 1000  # order lines per day
    handling_cost: int = 0  # minor units per order handled
    can_ship: bool = True
    can_pickup: bool = False
    priority: int = 100  # lower is preferred by the `priority` strategy
    active: bool = True
    timezone: str = "UTC"  # IANA name: cut-offs and working days are in the node's local time
    # How the node works; None keeps its kind's default (warehouses 14:00 and same day,
    # stores 12:00, suppliers 12:00 and two days).
    cutoff: str | None = None  # "HH:MM" node-local: orders after it start the next working day
    processing_days: int | None = None  # working days from start to hand-over to the carrier
    # Public holidays it does not work on: a country ("DE") or ISO 3166-2 subdivision
    # ("GB-SCT", "DE-BY") of the `holidays` package; None works every weekday.
    holidays: str | None = None

    def __post_init__(self) -> None:
        validate_code(self.code, "node code")
        try:
            if not self.timezone or len(self.timezone) > 64:
                raise ValueError(self.timezone)
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationFailed(
                f"unknown time zone {self.timezone!r}; use an IANA name like Europe/London"
            ) from None
        if self.lat is not None and not -90 <= self.lat <= 90:
            raise ValidationFailed("lat must be within -90..90")
        if self.lon is not None and not -180 <= self.lon <= 180:
            raise ValidationFailed("lon must be within -180..180")
        if self.daily_capacity < 0 or self.handling_cost < 0:
            raise ValidationFailed("capacity and handling cost must not be negative")
        if len(self.country) != 2 or not self.country.isalpha():
            raise ValidationFailed("country must be an ISO 3166 alpha-2 code")
        self.country = self.country.upper()
        if self.cutoff is not None and not _is_clock_time(self.cutoff):
            raise ValidationFailed(f"cutoff {self.cutoff!r} is not a time such as 14:00")
        if self.processing_days is not None and not 0 <= self.processing_days <= 30:
            raise ValidationFailed("processing_days must be within 0..30")


def _is_clock_time(text: str) -> bool:
    hours, _, minutes = text.partition(":")
    return (
        len(hours) == 2
        and len(minutes) == 2
        and hours.isdigit()
        and minutes.isdigit()
        and int(hours) < 24
        and int(minutes) < 60
    )


@dataclass
class InventoryPosition:
    node: str
    sku: str
    on_hand: int = 0
    reserved: int = 0
    safety_stock: int = 0

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved - self.safety_stock

    def __post_init__(self) -> None:
        if self.on_hand < 0 or self.safety_stock < 0 or self.reserved < 0:
            raise ValidationFailed("on_hand, reserved and safety_stock must not be negative")


class SupplyKind(StrEnum):
    PURCHASE_ORDER = "purchase_order"
    TRANSFER = "transfer"


@dataclass
class InboundSupply:
    id: int | None
    kind: SupplyKind
    sku: str
    node: str  # destination
    quantity: int
    eta: datetime
    source: str | None = None  # supplier or origin node
    reference: str | None = None
    received: bool = False

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValidationFailed("inbound quantity must be positive")

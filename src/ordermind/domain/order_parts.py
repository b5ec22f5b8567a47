"""The parts an order is made of: who and where (customer, address), its lines with their
quantity buckets and per-node allocations, holds, and the reservations the services apply."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum

from .errors import ValidationFailed


class LineStatus(StrEnum):
    PLACED = "placed"
    BACKORDERED = "backordered"
    PARTIALLY_ALLOCATED = "partially_allocated"
    ALLOCATED = "allocated"
    RELEASED = "released"
    PARTIALLY_SHIPPED = "partially_shipped"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class HoldReason(StrEnum):
    FRAUD = "fraud"
    PAYMENT = "payment"
    INTAKE_REVIEW = "intake_review"
    CREDIT = "credit"
    ADDRESS = "address"
    MANUAL = "manual"


class BackorderPolicy(StrEnum):
    BACKORDER = "backorder"  # reserve what is there, back-order the rest
    REJECT = "reject"  # refuse the order unless every unit can be reserved
    SHIP_COMPLETE = "ship_complete"  # reserve all or nothing; otherwise wait as back-order


@dataclass(slots=True)
class Customer:
    email: str
    name: str | None = None
    segment: str | None = None

    def __post_init__(self) -> None:
        email = self.email.strip()
        local, _, domain = email.partition("@")
        if not local or "." not in domain or " " in email or len(email) > 254:
            raise ValidationFailed(f"customer e-mail {self.email!r} is not a valid address")
        self.email = email.lower()


@dataclass(slots=True)
class Address:
    name: str
    line1: str
    city: str
    postal_code: str
    country: str
    line2: str | None = None
    region: str | None = None
    lat: float | None = None
    lon: float | None = None

    def __post_init__(self) -> None:
        for part in ("name", "line1", "city", "postal_code"):
            if not getattr(self, part).strip():
                raise ValidationFailed(f"ship_to.{part} must not be empty")
        if len(self.country) != 2 or not self.country.isalpha():
            raise ValidationFailed("ship_to.country must be an ISO 3166 alpha-2 code")
        self.country = self.country.upper()
        if (self.lat is None) != (self.lon is None):
            raise ValidationFailed("ship_to needs both lat and lon, or neither")
        if (
            self.lat is not None
            and self.lon is not None
            and not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180)
        ):
            raise ValidationFailed("ship_to lat/lon out of range")

    def as_dict(self) -> dict[str, str | float | None]:
        """The fields by name: what `dataclasses.asdict` gives, without its deep copy of
        every value (an address is written and answered with every order)."""
        return {name: getattr(self, name) for name in _ADDRESS_FIELDS}


_ADDRESS_FIELDS = tuple(f.name for f in fields(Address))


@dataclass(slots=True)
class Allocation:
    """Units of one line held at one node: reserved (allocated) or handed to the node (released)."""

    node: str
    allocated: int = 0
    released: int = 0

    @property
    def quantity(self) -> int:
        return self.allocated + self.released


@dataclass(slots=True)
class OrderLine:
    line_no: int
    sku: str
    ordered: int
    unit_price: int
    backordered: int = 0
    shipped: int = 0
    delivered: int = 0
    cancelled: int = 0
    returned: int = 0
    allocations: list[Allocation] = field(default_factory=list)

    def __post_init__(self) -> None:
        if isinstance(self.ordered, bool) or self.ordered <= 0:
            raise ValidationFailed(f"line {self.line_no}: quantity must be a positive integer")
        if self.unit_price < 0:
            raise ValidationFailed(f"line {self.line_no}: unit_price must not be negative")

    @property
    def allocated(self) -> int:
        total = 0
        for a in self.allocations:
            total += a.allocated
        return total

    @property
    def released(self) -> int:
        total = 0
        for a in self.allocations:
            total += a.released
        return total

    @property
    def unsourced(self) -> int:
        """Units not yet in any bucket (a draft or a just-placed order)."""
        return (
            self.ordered
            - self.backordered
            - self.allocated
            - self.released
            - self.shipped
            - self.cancelled
        )

    @property
    def open_quantity(self) -> int:
        """Units still to ship."""
        return self.ordered - self.cancelled - self.shipped

    @property
    def status(self) -> LineStatus:
        live = self.ordered - self.cancelled
        if live == 0:
            return LineStatus.CANCELLED
        if self.delivered == live:
            return LineStatus.DELIVERED
        if self.shipped == live:
            return LineStatus.SHIPPED
        if self.shipped > 0:
            return LineStatus.PARTIALLY_SHIPPED
        released = held = 0
        for a in self.allocations:
            released += a.released
            held += a.allocated + a.released
        if released == live:
            return LineStatus.RELEASED
        if held == live:
            return LineStatus.ALLOCATED
        if held > 0:
            return LineStatus.PARTIALLY_ALLOCATED
        if self.backordered > 0:
            return LineStatus.BACKORDERED
        return LineStatus.PLACED

    def allocation_at(self, node: str) -> Allocation:
        for alloc in self.allocations:
            if alloc.node == node:
                return alloc
        alloc = Allocation(node=node)
        self.allocations.append(alloc)
        return alloc

    def prune(self) -> None:
        self.allocations = [a for a in self.allocations if a.quantity > 0]

    def buckets(self) -> dict[str, int]:
        return {
            "ordered": self.ordered,
            "allocated": self.allocated,
            "backordered": self.backordered,
            "released": self.released,
            "shipped": self.shipped,
            "delivered": self.delivered,
            "cancelled": self.cancelled,
            "returned": self.returned,
        }


@dataclass(slots=True)
class Hold:
    id: str
    reason: HoldReason
    note: str | None
    placed_by: str
    placed_at: datetime
    released_at: datetime | None = None
    released_by: str | None = None
    resolution: str | None = None

    @property
    def active(self) -> bool:
        return self.released_at is None


@dataclass(slots=True)
class Reservation:
    """A change to a node's stock that the service must apply to inventory."""

    node: str
    sku: str
    quantity: int

"""Plain data that crosses the boundary between the services and the sourcing engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    country: str
    postal_code: str | None = None
    precision: str = "exact"  # exact | postal | postal_area | city | country


@dataclass(frozen=True)
class NodeInfo:
    code: str
    kind: str
    country: str
    lat: float | None
    lon: float | None
    postal_code: str | None = None
    daily_capacity: int = 1000
    handling_cost: int = 0
    can_ship: bool = True
    can_pickup: bool = False
    priority: int = 100
    active: bool = True
    # IANA time zone of the node's cut-offs and calendar (e.g. "Europe/London"). Used when
    # a request's order time is timezone-aware; a naive order time is taken as node-local.
    timezone: str = "UTC"
    # The node's own working profile (None: its kind's default); see sourcing.calendars.
    cutoff: str | None = None
    processing_days: int | None = None
    holidays: str | None = None


@dataclass(frozen=True)
class LineRequest:
    line_no: int
    sku: str
    quantity: int
    weight_g: int = 0


@dataclass
class SourcingRequest:
    lines: list[LineRequest]
    ship_to: Location | None
    stock: dict[str, dict[str, int]]  # sku -> node code -> available units (> 0)
    nodes: dict[str, NodeInfo]
    ship_to_country: str | None = None
    ship_complete: bool = False
    max_packages: int | None = None
    excluded_nodes: frozenset[str] = frozenset()
    requested_date: date | None = None
    capacity_used: dict[str, int] = field(default_factory=dict)  # node -> lines taken today
    # Added for promise dates, costs and fulfilment options (all optional):
    # When the order was placed; now if None. Timezone-aware: converted to each node's
    # `timezone` for cut-offs and calendars. Naive: taken as node-local at every node.
    order_time: datetime | None = None
    service_level: str | None = None  # rate-table service level; the context's default if None
    margin: int | None = None  # order margin (minor units): plans costing more are flagged
    fulfilment: str = "ship"  # "ship" to the customer or "pickup" at `pickup_node`
    pickup_node: str | None = None
    allow_ship_from_store: bool = True  # False: stores never ship to customers
    context: Any = None  # a cost.SourcingContext (rates, costs, calendars); None = shared default


@dataclass
class SourcingPlan:
    allocations: list[tuple[int, str, int]]  # (line_no, node, quantity)
    backordered: dict[int, int]  # line_no -> units no node can supply now
    strategy: str
    explanation: dict = field(default_factory=dict)
    cost: int | None = None  # total fulfilment cost, minor units (None when nothing allocated)
    promised_date: date | None = None  # delivery (or pick-up) date of the last package
    flags: list[str] = field(default_factory=list)  # e.g. unprofitable, promise_at_risk

    @property
    def nodes(self) -> list[str]:
        return sorted({node for _, node, _ in self.allocations})

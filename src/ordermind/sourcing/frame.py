"""Per-request set-up shared by every strategy: destination, legs, eligible nodes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from .cost import SourcingContext, default_context
from .legs import Shipping, destination, legs_for, overtime_per_line, shipping_legs
from .types import SourcingRequest


class BaseCapacity(NamedTuple):
    """Every shipping node before today's work (cached with a destination's legs, read-only)."""

    capacity: dict[str, int]  # daily capacity
    overtime: dict[str, float]  # zero overtime
    all_positive: bool  # every daily capacity positive
    least: int | None  # the least capacity (None: no shipping node)


class Frame:
    __slots__ = ("request", "ctx", "dest", "flags", "order_time", "service", "legs")

    def __init__(self, request: SourcingRequest):
        self.request = request
        self.ctx: SourcingContext = request.context or default_context()
        self.dest, self.flags = destination(request)
        self.order_time = request.order_time or datetime.now()
        self.service = request.service_level or self.ctx.service_level
        self.legs = legs_for(request, self.ctx, self.dest, self.order_time, self.service)

    def shipping_nodes(self) -> Shipping:
        """Nodes allowed to ship this order, ignoring capacity and promise."""
        r = self.request
        return shipping_legs(self.legs, r.excluded_nodes, r.allow_ship_from_store)

    def overtime(self, codes: Iterable[str]) -> dict[str, int]:
        used = self.request.capacity_used
        return {c: overtime_per_line(self.legs[c].node, used.get(c, 0), self.ctx) for c in codes}

    def base_capacity(self) -> BaseCapacity:
        """Every shipping node's daily capacity and zero overtime, cached with the legs to
        this destination (read-only)."""
        r = self.request
        key = ("base", r.excluded_nodes, r.allow_ship_from_store)
        shared = self.legs.shared
        got = shared.get(key)
        if got is None:
            ship = self.shipping_nodes()
            caps = {c: leg.node.daily_capacity for c, leg in ship.items()}
            got = BaseCapacity(
                caps,
                dict.fromkeys(ship, 0),
                all(v > 0 for v in caps.values()),
                min(caps.values(), default=None),
            )
            shared[key] = got
        return got

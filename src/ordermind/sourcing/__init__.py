"""Sourcing: where each unit of an order should come from. Pure functions over plain data.

Entry points for the services layer:
- `plan(SourcingRequest, strategy)` with strategies `default`/`nearest`, `priority`, `cost`;
- `availability(...)` over `atp_table(positions, inbound, fences, channel)`;
- `reoptimise(...)` / `outage(...)` for a wave of unreleased orders;
- `resolve_location(country, postal_code, lat, lon)` for addresses."""

from .atp import Inbound, Position, RingFence, atp_table, network_atp, stock_view
from .availability import OptionAvailability, availability
from .batch import BatchOrder, BatchResult, outage, reoptimise
from .cost import CostParams, SourcingContext, default_context
from .geo import load_postal_table, resolve_location, use_postal_table
from .promise import NodeProfile, WorkCalendar
from .rates import load_rate_table
from .strategies import plan, strategy_names
from .types import LineRequest, Location, NodeInfo, SourcingPlan, SourcingRequest

__all__ = [
    "BatchOrder",
    "BatchResult",
    "CostParams",
    "Inbound",
    "LineRequest",
    "Location",
    "NodeInfo",
    "NodeProfile",
    "OptionAvailability",
    "Position",
    "RingFence",
    "SourcingContext",
    "SourcingPlan",
    "SourcingRequest",
    "WorkCalendar",
    "atp_table",
    "availability",
    "default_context",
    "load_postal_table",
    "load_rate_table",
    "network_atp",
    "outage",
    "plan",
    "reoptimise",
    "resolve_location",
    "stock_view",
    "strategy_names",
    "use_postal_table",
]

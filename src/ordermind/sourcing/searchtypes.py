"""The data the parts of the single-order search hand each other (see `search`)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from copy import copy
from dataclasses import dataclass
from typing import NamedTuple

from .frame import BaseCapacity, Frame
from .legs import Leg
from .types import LineRequest, SourcingRequest

Allocation = tuple[int, str, int]  # (line_no, node, quantity), as in `SourcingPlan`
# Keeps a plan: record(cost, allocations, nodes); the package penalty is already net of
# the first package.
Record = Callable[[float, tuple[Allocation, ...], frozenset[str]], None]


@dataclass(slots=True)
class Found:
    cost: float  # total cost (package penalty already net of the first package)
    allocations: tuple[Allocation, ...]
    nodes: frozenset[str]


# One line as the stock scan found it:
#   (line, unit weight in grams (the default for lines without one), grams of the whole
#    line, nodes that may ship it whole (fast enough for the promise), (node, units)
#    holding some of it, whole holders too slow for the promise (None: not looked for)).
# The search places it whole from one node, else by a split; a search of an idle network
# keeps every line's in `held` so that a later search of the same request can filter
# instead of scanning the stock. A plain tuple, unlike the search's other records: the
# inner loops (`cover`) index and unpack it, and CPython 3.11 specialises both for exact
# tuples only (a named tuple here cost 3-4% of the `cost` strategy's decisions/s).
LineScan = tuple[LineRequest, int, int, list[str], list[tuple[str, int]], list[str] | None]


# Units of one line taken from one node: (node, units, grams, line_no).
Part = tuple[str, int, int, int]
# One way to place a line: (its variable cost, its cost with every package opened for it
# alone, its parts (none: left unfilled at the back-order price)).
# Both plain tuples like `LineScan`, for the same reason: the branch-and-bound and the
# batch optimiser's pricing build and unpack them in their innermost loops.
Option = tuple[float, float, tuple[Part, ...]]


class Reuse(NamedTuple):
    """A scan kept by a search over a superset of the nodes, and the nodes left out since."""

    held: list[LineScan]
    dropped: frozenset[str]


class Pricing(NamedTuple):
    """Prices the batch optimiser adds to the cost model: its shadow prices of stock (per
    unit of a SKU at a node) and of capacity (per line at a node), and `skip_cost` per unit
    when lines may be left unfilled at that price (its back-order)."""

    unit_extra: dict[tuple[str, str], float]  # (sku, node) -> per unit
    line_extra: dict[str, float]  # node -> per line
    skip_cost: float | None


NO_PRICES = Pricing({}, {}, None)  # (read-only)


class SearchContext:
    """What every search of one request shares: built once per frame (a slotted class:
    cheaper to build and read than a named tuple, and the searches read it often)."""

    __slots__ = (
        "request",
        "allowed",
        "base",
        "idle",
        "max_packages",
        "pricing",
        "penalty",
        "overtime_cost",
        "overtime_share",
        "default_weight",
    )

    request: SourcingRequest
    allowed: Mapping[str, Leg]  # the nodes that may ship (a `Shipping` ranks them)
    # The capacities of nodes with no work today, shared by the destination's requests;
    # None: each search works capacity and overtime out from the request's
    # `capacity_used` (and the shadow price per line).
    base: BaseCapacity | None
    # `base` with every capacity positive and no prices: the lean scan (`scan.scan_idle`).
    idle: bool
    max_packages: int | None  # (1 when the order ships complete)
    pricing: Pricing  # the batch optimiser's, else `NO_PRICES`
    penalty: int  # per package beyond the first
    overtime_cost: int  # per line at a node past its overtime threshold
    overtime_share: float  # the threshold, a share of the daily capacity
    default_weight: int  # grams per unit of a line without a weight

    def __init__(self, frame: Frame, pricing: Pricing = NO_PRICES, *, shared_base: bool = True):
        """`shared_base` False: capacities from the request's `capacity_used` even when it
        is empty."""
        r = self.request = frame.request
        self.allowed = frame.shipping_nodes()
        self.base = base = (
            frame.base_capacity()
            if shared_base and not r.capacity_used and not pricing.line_extra
            else None
        )
        self.idle = (
            base is not None
            and base.all_positive
            and not pricing.unit_extra
            and pricing.skip_cost is None
        )
        self.max_packages = 1 if r.ship_complete else r.max_packages
        self.pricing = pricing
        p = frame.ctx.params
        self.penalty = p.package_penalty
        self.overtime_cost = p.overtime_per_line
        self.overtime_share = p.overtime_threshold
        self.default_weight = p.default_unit_weight_g

    def without(self, nodes: Collection[str]) -> SearchContext:
        """The same context with `nodes` no longer allowed to ship."""
        out = copy(self)
        out.allowed = {c: leg for c, leg in self.allowed.items() if c not in nodes}
        return out

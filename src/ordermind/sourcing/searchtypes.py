"""The data the parts of the single-order search hand each other (see `search`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from .types import LineRequest

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


class Part(NamedTuple):
    """Units of one line taken from one node."""

    code: str
    qty: int
    grams: int
    line_no: int


class Option(NamedTuple):
    """One way to place a line: its variable cost, its cost with every package opened
    for it alone, and the parts (none: left unfilled at the back-order price)."""

    var: float
    alone: float
    parts: tuple[Part, ...]


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

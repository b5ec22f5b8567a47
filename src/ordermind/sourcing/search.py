"""Exact single-order search over node combinations, with branch-and-bound pruning.

Search space: each line ships whole from one node; a line no single allowed node can
cover is split over a pair of nodes (or filled greedily, the rest back-ordered). Within
that space the result is exact for the cost model in `legs.evaluate`.

Steps, each ending the search as soon as nothing later can win: the stock scan
(`scan`); one package from a node holding every line; plans of two or three packages
when every line ships whole (`cover.small_sets`); branch-and-bound over each line's
options for split lines, prices or four packages and more (`bnb`)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from .bnb import MAX_EXPANSIONS, branch_and_bound, line_options
from .cover import line_masks, small_sets
from .legs import Leg, Shipping, least
from .scan import scan_general, scan_idle
from .searchtypes import Allocation, Found, LineScan, Record, Reuse, SearchContext

__all__ = ["MAX_EXPANSIONS", "Found", "SearchContext", "SearchResult", "search"]

_cost = attrgetter("cost")
_inf = float("inf")


@dataclass
class SearchResult:
    best: list[Found]  # the best plan, then the best others evaluated (distinct node sets)
    backordered: dict[int, int]
    truncated: bool = False
    # Nodes holding every line whole but left out: code -> "too_slow_for_promise" | "capacity"
    excluded: dict[str, str] = field(default_factory=dict)


def search(
    sc: SearchContext,
    *,
    latest: date | None = None,
    k: int = 3,
    exhaustive: bool = True,
    held: list[LineScan] | None = None,
    reuse: Reuse | None = None,
) -> SearchResult:
    """The `k` cheapest plans with distinct node sets. `latest`: the delivery date a node
    must meet; `exhaustive` False: single-node plans and one greedy cover only (for
    runners-up); `held`: a list to fill with each line's `LineScan` when the network is
    idle (see `scan.scan_idle`); `reuse`: such a scan from a search of the same request
    over a superset of the nodes, with the nodes left out since."""
    if sc.idle:
        scanned = scan_idle(sc, latest, held, reuse)
    else:
        if reuse is not None:  # (only an idle scan is kept: filter the nodes instead)
            sc = sc.without(reuse.dropped)
        scanned = scan_general(sc, latest)
    todo, splits, extra, backordered, excluded, cap, ot, exu = scanned
    if not todo:
        return SearchResult([], backordered, excluded=excluded)
    allowed, base, pricing, penalty = sc.allowed, sc.base, sc.pricing, sc.penalty
    max_packages = sc.max_packages
    n = len(todo)
    least_cap = None if base is None else base.least
    whole_only = not splits and pricing.skip_cost is None  # every line whole from one node
    top: list[Found] = []
    mask = None  # line_masks(todo), once needed
    if whole_only:
        mask = _one_package(todo, allowed, cap, ot, exu, penalty, k, least_cap, base is None, top)
        if n == 1 or max_packages == 1:
            return SearchResult(top, backordered, excluded=excluded)
    ranks = allowed if type(allowed) is Shipping else None
    if top:
        # Two packages or more pay two openings at distinct nodes: often already too dear.
        seen: Collection[str]
        if splits:
            seen = {c for t in todo for c in t[3]}  # (each line's whole holders)
            for opts in splits.values():
                seen.update(code for _v, _a, parts in opts for code, _q, _g, _n in parts)
        else:
            if mask is None:
                mask = line_masks(todo)
            seen = mask  # the nodes holding some line whole
        if len(seen) < 2 or (
            len(top) >= k and _cheapest(seen, 2, allowed, ranks) - penalty >= top[0].cost
        ):
            return SearchResult(top, backordered, excluded=excluded)
    record = _keeper(top, k)
    limit = max_packages or 10_000
    # Zero overtime and room for the whole order everywhere: `small_sets` may take shortcuts.
    uniform = least_cap is not None and least_cap >= n and not exu
    if not exhaustive:
        if not splits and len(top) < k:
            small_sets(
                todo,
                allowed,
                cap,
                ot,
                exu,
                penalty,
                limit,
                record,
                _no_plan,
                True,
                mask,
                uniform,
            )
        return SearchResult(top, backordered, excluded=excluded)
    if whole_only:
        if mask is None:
            mask = line_masks(todo)
        small_sets(
            todo,
            allowed,
            cap,
            ot,
            exu,
            penalty,
            limit,
            record,
            lambda: top[0].cost if top else _inf,
            len(top) < k,
            mask,
            uniform,
        )
        # Plans of four packages or more pay four openings: usually out of the running.
        if top and (
            n <= 3
            or limit <= 3
            or len(mask) < 4
            or _cheapest(mask, 4, allowed, ranks) - penalty >= top[0].cost
        ):
            return SearchResult(top, backordered, excluded=excluded)
    per_line = line_options(todo, splits, extra, pricing.skip_cost, allowed, ot, exu)
    if n == 1 and pricing.skip_cost is None:  # a single split line: its options are the plans
        for _var, alone, parts in per_line[0]:
            record(
                alone - penalty,
                tuple((no, code, q) for code, q, _g, no in parts),
                frozenset(code for code, _q, _g, _n in parts),
            )
        return SearchResult(top, backordered, excluded=excluded)
    truncated = branch_and_bound(per_line, allowed, cap, penalty, limit, top, record)
    return SearchResult(top, backordered, truncated, excluded)


def _no_plan() -> float:
    return -_inf  # (no plan in hand to beat: `small_sets` only costs the greedy cover)


def _cheapest(
    among: Collection[str], count: int, allowed: Mapping[str, Leg], ranks: Shipping | None
) -> float:
    """The sum of the `count` cheapest first packages (`open0`) of the nodes `among`
    (which holds at least `count`)."""
    if ranks is not None:
        return sum(least(ranks.by_open0(), among, count))
    return sum(sorted([allowed[c].open0 for c in among])[:count])


def _keeper(top: list[Found], k: int) -> Record:
    """`record` for `top`: the `k` cheapest plans, one per node set, cheapest first."""

    def record(cost: float, allocs: tuple[Allocation, ...], nodes: frozenset[str]) -> None:
        if len(top) >= k and cost >= top[-1].cost:
            return
        for i, f in enumerate(top):
            if f.nodes == nodes:
                if cost < f.cost:
                    top[i] = Found(cost, allocs, nodes)
                    top.sort(key=_cost)
                return
        top.append(Found(cost, allocs, nodes))
        top.sort(key=_cost)
        del top[k:]

    return record


def _one_package(
    todo: list[LineScan],
    allowed: Mapping[str, Leg],
    cap: Mapping[str, int],
    ot: Mapping[str, float],
    exu: dict[tuple[int, str], float],
    penalty: int,
    k: int,
    least_cap: int | None,
    busy: bool,
    top: list[Found],
) -> dict[str, int] | None:
    """Fast path: one package from a node that holds every line whole; its cost collapses
    to opening + price(total weight) + per-unit and per-gram terms. Fills `top` (still
    empty) with the `k` cheapest; `least_cap`: the least capacity of any node, when every
    one is known; `busy`: overtime may differ per node. Returns `line_masks(todo)` when the
    order has several lines."""
    n = len(todo)
    mask = None
    line, _uw, grams, common, _partial, _slow = todo[0]
    units = line.quantity
    allocs = [(line.line_no, units)]
    if n > 1:
        mask = line_masks(todo)
        full = (1 << n) - 1
        common = [c for c, mc in mask.items() if mc == full]
        if not common:
            return mask
        for line, _uw, g, _whole, _partial, _slow in todo[1:]:  # (summed in line order)
            grams += g
            units += line.quantity
            allocs.append((line.line_no, line.quantity))
    elif not common:
        return mask
    if least_cap is None or least_cap < n:
        common = [c for c in common if not cap[c] < n]
    # Legs with equal twin ids cost the same for this package: price each twin once (and
    # each zone's price of this weight once).
    by_twin: dict[int, float] = {}
    by_zone: dict[int, int] = {}
    found = []
    for code in common:
        leg = allowed[code]
        c0 = by_twin.get(leg.twin_id)
        if c0 is None:
            price = by_zone.get(leg.zkey)
            if price is None:
                price = by_zone[leg.zkey] = leg.price(grams)
            c0 = by_twin[leg.twin_id] = (
                leg.fixed - penalty + price + units * leg.unit_labour + grams * leg.per_gram
            )
        # (Shared capacities: zero overtime, and adding 0 leaves the float as it is.)
        found.append((c0 + n * ot[code] if busy else c0, code))
    if exu:
        found = [
            (cost + sum(q * exu[(no, code)] for no, q in allocs), code) for cost, code in found
        ]
    found.sort()  # (cost, code): same ties every run
    # `top` is still empty: `record` would keep these k, in this order.
    if n == 1:
        ((no, q),) = allocs
        for cost, code in found[:k]:
            top.append(Found(cost, ((no, code, q),), frozenset((code,))))
    else:
        for cost, code in found[:k]:
            top.append(Found(cost, tuple([(no, code, q) for no, q in allocs]), frozenset((code,))))
    return mask

"""Exact single-order search over node combinations, with branch-and-bound pruning.

Search space: each line ships whole from one node; a line no single allowed node can
cover is split over a pair of nodes (or filled greedily, the rest back-ordered). Within
that space the result is exact for the cost model in `legs.evaluate`: the bound is the
cost so far plus, per remaining line, its cheapest per-line cost (shipping increments are
never negative, because heavier weight bands never cost less)."""

from __future__ import annotations

from dataclasses import dataclass

from .legs import Leg, unit_weight
from .types import SourcingRequest

MAX_EXPANSIONS = 50_000  # safety net for pathological orders; flagged when hit
_PAIR_POOL = 8  # nodes considered per split line


@dataclass
class Found:
    cost: float  # total cost (package penalty already net of the first package)
    allocations: tuple[tuple[int, str, int], ...]
    nodes: frozenset[str]


@dataclass
class SearchResult:
    best: list[Found]  # up to k plans, distinct node sets, cheapest first
    backordered: dict[int, int]
    truncated: bool = False


def search(request: SourcingRequest, allowed: dict[str, Leg], ctx, *, max_packages: int | None,
           capacity_left: dict[str, int], overtime: dict[str, int], k: int = 3) -> SearchResult:
    penalty = ctx.params.package_penalty
    stock = request.stock
    options: list[list[tuple[float, tuple]]] = []  # per line: (variable cost, parts)
    backordered: dict[int, int] = {}
    lines = []
    for line in request.lines:
        qty = line.quantity
        uw = unit_weight(line, ctx)
        whole, partial = [], []
        for code, have in stock.get(line.sku, {}).items():
            leg = allowed.get(code)
            if leg is None or have <= 0:
                continue
            if have >= qty:
                g = qty * uw
                whole.append((qty * leg.unit_labour + g * leg.per_gram + overtime[code],
                              ((code, qty, g, line.line_no),)))
            else:
                partial.append((code, have))
        if not whole:
            split, short = _split_options(line.line_no, qty, uw, partial, allowed, overtime)
            if short:
                backordered[line.line_no] = short
            if not split:
                continue
            whole = split
        whole.sort(key=lambda o: o[0])
        options.append(whole)
        lines.append(line)
    if not options:
        return SearchResult([], backordered)

    top: list[Found] = []

    def record(cost: float, allocs: tuple, nodes: frozenset[str]) -> None:
        for i, f in enumerate(top):
            if f.nodes == nodes:
                if cost < f.cost:
                    top[i] = Found(cost, allocs, nodes)
                    top.sort(key=lambda x: x.cost)
                return
        top.append(Found(cost, allocs, nodes))
        top.sort(key=lambda x: x.cost)
        del top[k:]

    # Fast path: one package from a node that holds every line whole.
    common = None
    for opts in options:
        codes = {parts[0][0] for _, parts in opts if len(parts) == 1}
        common = codes if common is None else common & codes
    if common:
        grams = sum(parts[0][2] for parts in (opts[0][1] for opts in options))
        for code in common:
            if capacity_left[code] < len(options):
                continue
            leg = allowed[code]
            var = 0.0
            allocs = []
            for opts in options:
                for v, parts in opts:
                    if parts[0][0] == code and len(parts) == 1:
                        var += v
                        allocs.append((parts[0][3], code, parts[0][1]))
                        break
            record(leg.fixed - penalty + leg.zone.price(grams) + var, tuple(allocs),
                   frozenset((code,)))

    if max_packages == 1 and not any(len(o[0][1]) > 1 for o in options):
        return SearchResult(top, backordered)

    order = sorted(range(len(options)), key=lambda i: len(options[i]))
    opts_sorted = [options[i] for i in order]
    rest_lb = [0.0] * (len(order) + 1)
    for i in range(len(order) - 1, -1, -1):
        rest_lb[i] = rest_lb[i + 1] + opts_sorted[i][0][0]
    # Any plan with two packages or more pays two cheapest package openings at least.
    openings = sorted(leg.fixed + leg.zone.band_costs[0] for leg in
                      {c: allowed[c] for o in options for _, p in o for c, *_ in p}.values())
    bound_multi = sum(openings[:2]) - penalty + rest_lb[0] if len(openings) > 1 else 0.0
    if len(top) >= k and bound_multi >= top[-1].cost:
        return SearchResult(top, backordered)

    open_w: dict[str, int] = {}
    open_lines: dict[str, int] = {}
    chosen: list[tuple] = []
    expansions = 0
    limit = max_packages or 10_000
    inf = float("inf")

    def dfs(i: int, cost: float) -> None:
        nonlocal expansions
        if i == len(opts_sorted):
            allocs = tuple((p[3], p[0], p[1]) for parts in chosen for p in parts)
            record(cost - penalty, allocs, frozenset(open_w))
            return
        bound = top[-1].cost + penalty if len(top) >= k else inf
        if cost + rest_lb[i] >= bound or expansions > MAX_EXPANSIONS:
            return
        for var, parts in opts_sorted[i]:
            expansions += 1
            delta = var
            opened = 0
            ok = True
            for code, _q, g, _n in parts:
                leg = allowed[code]
                w0 = open_w.get(code)
                if w0 is None:
                    opened += 1
                    delta += leg.fixed + leg.zone.price(g)
                else:
                    price = leg.zone.price
                    delta += price(w0 + g) - price(w0)
                if open_lines.get(code, 0) >= capacity_left[code]:
                    ok = False
            if not ok or len(open_w) + opened > limit:
                continue
            if cost + delta + rest_lb[i + 1] >= bound:
                continue
            for code, _q, g, _n in parts:
                open_w[code] = open_w.get(code, 0) + g
                open_lines[code] = open_lines.get(code, 0) + 1
            chosen.append(parts)
            dfs(i + 1, cost + delta)
            chosen.pop()
            for code, _q, g, _n in parts:
                open_lines[code] -= 1
                if open_lines[code] == 0:
                    del open_lines[code]
                    del open_w[code]
                else:
                    open_w[code] -= g
            bound = top[-1].cost + penalty if len(top) >= k else inf

    dfs(0, 0.0)
    return SearchResult(top, backordered, truncated=expansions > MAX_EXPANSIONS)


def _split_options(line_no: int, qty: int, uw: int, partial: list[tuple[str, int]],
                   allowed: dict[str, Leg], overtime: dict[str, int]):
    """Ways to cover a line no single node can: pairs of nodes, else a greedy fill."""
    def per_unit(item: tuple[str, int]) -> float:
        leg = allowed[item[0]]
        take = min(item[1], qty)
        return (leg.fixed + leg.zone.price(take * uw)) / take + leg.unit_labour

    pool = sorted(partial, key=per_unit)
    opts = []

    def option(takes: list[tuple[str, int]]):
        parts, var = [], 0.0
        for code, q in takes:
            leg = allowed[code]
            g = q * uw
            var += q * leg.unit_labour + g * leg.per_gram + overtime[code]
            parts.append((code, q, g, line_no))
        return var, tuple(parts)

    top = pool[:_PAIR_POOL]
    for a, have_a in top:
        for b, have_b in top:
            if a != b and have_a + have_b >= qty and have_a >= have_b:
                opts.append(option([(a, have_a), (b, qty - have_a)]))
    if opts:
        return opts, 0
    takes, left = [], qty
    for code, have in pool:
        if left == 0:
            break
        q = min(have, left)
        takes.append((code, q))
        left -= q
    return ([option(takes)] if takes else []), left

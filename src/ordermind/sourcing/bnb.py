"""The search's exact step for orders with split lines (or four packages and more):
branch-and-bound over each line's options.

Lines are taken fewest options first. The bound is the cost so far plus every remaining
line's cheapest variable cost plus, when some remaining line has none of its nodes open
yet, the cheapest package it must open (weight-band increments are never negative, since
heavier bands never cost less)."""

from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter

from .legs import Leg
from .options import greedy_cover
from .searchtypes import Found, LineScan, Option, Part, Record

MAX_EXPANSIONS = 50_000  # safety net for pathological orders; flagged when hit

_alone = itemgetter(1)  # an option's cost alone


def line_options(
    todo: list[LineScan],
    splits: dict[int, list[Option]],
    extra: dict[int, list[Option]],
    skip_cost: float | None,
    allowed: Mapping[str, Leg],
    ot: Mapping[str, float],
    exu: Mapping[tuple[int, str], float],
) -> list[list[Option]]:
    """Per line in `todo`, its options cheapest alone first: from each node holding it
    whole (else its splits), with pricing also its `extra` options and leaving it unfilled."""
    per_line: list[list[Option]] = []
    for i, (line, _uw, g, codes, _partial, _slow) in enumerate(todo):
        opts = splits.get(i)
        if opts is None:
            opts = []
            for code in codes:
                leg = allowed[code]
                var = (
                    line.quantity * (leg.unit_labour + exu.get((line.line_no, code), 0.0))
                    + g * leg.per_gram
                    + ot[code]
                )
                alone = var + leg.fixed + leg.zone.price(g)
                opts.append((var, alone, ((code, line.quantity, g, line.line_no),)))
        if skip_cost is not None:
            skip = skip_cost * line.quantity
            opts = opts + extra.get(i, []) + [(skip, skip, ())]
        opts.sort(key=_alone)
        per_line.append(opts)
    return per_line


def branch_and_bound(
    per_line: list[list[Option]],
    allowed: Mapping[str, Leg],
    cap: Mapping[str, int],
    penalty: int,
    limit: int,
    top: list[Found],
    record: Record,
) -> bool:
    """Every plan taking one option per line with at most `limit` packages, each node
    within `cap` lines, that can beat the plans in `top` (kept by `record`); True when
    `MAX_EXPANSIONS` cut the search short."""
    n = len(per_line)
    order = sorted(range(n), key=lambda i: len(per_line[i]))
    opts_sorted = [per_line[i] for i in order]
    min_var = [min(var for var, _alone, _parts in opts) for opts in opts_sorted]
    min_open = [min(alone - var for var, alone, _parts in opts) for opts in opts_sorted]
    rest_var = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        rest_var[i] = rest_var[i + 1] + min_var[i]
    line_nodes = [
        {code for _var, _alone, parts in opts for code, _q, _g, _n in parts} for opts in opts_sorted
    ]
    if top:
        # Two packages or more pay two openings at distinct nodes: often already too dear.
        openings = sorted(
            {
                c: allowed[c].fixed + allowed[c].zone.band_costs[0]
                for nodes in line_nodes
                for c in nodes
            }.values()
        )
        if len(openings) < 2 or rest_var[0] + openings[0] + openings[1] - penalty >= top[0].cost:
            return False
    greedy_cover(opts_sorted, allowed, cap, penalty, limit, record)
    open_w: dict[str, int] = {}  # open packages: node -> grams
    open_lines: dict[str, int] = {}  # node -> lines in its package
    chosen: list[tuple[Part, ...]] = []
    expansions = 0
    inf = float("inf")

    def lower(i: int) -> float:
        # Every remaining line pays its variable cost; a line none of whose nodes is open
        # yet forces at least one more package (remaining lines may share it).
        opening = 0.0
        for j in range(i, n):
            if (not open_w or line_nodes[j].isdisjoint(open_w)) and min_open[j] > opening:
                opening = min_open[j]
        return rest_var[i] + opening

    def dfs(i: int, cost: float) -> None:
        nonlocal expansions
        if i == n:
            allocs = tuple((no, code, q) for parts in chosen for code, q, _g, no in parts)
            record(cost - (penalty if open_w else 0), allocs, frozenset(open_w))
            return
        bound = top[0].cost + penalty if top else inf
        if expansions > MAX_EXPANSIONS or cost + lower(i) >= bound:
            return
        opts = opts_sorted[i]
        if open_w:  # consolidating into open packages first finds tight bounds early
            opts = sorted(opts, key=lambda o: not all(p[0] in open_w for p in o[2]))  # (nodes)
        for var, _alone, parts in opts:
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
                    if open_lines[code] >= cap[code]:
                        ok = False
            if not ok or len(open_w) + opened > limit or cost + delta >= bound:
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
            bound = top[0].cost + penalty if top else inf

    dfs(0, 0.0)
    return expansions > MAX_EXPANSIONS

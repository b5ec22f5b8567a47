"""Exact single-order search over node combinations, with branch-and-bound pruning.

Search space: each line ships whole from one node; a line no single allowed node can
cover is split over a pair of nodes (or filled greedily, the rest back-ordered). Within
that space the result is exact for the cost model in `legs.evaluate`. The bound is the
cost so far plus every remaining line's cheapest variable cost plus, when some remaining
line has none of its nodes open yet, the cheapest package it must open (weight-band
increments are never negative, since heavier bands never cost less)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .cover import line_masks, small_sets
from .legs import Leg, Shipping, least
from .options import greedy_cover as _greedy_cover
from .options import pricing_options as _pricing_options
from .options import split_options as _split_options
from .types import SourcingRequest

MAX_EXPANSIONS = 50_000  # safety net for pathological orders; flagged when hit


@dataclass(slots=True)
class Found:
    cost: float  # total cost (package penalty already net of the first package)
    allocations: tuple[tuple[int, str, int], ...]
    nodes: frozenset[str]


@dataclass
class SearchResult:
    best: list[Found]  # the best plan, then the best others evaluated (distinct node sets)
    backordered: dict[int, int]
    truncated: bool = False
    # Nodes holding every line whole but left out: code -> "too_slow_for_promise" | "capacity"
    excluded: dict[str, str] = field(default_factory=dict)


def _on_time(allowed: dict[str, Leg], latest: date) -> dict[str, Leg]:
    """The legs that deliver by `latest` (kept with a ranked `Shipping`, one per date)."""
    cache = allowed.on_time if type(allowed) is Shipping else None
    got = cache.get(latest) if cache is not None else None
    if got is None:
        got = {c: leg for c, leg in allowed.items() if not leg.delivery > latest}
        if cache is not None:
            cache[latest] = got
    return got


def search(
    request: SourcingRequest,
    allowed: dict[str, Leg],
    ctx,
    *,
    max_packages: int | None,
    latest: date | None = None,
    k: int = 3,
    base: tuple | None = None,
    unit_extra: dict[tuple[str, str], float] | None = None,
    line_extra: dict[str, float] | None = None,
    skip_cost: float | None = None,
    exhaustive: bool = True,
    held: list | None = None,
    reuse: tuple | None = None,
) -> SearchResult:
    """`allowed`: nodes that may ship; `latest`: delivery date a node must meet; `base`:
    (daily capacity, zero overtime[, all capacities positive]) per allowed node, for idle
    nodes;
    `unit_extra` per (sku, node) and `line_extra` per node: prices added to the cost model
    (the batch optimiser's shadow prices of stock and capacity); `skip_cost` per unit:
    lines may also be left unfilled at that price (the batch optimiser's back-order);
    `exhaustive` False: single-node plans and one greedy cover only (for runners-up);
    `held`: a list to fill with each line's (whole holders, partial holders, whole holders
    too slow for `latest` or None) when the lean loop runs; `reuse`: (such a list from a
    search of the same request over a superset of `allowed`, the nodes left out since) to
    filter instead of scanning the stock again."""
    penalty = ctx.params.package_penalty
    ot_cost = ctx.params.overtime_per_line
    ot_share = ctx.params.overtime_threshold
    used = request.capacity_used
    default_weight = ctx.params.default_unit_weight_g
    stock = request.stock
    lazy = bool(used) or base is None or bool(line_extra)
    exu: dict[tuple[int, str], float] = {}  # (line_no, node) -> extra per unit
    cap: dict[str, int] = {} if lazy else base[0]  # read-only when shared
    ot: dict[str, int] = {} if lazy else base[1]
    excluded: dict[str, str] = {}
    backordered: dict[int, int] = {}
    todo = []  # per line: (line, unit weight, grams, codes holding the line whole)
    splits: dict[int, list] = {}  # index in todo -> split options
    excl_sets = []
    holders: list[tuple[str, int]] = []  # pricing only: every node with some of the line
    extra: dict[int, list] = {}  # pricing only: partial takes and splits of any line
    # Nodes out of capacity would need naming in the explanation: only idle networks
    # (every daily capacity positive) take the lean loop; nodes too slow for the promise
    # are named there too.
    plain = not lazy and not unit_extra and skip_cost is None and len(base) > 2 and base[2]
    if not plain:
        if reuse is not None:  # (only a lean search leaves a reusable scan)
            allowed = {c: leg for c, leg in allowed.items() if c not in reuse[1]}
        reuse = None
    # Lean loop with a promise date: the nodes fast enough, the rest named if they hold a line.
    fast = allowed if latest is None or not plain else _on_time(allowed, latest)
    slow_too = fast is not allowed and len(fast) < len(allowed)
    for i_line, line in enumerate(request.lines):
        qty = line.quantity
        whole_codes, partial, excl = [], [], None
        if reuse is not None:  # the same scan, minus the nodes left out since
            whole0, partial0, slow0 = reuse[0][i_line]
            drop = reuse[1]
            whole_codes = [code for code in whole0 if code not in drop]
            if partial0:
                partial = [p for p in partial0 if p[0] not in drop]
            slow = [code for code in slow0 if code not in drop] if slow0 else slow0
        elif plain:  # the common case, kept lean: idle nodes (all capacities positive), no
            # prices
            items = stock.get(line.sku, {}).items()
            whole_codes = (
                [code for code, have in items if have >= qty and code in fast]
                if qty > 0
                else [code for code, have in items if have >= qty and have > 0 and code in fast]
            )
            if len(whole_codes) < len(items):
                partial = [(code, have) for code, have in items if 0 < have < qty and code in fast]
            slow = (
                [
                    code
                    for code, have in items
                    if have >= qty and have > 0 and code in allowed and code not in fast
                ]
                if slow_too
                else None
            )
        if plain:
            if held is not None:
                held.append((whole_codes, partial, slow))
            if slow:
                for code in slow:
                    excluded[code] = "too_slow_for_promise"
                excl = set(slow)
        for code, have in () if plain else stock.get(line.sku, {}).items():
            leg = allowed.get(code)
            if leg is None or have <= 0:
                continue
            if lazy:
                c = cap.get(code)
                if c is None:
                    node = leg.node
                    u = used.get(code, 0) if used else 0
                    c = cap[code] = node.daily_capacity - u
                    ot[code] = ot_cost if u and u >= ot_share * node.daily_capacity else 0
                    if line_extra:
                        ot[code] += line_extra.get(code, 0.0)
            else:
                c = cap[code]
            why = (
                "capacity"
                if c <= 0
                else (
                    "too_slow_for_promise" if latest is not None and leg.delivery > latest else None
                )
            )
            if why is not None:
                if have >= qty:
                    excluded[code] = why
                    excl = excl or set()
                    excl.add(code)
                continue
            if unit_extra:
                exu[(line.line_no, code)] = unit_extra.get((line.sku, code), 0.0)
            if have >= qty:
                whole_codes.append(code)
            else:
                partial.append((code, have))
            if skip_cost is not None:
                holders.append((code, have))
        excl_sets.append((whole_codes, excl))
        uw = line.weight_g if line.weight_g > 0 else default_weight  # unit_weight(line, ctx)
        if skip_cost is not None and holders:
            extra[len(todo)] = _pricing_options(line, uw, holders, allowed, ot, exu, skip_cost)
            holders = []
        if not whole_codes:
            split, short = _split_options(line.line_no, qty, uw, partial, allowed, ot, exu)
            if short:
                backordered[line.line_no] = short
            if not split:
                continue
            splits[len(todo)] = split
        todo.append((line, uw, qty * uw, whole_codes))
    if excluded:
        in_all = set.intersection(*(set(w) | (e or set()) for w, e in excl_sets))
        excluded = {c: why for c, why in excluded.items() if c in in_all}
    if not todo:
        return SearchResult([], backordered, excluded=excluded)

    top: list[Found] = []

    def record(cost: float, allocs: tuple, nodes: frozenset[str]) -> None:
        if len(top) >= k and cost >= top[-1].cost:
            return
        for i, f in enumerate(top):
            if f.nodes == nodes:
                if cost < f.cost:
                    top[i] = Found(cost, allocs, nodes)
                    top.sort(key=lambda x: x.cost)
                return
        top.append(Found(cost, allocs, nodes))
        top.sort(key=lambda x: x.cost)
        del top[k:]

    # Fast path: one package from a node that holds every line whole; its cost collapses
    # to opening + price(total weight) + per-unit and per-gram terms.
    n = len(todo)
    skip = skip_cost is not None
    # Legs ranked by their cheapest package, when `allowed` carries them.
    ranks = allowed if type(allowed) is Shipping else None
    mask = None  # line_masks(todo), once needed
    if not splits and not skip:
        common = todo[0][3]
        if n > 1:
            mask = line_masks(todo)
            full = (1 << n) - 1
            common = [c for c, mc in mask.items() if mc == full]
        if common:
            if n == 1:
                t = todo[0]
                grams, units, allocs = t[2], t[0].quantity, [(t[0].line_no, t[0].quantity)]
            else:
                grams = sum([t[2] for t in todo])
                units = sum([t[0].quantity for t in todo])
                allocs = [(t[0].line_no, t[0].quantity) for t in todo]
            # (`base[3]`: the least capacity of any node, when shared and every one is known)
            if lazy or len(base) < 4 or base[3] is None or base[3] < n:
                common = [c for c in common if not cap[c] < n]
            # Legs with equal twin ids cost the same for this package: price each twin once
            # (and each zone's price of this weight once).
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
                # (Shared `base`: zero overtime, and adding 0 leaves the float as it is.)
                found.append((c0 + n * ot[code] if lazy else c0, code))
            if exu:
                found = [
                    (cost + sum(q * exu[(no, code)] for no, q in allocs), code)
                    for cost, code in found
                ]
            found.sort()  # (cost, code): same ties every run
            # `top` is still empty: `record` would keep these k, in this order.
            for cost, code in found[:k]:
                top.append(
                    Found(cost, tuple([(no, code, q) for no, q in allocs]), frozenset((code,)))
                )
    if n == 1 and not splits and not skip:
        return SearchResult(top, backordered, excluded=excluded)
    if max_packages == 1 and not splits and not skip:
        return SearchResult(top, backordered, excluded=excluded)
    if top:
        # Two packages or more pay two openings at distinct nodes: often already too dear.
        if splits:
            seen = {c for t in todo for c in t[3]}
            for opts in splits.values():
                seen.update(p[0] for o in opts for p in o[2])
        else:
            if mask is None:
                mask = line_masks(todo)
            seen = mask  # the nodes holding some line whole
        if len(seen) < 2:
            return SearchResult(top, backordered, excluded=excluded)
        if len(top) >= k:
            o1, o2 = (
                least(ranks.by_open0(), seen, 2)
                if ranks
                else sorted([allowed[c].open0 for c in seen])[:2]
            )
            if o1 + o2 - penalty >= top[0].cost:
                return SearchResult(top, backordered, excluded=excluded)
    limit = max_packages or 10_000
    inf = float("inf")
    # Zero overtime and room for the whole order everywhere: `small_sets` may take shortcuts.
    uniform = not lazy and not exu and len(base) > 3 and base[3] is not None and base[3] >= n
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
                lambda: -inf,
                True,
                mask,
                uniform,
            )
        return SearchResult(top, backordered, excluded=excluded)
    if not splits and not skip:
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
            lambda: top[0].cost if top else inf,
            len(top) < k,
            mask,
            uniform,
        )
        # Plans of four packages or more pay four openings: usually out of the running.
        if top:
            if n <= 3 or limit <= 3:
                return SearchResult(top, backordered, excluded=excluded)
            seen = (
                least(ranks.by_open0(), mask, 4)
                if ranks
                else sorted([allowed[c].open0 for c in mask])
            )
            if len(seen) < 4 or sum(seen[:4]) - penalty >= top[0].cost:
                return SearchResult(top, backordered, excluded=excluded)
    per_line = []
    for i, (line, _uw, g, codes) in enumerate(todo):
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
                opts.append(
                    (
                        var,
                        var + leg.fixed + leg.zone.price(g),
                        ((code, line.quantity, g, line.line_no),),
                    )
                )
        if skip:
            opts = (
                opts
                + extra.get(i, [])
                + [(skip_cost * line.quantity, skip_cost * line.quantity, ())]
            )
        opts.sort(key=lambda o: o[1])
        per_line.append(opts)
    if n == 1 and not skip:  # a single split line: its options are the plans
        for _var, alone, parts in per_line[0]:
            record(
                alone - penalty,
                tuple((p[3], p[0], p[1]) for p in parts),
                frozenset(p[0] for p in parts),
            )
        return SearchResult(top, backordered, excluded=excluded)

    order = sorted(range(len(per_line)), key=lambda i: len(per_line[i]))
    opts_sorted = [per_line[i] for i in order]
    min_var = [min(o[0] for o in opts) for opts in opts_sorted]
    min_open = [min(o[1] - o[0] for o in opts) for opts in opts_sorted]
    rest_var = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        rest_var[i] = rest_var[i + 1] + min_var[i]
    line_nodes = [{p[0] for o in opts for p in o[2]} for opts in opts_sorted]
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
            return SearchResult(top, backordered, excluded=excluded)
    _greedy_cover(opts_sorted, allowed, cap, penalty, limit, record)
    open_w: dict[str, int] = {}
    open_lines: dict[str, int] = {}
    chosen: list[tuple] = []
    expansions = 0

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
            allocs = tuple((p[3], p[0], p[1]) for parts in chosen for p in parts)
            record(cost - (penalty if open_w else 0), allocs, frozenset(open_w))
            return
        bound = top[0].cost + penalty if top else inf
        if expansions > MAX_EXPANSIONS or cost + lower(i) >= bound:
            return
        opts = opts_sorted[i]
        if open_w:  # consolidating into open packages first finds tight bounds early
            opts = sorted(opts, key=lambda o: not all(p[0] in open_w for p in o[2]))
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
    return SearchResult(top, backordered, expansions > MAX_EXPANSIONS, excluded)

"""Batch re-sourcing of a wave of unreleased orders under shared stock and node capacity.

Used when a node goes down (its unreleased orders come back with the node in
`down_nodes`), when stock arrives, or on a schedule. Steps:
1. fast path: orders one by one (earliest requested date first), each taking its cheapest
   plan on what is left of stock and capacity; its few cheapest plans become columns;
2. column generation: the LP relaxation prices scarce stock and capacity, and orders using
   priced resources (or short of stock) look for plans cheaper at those prices;
3. CP-SAT picks one column per order (or a back-order) minimising cost plus a back-order
   penalty, seeded with the fast path; waves too large for it in the time budget take the
   LP relaxation, rounded. The result is never worse than the fast path."""

from __future__ import annotations

import time as _time
from dataclasses import dataclass
from datetime import date, datetime

from . import batch_solver
from .cost import SourcingContext, default_context
from .costplan import candidates
from .explain import finish, found_alternative
from .frame import Frame
from .legs import evaluate
from .search import search
from .searchtypes import Pricing, SearchContext
from .types import LineRequest, Location, NodeInfo, SourcingPlan, SourcingRequest


@dataclass
class BatchOrder:
    order_id: str
    lines: list[LineRequest]
    ship_to: Location | None
    ship_to_country: str | None = None
    ship_complete: bool = False
    max_packages: int | None = None
    requested_date: date | None = None
    order_time: datetime | None = None
    service_level: str | None = None
    margin: int | None = None


@dataclass
class BatchResult:
    plans: dict[str, SourcingPlan]
    objective: int  # fulfilment cost + back-order penalty, minor units
    fulfilment_cost: int
    backordered_units: int
    status: str  # optimal | feasible (column model) | optimal_exact | feasible_exact (arc
    # model, small waves) | lp_rounded (large waves) | fast_path (nothing better found)
    fast_path_objective: int
    seconds: float
    lower_bound: float | None = None  # the solver's bound on the column model's optimum


def _request(o: BatchOrder, stock, nodes, used, down, ctx) -> SourcingRequest:
    return SourcingRequest(
        lines=o.lines,
        ship_to=o.ship_to,
        stock=stock,
        nodes=nodes,
        ship_to_country=o.ship_to_country,
        ship_complete=o.ship_complete,
        max_packages=o.max_packages,
        excluded_nodes=down,
        requested_date=o.requested_date,
        capacity_used=used,
        order_time=o.order_time,
        service_level=o.service_level,
        margin=o.margin,
        context=ctx,
    )


class _Columns:
    def __init__(self):
        self.cols: list[tuple[str, tuple, int]] = []  # (order_id, allocations, objective)
        self.by_order: dict[str, list[int]] = {}
        self._index: dict[tuple, int] = {}

    def add(self, oid: str, allocs: tuple, obj: int) -> int:
        key = (oid, tuple(sorted(allocs)))
        if key not in self._index:
            self._index[key] = len(self.cols)
            self.by_order.setdefault(oid, []).append(len(self.cols))
            self.cols.append((oid, tuple(allocs), obj))
        return self._index[key]


def reoptimise(
    orders: list[BatchOrder],
    stock: dict[str, dict[str, int]],
    nodes: dict[str, NodeInfo],
    *,
    capacity_used: dict[str, int] | None = None,
    down_nodes: frozenset[str] = frozenset(),
    context: SourcingContext | None = None,
    time_limit_s: float = 8.0,
    columns: int = 3,
    rounds: int = 4,
    use_solver: bool = True,
    exact_max_terms: int = 4_000,
) -> BatchResult:
    """New plans for every order; `stock` is what is free for this wave (the orders' own
    reservations already returned), `capacity_used` the lines each node already took today.
    Waves small enough (at most `exact_max_terms` order-line x stocked-node pairs) are also
    solved exactly (the arc model of `mip.optimum`); the better answer is kept."""
    t0 = _time.perf_counter()
    deadline = t0 + time_limit_s
    ctx = context or default_context()
    penalty = ctx.params.backorder_penalty_per_unit
    used0 = dict(capacity_used or {})
    down = frozenset(down_nodes)
    wave = sorted(orders, key=lambda o: (o.requested_date or date.max, o.order_id))
    cols = _Columns()

    # 1. fast path on a running copy of stock and capacity, collecting columns as it goes
    left = {ln.sku: dict(stock.get(ln.sku, {})) for o in wave for ln in o.lines}
    used = dict(used0)
    chosen: dict[str, int] = {}
    for o in wave:
        req = _request(o, {ln.sku: left[ln.sku] for ln in o.lines}, nodes, used, down, ctx)
        res = candidates(SearchContext(Frame(req)), k=columns)[0]
        empty = cols.add(o.order_id, (), penalty * sum(ln.quantity for ln in o.lines))
        pick = empty
        if res.best and not (o.ship_complete and res.backordered):
            short = penalty * sum(res.backordered.values())
            ids = [cols.add(o.order_id, f.allocations, round(f.cost) + short) for f in res.best]
            pick = ids[0]
        chosen[o.order_id] = pick
        sku = {ln.line_no: ln.sku for ln in o.lines}
        for line_no, code, qty in cols.cols[pick][1]:
            left[sku[line_no]][code] -= qty
            used[code] = used.get(code, 0) + 1
    fast = dict(chosen)
    status = "fast_path"
    lower_bound = None

    if use_solver and wave:
        # 2. orders that compete for something also get their cheapest plans on the
        # wave's full stock, then column generation while half the time budget lasts
        stock_rows, cap_rows = batch_solver.binding(wave, cols.cols, stock, nodes, used0)
        linked = set(batch_solver.coupled(cols.cols, stock_rows, cap_rows))
        for o in wave:
            if o.order_id not in linked or _time.perf_counter() > t0 + 0.4 * time_limit_s:
                continue
            frame = Frame(_request(o, stock, nodes, used0, down, ctx))
            res = candidates(SearchContext(frame), k=columns)[0]
            if res.best and not (o.ship_complete and res.backordered):
                short = penalty * sum(res.backordered.values())
                for f in res.best:
                    cols.add(o.order_id, f.allocations, round(f.cost) + short)
        for _ in range(rounds):
            if _time.perf_counter() > t0 + 0.5 * time_limit_s:
                break
            d = batch_solver.duals(wave, cols.cols, cols.by_order, stock, nodes, used0)
            if d is None or not _price(
                wave,
                cols,
                chosen,
                d,
                stock,
                nodes,
                used0,
                down,
                ctx,
                penalty,
                t0 + 0.6 * time_limit_s,
            ):
                break
        # 3. the integer choice, seeded with the fast path
        got, st, bound = batch_solver.solve(
            wave,
            cols.cols,
            cols.by_order,
            stock,
            nodes,
            used0,
            max(0.5, deadline - _time.perf_counter() - 0.3),
            fast,
        )
        if got is not None and _total(cols, got) <= _total(cols, fast):
            chosen, status, lower_bound = got, st, bound
        terms = sum(len(stock.get(ln.sku, {})) for o in wave for ln in o.lines)
        if status != "optimal" or terms <= exact_max_terms:
            chosen, status, lower_bound = _exact(
                wave,
                cols,
                chosen,
                status,
                lower_bound,
                stock,
                nodes,
                used0,
                down,
                ctx,
                terms,
                exact_max_terms,
                deadline,
            )
    res = _plans(wave, cols, chosen, fast, status, stock, nodes, used0, down, ctx, penalty, t0)
    res.lower_bound = lower_bound
    return res


def _exact(
    wave, cols, chosen, status, bound, stock, nodes, used0, down, ctx, terms, limit, deadline
):
    """Small waves: the exact arc model, kept when it beats the column model's answer."""
    if terms > limit or deadline - _time.perf_counter() < 0.5:
        return chosen, status, bound
    from .mip import optimum  # imports this module: only when needed

    best = optimum(
        wave,
        stock,
        nodes,
        capacity_used=used0,
        down_nodes=down,
        context=ctx,
        time_limit_s=deadline - _time.perf_counter() - 0.2,
    )
    if best is None or best.objective > _total(cols, chosen) - 1:
        return chosen, status, bound
    penalty = ctx.params.backorder_penalty_per_unit
    exact = {}
    for o in wave:
        allocs = tuple(best.allocations[o.order_id])
        frame = Frame(_request(o, stock, nodes, used0, down, ctx))
        cost = evaluate(list(allocs), frame.request, frame.legs, ctx)[0].total if allocs else 0
        short = sum(ln.quantity for ln in o.lines) - sum(q for _, _, q in allocs)
        exact[o.order_id] = cols.add(o.order_id, allocs, round(cost) + penalty * short)
    return exact, "optimal_exact" if best.status == "optimal" else "feasible_exact", best.objective


def _total(cols: _Columns, chosen: dict[str, int]) -> int:
    return sum(cols.cols[i][2] for i in chosen.values())


def _price(wave, cols, chosen, d, stock, nodes, used0, down, ctx, penalty, until) -> int:
    """Orders sharing a scarce resource look for a plan cheaper at the LP's prices (its
    shadow prices of stock and capacity); such plans become new columns."""
    order_dual, unit, line = d
    priced_skus = {sku for sku, _ in unit}
    may_skip, whole = Pricing(unit, line, penalty), Pricing(unit, line, None)
    added = 0
    for o in wave:
        if _time.perf_counter() > until:
            break
        mine = cols.cols[chosen[o.order_id]][1]
        short = sum(q for _, _, q in mine) < sum(ln.quantity for ln in o.lines)
        if not short and not line and not any(ln.sku in priced_skus for ln in o.lines):
            continue
        sku = {ln.line_no: ln.sku for ln in o.lines}
        req = _request(o, stock, nodes, used0, down, ctx)
        frame = Frame(req)
        sc = SearchContext(frame, whole if o.ship_complete else may_skip, shared_base=False)
        res = search(sc, latest=o.requested_date, k=1)
        if not res.best:
            continue
        allocs = res.best[0].allocations
        shipped = sum(q for _, _, q in allocs)
        if o.ship_complete and shipped < sum(ln.quantity for ln in o.lines):
            continue
        true_cost = evaluate(list(allocs), req, frame.legs, ctx)[0].total if allocs else 0
        obj = round(true_cost) + penalty * (sum(ln.quantity for ln in o.lines) - shipped)
        priced = obj + sum(
            q * unit.get((sku[no], c), 0.0) + line.get(c, 0.0) for no, c, q in allocs
        )
        if priced < order_dual[o.order_id] - 1e-6:
            before = len(cols.cols)
            cols.add(o.order_id, allocs, obj)
            added += len(cols.cols) > before
    return added


def _plans(wave, cols, chosen, fast, status, stock, nodes, used0, down, ctx, penalty, t0):
    plans: dict[str, SourcingPlan] = {}
    objective = fast_obj = 0
    for o in wave:
        frame = Frame(_request(o, stock, nodes, used0, down, ctx))
        oid = o.order_id
        allocs = list(cols.cols[chosen[oid]][1])
        back = {ln.line_no: ln.quantity for ln in o.lines}
        for line_no, _, qty in allocs:
            back[line_no] -= qty
        back = {n: q for n, q in back.items() if q > 0}
        rejected: list[dict] = []
        for i in sorted(cols.by_order[oid], key=lambda i: cols.cols[i][2]):
            if i == chosen[oid] or not cols.cols[i][1] or len(rejected) == 2:
                continue
            c_oid, c_allocs, c_obj = cols.cols[i]
            why = "costlier" if c_obj >= cols.cols[chosen[oid]][2] else "stock_or_capacity"
            rejected.append(found_alternative(frame, c_obj, {n for _, n, _ in c_allocs}, why))
        p = finish(
            frame,
            "cost",
            allocs,
            back,
            {
                "rule": "batch: least total cost across the wave within shared stock and capacity",
                "chosen": sorted({n for _, n, _ in allocs}),
            },
            rejected,
            ["batch"],
        )
        plans[oid] = p
        objective += (p.cost or 0) + penalty * sum(back.values())
        if fast[oid] == chosen[oid]:
            fast_obj += (p.cost or 0) + penalty * sum(back.values())
        else:
            f_allocs = list(cols.cols[fast[oid]][1])
            f_cost = evaluate(f_allocs, frame.request, frame.legs, ctx)[0].total if f_allocs else 0
            f_units = sum(q for _, _, q in f_allocs)
            fast_obj += round(f_cost) + penalty * (sum(ln.quantity for ln in o.lines) - f_units)
    return BatchResult(
        plans=plans,
        objective=objective,
        fulfilment_cost=sum(p.cost or 0 for p in plans.values()),
        backordered_units=sum(sum(p.backordered.values()) for p in plans.values()),
        status=status,
        fast_path_objective=fast_obj,
        seconds=_time.perf_counter() - t0,
    )


def outage(orders: list[BatchOrder], stock, nodes, down: str | set[str], **kw) -> BatchResult:
    """Re-source the unreleased orders of a failed node (or nodes) on the rest of the network."""
    down_set = frozenset([down] if isinstance(down, str) else down)
    return reoptimise(orders, stock, nodes, down_nodes=down_set, **kw)

"""Batch re-sourcing of a wave of unreleased orders under shared stock and node capacity.

Used when a node goes down (its unreleased orders come back with the node in
`down_nodes`), when stock arrives, or on a schedule. Two passes:
1. fast path: orders one by one (earliest requested date first), each taking its
   cheapest plan on what is left of stock and capacity;
2. optimiser: every order's few cheapest plans (and the fast-path plan) become columns;
   CP-SAT picks one column per order (or a back-order) minimising total cost plus a
   back-order penalty, subject to stock per SKU x node and lines per node. The fast-path
   solution is the starting hint, so the result is never worse than the fast path."""

from __future__ import annotations

import time as _time
from dataclasses import dataclass
from datetime import date, datetime

from .cost import SourcingContext, default_context
from .costplan import candidates
from .explain import alternative, finish
from .frame import Frame
from .strategies import plan as plan_one
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
    status: str  # "optimal" | "feasible" (solver) | "fast_path" (solver off or no better)
    fast_path_objective: int
    seconds: float


def _request(o: BatchOrder, stock, nodes, used, down, ctx) -> SourcingRequest:
    return SourcingRequest(
        lines=o.lines, ship_to=o.ship_to, stock=stock, nodes=nodes,
        ship_to_country=o.ship_to_country, ship_complete=o.ship_complete,
        max_packages=o.max_packages, excluded_nodes=down, requested_date=o.requested_date,
        capacity_used=used, order_time=o.order_time, service_level=o.service_level,
        margin=o.margin, context=ctx)


def _objective(plan: SourcingPlan, penalty: int) -> int:
    return (plan.cost or 0) + penalty * sum(plan.backordered.values())


def reoptimise(
    orders: list[BatchOrder],
    stock: dict[str, dict[str, int]],
    nodes: dict[str, NodeInfo],
    *,
    capacity_used: dict[str, int] | None = None,
    down_nodes: frozenset[str] = frozenset(),
    context: SourcingContext | None = None,
    time_limit_s: float = 6.0,
    columns: int = 3,
    rounds: int = 2,
    use_solver: bool = True,
) -> BatchResult:
    """New plans for every order; `stock` is what is free for this wave (the orders' own
    reservations already returned), `capacity_used` the lines each node already took today."""
    t0 = _time.perf_counter()
    ctx = context or default_context()
    penalty = ctx.params.backorder_penalty_per_unit
    used0 = dict(capacity_used or {})
    down = frozenset(down_nodes)
    wave = sorted(orders, key=lambda o: (o.requested_date or date.max, o.order_id))

    # 1. fast path on a running copy of stock and capacity
    left = {sku: dict(per) for sku, per in stock.items()}
    used = dict(used0)
    fast: dict[str, SourcingPlan] = {}
    for o in wave:
        req = _request(o, {ln.sku: left.get(ln.sku, {}) for ln in o.lines}, nodes, used, down, ctx)
        p = plan_one(req, "cost")
        sku_of = {ln.line_no: ln.sku for ln in o.lines}
        for line_no, code, qty in p.allocations:
            left[sku_of[line_no]][code] -= qty
            used[code] = used.get(code, 0) + 1
        fast[o.order_id] = p
    fast_obj = sum(_objective(p, penalty) for p in fast.values())
    if not use_solver or not wave:
        return _result(fast, penalty, "fast_path", fast_obj, t0)

    # 2. columns: each order's cheapest plans on the wave's starting stock, plus its fast plan
    cols: list[tuple[str, tuple, int]] = []  # (order_id, allocations, objective)
    by_order: dict[str, list[int]] = {}
    index: dict[tuple, int] = {}

    def add(oid: str, allocs: tuple, obj: int) -> int:
        key = (oid, tuple(sorted(allocs)))
        if key not in index:
            index[key] = len(cols)
            by_order.setdefault(oid, []).append(len(cols))
            cols.append((oid, tuple(allocs), obj))
        return index[key]

    chosen: dict[str, int] = {}
    for o in wave:
        p = fast[o.order_id]
        chosen[o.order_id] = add(o.order_id, tuple(p.allocations), _objective(p, penalty))
        res = candidates(Frame(_request(o, stock, nodes, used0, down, ctx)), k=columns)[0]
        short = penalty * sum(res.backordered.values())
        for f in res.best:
            add(o.order_id, f.allocations, round(f.cost) + short)
        add(o.order_id, (), penalty * sum(ln.quantity for ln in o.lines))
    deadline = t0 + time_limit_s
    status = "fast_path"
    for round_no in range(1 + rounds):
        if round_no and not _price_columns(wave, cols, chosen, add, stock, nodes, used0, down,
                                           ctx, penalty, deadline):
            break  # no order can do better on what the others leave it
        left_s = deadline - _time.perf_counter()
        if left_s <= 0.05:
            break
        got, st = _solve(wave, cols, by_order, stock, nodes, used0, left_s / (2 if round_no <
                                                                                   rounds else 1),
                         chosen)
        if got is None:
            break
        chosen, status = got, st
        if _time.perf_counter() > t0 + 0.6 * time_limit_s:
            break
    if status == "fast_path":
        return _result(fast, penalty, "fast_path", fast_obj, t0)

    plans: dict[str, SourcingPlan] = {}
    for o in wave:
        ci = chosen[o.order_id]
        allocs = cols[ci][1]
        p = fast[o.order_id]
        if sorted(allocs) == sorted(p.allocations):
            plans[o.order_id] = p
            continue
        frame = Frame(_request(o, stock, nodes, used0, down, ctx))
        sku_lines = {ln.line_no: ln.quantity for ln in o.lines}
        for line_no, _, qty in allocs:
            sku_lines[line_no] -= qty
        back = {n: q for n, q in sku_lines.items() if q > 0}
        rejected = []
        if p.allocations:  # what the order would have had on its own, first come first served
            rejected.append(alternative(frame, p.allocations, "displaced_by_batch"))
        plans[o.order_id] = finish(
            frame, "cost", list(allocs), back,
            {"rule": "batch re-optimisation: least total cost across the wave under "
                     "shared stock and capacity", "chosen": sorted({n for _, n, _ in allocs})},
            rejected, ["batch"])
    res = _result(plans, penalty, status, fast_obj, t0)
    if res.objective > fast_obj:  # cannot happen with the hint kept; guard anyway
        return _result(fast, penalty, "fast_path", fast_obj, t0)
    return res


def _result(plans, penalty, status, fast_obj, t0) -> BatchResult:
    return BatchResult(
        plans=plans, objective=sum(_objective(p, penalty) for p in plans.values()),
        fulfilment_cost=sum(p.cost or 0 for p in plans.values()),
        backordered_units=sum(sum(p.backordered.values()) for p in plans.values()),
        status=status, fast_path_objective=fast_obj, seconds=_time.perf_counter() - t0)


def _price_columns(wave, cols, chosen, add, stock, nodes, used0, down, ctx, penalty,
                   deadline) -> int:
    """For every order, its cheapest plan on what the other orders' chosen plans leave;
    new columns that beat its current one are added. Returns how many were added."""
    sku_of = {(o.order_id, ln.line_no): ln.sku for o in wave for ln in o.lines}
    taken: dict[tuple[str, str], int] = {}
    lines_at: dict[str, int] = {}
    for oid, ci in chosen.items():
        for line_no, code, qty in cols[ci][1]:
            key = (sku_of[(oid, line_no)], code)
            taken[key] = taken.get(key, 0) + qty
            lines_at[code] = lines_at.get(code, 0) + 1
    added = 0
    for o in wave:
        if _time.perf_counter() > deadline:
            break
        own = cols[chosen[o.order_id]]
        mine: dict[tuple[str, str], int] = {}
        my_lines: dict[str, int] = {}
        for line_no, code, qty in own[1]:
            key = (sku_of[(o.order_id, line_no)], code)
            mine[key] = mine.get(key, 0) + qty
            my_lines[code] = my_lines.get(code, 0) + 1
        residual = {}
        for ln in o.lines:
            per = stock.get(ln.sku, {})
            residual[ln.sku] = {n: q - taken.get((ln.sku, n), 0) + mine.get((ln.sku, n), 0)
                                for n, q in per.items()}
            residual[ln.sku] = {n: q for n, q in residual[ln.sku].items() if q > 0}
        used = {c: used0.get(c, 0) + lines_at.get(c, 0) - my_lines.get(c, 0)
                for c in set(used0) | set(lines_at)}
        res = candidates(Frame(_request(o, residual, nodes, used, down, ctx)), k=1)[0]
        if not res.best:
            continue
        obj = round(res.best[0].cost) + penalty * sum(res.backordered.values())
        if obj < own[2]:
            before = len(cols)
            add(o.order_id, res.best[0].allocations, obj)
            added += len(cols) > before
    return added


def _solve(wave, cols, by_order, stock, nodes, used0, time_limit_s, hint):
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    x = [m.new_bool_var(f"c{i}") for i in range(len(cols))]
    for ids in by_order.values():
        m.add_exactly_one(x[i] for i in ids)
    sku_of = {(o.order_id, ln.line_no): ln.sku for o in wave for ln in o.lines}
    use: dict[tuple[str, str], list[tuple[int, int]]] = {}
    lines_at: dict[str, list[int]] = {}
    for i, (oid, allocs, _) in enumerate(cols):
        for line_no, code, qty in allocs:
            use.setdefault((sku_of[(oid, line_no)], code), []).append((i, qty))
            lines_at.setdefault(code, []).append(i)
    for (sku, code), terms in use.items():
        have = stock.get(sku, {}).get(code, 0)
        if sum(q for _, q in terms) > have:  # only where orders can actually collide
            m.add(sum(q * x[i] for i, q in terms) <= have)
    for code, ids in lines_at.items():
        cap = max(0, nodes[code].daily_capacity - used0.get(code, 0))
        if len(ids) > cap:
            m.add(sum(x[i] for i in ids) <= cap)
    m.minimize(sum(obj * x[i] for i, (_, _, obj) in enumerate(cols)))
    for oid, ids in by_order.items():
        for i in ids:
            m.add_hint(x[i], i == hint[oid])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 2
    st = solver.solve(m)
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, None
    chosen = {oid: next(i for i in ids if solver.boolean_value(x[i]))
              for oid, ids in by_order.items()}
    return chosen, "optimal" if st == cp_model.OPTIMAL else "feasible"


def outage(orders: list[BatchOrder], stock, nodes, down: str | set[str], **kw) -> BatchResult:
    """Re-source the unreleased orders of a failed node (or nodes) on the rest of the network."""
    down_set = frozenset([down] if isinstance(down, str) else down)
    return reoptimise(orders, stock, nodes, down_nodes=down_set, **kw)

"""Exact reference optimum (CP-SAT, arc formulation) for instances small enough to solve.

Same cost model as `legs.evaluate`, but with every split allowed: per order, line and
node an integer quantity; per order and node a package with exactly one weight band;
lines per node within capacity; units per SKU x node within stock; every unit not shipped
pays the back-order penalty. Used to measure the fast path and the batch optimiser."""

from __future__ import annotations

from dataclasses import dataclass

from .batch import BatchOrder, _request
from .cost import SourcingContext, default_context
from .frame import Frame
from .legs import unit_weight

SCALE = 100  # costs to 1/100 minor unit so fractional carbon cost survives rounding


@dataclass
class Optimum:
    objective: float  # fulfilment cost + back-order penalty, minor units
    allocations: dict[str, list[tuple[int, str, int]]]
    status: str  # "optimal" or "feasible" (time limit hit)


def optimum(
    orders: list[BatchOrder],
    stock,
    nodes,
    *,
    capacity_used=None,
    down_nodes: frozenset[str] = frozenset(),
    context: SourcingContext | None = None,
    time_limit_s: float = 30.0,
) -> Optimum | None:
    from ortools.sat.python import cp_model

    ctx = context or default_context()
    p = ctx.params
    used = dict(capacity_used or {})
    m = cp_model.CpModel()
    terms: list[cp_model.LinearExprT] = []
    stock_use: dict[tuple[str, str], list] = {}
    lines_at: dict[str, list] = {}
    xs: dict[tuple[str, int, str], cp_model.IntVar] = {}
    for o in orders:
        frame = Frame(_request(o, stock, nodes, used, frozenset(down_nodes), ctx))
        allowed = {
            c: leg
            for c, leg in frame.shipping_nodes().items()
            if o.requested_date is None or leg.delivery <= o.requested_date
        }
        ot = frame.overtime(allowed)
        packages = []
        node_weight: dict[str, list] = {}
        node_use: dict[str, list] = {}
        for ln in o.lines:
            uw = unit_weight(ln, ctx)
            shipped = []
            for code, have in stock.get(ln.sku, {}).items():
                leg = allowed.get(code)
                if leg is None or have <= 0:
                    continue
                x = m.new_int_var(0, min(have, ln.quantity), f"x_{o.order_id}_{ln.line_no}_{code}")
                u = m.new_bool_var(f"u_{o.order_id}_{ln.line_no}_{code}")
                m.add(x <= ln.quantity * u)
                m.add(x >= 1).only_enforce_if(u)
                xs[(o.order_id, ln.line_no, code)] = x
                shipped.append(x)
                per_unit = leg.unit_labour + uw * leg.per_gram
                terms.append(round(per_unit * SCALE) * x + ot[code] * SCALE * u)
                stock_use.setdefault((ln.sku, code), []).append(x)
                lines_at.setdefault(code, []).append(u)
                node_weight.setdefault(code, []).append(uw * x)
                node_use.setdefault(code, []).append(u)
            short = m.new_int_var(0, ln.quantity, f"short_{o.order_id}_{ln.line_no}")
            m.add(sum(shipped) + short == ln.quantity)
            terms.append(p.backorder_penalty_per_unit * SCALE * short)
        total_g = sum(unit_weight(ln, ctx) * ln.quantity for ln in o.lines)
        for code, weights in node_weight.items():
            leg = allowed[code]
            y = m.new_bool_var(f"y_{o.order_id}_{code}")
            for u in node_use[code]:
                m.add(u <= y)
            packages.append(y)
            limits, prices = _bands(leg.zone, total_g)
            z = [m.new_bool_var(f"z_{o.order_id}_{code}_{b}") for b in range(len(limits))]
            m.add(sum(z) == y)
            m.add(sum(weights) <= sum(lim * zb for lim, zb in zip(limits, z, strict=True)))
            terms.append(sum(round(pr * SCALE) * zb for pr, zb in zip(prices, z, strict=True)))
            terms.append(leg.node.handling_cost * SCALE * y)
        if packages:
            extra = m.new_int_var(0, len(packages), f"extra_{o.order_id}")
            m.add(extra >= sum(packages) - 1)
            terms.append(p.package_penalty * SCALE * extra)
            most = 1 if o.ship_complete else o.max_packages
            if most:
                m.add(sum(packages) <= most)
    for (sku, code), vs in stock_use.items():
        m.add(sum(vs) <= stock[sku][code])
    for code, us in lines_at.items():
        m.add(sum(us) <= max(0, nodes[code].daily_capacity - used.get(code, 0)))
    m.minimize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 2
    st = solver.solve(m)
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    allocs: dict[str, list[tuple[int, str, int]]] = {o.order_id: [] for o in orders}
    for (oid, line_no, code), x in xs.items():
        q = solver.value(x)
        if q:
            allocs[oid].append((line_no, code, q))
    return Optimum(
        solver.objective_value / SCALE, allocs, "optimal" if st == cp_model.OPTIMAL else "feasible"
    )


def _bands(zone, total_g: int) -> tuple[list[int], list[int]]:
    """Weight bands, extended past the heaviest by full parcels plus a remainder parcel
    (exactly as `ZoneRate.price`), up to the order's weight."""
    limits, prices = list(zone.band_limits), list(zone.band_costs)
    heaviest, top_price = zone.band_limits[-1], zone.band_costs[-1]
    parcels = 1
    while limits[-1] < total_g:
        for lim, pr in zip(zone.band_limits, zone.band_costs, strict=True):
            limits.append(parcels * heaviest + lim)
            prices.append(parcels * top_price + pr)
        parcels += 1
    return limits, prices

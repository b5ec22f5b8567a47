"""The `cost` strategy: minimum total fulfilment cost among plans that keep the promise."""

from __future__ import annotations

from .explain import alternative, finish
from .frame import Frame
from .search import search
from .types import SourcingPlan, SourcingRequest


def cost(request: SourcingRequest) -> SourcingPlan:
    frame = Frame(request)
    r = frame.request
    res, shipping, full, fast, cap, flags = candidates(frame)
    if res.truncated:
        flags.append("search_truncated")
    if not res.best or (r.ship_complete and res.backordered):
        why = "ship complete: no single node has the whole order" if r.ship_complete \
            else "no allowed node has stock"
        return finish(frame, "cost", [], {ln.line_no: ln.quantity for ln in r.lines},
                      {"rule": why}, [], flags)
    best = res.best[0]
    rejected = [alternative(frame, f.allocations, "costlier") for f in res.best[1:]]
    rejected = _cheaper_but_infeasible(frame, shipping, full, fast, cap, best.cost) + rejected
    explanation = {"rule": "minimum total cost that meets the promise",
                   "chosen": sorted(best.nodes),
                   "runner_up": rejected[0]["nodes"] if rejected else None}
    return finish(frame, "cost", list(best.allocations), res.backordered, explanation,
                  rejected, flags)


def candidates(frame: Frame, k: int = 3):
    """The k cheapest plans (distinct node sets) keeping the promise, else the cheapest
    plans at all (flagged promise_at_risk); with the node filters used."""
    r = frame.request
    shipping = frame.shipping_nodes()
    cap = frame.capacity_left(shipping)
    ot = frame.overtime(shipping)
    full = {c: leg for c, leg in shipping.items() if cap[c] > 0}
    fast = full
    if r.requested_date is not None:
        fast = {c: leg for c, leg in full.items() if leg.delivery <= r.requested_date}
    max_packages = 1 if r.ship_complete else r.max_packages
    flags: list[str] = []
    kw = {"max_packages": max_packages, "capacity_left": cap, "overtime": ot, "k": k}
    res = search(r, fast, frame.ctx, **kw)
    if fast is not full and (not res.best or res.backordered):
        # Nothing keeps the promise: take the cheapest plan anyway, and say so.
        slow = search(r, full, frame.ctx, **kw)
        if slow.best and (not res.best or _units(slow) > _units(res)):
            res = slow
            flags.append("promise_at_risk")
    return res, shipping, full, fast, cap, flags


def _units(res) -> int:
    return sum(q for f in res.best[:1] for _, _, q in f.allocations)


def _cheaper_but_infeasible(frame: Frame, shipping, full, fast, cap, best_cost: float):
    """Single nodes holding the whole order that would have been cheaper, and why not."""
    r = frame.request
    stock = r.stock
    out = []
    for code, leg in shipping.items():
        if code in fast:
            continue
        if not all(stock.get(ln.sku, {}).get(code, 0) >= ln.quantity for ln in r.lines):
            continue
        allocs = [(ln.line_no, code, ln.quantity) for ln in r.lines]
        if code not in full or cap[code] < len(r.lines):
            alt = alternative(frame, allocs, "capacity",
                              capacity_left=cap[code], daily_capacity=leg.node.daily_capacity)
        else:
            alt = alternative(frame, allocs, "too_slow_for_promise")
        if alt["cost"] < best_cost:
            out.append(alt)
    out.sort(key=lambda a: a["cost"])
    return out[:2]

"""Rule strategies: a fixed node ranking (nearest first, or priority order)."""

from __future__ import annotations

from .explain import alternative, finish
from .frame import Frame
from .geo import haversine_km
from .legs import Leg
from .types import NodeInfo, SourcingPlan, SourcingRequest

# A node whose coordinates are unknown sorts after every located one.
_FAR = 1e9


def _distance(node: NodeInfo, request: SourcingRequest) -> float:
    to = request.ship_to
    if to is None or node.lat is None or node.lon is None:
        # Without coordinates prefer nodes in the destination country, then by priority.
        same = request.ship_to_country is not None and node.country == request.ship_to_country
        return (_FAR if not same else _FAR / 2) + node.priority
    return haversine_km(to.lat, to.lon, node.lat, node.lon)


def _km(node: NodeInfo, request: SourcingRequest) -> float | None:
    d = _distance(node, request)
    return None if d >= _FAR / 2 else round(d, 1)


def _ranked_plan(frame: Frame, ranked: list[Leg], name: str, rule_whole: str, rule_split: str,
                 why_not: str, detail) -> SourcingPlan:
    r = frame.request
    stock = r.stock
    cap = frame.capacity_left([leg.code for leg in ranked])
    n_lines = len(r.lines)
    whole = [
        leg for leg in ranked
        if cap[leg.code] >= n_lines
        and all(stock.get(ln.sku, {}).get(leg.code, 0) >= ln.quantity for ln in r.lines)
    ]
    if whole:
        node = whole[0]
        allocations = [(ln.line_no, node.code, ln.quantity) for ln in r.lines]
        rejected = [alternative(frame, [(ln.line_no, leg.code, ln.quantity) for ln in r.lines],
                                why_not, **detail(leg)) for leg in whole[1:3]]
        explanation = {"rule": rule_whole, "chosen": [node.code], **detail(node),
                       "runner_up": whole[1].code if len(whole) > 1 else None}
        return finish(frame, name, allocations, {}, explanation, rejected)
    if r.ship_complete or r.max_packages == 1:
        return finish(frame, name, [], {ln.line_no: ln.quantity for ln in r.lines},
                      {"rule": "ship complete: no single node has the whole order"}, [])
    allocations: list[tuple[int, str, int]] = []
    backordered: dict[int, int] = {}
    used: dict[str, int] = {}
    limit = r.max_packages or len(ranked) + 1
    for line in r.lines:
        left = line.quantity
        for leg in ranked:
            if used.get(leg.code, 0) >= cap[leg.code]:
                continue
            if leg.code not in used and len(used) >= limit:
                continue
            take = min(stock.get(line.sku, {}).get(leg.code, 0), left)
            if take > 0:
                allocations.append((line.line_no, leg.code, take))
                used[leg.code] = used.get(leg.code, 0) + 1
                left -= take
            if left == 0:
                break
        if left:
            backordered[line.line_no] = left
    explanation = {"rule": rule_split, "chosen": sorted({n for _, n, _ in allocations})}
    return finish(frame, name, allocations, backordered, explanation, [])


def nearest(request: SourcingRequest) -> SourcingPlan:
    """The nearest node that can ship the whole order; otherwise split by distance,
    nearest first; whatever no node has is back-ordered."""
    frame = Frame(request)
    legs = frame.shipping_nodes()
    ranked = sorted(legs.values(), key=lambda g: (_distance(g.node, request), g.code))
    return _ranked_plan(
        frame, ranked, "nearest", "nearest node that can ship the whole order",
        "no single node has the whole order: split by distance, nearest first",
        "farther", lambda leg: {"distance_km": _km(leg.node, request)})


def priority(request: SourcingRequest) -> SourcingPlan:
    """The first node in the fixed priority order (lower number first) that can ship the
    whole order; otherwise split in that order (the classic 'first warehouse' rule)."""
    frame = Frame(request)
    legs = frame.shipping_nodes()
    ranked = sorted(legs.values(), key=lambda g: (g.node.priority, g.code))
    return _ranked_plan(
        frame, ranked, "priority", "first node in priority order that can ship the whole order",
        "no single node has the whole order: split in priority order",
        "lower_priority", lambda leg: {"priority": leg.node.priority})

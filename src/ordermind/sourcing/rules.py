"""Rule strategies: a fixed node ranking (nearest first, or priority order).

A ranking depends on the network, the nodes allowed to ship and (for `nearest`) the
destination, never on the order's lines, so it is computed once and cached: `nearest`
with the legs to the destination (`Legs.shared`, dropped with them), `priority` once per
network (`SourcingContext.cache`, cleared when the network changes). Per order only the
nodes holding a line's stock are looked at, in ranking order."""

from __future__ import annotations

from collections.abc import Sequence

from .explain import finish, whole_alternative
from .frame import Frame
from .geo import haversine_km
from .legs import evaluate_whole, whole_load
from .types import NodeInfo, SourcingPlan, SourcingRequest

# A node whose coordinates are unknown sorts after every located one.
_FAR = 1e9
# Distinct (excluded nodes, stores allowed) rankings kept per network before starting over.
_CACHE_LIMIT = 20_000


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


class Ranking:
    """Shipping nodes in rule order: `codes`, each code's place (`place`), its daily
    capacity (`capacity`) and the detail its explanation shows (`detail`: key, value)."""

    __slots__ = ("codes", "place", "capacity", "detail_key", "detail")

    def __init__(
        self,
        ranked: Sequence[tuple[object, str, NodeInfo]],
        detail_key: str,
        detail: dict[str, object],
    ):
        self.codes = [code for _, code, _ in ranked]
        self.place = {code: i for i, code in enumerate(self.codes)}
        self.capacity = {code: node.daily_capacity for _, code, node in ranked}
        self.detail_key = detail_key
        self.detail = detail

    def in_order(self, codes) -> list[str]:
        """`codes` that are ranked, in ranking order."""
        place = self.place
        out = [c for c in codes if c in place]
        if len(out) > 1:
            out.sort(key=place.__getitem__)
        return out


def _nearest_ranking(frame: Frame) -> Ranking:
    r = frame.request
    # Distances depend on the destination's coordinates (the legs' cache key) and, for
    # nodes or destinations without coordinates, on its country.
    key = ("rank:nearest", r.excluded_nodes, r.allow_ship_from_store, r.ship_to_country)
    shared = frame.legs.shared
    got = shared.get(key)
    if got is None:
        ship = frame.shipping_nodes()
        ranked = sorted((_distance(leg.node, r), c, leg.node) for c, leg in ship.items())
        got = shared[key] = Ranking(
            ranked, "distance_km", {c: _km(node, r) for _, c, node in ranked}
        )
    return got


def _priority_ranking(frame: Frame) -> Ranking:
    r = frame.request
    cache = frame.ctx.cache.get("rank:priority")
    if cache is None:  # (`legs_for` clears the context's cache when the network changes)
        cache = frame.ctx.cache["rank:priority"] = {}
    key = (r.excluded_nodes, r.allow_ship_from_store)
    got = cache.get(key)
    if got is None:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        ship = frame.shipping_nodes()
        ranked = sorted((leg.node.priority, c, leg.node) for c, leg in ship.items())
        got = cache[key] = Ranking(ranked, "priority", {c: node.priority for _, c, node in ranked})
    return got


def _ranked_plan(
    frame: Frame, ranking: Ranking, name: str, rule_whole: str, rule_split: str, why_not: str
) -> SourcingPlan:
    r = frame.request
    stock = r.stock
    lines = r.lines
    used_today = r.capacity_used
    capacity = ranking.capacity
    n_lines = len(lines)
    # Nodes holding every line in full, in ranking order, with room for every line: only
    # the first three are ever shown.
    holders: set[str] | None = None
    for ln in lines:
        q = ln.quantity
        if q <= 0:  # every node "holds" nothing
            continue
        these = {c for c, units in stock.get(ln.sku, {}).items() if units >= q}
        holders = these if holders is None else holders & these
        if not holders:
            break
    if holders is None:
        holders = set(ranking.codes)
    whole: list[str] = []
    if holders:
        for c in ranking.in_order(holders):
            if max(0, capacity[c] - used_today.get(c, 0)) >= n_lines:
                whole.append(c)
                if len(whole) == 3:
                    break
    key, detail = ranking.detail_key, ranking.detail
    if whole:
        node = whole[0]
        allocations: list[tuple[int, str, int]] = [(ln.line_no, node, ln.quantity) for ln in lines]
        load = whole_load(r, frame.ctx)  # the same for every candidate node
        rejected = [
            whole_alternative(frame, c, load, why_not, **{key: detail[c]}) for c in whole[1:3]
        ]
        explanation = {
            "rule": rule_whole,
            "chosen": [node],
            key: detail[node],
            "runner_up": whole[1] if len(whole) > 1 else None,
        }
        return finish(
            frame,
            name,
            allocations,
            {},
            explanation,
            rejected,
            evaluated=evaluate_whole(node, load, r, frame.legs, frame.ctx),
        )
    if r.ship_complete or r.max_packages == 1:
        return finish(
            frame,
            name,
            [],
            {ln.line_no: ln.quantity for ln in lines},
            {"rule": "ship complete: no single node has the whole order"},
            [],
        )
    allocations = []
    backordered: dict[int, int] = {}
    used: dict[str, int] = {}
    limit = r.max_packages or len(ranking.codes) + 1
    for line in lines:
        left = line.quantity
        if left <= 0:
            if left:
                backordered[line.line_no] = left
            continue
        have = stock.get(line.sku, {})
        # A node without this SKU takes nothing: only holders, in ranking order, matter.
        for c in ranking.in_order(c for c, units in have.items() if units > 0):
            n = used.get(c, 0)
            if n >= max(0, capacity[c] - used_today.get(c, 0)):
                continue
            if c not in used and len(used) >= limit:
                continue
            take = min(have[c], left)
            allocations.append((line.line_no, c, take))
            used[c] = n + 1
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
    return _ranked_plan(
        frame,
        _nearest_ranking(frame),
        "nearest",
        "nearest node that can ship the whole order",
        "no single node has the whole order: split by distance, nearest first",
        "farther",
    )


def priority(request: SourcingRequest) -> SourcingPlan:
    """The first node in the fixed priority order (lower number first) that can ship the
    whole order; otherwise split in that order (the classic 'first warehouse' rule)."""
    frame = Frame(request)
    return _ranked_plan(
        frame,
        _priority_ranking(frame),
        "priority",
        "first node in priority order that can ship the whole order",
        "no single node has the whole order: split in priority order",
        "lower_priority",
    )

"""The `default`/`nearest` strategy must keep the issue-2 baseline's allocations: the
nearest node holding the whole order, else a split by distance, nearest first."""

import random

from ordermind.sourcing import LineRequest, Location, NodeInfo, SourcingRequest, plan
from ordermind.sourcing.geo import haversine_km


def _baseline(request):
    """The baseline rule, restated independently of the implementation."""

    def dist(n):
        if request.ship_to is None or n.lat is None:
            same = n.country == request.ship_to_country
            return (1e9 if not same else 5e8) + n.priority
        return haversine_km(request.ship_to.lat, request.ship_to.lon, n.lat, n.lon)

    nodes = sorted(
        (
            n
            for n in request.nodes.values()
            if n.active and n.can_ship and n.code not in request.excluded_nodes
        ),
        key=lambda n: (dist(n), n.code),
    )
    have = request.stock
    for n in nodes:
        if all(have.get(ln.sku, {}).get(n.code, 0) >= ln.quantity for ln in request.lines):
            return [(ln.line_no, n.code, ln.quantity) for ln in request.lines], {}
    if request.ship_complete:
        return [], {ln.line_no: ln.quantity for ln in request.lines}
    allocs, back = [], {}
    for ln in request.lines:
        left = ln.quantity
        for n in nodes:
            take = min(have.get(ln.sku, {}).get(n.code, 0), left)
            if take:
                allocs.append((ln.line_no, n.code, take))
                left -= take
            if not left:
                break
        if left:
            back[ln.line_no] = left
    return allocs, back


def test_default_strategy_allocates_exactly_like_the_baseline_rule():
    rng = random.Random(2)
    for _ in range(300):
        nodes = {}
        for i in range(rng.randint(1, 8)):
            located = rng.random() < 0.85
            nodes[f"N{i}"] = NodeInfo(
                f"N{i}",
                rng.choice(["warehouse", "store"]),
                rng.choice(["GB", "FR"]),
                rng.uniform(43, 56) if located else None,
                rng.uniform(-4, 6) if located else None,
                priority=rng.randint(1, 9),
                active=rng.random() < 0.9,
                can_ship=rng.random() < 0.9,
            )
        lines = [LineRequest(j + 1, f"S{j}", rng.randint(1, 4)) for j in range(rng.randint(1, 4))]
        stock = {
            ln.sku: {c: rng.randint(1, 5) for c in nodes if rng.random() < 0.5} for ln in lines
        }
        to = Location(rng.uniform(43, 56), rng.uniform(-4, 6), "GB") if rng.random() < 0.8 else None
        req = SourcingRequest(
            lines,
            to,
            stock,
            nodes,
            ship_to_country=rng.choice(["GB", None]),
            ship_complete=rng.random() < 0.2,
            excluded_nodes=frozenset(rng.sample(sorted(nodes), 1))
            if rng.random() < 0.2
            else frozenset(),
        )
        got = plan(req, "default")
        allocs, back = _baseline(req)
        assert got.allocations == allocs and got.backordered == back

import random
from datetime import datetime
from itertools import product

from ordermind.sourcing import LineRequest, Location, NodeInfo, SourcingRequest, plan
from ordermind.sourcing.batch import BatchOrder
from ordermind.sourcing.cost import CostParams, SourcingContext
from ordermind.sourcing.frame import Frame
from ordermind.sourcing.legs import evaluate
from ordermind.sourcing.mip import optimum


def _instance(rng: random.Random, n_nodes: int = 7, carbon: float = 0.0):
    nodes = {}
    for i in range(n_nodes):
        kind = rng.choice(["warehouse", "store", "store", "supplier"])
        nodes[f"N{i}"] = NodeInfo(
            f"N{i}",
            kind,
            "GB",
            rng.uniform(50.5, 55.5),
            rng.uniform(-4, 1.5),
            handling_cost=rng.randint(20, 300),
            daily_capacity=rng.choice([2, 1000]),
        )
    lines, stock = [], {}
    for j in range(rng.randint(1, 5)):
        sku = f"S{j}"
        qty = rng.randint(1, 3)
        lines.append(LineRequest(j + 1, sku, qty, rng.choice([0, 200, 3000, 12_000, 40_000])))
        holders = rng.sample(sorted(nodes), rng.randint(1, n_nodes))
        stock[sku] = {h: rng.randint(qty, qty + 3) for h in holders}
    ctx = SourcingContext(params=CostParams(carbon_price_per_kg=carbon))
    to = Location(rng.uniform(50.5, 55.5), rng.uniform(-4, 1.5), "GB")
    return SourcingRequest(
        lines, to, stock, nodes, order_time=datetime(2026, 11, 23, 10), context=ctx
    )


def _brute(request):
    """Cheapest whole-line plan by full enumeration, capacity respected."""
    frame = Frame(request)
    best = None
    choices = [sorted(request.stock[ln.sku]) for ln in request.lines]
    for pick in product(*choices):
        per_node = {}
        for n in pick:
            per_node[n] = per_node.get(n, 0) + 1
        if any(c > request.nodes[n].daily_capacity for n, c in per_node.items()):
            continue
        allocs = [(ln.line_no, n, ln.quantity) for ln, n in zip(request.lines, pick, strict=True)]
        total = evaluate(allocs, request, frame.legs, frame.ctx)[0].total
        best = total if best is None else min(best, total)
    return best


def test_cost_strategy_matches_exhaustive_enumeration_on_random_orders():
    rng = random.Random(11)
    for _ in range(150):
        r = _instance(rng, carbon=rng.choice([0.0, 0.0, 50.0]))
        p = plan(r, "cost")
        brute = _brute(r)
        if brute is None:
            continue
        assert p.cost is not None
        assert abs(p.cost - brute) <= 1, (r.lines, r.stock, p.allocations)


def test_reported_cost_is_the_cost_of_the_reported_allocation():
    rng = random.Random(5)
    for _ in range(40):
        r = _instance(rng)
        p = plan(r, "cost")
        frame = Frame(r)
        assert p.cost == round(evaluate(p.allocations, r, frame.legs, frame.ctx)[0].total)


def test_cost_strategy_is_never_below_the_exact_optimum_and_close_to_it():
    rng = random.Random(3)
    for _ in range(12):
        r = _instance(rng, n_nodes=5)
        p = plan(r, "cost")
        o = BatchOrder("o", r.lines, r.ship_to, order_time=r.order_time)
        best = optimum([o], r.stock, r.nodes, context=r.context, time_limit_s=10)
        assert best is not None and best.status == "optimal"
        shortfall = sum(p.backordered.values()) * r.context.params.backorder_penalty_per_unit
        assert (p.cost or 0) + shortfall >= best.objective - 1
        assert (p.cost or 0) + shortfall <= best.objective * 1.01  # the target

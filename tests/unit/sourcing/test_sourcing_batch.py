from datetime import datetime

from ordermind.sourcing import LineRequest, Location, NodeInfo
from ordermind.sourcing.batch import BatchOrder, outage, reoptimise
from ordermind.sourcing.cost import SourcingContext
from ordermind.sourcing.mip import optimum
from ordermind.sourcing.synthetic import scenario

T = datetime(2026, 11, 23, 9, 0)
LONDON, YORK = Location(51.51, -0.13, "GB"), Location(53.96, -1.08, "GB")
NODES = {
    "LON": NodeInfo("LON", "warehouse", "GB", 51.50, -0.12, handling_cost=100),
    "EDI": NodeInfo("EDI", "warehouse", "GB", 55.95, -3.19, handling_cost=120),
}


def _order(oid, to, sku="A", qty=1):
    return BatchOrder(oid, [LineRequest(1, sku, qty, 500)], to, "GB", order_time=T)


def test_batch_gives_scarce_stock_to_the_order_that_needs_it_most():
    # York is about as far from both nodes; London is next door to LON only.
    orders = [_order("a-york", YORK), _order("b-london", LONDON)]
    stock = {"A": {"LON": 1, "EDI": 1}}
    ctx = SourcingContext()
    res = reoptimise(orders, stock, NODES, context=ctx)
    assert res.plans["b-london"].nodes == ["LON"] and res.plans["a-york"].nodes == ["EDI"]
    assert res.objective < res.fast_path_objective  # first come, first served does worse
    best = optimum(orders, stock, NODES, context=ctx)
    assert abs(res.objective - best.objective) <= 1
    moved = res.plans["a-york"].explanation["rejected"][0]
    assert moved["reason"] == "stock_or_capacity" and moved["nodes"] == ["LON"]


def test_batch_respects_node_capacity():
    nodes = {
        **NODES,
        "LON": NodeInfo(
            "LON", "warehouse", "GB", 51.50, -0.12, handling_cost=100, daily_capacity=3
        ),
    }
    orders = [_order(f"o{i}", LONDON) for i in range(6)]
    stock = {"A": {"LON": 10, "EDI": 10}}
    res = reoptimise(orders, stock, nodes, capacity_used={"LON": 1})
    at_lon = sum(1 for p in res.plans.values() for _, n, _ in p.allocations if n == "LON")
    assert at_lon == 2  # 3 a day, 1 already used
    assert res.backordered_units == 0


def test_batch_never_allocates_more_than_the_stock():
    orders = [_order(f"o{i}", LONDON, qty=2) for i in range(5)]
    stock = {"A": {"LON": 3, "EDI": 2}}
    res = reoptimise(orders, stock, NODES)
    used = {}
    for p in res.plans.values():
        for _, n, q in p.allocations:
            used[n] = used.get(n, 0) + q
    assert used.get("LON", 0) <= 3 and used.get("EDI", 0) <= 2
    assert res.backordered_units == 10 - sum(used.values())


def test_node_outage_re_sources_its_orders_elsewhere():
    sc = scenario(n_nodes=12, n_skus=200, n_orders=150, seed=3, n_warehouses=3, n_suppliers=1)
    ctx = SourcingContext()
    before = reoptimise(sc.orders, sc.stock, sc.nodes, context=ctx, use_solver=False)
    busiest = max(
        sc.nodes,
        key=lambda c: sum(1 for p in before.plans.values() for _, n, _ in p.allocations if n == c),
    )
    hit = [o for o in sc.orders if busiest in before.plans[o.order_id].nodes]
    assert hit
    after = outage(hit, sc.stock, sc.nodes, busiest, context=ctx, time_limit_s=5)
    assert all(busiest not in p.nodes for p in after.plans.values())
    assert set(after.plans) == {o.order_id for o in hit}
    assert after.objective <= after.fast_path_objective
    assert after.status in ("optimal", "feasible", "fast_path")


def test_batch_optimiser_matches_the_exact_optimum_on_a_small_contended_wave():
    sc = scenario(
        n_nodes=6,
        n_skus=30,
        n_orders=25,
        seed=9,
        n_warehouses=2,
        n_suppliers=0,
        store_capacity=4,
        warehouse_capacity=12,
        requested_share=0.0,
        stock_scale=0.4,
    )
    ctx = SourcingContext()
    res = reoptimise(sc.orders, sc.stock, sc.nodes, context=ctx, time_limit_s=5)
    best = optimum(sc.orders, sc.stock, sc.nodes, context=ctx, time_limit_s=20)
    assert best is not None
    assert res.objective >= best.objective - 1
    assert res.objective <= res.fast_path_objective
    assert res.objective <= best.objective * 1.05


def test_an_empty_wave_is_a_no_op():
    res = reoptimise([], {}, NODES)
    assert res.plans == {} and res.objective == 0

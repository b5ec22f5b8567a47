from datetime import date, datetime

import pytest

from ordermind.sourcing import LineRequest, Location, NodeInfo, SourcingRequest, plan
from ordermind.sourcing.cost import CostParams, SourcingContext
from ordermind.sourcing.promise import NodeProfile

MONDAY_9AM = datetime(2026, 11, 23, 9, 0)
CAMBRIDGE = Location(52.20, 0.13, "GB")
NODES = {
    "DCN": NodeInfo("DCN", "warehouse", "GB", 53.48, -2.24, handling_cost=150, priority=1),
    "DCS": NodeInfo("DCS", "warehouse", "GB", 51.51, -0.13, handling_cost=150, priority=2),
    "STC": NodeInfo(
        "STC", "store", "GB", 52.205, 0.12, handling_cost=60, can_pickup=True, priority=10
    ),
}


def req(stock, lines=None, **kw):
    lines = lines or [LineRequest(1, "A", 1, 800), LineRequest(2, "B", 1, 400)]
    kw.setdefault("order_time", MONDAY_9AM)
    kw.setdefault("context", SourcingContext())
    return SourcingRequest(lines, kw.pop("ship_to", CAMBRIDGE), stock, kw.pop("nodes", NODES), **kw)


def everywhere(qty=5):
    return {"A": dict.fromkeys(NODES, qty), "B": dict.fromkeys(NODES, qty)}


def test_nearest_takes_the_nearest_node_holding_the_whole_order():
    p = plan(req(everywhere()), "nearest")
    assert p.nodes == ["STC"]
    assert p.explanation["runner_up"] == "DCS"
    assert p.explanation["distance_km"] < 5


def test_default_strategy_is_the_nearest_baseline():
    a, b = plan(req(everywhere()), "default"), plan(req(everywhere()), "nearest")
    assert a.allocations == b.allocations and a.strategy == "nearest"


def test_nearest_splits_by_distance_when_no_node_has_everything():
    stock = {"A": {"STC": 1, "DCN": 3}, "B": {"DCS": 2}}
    p = plan(req(stock), "nearest")
    assert sorted(p.allocations) == [(1, "STC", 1), (2, "DCS", 1)]
    assert p.backordered == {}


def test_nearest_splits_one_line_over_nodes_and_backorders_the_rest():
    stock = {"A": {"STC": 1, "DCS": 1}, "B": {"DCS": 1}}
    lines = [LineRequest(1, "A", 3, 800), LineRequest(2, "B", 1, 400)]
    p = plan(req(stock, lines), "nearest")
    assert sorted(p.allocations) == [(1, "DCS", 1), (1, "STC", 1), (2, "DCS", 1)]
    assert p.backordered == {1: 1}


@pytest.mark.parametrize("strategy", ["nearest", "priority", "cost"])
def test_ship_complete_backorders_everything_when_no_single_node_can_ship_it(strategy):
    stock = {"A": {"STC": 1}, "B": {"DCS": 1}}
    p = plan(req(stock, ship_complete=True), strategy)
    assert p.allocations == []
    assert p.backordered == {1: 1, 2: 1}


def test_priority_takes_the_first_node_in_priority_order_even_if_far():
    p = plan(req(everywhere()), "priority")
    assert p.nodes == ["DCN"]
    assert p.explanation["rejected"][0]["reason"] == "lower_priority"


def test_priority_splits_in_priority_order():
    stock = {"A": {"DCS": 1, "DCN": 1}, "B": {"STC": 1, "DCS": 0}}
    p = plan(req(stock), "priority")
    assert sorted(p.allocations) == [(1, "DCN", 1), (2, "STC", 1)]


def _brute_force_min(request):
    from itertools import product

    from ordermind.sourcing.frame import Frame
    from ordermind.sourcing.legs import evaluate

    frame = Frame(request)
    choices = [
        [n for n, q in request.stock[ln.sku].items() if q >= ln.quantity] for ln in request.lines
    ]
    return min(
        evaluate(
            [(ln.line_no, n, ln.quantity) for ln, n in zip(request.lines, pick, strict=True)],
            request,
            frame.legs,
            frame.ctx,
        )[0].total
        for pick in product(*choices)
    )


def test_cost_strategy_finds_the_cheapest_whole_line_plan():
    r = req(everywhere())
    p = plan(r, "cost")
    assert p.cost == round(_brute_force_min(r))
    assert p.cost <= plan(r, "nearest").cost and p.cost <= plan(r, "priority").cost


def test_cost_strategy_prefers_one_package_to_two_when_it_is_cheaper():
    stock = {"A": {"STC": 1, "DCS": 1}, "B": {"DCS": 1}}
    p = plan(req(stock), "cost")
    assert p.nodes == ["DCS"]  # STC + DCS would pay a second package and the split penalty


def test_cost_strategy_keeps_the_promise_and_says_which_cheaper_node_was_too_slow():
    ctx = SourcingContext(profiles={"DCS": NodeProfile(processing_days=4)})
    stock = {"A": {"DCS": 3, "DCN": 3}, "B": {"DCS": 3, "DCN": 3}}
    r = req(
        stock,
        context=ctx,
        requested_date=date(2026, 11, 26),
        nodes={**NODES, "DCS": NodeInfo("DCS", "warehouse", "GB", 51.51, -0.13)},
    )
    p = plan(r, "cost")
    assert p.nodes == ["DCN"] and "promise_at_risk" not in p.flags
    slow = p.explanation["rejected"][0]
    assert slow["reason"] == "too_slow_for_promise" and slow["nodes"] == ["DCS"]
    assert slow["cost"] < p.cost and slow["promised_date"] > "2026-11-26"


def test_when_no_node_can_keep_the_promise_the_plan_is_flagged_not_dropped():
    r = req(everywhere(), requested_date=date(2026, 11, 23))
    p = plan(r, "cost")
    assert p.allocations and "promise_at_risk" in p.flags


def test_a_node_at_capacity_is_skipped_and_named_in_the_explanation():
    full = {"STC": NODES["STC"].daily_capacity}
    p = plan(req(everywhere(), capacity_used=full), "cost")
    assert "STC" not in p.nodes
    free = plan(req(everywhere()), "cost")
    if free.nodes == ["STC"]:  # it was the cheapest: the explanation must say why not now
        assert any(a["reason"] == "capacity" for a in p.explanation["rejected"])


def test_busy_nodes_pay_overtime():
    ctx = SourcingContext()
    busy = {"DCN": int(0.9 * NODES["DCN"].daily_capacity)}
    p = plan(req(everywhere(), capacity_used=busy, context=ctx), "priority")
    assert p.explanation["cost"]["overtime"] == 2 * ctx.params.overtime_per_line


def test_max_packages_limits_the_number_of_nodes():
    stock = {"A": {"STC": 1}, "B": {"DCS": 1}, "C": {"DCN": 1}}
    lines = [LineRequest(1, "A", 1), LineRequest(2, "B", 1), LineRequest(3, "C", 1)]
    assert len(plan(req(stock, lines), "cost").nodes) == 3
    p = plan(req(stock, lines, max_packages=2), "cost")
    assert len(p.nodes) <= 2
    q = plan(req(stock, lines, max_packages=2), "nearest")
    assert len(q.nodes) == 2 and sum(q.backordered.values()) == 1


@pytest.mark.parametrize("strategy", ["nearest", "priority", "cost"])
def test_excluded_nodes_are_never_used(strategy):
    p = plan(req(everywhere(), excluded_nodes=frozenset({"STC", "DCN"})), strategy)
    assert p.nodes == ["DCS"]


@pytest.mark.parametrize("strategy", ["nearest", "priority", "cost"])
def test_channels_without_ship_from_store_never_ship_from_a_store(strategy):
    p = plan(req(everywhere(), allow_ship_from_store=False), strategy)
    assert "STC" not in p.nodes


def test_pick_up_in_store_uses_store_stock_and_transfers_the_rest():
    stock = {"A": {"STC": 2, "DCS": 5}, "B": {"DCS": 5}}
    p = plan(req(stock, fulfilment="pickup", pickup_node="STC"), "cost")
    assert (1, "STC", 1) in p.allocations and (2, "DCS", 1) in p.allocations
    assert "ship_to_store" in p.flags and p.explanation["pickup_node"] == "STC"


def test_pick_up_at_a_node_that_is_no_pickup_point_is_refused():
    with pytest.raises(ValueError, match="pick-up"):
        plan(req(everywhere(), fulfilment="pickup", pickup_node="DCS"), "cost")


def test_orders_costing_more_than_their_margin_are_flagged():
    assert "unprofitable" in plan(req(everywhere(), margin=100), "cost").flags
    assert "unprofitable" not in plan(req(everywhere(), margin=100_000), "cost").flags


def test_explanation_breaks_the_cost_down_and_names_two_rejected_alternatives():
    p = plan(req(everywhere()), "cost")
    e = p.explanation
    parts = ("shipping", "handling", "package_penalty", "labour", "overtime", "carbon")
    assert abs(sum(e["cost"][k] for k in parts) - e["cost"]["total"]) <= len(parts)
    assert e["cost"]["total"] == p.cost
    assert len(e["rejected"]) == 2
    for alt in e["rejected"]:
        assert alt["reason"] == "costlier"
        assert alt["costlier_by"] == alt["cost"] - p.cost > 0
        assert alt["nodes"] and alt["promised_date"]
    assert e["promised_date"] == p.promised_date.isoformat()


def test_carbon_is_priced_when_the_channel_asks_for_it():
    ctx = SourcingContext(params=CostParams(carbon_price_per_kg=1000.0))
    p = plan(req(everywhere(), context=ctx), "priority")  # far node: visible emissions
    c = p.explanation["cost"]
    assert c["carbon_kg"] > 0 and abs(c["carbon"] - c["carbon_kg"] * 1000) <= 1


@pytest.mark.parametrize("strategy", ["nearest", "priority", "cost"])
def test_an_unlocatable_destination_gives_a_flagged_plan_not_a_crash(strategy):
    p = plan(req(everywhere(), ship_to=None, ship_to_country="XX"), strategy)
    assert p.allocations and "location_unknown" in p.flags


def test_a_destination_known_only_by_country_is_flagged_low_precision():
    p = plan(req(everywhere(), ship_to=None, ship_to_country="GB"), "cost")
    assert "location_precision:country" in p.flags


def test_unknown_strategy_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown sourcing strategy"):
        plan(req(everywhere()), "cheapest-please")


def test_nothing_in_stock_backorders_every_line():
    p = plan(req({}), "cost")
    assert p.allocations == [] and p.backordered == {1: 1, 2: 1} and p.cost is None


@pytest.mark.parametrize("strategy", ["default", "nearest", "priority", "cost"])
def test_every_explanation_is_plain_json(strategy):
    import json

    stock = {"A": {"STC": 2, "DCS": 5}, "B": {"DCS": 5}}
    for r in (
        req(everywhere(), requested_date=date(2026, 11, 24), margin=10),
        req(stock, fulfilment="pickup", pickup_node="STC"),
        req({"A": {"STC": 1}, "B": {}}),
    ):
        p = plan(r, strategy)
        assert json.loads(json.dumps(p.explanation))["flags"] == p.flags


def test_pick_up_from_store_stock_alone_is_ready_the_same_day_at_store_cost():
    ctx = SourcingContext()
    p = plan(req(everywhere(), fulfilment="pickup", pickup_node="STC", context=ctx), "nearest")
    assert p.nodes == ["STC"] and p.promised_date == MONDAY_9AM.date()
    assert p.cost == NODES["STC"].handling_cost + 2 * ctx.params.store_labour_per_unit

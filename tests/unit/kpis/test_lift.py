"""Treatment vs control on constructed orders: the report's deltas are the groups'
differences, and the 95 % confidence intervals contain the true difference about 95 % of
the time (measured over many constructed experiments, not asserted for one)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from ordermind.kpis.facts import OrderFact
from ordermind.kpis.lift import compare, mean_diff, proportion_diff, ratio_diff
from ordermind.kpis.measures import compute, facts_frame

AS_OF = datetime(2026, 12, 1, tzinfo=UTC)
PLACED = datetime(2026, 11, 1, 9, tzinfo=UTC)


def _order(
    i: int, on_time: bool, cost: float, shipped: int = 2, ordered: int = 2, backordered: int = 0
) -> OrderFact:
    promised = date(2026, 11, 5)
    delivered = datetime(2026, 11, 4 if on_time else 8, 12, tzinfo=UTC)
    return OrderFact(
        order_id=i,
        channel="web",
        created_at=PLACED,
        status="delivered",
        promised=promised,
        ordered=ordered,
        backordered=backordered,
        shipped=shipped,
        delivered=shipped,
        first_shipped_at=PLACED + timedelta(days=1),
        delivered_at=delivered,
        ship_nodes=1,
        shipping_cost=cost * 0.8,
        handling_cost=cost * 0.2,
    )


def _group(rng: random.Random, n: int, p_on_time: float, mean_cost: float, start: int):
    return [
        _order(start + i, rng.random() < p_on_time, max(0.0, rng.gauss(mean_cost, 150)))
        for i in range(n)
    ]


def test_the_report_s_points_are_the_kpi_definitions_of_each_group():
    rng = random.Random(7)
    t, c = _group(rng, 300, 0.95, 800, 0), _group(rng, 300, 0.85, 1000, 1000)
    out = compare(t, c, AS_OF)
    for name, facts in (("treatment", t), ("control", c)):
        kpis = compute(facts_frame(facts), AS_OF)
        assert out["groups"][name]["otif"] == kpis["otif"]
        assert out["groups"][name]["fill_rate"] == kpis["fill_rate"]
        assert out["groups"][name]["cost_per_order"] == kpis["cost_per_order"]
    d = out["delta"]["otif"]
    assert d["value"] == pytest.approx(
        out["groups"]["treatment"]["otif"] - out["groups"]["control"]["otif"], abs=1e-4
    )


def test_the_ci_contains_the_true_difference_on_a_constructed_set_of_orders():
    rng = random.Random(2026)
    t, c = _group(rng, 2000, 0.97, 850, 0), _group(rng, 2000, 0.88, 1000, 10_000)
    out = compare(t, c, AS_OF)
    otif, cost = out["delta"]["otif"], out["delta"]["cost_per_order"]
    assert otif["low"] <= 0.97 - 0.88 <= otif["high"]
    assert cost["low"] <= 850 - 1000 <= cost["high"]
    assert otif["high"] - otif["low"] < 0.05 and cost["high"] - cost["low"] < 30
    money = out["money"]
    assert money["orders"] == 2000
    assert money["low"] <= (850 - 1000) * 2000 <= money["high"]


@pytest.mark.parametrize(
    ("p_t", "p_c", "mean_t", "mean_c"), [(0.9, 0.8, 900, 1000), (0.99, 0.97, 500, 500)]
)
def test_the_intervals_cover_the_true_difference_about_95_percent_of_the_time(
    p_t, p_c, mean_t, mean_c
):
    # The report's intervals are these functions' (`compare` feeds them per-order values).
    rng = random.Random(11)
    runs, n, hits_otif, hits_cost = 1000, 150, 0, 0
    for _ in range(runs):
        ht = sum(rng.random() < p_t for _ in range(n))
        hc = sum(rng.random() < p_c for _ in range(n))
        o = proportion_diff(ht, n, hc, n)
        hits_otif += o["low"] <= p_t - p_c <= o["high"]
        k = mean_diff(
            [rng.gauss(mean_t, 150) for _ in range(n)], [rng.gauss(mean_c, 300) for _ in range(n)]
        )
        hits_cost += k["low"] <= mean_t - mean_c <= k["high"]
    # 1000 runs: a 95 % interval covers 950 ± 14 (two binomial sigmas)
    assert 0.93 <= hits_otif / runs <= 0.985, hits_otif
    assert 0.93 <= hits_cost / runs <= 0.97, hits_cost


def test_the_fill_rate_interval_covers_the_true_ratio_difference():
    rng = random.Random(5)
    runs, hits = 300, 0
    for _ in range(runs):
        # every ordered unit ships with probability 0.96 (treatment) or 0.9 (control)
        def group(p: float) -> tuple[list[float], list[float]]:
            ordered = [float(rng.randint(1, 6)) for _ in range(200)]
            shipped = [float(sum(rng.random() < p for _ in range(int(q)))) for q in ordered]
            return shipped, ordered

        st, ot = group(0.96)
        sc, oc = group(0.90)
        d = ratio_diff(st, ot, sc, oc)
        hits += d["low"] <= 0.06 <= d["high"]
    assert 0.92 <= hits / runs <= 0.985, hits


def test_rates_at_the_edges_still_get_an_interval_of_non_zero_width():
    d = proportion_diff(50, 50, 50, 50)  # both groups perfect
    assert d["value"] == 0 and d["low"] < 0 < d["high"]


def test_groups_too_small_to_compare_report_no_delta():
    assert mean_diff([100.0], [200.0, 300.0]) == {"value": None, "low": None, "high": None}
    assert proportion_diff(1, 1, 0, 5)["value"] is None
    out = compare([], [], AS_OF)
    assert out["groups"]["treatment"]["orders"] == 0 and out["delta"]["otif"]["value"] is None
    assert out["money"]["difference"] is None

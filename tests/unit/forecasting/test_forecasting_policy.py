import math

import pandas as pd
import pytest

from ordermind.forecasting.policy import StockPosition, inventory_policy
from ordermind.forecasting.replenishment import SupplierTerms, order_quantity, propose


def _fc(uid, daily, days=30, rmse=2.0, model="ADIDA"):
    ds = pd.date_range("2025-01-01", periods=days, freq="D")
    fc = pd.DataFrame(
        {
            "unique_id": uid,
            "ds": ds,
            "yhat": daily,
            "yhat_lo_80": 0.0,
            "yhat_hi_80": daily * 2,
            "model": model,
        }
    )
    sel = pd.DataFrame({"unique_id": [uid], "model": [model], "backtest_rmse": [rmse]})
    return fc, sel


def test_safety_stock_and_reorder_point_follow_the_lead_time_demand_formula():
    fc, sel = _fc("A|N1", 10.0, rmse=2.0)
    pos = StockPosition(
        "A",
        "N1",
        on_hand=50,
        lead_time_days=9,
        lead_time_std_days=2,
        service_level=0.95,
        review_period_days=7,
    )
    (row,) = inventory_policy([pos], fc, sel)
    sd = math.sqrt(9 * 2.0**2 + 10.0**2 * 2**2)
    assert row.safety_stock == pytest.approx(1.6449 * sd, rel=1e-3)
    assert row.reorder_point == pytest.approx(90 + 1.6449 * sd, rel=1e-3)
    assert row.order_up_to == pytest.approx(row.reorder_point + 70)
    assert row.days_of_cover == pytest.approx(5.0)
    assert row.needs_order and row.stockout_risk > 0.9
    assert "ADIDA" in row.explanation


def test_higher_service_level_needs_more_safety_stock_and_full_shelves_carry_little_risk():
    fc, sel = _fc("A|N1", 10.0)
    lo, hi = inventory_policy(
        [
            StockPosition("A", "N1", 500, service_level=0.8),
            StockPosition("A", "N1", 500, service_level=0.99),
        ],
        fc,
        sel,
    )
    assert hi.safety_stock > lo.safety_stock
    assert lo.stockout_risk < 1e-6 and not lo.needs_order


def test_cover_beyond_the_threshold_is_flagged_as_overstock():
    fc, sel = _fc("A|N1", 1.0)
    (row,) = inventory_policy([StockPosition("A", "N1", 200, overstock_days=90)], fc, sel)
    assert row.overstock and row.days_of_cover == pytest.approx(200)


@pytest.mark.parametrize(
    ("need", "moq", "pack", "want"),
    [(0, 10, 6, 0), (3, 10, 6, 12), (13, 10, 6, 18), (12, 1, 12, 12), (12.2, 1, 1, 13)],
)
def test_order_quantities_respect_moq_and_pack_size(need, moq, pack, want):
    assert order_quantity(need, moq, pack) == want


def test_surplus_at_one_node_is_transferred_before_ordering_more():
    fc1, sel1 = _fc("A|N1", 10.0)
    fc2, sel2 = _fc("A|N2", 10.0)
    fc, sel = pd.concat([fc1, fc2]), pd.concat([sel1, sel2])
    rows = inventory_policy(
        [StockPosition("A", "N1", on_hand=0), StockPosition("A", "N2", on_hand=400)], fc, sel
    )
    short = rows[0]
    props = propose(rows, [SupplierTerms("A", "S1", moq=50, pack_size=10)])
    (t,) = props.transfers
    assert (t.from_node, t.to_node) == ("N2", "N1")
    assert t.quantity == math.ceil(short.order_up_to)
    assert props.purchase_orders == []


def test_remaining_need_becomes_a_rounded_purchase_order_per_supplier():
    fc1, sel1 = _fc("A|N1", 10.0)
    fc2, sel2 = _fc("B|N1", 5.0)
    fc, sel = pd.concat([fc1, fc2]), pd.concat([sel1, sel2])
    rows = inventory_policy(
        [StockPosition("A", "N1", on_hand=0), StockPosition("B", "N1", on_hand=0)], fc, sel
    )
    props = propose(rows, [SupplierTerms("A", "S1", moq=500, pack_size=12, unit_cost_minor=250)])
    (po,) = props.purchase_orders
    (line,) = po.lines
    assert line.quantity == 504 and line.quantity >= line.need
    assert po.total_minor == 504 * 250
    assert [(s, n) for s, n, _ in props.unsourced] == [("B", "N1")]

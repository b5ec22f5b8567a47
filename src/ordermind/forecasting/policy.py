"""Inventory policy per SKU x node from the forecast and its measured error.

Demand over the lead time L (random, mean mu_L, sd sigma_L) with daily forecast mean d and
daily error sd s (the backtest RMSE of the model that made the forecast):
    E[D_L] = d * mu_L,   Var[D_L] = mu_L * s^2 + d^2 * sigma_L^2
    safety stock = z(service level) * sqrt(Var[D_L]),  reorder point = E[D_L] + safety stock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import pandas as pd

_N = NormalDist()


@dataclass(frozen=True)
class StockPosition:
    sku: str
    node: str
    on_hand: float
    on_order: float = 0.0  # inbound already promised (approved POs, transfers in flight)
    backordered: float = 0.0  # demand already owed
    lead_time_days: float = 7.0  # supplier lead time, mean
    lead_time_std_days: float = 0.0
    review_period_days: float = 7.0  # how often we place orders
    service_level: float = 0.95  # cycle service level target
    overstock_days: float = 90.0  # cover beyond this is flagged


@dataclass(frozen=True)
class PolicyRow:
    sku: str
    node: str
    daily_demand: float
    demand_sigma_daily: float
    lead_time_demand: float
    safety_stock: float
    reorder_point: float
    order_up_to: float  # reorder point + demand over one review period
    inventory_position: float  # on hand + on order - backordered
    days_of_cover: float  # on hand / daily demand (inf when no demand)
    stockout_risk: float  # P(demand within lead time > inventory position)
    needs_order: bool
    overstock: bool
    model: str
    explanation: str


def _demand_stats(
    fc: pd.DataFrame,
    sel: pd.DataFrame,
    uid: str,
    days: float,
) -> tuple[float, float, str]:
    rows = fc[fc["unique_id"] == uid]
    if rows.empty:
        return 0.0, 0.0, "no forecast"
    n = max(1, min(len(rows), math.ceil(days)))
    daily = float(rows["yhat"].iloc[:n].mean())
    s = sel[sel["unique_id"] == uid]
    sigma = float(s["backtest_rmse"].iloc[0]) if len(s) else float("nan")
    if not math.isfinite(sigma):
        # No backtest: read sigma off the 80% interval (width = 2 * 1.2816 sigma).
        width = float((rows["yhat_hi_80"] - rows["yhat_lo_80"]).iloc[:n].mean())
        sigma = width / (2 * 1.2816)
    return daily, sigma, str(rows["model"].iloc[0])


def inventory_policy(
    positions: list[StockPosition],
    forecasts: pd.DataFrame,
    selection: pd.DataFrame,
    *,
    id_of=lambda sku, node: f"{sku}|{node}",
) -> list[PolicyRow]:
    """One :class:`PolicyRow` per position. ``forecasts``/``selection`` are the frames of a
    daily :class:`~ordermind.forecasting.forecaster.ForecastResult`; ``id_of`` maps (sku, node) to
    its ``unique_id`` (default ``"sku|node"``, the ``sku_node`` level of ``build_history``)."""
    out = []
    for p in positions:
        uid = id_of(p.sku, p.node)
        horizon = p.lead_time_days + p.review_period_days
        d, s, model = _demand_stats(forecasts, selection, uid, horizon)
        z = _N.inv_cdf(min(max(p.service_level, 0.5), 0.9999))
        mu_l = d * p.lead_time_days
        sd_l = math.sqrt(p.lead_time_days * s**2 + d**2 * p.lead_time_std_days**2)
        ss = z * sd_l
        rop = mu_l + ss
        out_to = rop + d * p.review_period_days
        pos = p.on_hand + p.on_order - p.backordered
        cover = p.on_hand / d if d > 0 else math.inf
        risk = 1 - _N.cdf((pos - mu_l) / sd_l) if sd_l > 0 else 1.0 if pos < mu_l else 0.0
        over = cover > p.overstock_days or (d == 0 and p.on_hand > 0)
        out.append(
            PolicyRow(
                sku=p.sku,
                node=p.node,
                daily_demand=d,
                demand_sigma_daily=s,
                lead_time_demand=mu_l,
                safety_stock=ss,
                reorder_point=rop,
                order_up_to=out_to,
                inventory_position=pos,
                days_of_cover=cover,
                stockout_risk=risk,
                needs_order=pos < rop,
                overstock=over,
                model=model,
                explanation=(
                    f"{model}: {d:.2f}/day, error sd {s:.2f}/day; lead time "
                    f"{p.lead_time_days:g}±{p.lead_time_std_days:g} d; z={z:.2f} for "
                    f"{p.service_level:.0%} -> SS {ss:.1f}, ROP {rop:.1f}; position "
                    f"{pos:g}"
                ),
            )
        )
    return out

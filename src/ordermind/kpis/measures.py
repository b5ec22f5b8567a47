"""KPI definitions over order facts (pure: a DataFrame in, plain dicts out).

Every rate says what it counts over (`*_base`), so a reader can tell 0 % from "no data".
- otif: delivered on time AND in full (nothing cancelled or back-ordered, every ordered
  unit delivered) ÷ orders that are due (delivered or cancelled, or their promise date
  has passed: an order on its way before its promise date is not yet a miss).
- on_time_rate: delivered orders with a promise whose delivery met it ÷ those orders.
  `deadline="end_of_day"` (default): delivered on or before the promised date;
  `"start_of_day"`: delivered before 00:00 of the promised date (Olist's convention).
- cycle_time_days p50/p90: placed → last delivery, delivered orders.
- order_to_ship_hours p50/p90: placed → first shipment.
- fill_rate: units shipped ÷ units ordered, over orders that reached a final state.
- split_rate: orders shipped from more than one node ÷ orders with a shipment.
- backlog_rate: orders past their promise with units still unshipped ÷ live orders.
- cancellation_rate: fully cancelled orders ÷ orders.
- return_rate: orders with a (not rejected) return ÷ orders with a shipment.
- cost_per_order: shipping + handling from the cost breakdown recorded at sourcing,
  mean over shipped orders that carry one; `cost_coverage` says how many do.
- carbon_kg_per_order: likewise, from the recorded breakdown's carbon_kg.
- touchless_rate: orders no person acted on ÷ orders (see kpis.facts).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from .facts import FACT_COLUMNS

FINAL = {"shipped", "delivered", "closed", "cancelled"}
DELIVERED = {"delivered", "closed"}
SHIPPED_OR_LATER = {"shipped", "delivered", "closed"}
SETTLED = DELIVERED | {"cancelled"}  # nothing more can happen to these orders' OTIF
GROUPS = ("channel", "node", "segment", "day", "week", "month")


def facts_frame(facts: list) -> pd.DataFrame:
    # Facts are slotted objects (a simulated year keeps a million) or plain dicts.
    cols = {
        c: [f.get(c) if isinstance(f, dict) else getattr(f, c) for f in facts] for c in FACT_COLUMNS
    }
    df = pd.DataFrame(cols, columns=FACT_COLUMNS)
    for col in ("created_at", "first_shipped_at", "delivered_at"):
        df[col] = pd.to_datetime(df[col], utc=True)
    df["promised"] = pd.to_datetime(df["promised"])
    for col in ("shipping_cost", "handling_cost", "carbon_kg"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    df["touched"] = df["touched"].astype(bool)
    return df


def _rate(num: int, den: int) -> float | None:
    return None if den == 0 else round(num / den, 4)


def _q(series: pd.Series, q: float) -> float | None:
    s = series.dropna()
    return None if s.empty else round(float(np.quantile(s.to_numpy(), q)), 3)


def _mean(series: pd.Series) -> float | None:
    s = series.dropna()
    return None if s.empty else round(float(s.mean()), 2)


def on_time_mask(df: pd.DataFrame, deadline: str = "end_of_day") -> pd.Series:
    promise = df["promised"].dt.tz_localize("UTC")
    limit = promise + pd.Timedelta(days=1) if deadline == "end_of_day" else promise
    delivered = df["delivered_at"]
    if deadline == "end_of_day":
        return delivered < limit
    return delivered <= limit


def compute(df: pd.DataFrame, as_of: datetime | None = None, deadline: str = "end_of_day") -> dict:
    """All KPIs for one set of orders."""
    as_of = as_of or datetime.now().astimezone()
    today = pd.Timestamp(as_of).tz_convert("UTC").normalize().tz_localize(None)
    status = df["status"]
    n = len(df)
    delivered = df[status.isin(DELIVERED) & df["delivered_at"].notna()]
    with_promise = delivered[delivered["promised"].notna()]
    on_time = on_time_mask(with_promise, deadline)
    in_full = (df["cancelled"] == 0) & (df["backordered"] == 0) & (df["delivered"] == df["ordered"])
    due = df["promised"].notna() & (status.isin(SETTLED) | (df["promised"] < today))
    otif_hits = int((in_full & due & df.index.isin(with_promise.index[on_time])).sum())
    cycle = (delivered["delivered_at"] - delivered["created_at"]).dt.total_seconds() / 86400
    shipped = df[df["first_shipped_at"].notna()]
    to_ship = (shipped["first_shipped_at"] - shipped["created_at"]).dt.total_seconds() / 3600
    final = df[status.isin(FINAL)]
    live = df[status != "cancelled"]
    backlog = (
        live["promised"].notna()
        & (live["promised"] < today)
        & ~live["status"].isin(SHIPPED_OR_LATER)
    )
    costed = shipped[shipped["shipping_cost"].notna() | shipped["handling_cost"].notna()]
    cost = costed["shipping_cost"].fillna(0) + costed["handling_cost"].fillna(0)
    carbon = shipped["carbon_kg"].dropna()
    return {
        "orders": n,
        "by_status": {str(k): int(v) for k, v in status.value_counts().sort_index().items()},
        "otif": _rate(otif_hits, int(due.sum())),
        "otif_base": int(due.sum()),
        "on_time_rate": _rate(int(on_time.sum()), len(with_promise)),
        "on_time_base": len(with_promise),
        "late_deliveries": int((~on_time).sum()),
        "cycle_time_days_p50": _q(cycle, 0.5),
        "cycle_time_days_p90": _q(cycle, 0.9),
        "order_to_ship_hours_p50": _q(to_ship, 0.5),
        "order_to_ship_hours_p90": _q(to_ship, 0.9),
        "fill_rate": _rate(int(final["shipped"].sum()), int(final["ordered"].sum())),
        "split_rate": _rate(int((shipped["ship_nodes"] > 1).sum()), len(shipped)),
        "backlog_rate": _rate(int(backlog.sum()), len(live)),
        "backlog_orders": int(backlog.sum()),
        "cancellation_rate": _rate(int((status == "cancelled").sum()), n),
        "return_rate": _rate(int((shipped["returns"] > 0).sum()), len(shipped)),
        "cost_per_order": _mean(cost),
        "cost_coverage": _rate(len(costed), len(shipped)),
        "carbon_kg_per_order": _mean(carbon),
        "carbon_coverage": _rate(len(carbon), len(shipped)),
        "touchless_rate": _rate(int((~df["touched"].astype(bool)).sum()), n),
    }


def group_keys(df: pd.DataFrame, group_by: str) -> pd.Series:
    if group_by not in GROUPS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPS)}")
    if group_by in ("channel", "node", "segment"):
        return df[group_by].fillna("(none)").astype(str)
    created = df["created_at"].dt.tz_convert("UTC").dt.tz_localize(None)
    if group_by == "day":
        return created.dt.strftime("%Y-%m-%d")
    if group_by == "week":
        return created.dt.strftime("%G-W%V")
    return created.dt.strftime("%Y-%m")


def report(
    df: pd.DataFrame,
    group_by: str | None = None,
    as_of: datetime | None = None,
    deadline: str = "end_of_day",
) -> dict:
    """{"total": {...}, "groups": {key: {...}}} (groups only when group_by is given)."""
    out: dict = {"total": compute(df, as_of, deadline)}
    if group_by:
        keys = group_keys(df, group_by)
        out["group_by"] = group_by
        out["groups"] = {
            str(k): compute(part, as_of, deadline) for k, part in df.groupby(keys, sort=True)
        }
    return out


def period(
    start: date | datetime | None, end: date | datetime | None
) -> tuple[datetime | None, datetime | None]:
    """Inclusive dates to a half-open UTC datetime range."""

    def at(d: date | datetime | None, plus: int) -> datetime | None:
        if d is None:
            return None
        if isinstance(d, datetime):
            return d
        return datetime(d.year, d.month, d.day) + timedelta(days=plus)

    return at(start, 0), at(end, 1)

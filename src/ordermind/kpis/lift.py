"""Treatment vs control on live orders: each group's KPIs, the delta treatment − control and
its 95 % confidence interval (pure: order facts in, plain dicts out).

The intervals are normal approximations, one per kind of measure:
- a rate over orders (OTIF, hold rate): the difference of two proportions with the
  Agresti–Caffo adjustment (one success and one failure added to each group for the
  standard error), which keeps its coverage near 95 % at rates near 0 or 1 and is never of
  zero width;
- a mean per order (cost per order): Welch's standard error of a difference of means;
- a ratio of sums (fill rate: units shipped ÷ units ordered): the delta method's
  (linearised) standard error of each group's ratio.
A delta whose groups are too small to estimate (fewer than two orders in the base of either
group) is reported with `value`/`low`/`high` null.

Definitions are those of `kpis.measures` (OTIF over due orders, fill rate over orders in a
final state), except cost per order: the shipping + handling of the sourcing decision
recorded on each order of the group that is not cancelled and carries one (the decision is
what the treatment changes; the KPI report's cost per order waits for the shipment)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import pandas as pd

from .facts import OrderFact, sourcing_costs
from .measures import DELIVERED, FINAL, facts_frame, on_time_mask

Z95 = 1.959963984540054
METHOD = (
    "95% normal approximation: Agresti-Caffo for rate differences, Welch for the cost per "
    "order, delta method for the fill-rate ratio"
)
_MIN_BASE = 2


def _interval(value: float | None, se: float | None, digits: int = 4) -> dict:
    if value is None or se is None:
        return {"value": None, "low": None, "high": None}
    return {
        "value": round(value, digits),
        "low": round(value - Z95 * se, digits),
        "high": round(value + Z95 * se, digits),
    }


def proportion_diff(hits_t: int, n_t: int, hits_c: int, n_c: int) -> dict:
    """p_t − p_c with the Agresti–Caffo 95 % interval."""
    if n_t < _MIN_BASE or n_c < _MIN_BASE:
        return _interval(None, None)
    at, ac = (hits_t + 1) / (n_t + 2), (hits_c + 1) / (n_c + 2)
    se = math.sqrt(at * (1 - at) / (n_t + 2) + ac * (1 - ac) / (n_c + 2))
    out = _interval(at - ac, se)
    out["value"] = round(hits_t / n_t - hits_c / n_c, 4)
    return out


def _var(xs: Sequence[float], mean: float) -> float:
    return sum((x - mean) ** 2 for x in xs) / (len(xs) - 1)


def mean_diff(t: Sequence[float], c: Sequence[float], digits: int = 2) -> dict:
    """mean(t) − mean(c) with Welch's standard error."""
    if len(t) < _MIN_BASE or len(c) < _MIN_BASE:
        return _interval(None, None)
    mt, mc = sum(t) / len(t), sum(c) / len(c)
    se = math.sqrt(_var(t, mt) / len(t) + _var(c, mc) / len(c))
    return _interval(mt - mc, se, digits)


def _ratio(num: Sequence[float], den: Sequence[float]) -> tuple[float, float] | None:
    """(Σnum ÷ Σden, the delta method's variance of it)."""
    n, total = len(num), sum(den)
    if n < _MIN_BASE or total <= 0:
        return None
    r = sum(num) / total
    mean_den = total / n
    resid = [y - r * x for y, x in zip(num, den, strict=True)]
    return r, sum(e * e for e in resid) / (n * (n - 1) * mean_den**2)


def ratio_diff(num_t: Sequence[float], den_t: Sequence[float], num_c, den_c) -> dict:
    rt, rc = _ratio(num_t, den_t), _ratio(num_c, den_c)
    if rt is None or rc is None:
        return _interval(None, None)
    return _interval(rt[0] - rc[0], math.sqrt(rt[1] + rc[1]))


def _columns(facts: list[OrderFact], as_of: datetime) -> dict[str, list]:
    """Per order of one group: OTIF outcome of the due ones, (shipped, ordered) of the
    final ones, the recorded cost of the costed ones."""
    if not facts:
        return {"otif": [], "shipped": [], "ordered": [], "cost": []}
    df = facts_frame(facts)
    today = pd.Timestamp(as_of).tz_convert("UTC").normalize().tz_localize(None)
    status = df["status"]
    delivered = df[status.isin(DELIVERED) & df["delivered_at"].notna()]
    with_promise = delivered[delivered["promised"].notna()]
    on_time_ids = set(with_promise.index[on_time_mask(with_promise)])
    in_full = (df["cancelled"] == 0) & (df["backordered"] == 0) & (df["delivered"] == df["ordered"])
    due = df["promised"].notna() & (status.isin(FINAL) | (df["promised"] < today))
    otif = [bool(in_full[i]) and i in on_time_ids for i in df.index[due]]
    final = df[status.isin(FINAL)]
    costed = df[
        (status != "cancelled") & (df["shipping_cost"].notna() | df["handling_cost"].notna())
    ]
    cost = (costed["shipping_cost"].fillna(0) + costed["handling_cost"].fillna(0)).tolist()
    return {
        "otif": otif,
        "shipped": final["shipped"].astype(float).tolist(),
        "ordered": final["ordered"].astype(float).tolist(),
        "cost": [float(x) for x in cost],
    }


def _rate(hits: int, n: int) -> float | None:
    return None if n == 0 else round(hits / n, 4)


def _group(facts: list[OrderFact], cols: dict[str, list], held: Sequence[bool]) -> dict:
    cost, ordered = cols["cost"], sum(cols["ordered"])
    return {
        "orders": len(facts),
        "otif": _rate(sum(cols["otif"]), len(cols["otif"])),
        "otif_base": len(cols["otif"]),
        "fill_rate": None if ordered == 0 else round(sum(cols["shipped"]) / ordered, 4),
        "fill_rate_base": len(cols["ordered"]),
        "cost_per_order": round(sum(cost) / len(cost), 2) if cost else None,
        "cost_base": len(cost),
        "fulfilment_cost": round(sum(cost)),
        "hold_rate": _rate(sum(held), len(held)),
    }


def compare(
    treatment: list[OrderFact],
    control: list[OrderFact],
    as_of: datetime,
    held: Mapping[str, Sequence[bool]] | None = None,
) -> dict:
    """Both groups' KPIs, the deltas (treatment − control) with their 95 % intervals, and
    the money difference: the cost-per-order delta over the treatment group's costed
    orders (what those orders cost more, or less when negative, than under control)."""
    held = held or {}
    ht, hc = list(held.get("treatment", ())), list(held.get("control", ()))
    t, c = _columns(treatment, as_of), _columns(control, as_of)
    cost = mean_diff(t["cost"], c["cost"])
    n = len(t["cost"])
    money = {
        k: None if v is None else round(v * n)
        for k, v in cost.items()
        if k in ("value", "low", "high")
    }
    return {
        "ci_method": METHOD,
        "groups": {
            "treatment": _group(treatment, t, ht),
            "control": _group(control, c, hc),
        },
        "delta": {
            "otif": proportion_diff(sum(t["otif"]), len(t["otif"]), sum(c["otif"]), len(c["otif"])),
            "fill_rate": ratio_diff(t["shipped"], t["ordered"], c["shipped"], c["ordered"]),
            "cost_per_order": cost,
            "hold_rate": proportion_diff(sum(ht), len(ht), sum(hc), len(hc)),
        },
        "money": {
            "unit": "minor units of the cost model's currency",
            "orders": n,
            "difference": money["value"],
            "low": money["low"],
            "high": money["high"],
        },
    }


def shadow_summary(pairs: Iterable[tuple[dict, object]]) -> dict:
    """Shadow mode: what the treatment would have decided on the treatment group's orders,
    against what was applied to the same orders (a paired comparison)."""
    decided = differs = 0
    diffs: list[float] = []
    for shadow, order in pairs:
        decided += 1
        differs += bool(shadow.get("differs"))
        if "cost" in shadow:
            shipping, handling, _ = sourcing_costs(getattr(order, "sourcing", None))
            if shipping is not None or handling is not None:
                diffs.append(float(shadow["cost"]) - (shipping or 0) - (handling or 0))
    out: dict = {"orders": decided, "decisions_differ": differs}
    if len(diffs) >= _MIN_BASE:
        mean = sum(diffs) / len(diffs)
        se = math.sqrt(_var(diffs, mean) / len(diffs))
        out["cost_per_order_delta"] = _interval(mean, se, 2)
    else:
        out["cost_per_order_delta"] = _interval(None, None)
    return out

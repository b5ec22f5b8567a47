"""Running scenarios and comparing policies on common random numbers."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from ordermind.kpis.engine import facts_frame, report

from .scenario import Scenario
from .simulation import Simulation

# KPIs compared between policies (all numeric, higher or lower is better as named).
COMPARED = ("otif", "on_time_rate", "cycle_time_days_p50", "cycle_time_days_p90",
            "order_to_ship_hours_p50", "fill_rate", "split_rate", "backlog_rate",
            "cancellation_rate", "return_rate", "cost_per_order", "carbon_kg_per_order",
            "touchless_rate", "stockout_rate")


def run_scenario(scenario: Scenario, engine=None, *,  # noqa: ANN001
                 progress: Callable[[int], None] | None = None,
                 labels: bool = False) -> tuple[Simulation, dict]:
    """Simulate and compute the KPIs (the same engine the store's KPIs use)."""
    sim = Simulation(scenario, engine, labels=labels).run(progress)
    if engine is None:
        df = facts_frame(sim.facts)
    else:
        from ordermind.kpis.repository import load_facts
        df = load_facts(engine)
    kpis = report(df, "week", as_of=sim.now)
    positions = sum(len(at) for at in sim.store.stock.values()) if sim.store else None
    stock_days = sum(d["stockouts"] for d in sim.daily)
    total = kpis["total"]
    total["stockout_days"] = stock_days
    total["position_days"] = positions * scenario.days if positions else None
    total["stockout_rate"] = (round(stock_days / total["position_days"], 4)
                              if total["position_days"] else None)
    total["orders_placed"] = sim.placed
    total["service_refusals"] = dict(sim.errors)
    return sim, kpis


def t_quantile(df: int, p: float = 0.975) -> float:
    from scipy.stats import t

    return float(t.ppf(p, df))


def paired_ci(a: list[float], b: list[float]) -> dict:
    """Mean of b - a with a 95 % t-interval over paired seeds."""
    diffs = [y - x for x, y in zip(a, b, strict=True)]
    n = len(diffs)
    mean = sum(diffs) / n
    if n < 2:
        return {"delta": mean, "low": None, "high": None, "significant": None}
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
    half = t_quantile(n - 1) * sd / math.sqrt(n)
    return {"delta": round(mean, 6), "low": round(mean - half, 6), "high": round(mean + half, 6),
            "significant": bool(mean - half > 0 or mean + half < 0)}


def compare(a: Scenario, b: Scenario, seeds: int = 5, first_seed: int | None = None,
            progress: Callable[[str], None] | None = None) -> dict:
    """Run A and B on the same seeds (common random numbers) and report B - A."""
    start = a.seed if first_seed is None else first_seed
    runs: dict[str, list[dict]] = {"a": [], "b": []}
    for i in range(seeds):
        for key, sc in (("a", a), ("b", b)):
            _, kpis = run_scenario(replace(sc, seed=start + i))
            runs[key].append(kpis["total"])
            if progress:
                progress(f"{key} seed {start + i}")
    deltas = {}
    for k in COMPARED:
        xa = [r.get(k) for r in runs["a"]]
        xb = [r.get(k) for r in runs["b"]]
        if any(v is None for v in xa + xb):
            continue
        deltas[k] = {"a": round(sum(xa) / seeds, 6), "b": round(sum(xb) / seeds, 6),
                     **paired_ci(xa, xb)}
    return {"a": a.name, "b": b.name, "seeds": list(range(start, start + seeds)),
            "deltas": deltas, "runs": runs}

"""Running scenarios and comparing policies on common random numbers."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import timedelta
from functools import partial
from multiprocessing import get_context
from typing import Any

from ordermind.kpis.facts import HEADLINE
from ordermind.kpis.measures import facts_frame, report

from .scenario import Scenario
from .simulation import Simulation
from .store import StoreFor

# KPIs compared between policies (all numeric, higher or lower is better as named).
COMPARED = (
    *HEADLINE,
    "stockout_rate",
    "inventory_value",
    "late_orders",
    "told_before_promise_share",
    "told_lead_hours_p50",
    "told_24h_ahead_share",
    "person_touches",
    "cost_per_order_all_in",
)


# The AI policy set `twin compare --ai` measures against the rules (order care joins it
# when asked: `care_policy`). Each is ordermind's own module (twin.policies).
AI_POLICY = {
    "replenishment": "forecast",
    "risk": "model",
    "sourcing_strategy": "cost",
    "priority": "dynamic",
}
RULE_POLICY = {
    "replenishment": "order_up_to",
    "risk": "rules",
    "sourcing_strategy": "default",
    "priority": "fifo",
    "care": "none",
}


def policy_set(scenario: Scenario, ai: bool, care: str | None = None) -> Scenario:
    """The scenario under the rule set, or under the AI set (with `care` when given)."""
    chosen: dict[str, Any] = dict(AI_POLICY if ai else RULE_POLICY)
    if ai and care is not None:
        chosen["care"] = care
    name = f"{scenario.name} ({'AI' if ai else 'rules'})"
    return replace(scenario, name=name, policy=replace(scenario.policy, **chosen))


def run_scenario(
    scenario: Scenario,
    store_for: StoreFor,
    *,
    progress: Callable[[int], None] | None = None,
    labels: bool = False,
) -> tuple[Simulation, dict]:
    """Simulate and compute the KPIs (the same measures the store's KPIs use)."""
    sim = Simulation(scenario, store_for, labels=labels).run(progress)
    df = facts_frame(sim.facts) if sim.store_facts is None else sim.store_facts()
    kpis = report(df, "week", as_of=sim.now)
    positions = sum(len(at) for at in sim.store.stock.values()) if sim.store else None
    stock_days = sum(d["stockouts"] for d in sim.daily)
    total = kpis["total"]
    total["stockout_days"] = stock_days
    total["position_days"] = positions * scenario.days if positions else None
    total["stockout_rate"] = (
        round(stock_days / total["position_days"], 4) if total["position_days"] else None
    )
    total["orders_placed"] = sim.placed
    # The stock held at cost, a day's average over the run (major units: EUR)
    total["inventory_value"] = (
        round(sum(sim.stock_value) / len(sim.stock_value) / 100, 2) if sim.stock_value else None
    )
    total.update(sim.risk.summary())
    if sim.planner.on:
        total["forecast_runs"] = len(sim.planner.runs)
        models: dict[str, int] = {}
        for r in sim.planner.runs:
            for m, n in r.models.items():
                models[m] = models.get(m, 0) + n
        total["forecast_models"] = dict(sorted(models.items(), key=lambda x: -x[1])[:5])
    # Orders placed in the last days are still on their way when the run stops: their
    # day's service rates are left out of the series (not yet known)
    settle = max((c.promise_days for c in scenario.channels), default=3) + 1
    cut = (scenario.start + timedelta(days=scenario.days - settle)).isoformat()
    kpis["daily"] = {
        d: (v if d < cut else {**v, "otif": None, "fill_rate": None})
        for d, v in daily_kpis(df, sim.now).items()
    }
    total["service_refusals"] = dict(sim.errors)
    if sim.store is not None:
        # Lateness against the promise first made, who was told in time, people's touches
        # and what they cost (see twin.care).
        care = sim.care.summary(lambda: sim.lateness, sim.now)
        total.update(care)
        orders = total.get("orders") or 0
        cost = total.get("cost_per_order")
        extra = care["person_touches"] * scenario.care.touch_cost + sim.upgrade_cost
        total["care_upgrade_cost"] = round(sim.upgrade_cost, 1)
        total["cost_per_order_all_in"] = (
            round(cost + extra / orders, 2) if cost is not None and orders else None
        )
    return sim, kpis


DAILY = ("otif", "fill_rate", "cost_per_order", "carbon_kg_per_order", "touchless_rate")


def daily_kpis(df, as_of) -> dict[str, dict]:
    """Each placement day's KPIs (for the charts over time)."""
    if df.empty:
        return {}
    groups = report(df, "day", as_of=as_of)["groups"]
    return {d: {k: g.get(k) for k in DAILY} for d, g in groups.items()}


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
    return {
        "delta": round(mean, 6),
        "low": round(mean - half, 6),
        "high": round(mean + half, 6),
        "significant": bool(mean - half > 0 or mean + half < 0),
    }


def _pair(store_for: StoreFor, a: Scenario, b: Scenario) -> tuple[dict, dict]:
    """Both policies on one seed, in one process (a worker's, when run in parallel)."""
    return _kept(run_scenario(a, store_for)), _kept(run_scenario(b, store_for))


def _kept(got: tuple[Simulation, dict]) -> dict:
    """What a comparison keeps of one run: its totals and its days (for the charts)."""
    sim, kpis = got
    days = kpis.get("daily", {})
    series = [{**d, **days.get(d["date"], {})} for d in sim.daily]
    return {"total": kpis["total"], "daily": series}


def default_workers(seeds: int) -> int:
    """One process per available core, at most one per seed."""
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
    return max(1, min(seeds, cores))


def compare(
    a: Scenario,
    b: Scenario,
    store_for: StoreFor,
    seeds: int = 5,
    first_seed: int | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> dict:
    """Run A and B on the same seeds (common random numbers) and report B - A.

    Seeds are independent simulations, so with `workers` > 1 (default: one per core)
    they run in a pool of processes; each seed's A and B run in the same process, as
    they do serially; `store_for` then pickles by name (a module-level function)."""
    start = a.seed if first_seed is None else first_seed
    runs: dict[str, list[dict]] = {"a": [], "b": []}
    daily: dict[str, list[list[dict]]] = {"a": [], "b": []}
    pairs = [(replace(a, seed=start + i), replace(b, seed=start + i)) for i in range(seeds)]
    workers = default_workers(seeds) if workers is None else workers
    if workers > 1:
        # spawn, not fork: the CLI's progress bar runs a thread while the pool starts
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            for i, (ka, kb) in enumerate(
                pool.map(partial(_pair, store_for), *zip(*pairs, strict=True))
            ):
                runs["a"].append(ka["total"])
                runs["b"].append(kb["total"])
                daily["a"].append(ka["daily"])
                daily["b"].append(kb["daily"])
                if progress:
                    progress(f"a seed {start + i}")
                    progress(f"b seed {start + i}")
    else:
        for i, pair in enumerate(pairs):
            for key, sc in zip(("a", "b"), pair, strict=True):
                kept = _kept(run_scenario(sc, store_for))
                runs[key].append(kept["total"])
                daily[key].append(kept["daily"])
                if progress:
                    progress(f"{key} seed {start + i}")
    deltas = {}
    for k in COMPARED:
        got_a = [r.get(k) for r in runs["a"]]
        got_b = [r.get(k) for r in runs["b"]]
        if any(v is None for v in got_a + got_b):
            continue
        xa = [v for v in got_a if v is not None]
        xb = [v for v in got_b if v is not None]
        deltas[k] = {
            "a": round(sum(xa) / seeds, 6),
            "b": round(sum(xb) / seeds, 6),
            **paired_ci(xa, xb),
        }
    return {
        "a": a.name,
        "b": b.name,
        "seeds": list(range(start, start + seeds)),
        "deltas": deltas,
        "runs": runs,
        "daily": {k: mean_days(v) for k, v in daily.items()},
        "disruptions": [
            {
                "kind": d.kind,
                "start_day": d.start_day,
                "days": d.days,
                "what": d.node or d.carrier or d.family,
            }
            for d in a.disruptions
        ],
        "start": a.start.isoformat(),
    }


def mean_days(seeds: list[list[dict]]) -> list[dict]:
    """Each day's figures averaged over the seeds (numeric fields only)."""
    if not seeds:
        return []
    out = []
    for i, first in enumerate(seeds[0]):
        row: dict = {"day": first["day"], "date": first["date"]}
        for k, v in first.items():
            if k in row or not isinstance(v, int | float):
                continue
            vals = [s[i].get(k) for s in seeds if i < len(s)]
            got = [x for x in vals if isinstance(x, int | float)]
            row[k] = round(sum(got) / len(got), 6) if got else None
        out.append(row)
    return out

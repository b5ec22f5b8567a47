"""Running scenarios and comparing policies on common random numbers."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import partial
from multiprocessing import get_context

from ordermind.kpis.facts import HEADLINE
from ordermind.kpis.measures import facts_frame, report

from .scenario import Scenario
from .simulation import Simulation
from .store import StoreFor

# KPIs compared between policies (all numeric, higher or lower is better as named).
COMPARED = (
    *HEADLINE,
    "stockout_rate",
    "late_orders",
    "told_before_promise_share",
    "told_lead_hours_p50",
    "told_24h_ahead_share",
    "person_touches",
    "cost_per_order_all_in",
)


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
    return run_scenario(a, store_for)[1]["total"], run_scenario(b, store_for)[1]["total"]


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
    pairs = [(replace(a, seed=start + i), replace(b, seed=start + i)) for i in range(seeds)]
    workers = default_workers(seeds) if workers is None else workers
    if workers > 1:
        # spawn, not fork: the CLI's progress bar runs a thread while the pool starts
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            for i, (ka, kb) in enumerate(
                pool.map(partial(_pair, store_for), *zip(*pairs, strict=True))
            ):
                runs["a"].append(ka)
                runs["b"].append(kb)
                if progress:
                    progress(f"a seed {start + i}")
                    progress(f"b seed {start + i}")
    else:
        for i, pair in enumerate(pairs):
            for key, sc in zip(("a", "b"), pair, strict=True):
                _, kpis = run_scenario(sc, store_for)
                runs[key].append(kpis["total"])
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
    }

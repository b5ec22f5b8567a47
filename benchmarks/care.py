"""Order care in the digital twin: `care: none | rules | model` x `priority: fifo | dynamic`
on one scenario with a node slowdown and a carrier delay, several seeds on common random
numbers (every policy sees the same customers, baskets, carrier and transit draws).

Reference measured in the same run: `care: none, priority: fifo` on the same seeds. For each
policy and KPI: the mean over seeds with its 95 % t-interval, the ratio to the reference,
and the paired difference to the reference with its 95 % t-interval (`twin.run.paired_ci`,
the statistics `ordermind twin compare` prints). KPIs, over orders placed after the care
warm-up and against the promise first made (a care fix that moves the promise does not
make a late order on time):

- otif, late_orders (delivered after the first promise, or still undelivered past it);
- told share: late orders whose customer got a delay notice before the promise broke
  (target >= 80 %), and the median hours it came before (target >= 24 h);
- touchless_rate: orders no person acted on (target >= 99 %), person touches;
- cost per order (the fulfilment cost of the sourcing plans) and all-in (plus care's
  express upgrades and each person's touch at `care.touch_cost`).

    .venv/bin/python benchmarks/care.py [--seeds 5] [--workers 2] [--scenario FILE]
        [--json benchmarks/results/care.json]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path

from ordermind.adapters.memory.twin_store import in_memory
from ordermind.twin.run import default_workers, paired_ci, run_scenario, t_quantile
from ordermind.twin.scenario import load_scenario

SCENARIO = Path(__file__).resolve().parents[1] / "src/ordermind/twin/scenarios/care_benchmark.yaml"
POLICIES = (
    ("none", "fifo"),
    ("rules", "fifo"),
    ("model", "fifo"),
    ("none", "dynamic"),
    ("rules", "dynamic"),
    ("model", "dynamic"),
)
REFERENCE = ("none", "fifo")
# (key, label, format)
KPIS = (
    ("otif", "OTIF", "{:.4f}"),
    ("late_orders", "late orders", "{:.1f}"),
    ("told_before_promise_share", "told before promise", "{:.3f}"),
    ("told_lead_hours_p50", "told lead h (p50)", "{:.1f}"),
    ("told_24h_ahead_share", "told >= 24 h ahead", "{:.3f}"),
    ("touchless_rate", "touchless", "{:.4f}"),
    ("person_touches", "person touches", "{:.1f}"),
    ("cost_per_order", "cost/order", "{:.2f}"),
    ("cost_per_order_all_in", "cost/order all-in", "{:.2f}"),
    ("delay_notices_sent", "delay notices", "{:.1f}"),
    ("needless_delay_notices", "notices, on time after all", "{:.1f}"),
)
TARGETS = {"told_before_promise_share": 0.80, "told_lead_hours_p50": 24.0, "touchless_rate": 0.99}


def run_one(path: str, care: str, priority: str, seed: int) -> dict:
    sc = load_scenario(path)
    sc = replace(sc, seed=seed, policy=replace(sc.policy, care=care, priority=priority))
    started = time.perf_counter()
    _, kpis = run_scenario(sc, in_memory)
    total = kpis["total"]
    out = {k: total.get(k) for k, _, _ in KPIS}
    out.update(
        care=care,
        priority=priority,
        seed=seed,
        orders=total.get("orders"),
        seconds=round(time.perf_counter() - started, 1),
        scorer=total.get("scorer"),
        exceptions_opened=total.get("exceptions_opened"),
        fixes_auto_applied=total.get("fixes_auto_applied"),
        fixes_person_applied=total.get("fixes_person_applied"),
    )
    model = total.get("delay_model") or {}
    if model.get("calibration_slice"):
        out["model_auc"] = model["calibration_slice"].get("roc_auc")
        out["rule_auc"] = (model.get("calibration_slice_rule") or {}).get("roc_auc")
    return out


def mean_ci(values: list[float]) -> tuple[float, float | None]:
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, None
    return mean, t_quantile(n - 1) * statistics.stdev(values) / math.sqrt(n)


def summarise(runs: list[dict], seeds: list[int]) -> dict:
    by = {(r["care"], r["priority"], r["seed"]): r for r in runs}
    table = {}
    for care, prio in POLICIES:
        row = {}
        for key, _, _ in KPIS:
            vals = [by[(care, prio, s)].get(key) for s in seeds]
            ref = [by[(*REFERENCE, s)].get(key) for s in seeds]
            if any(v is None for v in vals):
                row[key] = None
                continue
            mean, half = mean_ci(vals)
            cell = {"mean": mean, "ci95": half}
            if all(v is not None for v in ref):
                ref_mean = sum(ref) / len(ref)
                cell["ratio"] = mean / ref_mean if ref_mean else None
                cell["vs_reference"] = paired_ci(ref, vals)
            row[key] = cell
        row["seconds"] = sum(by[(care, prio, s)]["seconds"] for s in seeds) / len(seeds)
        table[f"{care}/{prio}"] = row
    return table


def show(table: dict, seeds: list[int]) -> None:
    print(f"\n{len(seeds)} seeds {seeds}; reference = care: none, priority: fifo (same run)")
    print(
        "mean ± 95% CI half-width; ×ratio to the reference; * = paired difference to the "
        "reference significant at 95%\n"
    )
    names = list(table)
    width = 30
    print(f"{'KPI':<26}" + "".join(f"{n:>{width}}" for n in names))
    for key, label, fmt in KPIS:
        cells = []
        for n in names:
            c = table[n].get(key)
            if c is None:
                cells.append("n/a")
                continue
            text = fmt.format(c["mean"])
            if c["ci95"] is not None:
                text += " ±" + fmt.format(c["ci95"])
            if c.get("ratio") is not None and n != "/".join(REFERENCE):
                sig = "*" if (c.get("vs_reference") or {}).get("significant") else " "
                text += f" ×{c['ratio']:.3f}{sig}"
            cells.append(text)
        print(f"{label:<26}" + "".join(f"{c:>{width}}" for c in cells))
    print(f"{'seconds per run':<26}" + "".join(f"{table[n]['seconds']:>{width}.1f}" for n in names))
    print("\ntargets (care policies):")
    for key, target in TARGETS.items():
        for n in names:
            if n.startswith("none/"):
                continue
            c = table[n].get(key)
            if c is not None:
                ok = "met" if c["mean"] >= target else "NOT met"
                if key == "told_lead_hours_p50":
                    ok += " (median over the orders told in time only)"
                print(f"  {n:<16} {key:<28} {c['mean']:.3f} vs >= {target:g}: {ok}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--first-seed", type=int, default=None)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--scenario", default=str(SCENARIO))
    ap.add_argument("--json", default=None, help="write every run and the table here")
    args = ap.parse_args()
    if args.seeds < 2:
        print("error: --seeds must be at least 2 for confidence intervals", file=sys.stderr)
        return 2
    try:
        base = load_scenario(args.scenario)
    except (OSError, ValueError) as exc:
        print(f"error: {args.scenario}: {exc}", file=sys.stderr)
        return 2
    first = base.seed if args.first_seed is None else args.first_seed
    seeds = list(range(first, first + args.seeds))
    jobs = [(args.scenario, c, p, s) for s in seeds for c, p in POLICIES]
    workers = args.workers or default_workers(len(jobs))
    print(
        f"{base.name}: {base.days} days, {base.orders_per_day:g} orders/day, care from day "
        f"{base.care.warmup_days}; {len(jobs)} runs on {workers} worker(s)"
    )
    started = time.perf_counter()
    runs = []
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        for r in pool.map(run_one, *zip(*jobs, strict=True)):
            runs.append(r)
            print(
                f"  seed {r['seed']} care={r['care']:<5} priority={r['priority']:<7} "
                f"{r['orders']} orders, {r['seconds']} s",
                flush=True,
            )
    table = summarise(runs, seeds)
    show(table, seeds)
    aucs = [(r["model_auc"], r["rule_auc"]) for r in runs if r.get("model_auc") is not None]
    if aucs:
        print(
            f"\ndelay model on the newest 20% of its warm-up (calibration slice), mean of "
            f"{len(aucs)} runs: ROC-AUC model {statistics.mean(a for a, _ in aucs):.3f}, "
            f"rule {statistics.mean(b for _, b in aucs if b is not None):.3f}"
        )
    wall = time.perf_counter() - started
    print(f"\nwall time {wall:.0f} s")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "seeds": seeds,
                    "scenario": args.scenario,
                    "wall_seconds": round(wall),
                    "table": table,
                    "runs": runs,
                },
                indent=1,
                default=str,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""AI lift in the twin: the AI policy set (forecast replenishment, the risk LightGBM
trained on the run's own warm-up, cost sourcing, dynamic priority) against the rule set
(order-up-to, rule score, nearest node, FIFO) on common random numbers, on the shipped
baseline scenario and on one with a DC outage plus a demand surge, in one run.

    .venv/bin/python benchmarks/lift.py [--seeds 5] [--days 56] [--care none|rules|model]
        [--out benchmarks/results/lift.md]

Targets (issue 14): OTIF >= 97 % for the AI set and >= 5 points above the rules; the
stock-out rate at least halved; cost per order and inventory value not higher. Each is
judged on the paired 95 % interval over the seeds; the verdict printed is what was reached.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ordermind.adapters.memory.twin_store import in_memory
from ordermind.twin.run import compare, policy_set
from ordermind.twin.scenario import load_scenario

HERE = Path(__file__).resolve().parent
SCENARIOS = Path(__file__).resolve().parents[1] / "src" / "ordermind" / "twin" / "scenarios"
CASES = ("baseline.yaml", "outage_surge.yaml")
SHOWN = (
    ("otif", "OTIF %", 100),
    ("fill_rate", "fill rate %", 100),
    ("stockout_rate", "stock-out rate %", 100),
    ("cost_per_order", "cost/order EUR", 0.01),
    ("inventory_value", "inventory EUR", 1),
    ("carbon_kg_per_order", "kg CO2e/order", 1),
    ("touchless_rate", "touchless %", 100),
)


def fmt(v: float | None, scale: float) -> str:
    return "-" if v is None else f"{v * scale:,.2f}"


def verdict(d: dict) -> list[str]:
    otif, so = d["otif"], d["stockout_rate"]
    cost, inv = d["cost_per_order"], d["inventory_value"]
    return [
        f"AI OTIF >= 97 %: {'yes' if otif['b'] >= 0.97 else 'no'} ({otif['b'] * 100:.1f} %)",
        f"OTIF >= 5 points above rules: {'yes' if otif['low'] >= 0.05 else 'no'} "
        f"({otif['delta'] * 100:+.2f} points, CI [{otif['low'] * 100:+.2f}, "
        f"{otif['high'] * 100:+.2f}])",
        f"stock-outs at least halved: {'yes' if so['b'] <= so['a'] / 2 else 'no'} "
        f"({so['a'] * 100:.1f} % -> {so['b'] * 100:.1f} %)",
        f"cost per order not higher: {'yes' if cost['low'] <= 0 else 'no'} "
        f"({cost['delta'] / 100:+.2f} EUR, CI [{cost['low'] / 100:+.2f}, "
        f"{cost['high'] / 100:+.2f}])",
        f"inventory value not higher: {'yes' if inv['low'] <= 0 else 'no'} "
        f"({inv['delta']:+,.0f} EUR, CI [{inv['low']:+,.0f}, {inv['high']:+,.0f}])",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--days", type=int, default=None, help="override the scenarios' days")
    ap.add_argument("--care", default=None, help="order care in the AI set (default: none)")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "lift.md")
    args = ap.parse_args()
    lines = [
        "# AI lift in the twin (benchmarks/lift.py)",
        "",
        f"{args.seeds} paired seeds per scenario on common random numbers; A = rule set, "
        "B = AI set; mean of the seeds, B − A with its 95 % t-interval.",
        "",
    ]
    t0 = time.perf_counter()
    for case in CASES:
        sc = load_scenario(SCENARIOS / case)
        if args.days:
            sc.days = args.days
        rules, ai = policy_set(sc, ai=False), policy_set(sc, ai=True, care=args.care)
        t = time.perf_counter()
        res = compare(rules, ai, in_memory, args.seeds, workers=args.workers)
        took = time.perf_counter() - t
        d = res["deltas"]
        lines += [
            f"## {sc.name}: {sc.days} days, {sc.orders_per_day:g} orders/day, "
            f"seeds {res['seeds'][0]}-{res['seeds'][-1]} ({took:.0f} s)",
            "",
            "| KPI | rules | AI | AI − rules | 95 % CI |",
            "|---|---|---|---|---|",
        ]
        for key, label, scale in SHOWN:
            x = d.get(key)
            if x is None:
                continue
            lines.append(
                f"| {label} | {fmt(x['a'], scale)} | {fmt(x['b'], scale)} | "
                f"{fmt(x['delta'], scale)} | [{fmt(x['low'], scale)}, {fmt(x['high'], scale)}] |"
            )
        lines += ["", *(f"- {v}" for v in verdict(d)), ""]
        print("\n".join(lines[-len(SHOWN) - 9 :]), flush=True)
    lines.append(f"Total wall time {time.perf_counter() - t0:.0f} s.")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()

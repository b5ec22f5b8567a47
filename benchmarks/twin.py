"""Digital twin throughput: orders simulated per second in memory mode (the full service
lifecycle: place, release, ship + invoice, deliver, returns, close), the wall time of
one simulated year at 3,000 orders/day, and the same year simulated for two seeds at once
on the machine's two cores (how `twin compare` runs its seeds).

Reference measured in the same run: the raw domain operations alone for one order
(Order.create, apply_sourcing, release, ship, invoice, deliver; no sourcing engine, no
repositories, no unit of work). The ratio says how much the services, sourcing and the
simulation add on top of the bare domain.

    .venv/bin/python benchmarks/twin.py [--days 365] [--per-day 3000] [--quick] [--no-pair]

A single simulated year cannot be split across cores (every order draws on the same
stock), so the two-seed figure is throughput, not the latency of one run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_context

from ordermind.adapters.memory.twin_store import in_memory
from ordermind.domain import fulfilment
from ordermind.domain.orders import Address, Customer, Order
from ordermind.twin.scenario import Catalog, Scenario
from ordermind.twin.simulation import Simulation


def domain_reference(n: int = 20000) -> float:
    """Orders per second for the bare domain lifecycle."""
    cust = Customer("a@b.example")
    to = Address("x", "1 High St", "Leeds", "LS1", "GB")
    t0 = time.perf_counter()
    for i in range(n):
        o = Order.create(
            channel="web",
            currency="EUR",
            customer=cust,
            ship_to=to,
            lines=[("SKU-1", 1, 1000), ("SKU-2", 1, 500)][: 1 + i % 2],
        )
        o.apply_sourcing([(ln.line_no, "DC", ln.ordered) for ln in o.lines], "sim")
        o.release("sim")
        s, _ = fulfilment.ship(
            o,
            shipment_id=f"s{i}",
            node="DC",
            lines=[(ln.sku, ln.ordered) for ln in o.lines],
            carrier="c",
            actor="sim",
        )
        fulfilment.invoice_shipment(o, s, f"i{i}", f"INV{i}", {}, "sim")
        fulfilment.deliver(o, s.id, "sim")
    return n / (time.perf_counter() - t0)


def simulate(days: int, per_day: int, seed: int | None = None) -> tuple[int, float]:
    scale = per_day / 300
    sc = Scenario(
        name="bench",
        start=date(2025, 1, 6),
        days=days,
        orders_per_day=per_day,
        catalog=Catalog(skus=500),
    )
    if seed is not None:
        sc.seed = seed
    for node in sc.nodes:
        node.capacity = int(node.capacity * scale * 1.1)
    t0 = time.perf_counter()
    sim = Simulation(sc, in_memory).run()
    return sim.placed, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--per-day", type=int, default=3000)
    ap.add_argument("--quick", action="store_true", help="14 days only")
    ap.add_argument("--no-pair", action="store_true", help="skip the two-seed run")
    args = ap.parse_args()
    refs = [domain_reference() for _ in range(3)]
    ref = statistics.median(refs)
    print(f"reference: bare domain lifecycle {ref:,.0f} orders/s (median of 3)")
    rates = []
    for _ in range(3):
        n, secs = simulate(14, args.per_day)
        rates.append(n / secs)
    rate = statistics.median(rates)
    print(
        f"memory mode, 14 days x {args.per_day}/day: {rate:,.0f} orders/s "
        f"(median of 3) = {rate / ref:.3f} x the bare domain"
    )
    if args.quick:
        return
    n, secs = simulate(args.days, args.per_day)
    print(
        f"{args.days} simulated days: {n:,} orders in {secs:,.0f} s = {n / secs:,.0f} orders/s "
        f"= {n / secs / ref:.3f} x the bare domain; "
        f"1 M orders would take {1e6 / (n / secs):,.0f} s (target 120 s)"
    )
    if args.no_pair:
        return
    t0 = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        runs = list(pool.map(simulate, [args.days] * 2, [args.per_day] * 2, [1, 2]))
    wall = time.perf_counter() - t0
    total = sum(n for n, _ in runs)
    print(
        f"two seeds at once (2 processes): {total:,} orders in {wall:,.0f} s wall "
        f"(runs {', '.join(f'{s:,.0f} s' for _, s in runs)}) = {total / wall:,.0f} orders/s "
        f"= {total / wall / (n / secs):.2f} x one run; "
        f"{1e6 / (total / wall):,.0f} s per million orders simulated (target 120 s)"
    )


if __name__ == "__main__":
    main()

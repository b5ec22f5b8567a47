"""Order-care scan benchmark: how long `services.care.scan` takes over thousands of open
orders, against the bare paged read of the same orders measured in the same run.

A store with 6 nodes, 60 SKUs and N open orders placed through the real services (1 to 3
lines each; a few SKUs short, so some are back-ordered; every 20th order on a fraud hold);
then one node goes down. Timed, on the same store:

- reference: paging through the scan's candidate orders and loading them (`scan_candidates`
  + `load_orders`, 500 per unit of work) — the floor any scan of these orders pays;
- first scan: delay scores for every order, every detector, the exceptions opened and
  their events written;
- steady scan: the same again with nothing changed (no exception changes, few score writes);
- fix evaluation: `evaluate` of up to 200 open exceptions, each fix run through the services
  in a unit of work that is rolled back.

Printed: seconds and orders/s for each, and the ratio scan / reference.
Run: .venv/bin/python benchmarks/care_scan.py [--orders 3000]
         [--store sqlite|postgresql|fast|memory] [--evaluate 200]
     (postgresql: --url postgresql://postgres@127.0.0.1:5432/DB, an empty database)
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from ordermind.care import DelayScorer
from ordermind.care.policy import CarePolicy
from ordermind.domain.catalog import Product
from ordermind.domain.clock import utcnow
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer, HoldReason
from ordermind.services import care, fulfilment, ordering
from ordermind.services import inventory as inv
from ordermind.services.care_store import ExceptionFilter
from ordermind.services.commands import OrderLineInput, PlaceHold, PlaceOrder

NODES = {
    "LDN": (51.5, -0.12),
    "MAN": (53.48, -2.24),
    "BHM": (52.48, -1.9),
    "LDS": (53.8, -1.55),
    "BRS": (51.45, -2.58),
    "GLA": (55.86, -4.25),
}
CITIES = [
    ("London", 51.52, -0.1),
    ("Leeds", 53.8, -1.54),
    ("Bristol", 51.45, -2.59),
    ("Glasgow", 55.86, -4.25),
    ("Cardiff", 51.48, -3.18),
]


def make_store(kind: str, url: str | None):
    if kind == "memory":  # the in-memory store, a new unit of work per use case
        from ordermind.adapters.memory import FastStore, FastUnitOfWork

        store = FastStore()
        return (lambda: FastUnitOfWork(store)), None
    if kind == "fast":  # the same store as the twin uses it: one unit of work entered again
        from ordermind.adapters.memory import FastStore, FastUnitOfWork

        uow = FastUnitOfWork(FastStore())
        return (lambda: uow), None
    from ordermind.adapters.db.engine import make_engine
    from ordermind.adapters.db.migrate import upgrade
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork

    if kind == "sqlite":
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'care_bench.db'}"
    upgrade(url)
    engine = make_engine(url)
    return (lambda: SqlUnitOfWork(engine)), engine


def fill(factory, orders: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    skus = [f"SKU{i:03d}" for i in range(60)]
    with factory() as uow:
        for code, (lat, lon) in NODES.items():
            inv.upsert_node(
                uow, Node(code=code, name=code, lat=lat, lon=lon, daily_capacity=100_000)
            )
        for i, sku in enumerate(skus):
            inv.upsert_product(
                uow,
                Product(
                    sku=sku,
                    name=sku,
                    price=500 + 25 * i,
                    weight_g=200 + 10 * i,
                    category=f"cat{i % 6}",
                ),
            )
        for i, sku in enumerate(skus):
            for code in NODES:
                # the last 6 SKUs are short everywhere: their orders wait as back-orders
                qty = 3 if i >= 54 else 400
                inv.set_stock(uow, code, sku, qty, 0, "bench")
        uow.commit()
    for n in range(orders):
        city, lat, lon = rng.choice(CITIES)
        lines = rng.sample(skus, rng.randint(1, 3))
        cmd = PlaceOrder(
            channel="web",
            currency="EUR",
            customer=Customer(f"c{n}@example.com", "C"),
            ship_to=Address("C", "1 Road", city, "AB1 2CD", "GB", lat=lat, lon=lon),
            lines=[OrderLineInput(s, rng.randint(1, 2)) for s in lines],
        )
        with factory() as uow:
            order = ordering.place_order(uow, cmd, "bench")
            uow.commit()
        if n % 20 == 0:
            with factory() as uow:
                fulfilment.place_hold(uow, PlaceHold(order.id, HoldReason.FRAUD, "bench"), "bench")
                uow.commit()
    with factory() as uow:
        node = uow.nodes.get("LDN")
        node.active = False
        uow.nodes.upsert(node)
        uow.commit()


def reference_read(factory, batch: int = 500) -> int:
    after, seen = 0, 0
    while True:
        with factory() as uow:
            ids = uow.care.scan_candidates(after, batch)
            if not ids:
                return seen
            seen += len(uow.care.load_orders(ids))
        after = ids[-1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=3000)
    ap.add_argument("--store", choices=("sqlite", "postgresql", "memory", "fast"), default="sqlite")
    ap.add_argument("--url", default=None, help="PostgreSQL URL (an empty database)")
    ap.add_argument("--evaluate", type=int, default=200, help="exceptions to evaluate")
    args = ap.parse_args()
    if args.store == "postgresql" and not args.url:
        ap.error("--store postgresql needs --url")
    factory, engine = make_store(args.store, args.url)
    t0 = time.perf_counter()
    fill(factory, args.orders)
    print(
        f"store: {args.store}, {args.orders} open orders placed through the services in "
        f"{time.perf_counter() - t0:.1f} s (6 nodes, 60 SKUs; LDN then taken down)"
    )
    scorer, policy = DelayScorer(None), CarePolicy()
    now = utcnow()

    t0 = time.perf_counter()
    read = reference_read(factory)
    ref = time.perf_counter() - t0
    print(
        f"reference: paged read of {read} candidate orders  {ref:7.2f} s  "
        f"{read / ref:8.0f} orders/s"
    )
    for label in ("first scan", "steady scan"):
        report = care.scan(factory, now, scorer, policy)
        opened = sum(report.opened.values())
        print(
            f"{label:11}: {report.orders} orders, {report.batches} batches, "
            f"{opened} opened  {report.seconds:7.2f} s  "
            f"{report.orders / report.seconds:8.0f} orders/s  "
            f"ratio to reference {report.seconds / ref:5.2f}"
        )
        if label == "first scan":
            print(f"             opened by type: {dict(sorted(report.opened.items()))}")
    with factory() as uow:
        open_now = uow.care.list_exceptions(ExceptionFilter(status="open"), None, args.evaluate)
    t0 = time.perf_counter()
    fixes = 0
    for exc in open_now:
        fixes += len(care.evaluate(factory, exc.id, now, scorer, policy).evaluated)
    took = time.perf_counter() - t0
    if open_now:
        print(
            f"evaluation : {len(open_now)} exceptions, {fixes} fixes run and rolled back  "
            f"{took:7.2f} s  {1000 * took / max(fixes, 1):6.1f} ms per fix"
        )
    if engine is not None:
        engine.dispose()


if __name__ == "__main__":
    main()

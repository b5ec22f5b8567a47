"""Generated networks, stock and orders for benchmarks, tests and demos (fixed seed)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .batch import BatchOrder
from .types import LineRequest, Location, NodeInfo

# A box roughly around Great Britain's mainland.
LAT, LON = (50.6, 55.6), (-4.2, 1.4)


@dataclass
class Scenario:
    nodes: dict[str, NodeInfo]
    stock: dict[str, dict[str, int]]  # sku -> node -> units
    weights: dict[str, int]  # sku -> grams per unit
    orders: list[BatchOrder]


def network(
    n_nodes: int = 50,
    n_warehouses: int = 8,
    n_suppliers: int = 2,
    seed: int = 7,
    store_capacity: int = 400,
    warehouse_capacity: int = 6000,
) -> dict[str, NodeInfo]:
    rng = random.Random(seed)
    nodes = {}
    for i in range(n_nodes):
        if i < n_warehouses:
            kind, code, handling, cap, prio = (
                "warehouse",
                f"DC{i:02d}",
                rng.randint(120, 260),
                warehouse_capacity,
                i + 1,
            )
        elif i < n_warehouses + n_suppliers:
            kind, code, handling, cap, prio = "supplier", f"SUP{i:02d}", 180, 10_000, 80 + i
        else:
            kind, code, handling, cap, prio = "store", f"ST{i:02d}", 60, store_capacity, 20 + i
        nodes[code] = NodeInfo(
            code=code,
            kind=kind,
            country="GB",
            lat=round(rng.uniform(*LAT), 4),
            lon=round(rng.uniform(*LON), 4),
            daily_capacity=cap,
            handling_cost=handling,
            can_ship=True,
            can_pickup=kind == "store",
            priority=prio,
        )
    return nodes


def scenario(
    n_nodes: int = 50,
    n_skus: int = 10_000,
    n_orders: int = 10_000,
    seed: int = 7,
    n_destinations: int = 2_000,
    requested_share: float = 0.15,
    stock_scale: float = 1.0,
    day: date = date(2026, 11, 23),
    **kw,
) -> Scenario:
    rng = random.Random(seed)
    nodes = network(n_nodes, seed=seed, **kw)
    skus = [f"SKU{i:05d}" for i in range(n_skus)]
    weights = {s: int(min(30_000, max(50, rng.lognormvariate(6.3, 0.9)))) for s in skus}
    # Popularity: a Zipf-like tail, the way real catalogues sell.
    pop = [1.0 / (r + 1) ** 0.9 for r in range(n_skus)]
    cum = [0.0] * n_skus
    acc = 0.0
    for r, w in enumerate(pop):
        acc += w
        cum[r] = acc
    stock: dict[str, dict[str, int]] = {s: {} for s in skus}
    for rank, s in enumerate(skus):
        hot = rank < n_skus * 0.15
        for code, node in nodes.items():
            if node.kind == "warehouse" and rng.random() < 0.55:
                q = rng.randint(0, 40 if hot else 12)
            elif node.kind == "store" and rng.random() < (0.45 if hot else 0.08):
                q = rng.randint(1, 6)
            elif node.kind == "supplier" and rng.random() < 0.2:
                q = 100
            else:
                continue
            q = int(q * stock_scale)
            if q > 0:
                stock[s][code] = q
    dests = [
        Location(
            round(rng.uniform(*LAT), 4), round(rng.uniform(*LON), 4), "GB", f"P{i:04d}", "postal"
        )
        for i in range(n_destinations)
    ]
    orders = []
    for i in range(n_orders):
        n_lines = rng.choices([1, 2, 3, 4, 5], weights=[45, 25, 15, 10, 5])[0]
        picked: set[str] = set()
        while len(picked) < n_lines:
            picked.add(
                rng.choices(skus, cum_weights=cum)[0] if rng.random() < 0.9 else rng.choice(skus)
            )
        lines = [
            LineRequest(j + 1, s, rng.choices([1, 2, 3], weights=[75, 18, 7])[0], weights[s])
            for j, s in enumerate(sorted(picked))
        ]
        placed = datetime.combine(day, datetime.min.time()) + timedelta(
            minutes=rng.randint(0, 24 * 60 - 1)
        )
        requested = placed.date() + timedelta(days=3) if rng.random() < requested_share else None
        orders.append(
            BatchOrder(
                f"O{i:05d}",
                lines,
                rng.choice(dests),
                "GB",
                requested_date=requested,
                order_time=placed,
            )
        )
    return Scenario(nodes, stock, weights, orders)

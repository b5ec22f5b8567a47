"""The living demo: 90 days of simulated history in the store, then a live trickle of
orders through the HTTP API so the console always has something moving."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ordermind.services.unit_of_work import AbstractUnitOfWork

from .scenario import ChannelSpec, Scenario
from .simulation import Simulation
from .store import StoreFor

CITIES = [
    ("London", "EC1A 1BB", 51.52, -0.10),
    ("Leeds", "LS1 1UR", 53.80, -1.55),
    ("Glasgow", "G1 1XQ", 55.86, -4.25),
    ("Bristol", "BS1 4DJ", 51.45, -2.59),
]


def demo_scenario(days: int = 90, seed: int = 7, orders_per_day: float = 20.0) -> Scenario:
    """A small store whose history ends yesterday (sized to seed SQLite in under a minute),
    run by the AI policy set: forecast replenishment, the risk model trained on the first
    half of the history, cost sourcing, dynamic priority."""
    from .run import policy_set

    start = (datetime.now(UTC) - timedelta(days=days)).date()
    base = Scenario(name="demo", start=start, days=days, seed=seed, orders_per_day=orders_per_day)
    base = policy_set(base, ai=True)
    base.name = "demo"
    # A small store sees few frauds a day: the risk model learns from the first half
    base.care = replace(base.care, warmup_days=max(1, days // 2))
    # Weekly planning over the last two months (seeding stays within a minute or so)
    base.policy = replace(
        base.policy, forecast_warmup_days=max(14, days - 60), forecast_review_days=7
    )
    base.catalog = replace(base.catalog, skus=40)
    base.channels = [
        ChannelSpec("web", 0.6),
        ChannelSpec("app", 0.25),
        ChannelSpec("marketplace", 0.1, promise_days=4),
        ChannelSpec("b2b", 0.05, promise_days=5, segment="business"),
    ]
    for n in base.nodes:  # sized to the demand, so backlog and stock-outs stay realistic
        n.capacity = max(10, int(n.capacity * orders_per_day / 300))
    return base


def seed_history(
    store_for: StoreFor,
    days: int = 90,
    seed: int = 7,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Fill a store (a migrated database) with `days` of simulated history through the
    services. Returns the number of orders placed; 0 when the demo network is already
    there. `progress` is told each simulated day."""
    scenario = demo_scenario(days, seed)
    with store_for(scenario).uow() as uow:  # read only: left without a commit
        if any(uow.nodes.get(n.code) for n in scenario.nodes):
            return 0
    sim = Simulation(scenario, store_for).run(progress)
    return sim.placed


def plan(uow_factory: Callable[[], AbstractUnitOfWork]) -> str:
    """Forecasts and replenishment proposals waiting for a planner (the planning run)."""
    from ordermind.services.planning import run_planning

    with uow_factory() as uow:
        run = run_planning(uow)
        uow.commit()
    return f"{run.series} forecast series, {run.proposals} replenishment proposals"


def train_risk_model(uow_factory: Callable[[], AbstractUnitOfWork], root: Path) -> str | None:
    """The risk LightGBM trained on the orders reviewers decided on, stored in a registry
    at `root` and promoted; None when there are too few decisions to learn from."""
    from ordermind.risk.registry import ModelRegistry, train_from_facts
    from ordermind.services.screening import training_set

    with uow_factory() as uow:
        facts, labels = training_set(uow)
    try:
        model = train_from_facts(facts, labels, review_rate=0.05)
    except ValueError:
        return None
    registry = ModelRegistry(root)
    version = registry.add(model)
    registry.promote(version)
    return version


def scan_exceptions(uow_factory: Callable[[], AbstractUnitOfWork], scorer: Any, policy: Any) -> int:
    """One order-care pass over the open orders (what the server does every few minutes)
    with the store's delay scorer and care policy; the number of exceptions opened."""
    from ordermind.services import care

    report = care.scan(uow_factory, datetime.now(UTC), scorer, policy)
    return sum(report.opened.values())


def intake_document(uow_factory: Callable[[], AbstractUnitOfWork], channel: str = "b2b") -> str:
    """A buyer's e-mailed order in free text, with product names written their own way:
    the intake pipeline matches what it can and leaves the document for a person."""
    from ordermind.intake import Catalog, CatalogMatcher
    from ordermind.services.intake import catalog_records, ingest

    with uow_factory() as uow:
        records = catalog_records(uow)
        names = [r["name"] for r in records if r.get("name")][:3]
        lines = [f"{2 + i} x {n.split(' ')[0]} item, the usual one" for i, n in enumerate(names)]
        text = (
            "Subject: order PO DEMO-1042\n\nHi, please send the following to Leeds:\n"
            + "\n".join(lines)
            + "\n\nDeliver to: Northwind Trading, 12 Wellington St, Leeds LS1 4DL, GB\n"
            "Thanks, Sam\n"
        )
        out = ingest(
            uow,
            text.encode(),
            matcher=CatalogMatcher(Catalog.from_records(records)),
            channel=channel,
            actor="channel:email",
            source="email",
            filename="order-DEMO-1042.txt",
        )
        uow.commit()
    return ", ".join(o.status for o in out)


def live_trickle(
    base_url: str,
    api_key: str,
    stop: threading.Event,
    rate_per_min: float = 20.0,
    seed: int | None = None,
) -> int:
    """Place, release, ship and deliver orders through the API until `stop` is set.
    Returns the number of orders placed."""
    import httpx

    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {api_key}"}
    placed = 0
    to_release: list[int] = []
    to_ship: list[int] = []
    in_transit: list[str] = []
    with httpx.Client(base_url=base_url, headers=headers, timeout=10) as client:
        products = [
            p
            for p in client.get("/v1/products", params={"limit": 200}).json().get("items", [])
            if p.get("active", True)
        ]
        if not products:
            return 0
        while not stop.wait(60.0 / max(rate_per_min, 0.1)):
            try:
                placed += _tick(client, rng, products, to_release, to_ship, in_transit)
            except httpx.HTTPError:
                continue  # the server is restarting or busy; try again next tick
    return placed


def _tick(
    client,
    rng: random.Random,
    products: list[dict],
    to_release: list[int],
    to_ship: list[int],
    in_transit: list[str],
) -> int:
    # Move earlier orders on one step each, then place a new one.
    if in_transit and rng.random() < 0.6:
        client.post(f"/v1/shipments/{in_transit.pop(0)}/deliver")
    if to_ship:
        order = client.get(f"/v1/orders/{to_ship.pop(0)}").json()
        by_node: dict[str, list[dict]] = {}
        for ln in order.get("lines", []):
            for a in ln.get("allocations", []):
                if a.get("released"):
                    by_node.setdefault(a["node"], []).append(
                        {"sku": ln["sku"], "quantity": a["released"]}
                    )
        for node, lines in by_node.items():
            r = client.post(
                "/v1/shipments",
                json={
                    "order_id": order["id"],
                    "node": node,
                    "lines": lines,
                    "carrier": rng.choice(["royalmail", "dpd"]),
                },
                headers={"Idempotency-Key": uuid.uuid4().hex},
            )
            if r.status_code == 201:
                in_transit.append(r.json()["id"])
    if to_release:
        oid = to_release.pop(0)
        if client.post(f"/v1/orders/{oid}/release").status_code == 200:
            to_ship.append(oid)
    city, postcode, lat, lon = rng.choice(CITIES)
    picks = rng.sample(products, k=min(len(products), rng.choice([1, 1, 1, 2, 3])))
    n = rng.randrange(1, 100000)
    r = client.post(
        "/v1/orders",
        json={
            "channel": rng.choice(["web", "web", "app", "marketplace"]),
            "currency": picks[0].get("currency", "EUR"),
            "customer": {"email": f"live{n}@demo.example", "name": f"Live customer {n}"},
            "ship_to": {
                "name": f"Live customer {n}",
                "line1": f"{n % 200 + 1} High Street",
                "city": city,
                "postal_code": postcode,
                "country": "GB",
                "lat": lat,
                "lon": lon,
            },
            "lines": [{"sku": p["sku"], "quantity": rng.choice([1, 1, 2])} for p in picks],
            "requested_delivery_date": (datetime.now(UTC) + timedelta(days=3)).date().isoformat(),
        },
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    if r.status_code == 201:
        to_release.append(r.json()["id"])
        return 1
    return 0

"""`nearest` and `priority` cache their node rankings (per destination, per network): a
context warmed by other requests must give exactly the plan a fresh context gives."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime

import pytest

from ordermind.sourcing import LineRequest, Location, NodeInfo, SourcingRequest, plan
from ordermind.sourcing.cost import SourcingContext


def _network(rng: random.Random) -> dict[str, NodeInfo]:
    nodes = {}
    for i in range(rng.randint(2, 9)):
        located = rng.random() < 0.75
        nodes[f"N{i}"] = NodeInfo(
            f"N{i}",
            rng.choice(["warehouse", "store"]),
            rng.choice(["GB", "FR"]),
            rng.uniform(50, 55) if located else None,
            rng.uniform(-4, 2) if located else None,
            daily_capacity=rng.randint(0, 4),
            priority=rng.randint(1, 4),
        )
    return nodes


def _request(rng: random.Random, nodes: dict[str, NodeInfo], ctx) -> SourcingRequest:
    skus = ["A", "B", "C"]
    lines = [
        LineRequest(i + 1, s, rng.randint(0, 3), 500)
        for i, s in enumerate(rng.sample(skus, rng.randint(1, 3)))
    ]
    stock = {s: {c: rng.randint(1, 4) for c in nodes if rng.random() < 0.6} for s in skus}
    # Few destinations and countries, so that warm caches are hit by other requests.
    to = rng.choice([None, Location(51.5, -0.1, "GB"), Location(53.4, -2.2, "GB")])
    return SourcingRequest(
        lines,
        to,
        stock,
        nodes,
        ship_to_country=rng.choice(["GB", "FR", None]),
        ship_complete=rng.random() < 0.2,
        max_packages=rng.choice([None, 1, 2]),
        excluded_nodes=frozenset(c for c in nodes if rng.random() < 0.15),
        capacity_used={c: rng.randint(0, 4) for c in nodes if rng.random() < 0.5},
        order_time=datetime(2026, 3, 2, 10),
        allow_ship_from_store=rng.random() < 0.8,
        context=ctx,
    )


def _fields(p) -> tuple:
    return (
        p.allocations,
        p.backordered,
        p.strategy,
        p.explanation,
        p.cost,
        p.promised_date,
        p.flags,
    )


@pytest.mark.parametrize("strategy", ["nearest", "priority"])
def test_warm_rankings_give_the_plan_of_a_cold_context(strategy: str) -> None:
    rng = random.Random(5)
    for _ in range(40):
        nodes = _network(rng)
        warm = SourcingContext()
        for _ in range(30):
            r = _request(rng, nodes, warm)
            got = plan(r, strategy)
            fresh = plan(replace(r, context=SourcingContext()), strategy)
            assert _fields(got) == _fields(fresh)


def test_a_changed_network_is_ranked_afresh() -> None:
    ctx = SourcingContext()
    near = NodeInfo("NEAR", "warehouse", "GB", 51.5, -0.1, priority=2)
    far = NodeInfo("FAR", "warehouse", "GB", 55.9, -4.2, priority=1)
    stock = {"A": {"NEAR": 5, "FAR": 5}}
    lines = [LineRequest(1, "A", 1)]
    to = Location(51.5, -0.1, "GB")
    when = datetime(2026, 3, 2, 10)
    first = {"NEAR": near, "FAR": far}
    assert plan(
        SourcingRequest(lines, to, stock, first, order_time=when, context=ctx), "nearest"
    ).nodes == ["NEAR"]
    assert plan(
        SourcingRequest(lines, to, stock, first, order_time=when, context=ctx), "priority"
    ).nodes == ["FAR"]
    moved = {
        "NEAR": replace(near, lat=56.0, lon=-5.0, priority=1),
        "FAR": replace(far, lat=51.6, lon=-0.2, priority=2),
    }
    assert plan(
        SourcingRequest(lines, to, stock, moved, order_time=when, context=ctx), "nearest"
    ).nodes == ["FAR"]
    assert plan(
        SourcingRequest(lines, to, stock, moved, order_time=when, context=ctx), "priority"
    ).nodes == ["NEAR"]

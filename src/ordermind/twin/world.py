"""Building a scenario's network through the services: products, nodes, channels, stock."""

from __future__ import annotations

import math
from collections.abc import Callable

from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.network import Node, NodeKind
from ordermind.domain.orders import BackorderPolicy
from ordermind.services import inventory as inv
from ordermind.services.unit_of_work import AbstractUnitOfWork

from .demand import Sku
from .scenario import Carrier, NodeSpec, Scenario

ACTOR = "twin"


def node_of(spec: NodeSpec, active: bool = True, capacity: int | None = None) -> Node:
    return Node(
        code=spec.code,
        name=spec.code,
        kind=NodeKind(spec.kind),
        country=spec.country,
        lat=spec.lat,
        lon=spec.lon,
        daily_capacity=spec.capacity if capacity is None else capacity,
        handling_cost=spec.handling_cost,
        can_pickup=spec.kind == "store",
        active=active,
    )


def expected_units(s: Scenario, skus: list[Sku]) -> dict[tuple[str, str], float]:
    """Prior daily demand per (node, sku): the catalog mix spread by node capacity."""
    total_w = sum(k.weight for k in skus) or 1.0
    cap = sum(n.capacity for n in s.nodes) or 1
    units_per_order = s.lines_per_order * 1.45
    out = {}
    for n in s.nodes:
        for k in skus:
            out[(n.code, k.sku)] = (
                s.orders_per_day * units_per_order * k.weight / total_w * n.capacity / cap
            )
    return out


def build(
    s: Scenario, skus: list[Sku], uow_factory: Callable[[], AbstractUnitOfWork]
) -> dict[tuple[str, str], float]:
    """Create the network and opening stock; returns the demand prior."""
    prior = expected_units(s, skus)
    with uow_factory() as uow:
        for k in skus:
            inv.upsert_product(
                uow,
                Product(
                    sku=k.sku,
                    name=f"{k.family} {k.sku}",
                    price=k.price,
                    weight_g=k.weight_g,
                    category=k.family,
                ),
            )
        for n in s.nodes:
            inv.upsert_node(uow, node_of(n))
        for c in s.channels:
            inv.upsert_channel(
                uow,
                Channel(
                    code=c.code,
                    name=c.code,
                    backorder_policy=BackorderPolicy(c.backorder_policy),
                    sourcing_strategy=s.policy.sourcing_strategy,
                    priority=s.policy.priority,
                ),
            )
        uow.commit()
    with uow_factory() as uow:
        for n in s.nodes:
            for k in skus:
                qty = math.ceil(prior[(n.code, k.sku)] * n.stock_days)
                if qty > 0:
                    inv.set_stock(uow, n.code, k.sku, qty, 0, ACTOR)
        uow.commit()
    return prior


def nearest_node(s: Scenario, region) -> str:
    """The node closest to a region (where its unallocated demand is counted)."""
    return min(
        s.nodes,
        key=lambda n: (
            (n.lat - region.lat) ** 2
            + ((n.lon - region.lon) * math.cos(math.radians(region.lat))) ** 2
        ),
    ).code


def transit_days(carrier: Carrier, z: float) -> float:
    """Log-normal transit time with the carrier's mean and spread, from one normal draw."""
    m, sd = max(carrier.transit_days, 0.1), max(carrier.transit_sd, 0.0)
    sigma2 = math.log(1 + (sd / m) ** 2)
    return math.exp(math.log(m) - sigma2 / 2 + math.sqrt(sigma2) * z)


def pick(items: list, shares: list[float], u: float):
    total = sum(shares)
    acc = 0.0
    for item, share in zip(items, shares, strict=True):
        acc += share / total
        if u < acc:
            return item
    return items[-1]

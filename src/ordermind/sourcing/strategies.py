"""Sourcing strategies, chosen (per channel) by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .costplan import cost
from .rules import nearest, priority
from .types import SourcingPlan, SourcingRequest

Strategy = Callable[[SourcingRequest], SourcingPlan]

STRATEGIES: dict[str, Strategy] = {
    "nearest": nearest,
    "priority": priority,
    "cost": cost,
    "default": nearest,  # the issue-2 baseline: nearest whole node, else split by distance
}


def strategy_names() -> list[str]:
    return sorted(STRATEGIES)


def plan(request: SourcingRequest, strategy: str = "default") -> SourcingPlan:
    try:
        chosen = STRATEGIES[strategy]
    except KeyError:
        known = strategy_names()
        raise ValueError(f"unknown sourcing strategy {strategy!r}; known: {known}") from None
    if request.fulfilment == "pickup":
        return _pickup(request, chosen, strategy)
    if request.fulfilment != "ship":
        raise ValueError(f"unknown fulfilment {request.fulfilment!r}; use 'ship' or 'pickup'")
    return chosen(request)


def _pickup(request: SourcingRequest, chosen: Strategy, name: str) -> SourcingPlan:
    """Pick up in store: the store's own stock first; what it lacks is transferred to the
    store by the channel's strategy (shipping to the store's address)."""
    from datetime import datetime

    from .cost import default_context
    from .promise import local_time, ship_date
    from .types import Location

    store = request.nodes.get(request.pickup_node or "")
    if store is None or not store.active or not store.can_pickup:
        raise ValueError(f"{request.pickup_node!r} is not an active pick-up location")
    ctx = request.context or default_context()
    local: list[tuple[int, str, int]] = []
    rest = []
    for line in request.lines:
        have = request.stock.get(line.sku, {}).get(store.code, 0)
        take = min(have, line.quantity)
        if take:
            local.append((line.line_no, store.code, take))
        if line.quantity > take:
            rest.append(replace(line, quantity=line.quantity - take))
    if request.ship_complete and rest:
        # Waiting for the whole order at the store is for the store to arrange: back-order.
        return SourcingPlan(
            [],
            {ln.line_no: ln.quantity for ln in request.lines},
            name,
            {
                "rule": "ship complete: the store lacks part of the order",
                "pickup_node": store.code,
                "rejected": [],
                "flags": [],
            },
        )
    units = sum(q for _, _, q in local)
    local_cost = (store.handling_cost + units * ctx.params.store_labour_per_unit) if local else 0
    ready = ship_date(
        local_time(request.order_time or datetime.now(), store.timezone),
        ctx.profile_for(store),
    )
    explanation = {
        "rule": "pick up in store: the store's own stock first",
        "pickup_node": store.code,
        "ready_date": ready.isoformat(),
        "store_cost": local_cost,
    }
    if not rest:
        return SourcingPlan(
            local,
            {},
            name,
            {**explanation, "chosen": [store.code], "transfers": [], "rejected": [], "flags": []},
            local_cost,
            ready,
            [],
        )
    to = (
        Location(store.lat, store.lon, store.country, store.postal_code)
        if store.lat is not None and store.lon is not None
        else None
    )
    sub = replace(
        request,
        lines=rest,
        ship_to=to,
        ship_to_country=store.country,
        fulfilment="ship",
        excluded_nodes=request.excluded_nodes | {store.code},
        ship_complete=False,
    )
    moved = chosen(sub)
    flags = moved.flags + ["ship_to_store"]
    when = max(d for d in (ready, moved.promised_date) if d is not None)
    cost = local_cost + (moved.cost or 0)
    return SourcingPlan(
        local + moved.allocations,
        moved.backordered,
        name,
        {
            **moved.explanation,
            **explanation,
            "transfers": moved.allocations,
            "chosen": sorted({n for _, n, _ in local + moved.allocations}),
            "flags": flags,
            "promised_date": when.isoformat(),
            "total_cost": cost,
        },
        cost,
        when,
        flags,
    )

"""Network questions and events: what can be promised where, and a node going down."""

from __future__ import annotations

from ordermind import sourcing
from ordermind.domain.clock import utcnow
from ordermind.domain.errors import NotFound, ValidationFailed
from ordermind.domain.fences import covering
from ordermind.services import audit, capacity
from ordermind.services.allocation import (
    _local,
    _location,
    channel_rules,
    fences_against,
    node_info,
    source_order,
)
from ordermind.services.audit import snapshot
from ordermind.services.unit_of_work import AbstractUnitOfWork


def availability(
    uow: AbstractUnitOfWork,
    skus: list[str],
    *,
    country: str,
    postal_code: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    quantity: int = 1,
    channel: str | None = None,
    city: str | None = None,
) -> dict:
    """Per fulfilment option (ship to home, ship from store, pick up in store): units
    promisable now and with inbound supply, and the earliest date, for each SKU."""
    known = uow.products.get_many(skus)
    unknown = sorted(set(skus) - set(known))
    if unknown:
        raise ValidationFailed(f"unknown SKU(s): {', '.join(unknown)}")
    location = sourcing.resolve_location(country, postal_code, lat, lon, city=city)
    nodes = {n.code: node_info(n) for n in uow.nodes.all()}
    positions = [p for sku in skus for p in uow.inventory.find(sku=sku)]
    inbound = [s for sku in skus for s in uow.supply.find(sku=sku)]
    fences = [f for c in uow.channels.all() for f in c.ring_fences]
    table = sourcing.atp_table(positions, inbound, fences, channel=channel)
    result = sourcing.availability(
        skus, location, nodes, table, quantity=quantity, order_time=_local(utcnow())
    )
    result["skus"] = {
        sku: {opt: av.as_dict() for opt, av in options.items()}
        for sku, options in result["skus"].items()
    }
    return result


def take_node_down(uow: AbstractUnitOfWork, code: str, actor: str, limit: int = 20_000) -> dict:
    """Mark a node inactive and re-source every unreleased reservation it held, as one
    wave through the batch optimiser (shared capacity, cheapest total)."""
    node = uow.nodes.get(code)
    if node is None:
        raise NotFound(f"node {code} not found")
    before = snapshot(node)  # (before the change: the repository may hand out its cached node)
    node.active = False
    uow.nodes.upsert(node)
    audit.record(uow, actor, "node.taken_down", "node", code, before, node)
    orders = [
        o
        for o in (uow.orders.get(i) for i in uow.orders.with_unreleased_at(code, None, limit))
        if o is not None
    ]
    for order in orders:
        for line in order.lines:
            taken = order.deallocate(line.sku, code, line.ordered, actor, f"node {code} down")
            if taken:
                uow.inventory.unreserve(code, line.sku, taken)
    wave = [
        sourcing.BatchOrder(
            order_id=str(o.id),
            ship_to=_location(o),
            ship_to_country=o.ship_to.country,
            requested_date=o.requested_delivery_date,
            order_time=_local(o.created_at),
            lines=[
                sourcing.LineRequest(ln.line_no, ln.sku, ln.backordered)
                for ln in o.lines
                if ln.backordered
            ],
        )
        for o in orders
        if not o.pickup_node  # pick-ups go to their store: the single-order path below
    ]
    wave = [w for w in wave if w.lines]
    skus = {ln.sku for w in wave for ln in w.lines}
    nodes = {n.code: node_info(n) for n in uow.nodes.all()}
    # The wave sees what each node has already taken today, and what it reserves counts.
    days = capacity.node_days(nodes)
    result = (
        sourcing.outage(
            wave,
            uow.inventory.available(skus),
            nodes,
            code,
            capacity_used=uow.nodes.lines_taken(days),
        )
        if wave
        else None
    )
    moved = backordered = 0
    plans = result.plans if result else {}
    for order in orders:
        plan = plans.get(str(order.id))
        reserved = []
        # The wave plans on network stock; each reservation still honours the fences
        # against the order's channel (what it cannot take goes the single-order path).
        fences = fences_against(uow, order.channel)
        for line_no, node_code, qty in plan.allocations if plan else []:
            sku = order.line_by_no(line_no).sku
            here = covering(fences, node_code, sku)
            if uow.inventory.try_reserve(node_code, sku, qty, here):
                reserved.append((line_no, node_code, qty))
        capacity.record_taken(uow, days, reserved)
        if plan is not None:
            order.apply_sourcing(
                reserved, actor, {"strategy": "batch_outage", "down": code, **plan.explanation}
            )
        rules = channel_rules(uow, order.channel)
        # anything the wave plan could not reserve (a race) gets the single-order path
        source_order(
            uow, order, actor, strategy=rules.sourcing_strategy, excluded_nodes=frozenset({code})
        )
        moved += sum(q for _, _, q in reserved)
        backordered += sum(ln.backordered for ln in order.lines)
        uow.orders.save(order)
    return {
        "node": code,
        "orders": len(orders),
        "units_resourced": moved,
        "units_backordered": backordered,
        "optimiser": None
        if result is None
        else {
            "status": result.status,
            "objective": result.objective,
            "fast_path_objective": result.fast_path_objective,
            "seconds": round(result.seconds, 3),
        },
    }


def bring_node_up(uow: AbstractUnitOfWork, code: str, actor: str) -> dict:
    """Reactivate a node; its stock goes to waiting back-orders first."""
    from ordermind.services.allocation import allocate_backorders

    node = uow.nodes.get(code)
    if node is None:
        raise NotFound(f"node {code} not found")
    before = snapshot(node)
    node.active = True
    uow.nodes.upsert(node)
    audit.record(uow, actor, "node.restored", "node", code, before, node)
    served = sum(
        allocate_backorders(uow, p.sku, actor)
        for p in uow.inventory.find(node=code)
        if p.available > 0
    )
    return {"node": code, "active": True, "backorders_served": served}

"""Reservation: turning a sourcing plan into reserved stock without ever overselling.

Each reservation is one atomic conditional update in the inventory repository. When a
concurrent order wins the race for a node, the remainder is re-planned against fresh
availability; what no node can supply is back-ordered."""

from __future__ import annotations

from datetime import UTC, datetime
from operator import attrgetter

from ordermind import sourcing
from ordermind.domain import fences as fence_rules
from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.clock import utcnow
from ordermind.domain.errors import InsufficientStock
from ordermind.domain.fences import RingFence
from ordermind.domain.network import Node
from ordermind.domain.orders import BackorderPolicy, Order
from ordermind.services import capacity
from ordermind.services.unit_of_work import AbstractUnitOfWork, PlacementReads
from ordermind.sourcing import LineRequest, NodeInfo, SourcingRequest

MAX_REPLANS = 3


def node_info(node: Node) -> NodeInfo:
    return NodeInfo(
        code=node.code,
        kind=str(node.kind),
        country=node.country,
        lat=node.lat,
        lon=node.lon,
        postal_code=node.postal_code,
        daily_capacity=node.daily_capacity,
        handling_cost=node.handling_cost,
        can_ship=node.can_ship,
        can_pickup=node.can_pickup,
        priority=node.priority,
        active=node.active,
        timezone=node.timezone,
        cutoff=node.cutoff,
        processing_days=node.processing_days,
        holidays=node.holidays,
    )


# Every field node_info reads: two networks with equal values give equal NodeInfo.
_NODE_VALUES = attrgetter(
    "code",
    "kind",
    "country",
    "lat",
    "lon",
    "postal_code",
    "daily_capacity",
    "handling_cost",
    "can_ship",
    "can_pickup",
    "priority",
    "active",
    "timezone",
    "cutoff",
    "processing_days",
    "holidays",
)
_last_network: dict[tuple, dict[str, NodeInfo]] = {}


def network_infos(nodes: list[Node]) -> dict[str, NodeInfo]:
    """code -> NodeInfo. An unchanged network (compared by value) gives back the very same
    (read-only) dict, which lets the sourcing engine's per-network caches be hit without
    comparing every node, and saves building the NodeInfo objects for every order."""
    key = tuple(map(_NODE_VALUES, nodes))
    infos = _last_network.get(key)
    if infos is None:
        infos = {n.code: node_info(n) for n in nodes}
        _last_network.clear()  # only the latest network is kept
        _last_network[key] = infos
    return infos


def _location(order: Order) -> sourcing.Location | None:
    """Coordinates if the address has them, else the postal-code table, else the country
    centroid; None (a flagged low-confidence plan) when even the country is unknown."""
    to = order.ship_to
    return sourcing.resolve_location(to.country, to.postal_code, to.lat, to.lon, city=to.city)


def _local(ts: datetime) -> datetime:
    # An aware instant: sourcing turns it into each node's local time for cut-offs and
    # working days. (A naive time here can only be UTC read back from SQLite.)
    return ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)


def channel_rules(uow: AbstractUnitOfWork, code: str) -> Channel:
    """The channel's back-order policy and sourcing strategy (defaults if unconfigured)."""
    return uow.channels.get(code) or Channel(code=code)


def fences_against(uow: AbstractUnitOfWork, channel: str) -> list[RingFence]:
    """Stock other channels keep at their nodes, which `channel` may not take."""
    return fence_rules.against((f for c in uow.channels.all() for f in c.ring_fences), channel)


def beyond_fences(
    stock: dict[str, dict[str, int]],
    fences: list[RingFence],
) -> dict[str, dict[str, int]]:
    """sku -> node -> free units less what the fences keep back (only positive ones)."""
    if not fences:
        return stock
    out: dict[str, dict[str, int]] = {}
    for sku, at in stock.items():
        left = {
            n: fence_rules.usable(q, fence_rules.covering(fences, n, sku)) for n, q in at.items()
        }
        left = {n: q for n, q in left.items() if q > 0}
        if left:
            out[sku] = left
    return out


def _plan(request: SourcingRequest, strategy: str) -> sourcing.SourcingPlan:
    """The strategy's plan; a pick-up order whose store closed since (down, no longer
    taking pick-ups) waits as a back-order with a flag instead of failing."""
    if request.fulfilment == "pickup":
        store = request.nodes.get(request.pickup_node or "")
        if store is None or not store.active or not store.can_pickup:
            why = f"pick-up store {request.pickup_node} is not taking pick-ups"
            return sourcing.SourcingPlan(
                [],
                {ln.line_no: ln.quantity for ln in request.lines},
                strategy,
                {
                    "rule": why,
                    "pickup_node": request.pickup_node,
                    "rejected": [],
                    "flags": ["pickup_store_unavailable"],
                },
                flags=["pickup_store_unavailable"],
            )
    return sourcing.plan(request, strategy)


def source_order(
    uow: AbstractUnitOfWork,
    order: Order,
    actor: str,
    *,
    policy: BackorderPolicy = BackorderPolicy.BACKORDER,
    strategy: str = "default",
    excluded_nodes: frozenset[str] = frozenset(),
    products: dict[str, Product] | None = None,
    reads: PlacementReads | None = None,
    shadow: str | None = None,
) -> dict | None:
    """Reserve stock for every unsourced or back-ordered unit of the order. `reads` are
    the stock and node load the caller already read (the first plan uses them; a plan
    after a lost race reads again). With `shadow` (a strategy), the first plan is also
    made with that strategy, reserving nothing: its summary is returned (an experiment in
    shadow mode records it), else None."""
    needy = order.needs_sourcing()
    if not needy:
        return None
    if products is None:
        products = uow.products.get_many(line.sku for line in needy)
    nodes = network_infos(uow.nodes.all())
    fences = fences_against(uow, order.channel)
    wanted = {line.line_no: line.unsourced + line.backordered for line in needy}
    skus = {line.line_no: line.sku for line in needy}
    reserved: list[tuple[int, str, int]] = []
    decision: dict | None = None
    shadowed: dict | None = None
    plan = None
    location = _location(order)
    days = capacity.node_days(nodes)
    # read once: a replan after a lost race reuses it
    used_today = reads.lines_taken(days) if reads else uow.nodes.lines_taken(days)
    first_stock = reads.stock if reads else None
    for _ in range(MAX_REPLANS):
        if first_stock is None:
            stock = uow.inventory.available(set(skus.values()))
        else:
            stock, first_stock = first_stock, None
        request = SourcingRequest(
            lines=[
                LineRequest(no, skus[no], qty, getattr(products.get(skus[no]), "weight_g", 0))
                for no, qty in wanted.items()
                if qty > 0
            ],
            ship_to=location,
            ship_to_country=order.ship_to.country,
            stock=beyond_fences(stock, fences),
            nodes=nodes,
            ship_complete=policy is BackorderPolicy.SHIP_COMPLETE,
            excluded_nodes=excluded_nodes,
            requested_date=order.requested_delivery_date,
            # Promised from now: a back-order sourced days later ships from then, not from
            # when it was placed (the clock is the simulation's in the twin, the history's
            # in an import).
            order_time=_local(max(_local(order.created_at), utcnow())),
            fulfilment="pickup" if order.pickup_node else "ship",
            pickup_node=order.pickup_node,
            capacity_used=used_today,
        )
        if not request.lines:
            break
        plan = capacity.plan_within_capacity(request, lambda r: _plan(r, strategy))
        if decision is None:  # the explanation is of the first choice made
            decision = {
                "strategy": plan.strategy,
                **plan.explanation,
                # The breakdown (shipping, handling, carbon, ..., total): KPIs read it.
                "cost": plan.explanation.get("cost"),
                "flags": plan.flags,
                "promised_date": plan.promised_date.isoformat() if plan.promised_date else None,
            }
            if shadow is not None:
                shadowed = _shadow_plan(request, shadow, plan)
        if plan.backordered and policy is not BackorderPolicy.BACKORDER:
            break
        lost = False
        # Stock rows are locked in one global order (node, SKU) by every transaction, so
        # two orders naming the same SKUs in different orders never wait on each other;
        # the order records its allocations in the plan's order (nearest first).
        got = []
        for i, (line_no, node, qty) in sorted(
            enumerate(plan.allocations), key=lambda a: (a[1][1], skus[a[1][0]])
        ):
            sku = skus[line_no]
            here = fence_rules.covering(fences, node, sku) if fences else ()
            if uow.inventory.try_reserve(node, sku, qty, here):
                got.append((i, (line_no, node, qty)))
                wanted[line_no] -= qty
            else:
                lost = True  # a concurrent order took it; plan again on fresh numbers
        reserved.extend(a for _, a in sorted(got))
        if not lost:
            break
    short = {skus[no]: qty for no, qty in wanted.items() if qty > 0}
    if short and policy is not BackorderPolicy.BACKORDER:
        for line_no, node, qty in reserved:
            uow.inventory.unreserve(node, skus[line_no], qty)
        if policy is BackorderPolicy.REJECT:
            raise InsufficientStock(
                "not enough stock and the channel does not accept back-orders",
                short=short,
            )
        reserved = []  # ship complete: wait for all of it
    capacity.record_taken(uow, days, reserved)
    if plan is not None and plan.promised_date and not short:
        order.promised_delivery_date = plan.promised_date  # the plan that was reserved
    order.apply_sourcing(reserved, actor, decision)
    return shadowed


def _shadow_plan(request: SourcingRequest, strategy: str, applied: sourcing.SourcingPlan) -> dict:
    """What `strategy` would have planned for `request`, beside the plan applied."""
    other = capacity.plan_within_capacity(request, lambda r: _plan(r, strategy))
    cost = other.explanation.get("cost")
    total = None
    if isinstance(cost, dict):
        total = sum(v for k, v in cost.items() if k in ("shipping", "handling") and v)
    return {
        "value": strategy,
        "allocations": [[line, node, qty] for line, node, qty in other.allocations],
        "backordered": sum(other.backordered.values()),
        "cost": total,
        "promised_date": other.promised_date.isoformat() if other.promised_date else None,
        "differs": sorted(other.allocations) != sorted(applied.allocations),
    }


def allocate_backorders(uow: AbstractUnitOfWork, sku: str, actor: str, limit: int = 200) -> int:
    """After stock arrives, give it to back-ordered orders: oldest first, or — when a
    waiting order's channel ranks by `dynamic` priority — the `limit` oldest waiting ones
    scored and taken in priority order (`services.priority.in_priority_order`)."""
    from ordermind.services import (  # priority's release wave imports fulfilment
        experiments,
        priority,
    )

    served = 0
    ids = uow.orders.with_backorders(sku, limit)
    loaded: dict[int, Order | None] = {}
    # Channels are cached: the FIFO path reads no order more than it did before.
    if len(ids) > 1 and any(c.priority == "dynamic" for c in uow.channels.all()):
        loaded = {i: uow.orders.get(i) for i in ids}
        waiting = [o for o in loaded.values() if o is not None]
        if priority.any_dynamic(uow, waiting):
            ids = [o.stored_id for o, _ in priority.in_priority_order(uow, waiting)]
    for order_id in ids:
        if not any(uow.inventory.available([sku]).get(sku, {}).values()):
            break
        if order_id not in loaded:
            uow.orders.lock(order_id)  # taken in turn, not redone after another's save
        order = loaded[order_id] if order_id in loaded else uow.orders.get(order_id)
        if order is None:
            continue
        rules = channel_rules(uow, order.channel)
        before = sum(line.backordered for line in order.lines)
        source_order(
            uow,
            order,
            actor,
            policy=_wait_policy(rules.backorder_policy),
            strategy=experiments.strategy_for(uow, order, rules.sourcing_strategy),
        )
        if sum(line.backordered for line in order.lines) < before:
            served += 1
            uow.orders.save(order)
    return served


def _wait_policy(policy: BackorderPolicy) -> BackorderPolicy:
    # An order already accepted as a back-order is never rejected later.
    return BackorderPolicy.BACKORDER if policy is BackorderPolicy.REJECT else policy

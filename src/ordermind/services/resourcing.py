"""Re-source an order to a node a person chose (the console's "source from LDN"): every
unit reserved elsewhere and not yet released is given back and reserved at that node
instead, all or nothing. If the node cannot take every such unit now (no stock, down, at
capacity, fenced off), nothing changes and the refusal says so."""

from __future__ import annotations

from ordermind.domain.errors import InvalidTransition, NotFound, ValidationFailed
from ordermind.domain.orders import Order

from . import ordering
from .allocation import channel_rules, source_order
from .unit_of_work import AbstractUnitOfWork


def resource_to(
    uow: AbstractUnitOfWork, order_id: int, node: str, actor: str, channel: str | None = None
) -> Order:
    target = uow.nodes.get(node)
    if target is None:
        raise NotFound(f"no node {node!r}")
    if not target.active or not target.can_ship:
        raise ValidationFailed(f"node {node} is {'down' if not target.active else 'not shipping'}")
    order = ordering.get_order(uow, order_id, channel)
    moved = 0
    for line in sorted(order.lines, key=lambda ln: ln.sku):  # the global lock order
        for alloc in list(line.allocations):
            if alloc.node == node or not alloc.allocated:
                continue
            taken = order.deallocate(
                line.sku, alloc.node, alloc.allocated, actor, f"re-sourced to {node} by a person"
            )
            if taken:
                uow.inventory.unreserve(alloc.node, line.sku, taken)
                moved += taken
    if not moved:
        raise InvalidTransition(f"nothing of {order.number} is reserved away from {node} now")
    others = frozenset(n.code for n in uow.nodes.all() if n.code != node)
    rules = channel_rules(uow, order.channel)
    source_order(uow, order, actor, strategy=rules.sourcing_strategy, excluded_nodes=others)
    short = {
        ln.sku: ln.backordered + ln.unsourced for ln in order.lines if ln.backordered + ln.unsourced
    }
    if short:
        # raised before the save: the unit of work rolls back, so nothing has moved
        what = ", ".join(f"{q} x {sku}" for sku, q in sorted(short.items()))
        raise InvalidTransition(f"{node} cannot take {what} now; the order was left as it was")
    uow.orders.save(order)
    return order

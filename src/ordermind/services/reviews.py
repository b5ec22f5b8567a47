"""Review queue decisions. Every decision is kept as a label for the risk model."""

from __future__ import annotations

from dataclasses import dataclass

from ordermind.domain.errors import InvalidTransition, NotFound
from ordermind.domain.orders import Hold, Order
from ordermind.services.allocation import allocate_backorders
from ordermind.services.ordering import get_order
from ordermind.services.unit_of_work import AbstractUnitOfWork


@dataclass
class ReviewItem:
    order: Order
    hold: Hold
    document_id: int | None = None


def queue(uow: AbstractUnitOfWork, reason: str | None, limit: int) -> list[ReviewItem]:
    items = []
    for order_id, hold_id in uow.orders.active_holds(reason, limit):
        order = uow.orders.get(order_id)
        if order is None:
            continue
        hold = next(h for h in order.holds if h.id == hold_id)
        items.append(ReviewItem(order, hold))
    return items


def decide(
    uow: AbstractUnitOfWork, order_id: int, hold_id: str, decision: str, reason: str, actor: str
) -> Order:
    order = get_order(uow, order_id)
    hold = next((h for h in order.holds if h.id == hold_id), None)
    if hold is None:
        raise NotFound(f"order {order_id} has no hold {hold_id}")
    if not hold.active:
        raise InvalidTransition(f"hold {hold_id} was already decided")
    order.release_hold(hold_id, actor, f"{decision}: {reason}")
    freed = order.cancel(actor, f"rejected in review: {reason}") if decision == "reject" else []
    for res in freed:
        uow.inventory.unreserve(res.node, res.sku, res.quantity)
    uow.orders.save(order)
    if hasattr(uow, "intake"):
        uow.intake.record_decision(order_id, hold_id, str(hold.reason), decision, reason, actor)
    for sku in dict.fromkeys(r.sku for r in freed):  # in a fixed order, not hash order
        allocate_backorders(uow, sku, actor)
    return order

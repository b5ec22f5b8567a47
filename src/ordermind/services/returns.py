"""Returns: RMA requested against shipped lines, authorised, received, refunded."""

from __future__ import annotations

from ordermind.domain import returns
from ordermind.domain.errors import NotFound, ValidationFailed
from ordermind.domain.orders import Order
from ordermind.domain.returns import ReturnAuthorisation
from ordermind.services.allocation import allocate_backorders
from ordermind.services.commands import ReceiveReturn, RequestReturn
from ordermind.services.ids import new_id
from ordermind.services.inventory import check_room
from ordermind.services.ordering import get_order
from ordermind.services.unit_of_work import AbstractUnitOfWork


def request_return(
    uow: AbstractUnitOfWork, cmd: RequestReturn, actor: str, channel: str | None = None
) -> tuple[Order, ReturnAuthorisation]:
    order = get_order(uow, cmd.order_id, channel)
    rma = returns.request_return(order, new_id("rma"), cmd.lines, actor)
    uow.orders.save(order)
    return order, rma


def _load(uow: AbstractUnitOfWork, rma_id: str) -> Order:
    order_id = uow.orders.order_id_for_return(rma_id)
    if order_id is None:
        raise NotFound(f"return {rma_id} not found")
    return get_order(uow, order_id)


def authorise_return(
    uow: AbstractUnitOfWork,
    rma_id: str,
    actor: str,
    node: str | None = None,
    approve: bool = True,
    note: str | None = None,
) -> ReturnAuthorisation:
    order = _load(uow, rma_id)
    if node is None:
        # Back to the node that shipped it, the usual case for a parcel return.
        node = order.shipments[0].node if order.shipments else None
    if node is None or uow.nodes.get(node) is None:
        raise ValidationFailed(f"unknown return node {node!r}")
    rma = returns.authorise(order, rma_id, actor, node, approve, note)
    uow.orders.save(order)
    return rma


def receive_return(uow: AbstractUnitOfWork, cmd: ReceiveReturn, actor: str) -> ReturnAuthorisation:
    order = _load(uow, cmd.rma_id)
    restock = returns.receive(order, cmd.rma_id, dict(cmd.dispositions), actor)
    for node, sku, qty in restock:
        check_room(uow, node, sku, qty)
        uow.inventory.adjust(node, sku, qty)
        uow.inventory.record_movement(node, sku, qty, f"return {cmd.rma_id} restocked", actor)
    uow.orders.save(order)
    for _, sku, _ in restock:
        allocate_backorders(uow, sku, actor)
    return returns.find_return(order, cmd.rma_id)


def refund_return(
    uow: AbstractUnitOfWork, rma_id: str, actor: str, amount: int | None = None
) -> ReturnAuthorisation:
    order = _load(uow, rma_id)
    rma = returns.refund(order, rma_id, actor, amount)
    uow.orders.save(order)
    return rma

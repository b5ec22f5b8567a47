"""Holds, release to nodes, shipments, delivery and invoices."""

from __future__ import annotations

from ordermind.domain import fulfilment
from ordermind.domain.errors import NotFound
from ordermind.domain.fulfilment import Shipment
from ordermind.domain.orders import Hold, Order
from ordermind.services.commands import PlaceHold, ShipLines
from ordermind.services.ids import new_id
from ordermind.services.ordering import get_order
from ordermind.services.tax import rates_for_order
from ordermind.services.unit_of_work import AbstractUnitOfWork


def place_hold(
    uow: AbstractUnitOfWork, cmd: PlaceHold, actor: str, channel: str | None = None
) -> tuple[Order, Hold]:
    order = get_order(uow, cmd.order_id, channel)
    hold = order.place_hold(new_id("hld"), cmd.reason, cmd.note, actor)
    uow.orders.save(order)
    return order, hold


def release_hold(
    uow: AbstractUnitOfWork, order_id: int, hold_id: str, actor: str, resolution: str | None = None
) -> Order:
    order = get_order(uow, order_id)
    order.release_hold(hold_id, actor, resolution)
    uow.orders.save(order)
    return order


def release_order(uow: AbstractUnitOfWork, order_id: int, actor: str) -> Order:
    order = get_order(uow, order_id)
    order.release(actor)  # reservations stay reserved; only the bucket moves
    uow.orders.save(order)
    return order


def ship(uow: AbstractUnitOfWork, cmd: ShipLines, actor: str) -> tuple[Order, Shipment]:
    order = get_order(uow, cmd.order_id)
    shipment, consumed = fulfilment.ship(
        order,
        shipment_id=new_id("shp"),
        node=cmd.node,
        lines=cmd.lines,
        carrier=cmd.carrier,
        actor=actor,
        service=cmd.service,
        tracking=cmd.tracking,
        packages=cmd.packages,
    )
    for res in consumed:
        uow.inventory.consume(res.node, res.sku, res.quantity)
    products = uow.products.get_many(line.sku for line in shipment.lines)
    n = len(order.invoices) + 1
    fulfilment.invoice_shipment(
        order,
        shipment,
        new_id("inv"),
        f"INV-{order.number}-{n}",
        {sku: p.tax_class for sku, p in products.items()},
        actor,
        rates_for_order(uow, order),
    )
    uow.orders.save(order)
    return order, shipment


def deliver(uow: AbstractUnitOfWork, shipment_id: str, actor: str) -> tuple[Order, Shipment]:
    order_id = uow.orders.order_id_for_shipment(shipment_id)
    if order_id is None:
        raise NotFound(f"shipment {shipment_id} not found")
    order = get_order(uow, order_id)
    shipment = fulfilment.deliver(order, shipment_id, actor)
    uow.orders.save(order)
    return order, shipment

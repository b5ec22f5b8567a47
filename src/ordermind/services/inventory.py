"""Catalog, nodes, channels, stock counts, adjustments and inbound supply."""

from __future__ import annotations

from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.clock import utcnow
from ordermind.domain.errors import Conflict, NotFound, ValidationFailed
from ordermind.domain.limits import MAX_STOCK, check_date, check_stock
from ordermind.domain.network import InboundSupply, InventoryPosition, Node
from ordermind.services import audit
from ordermind.services.allocation import allocate_backorders, channel_rules, source_order
from ordermind.services.audit import SYSTEM, created_or_updated, snapshot
from ordermind.services.countries import check_country
from ordermind.services.unit_of_work import AbstractUnitOfWork
from ordermind.sourcing.calendars import check_region


def upsert_product(uow: AbstractUnitOfWork, product: Product, actor: str = SYSTEM) -> Product:
    if product.gtin is not None:
        owner = uow.products.sku_of_gtin(product.gtin)
        if owner is not None and owner != product.sku:
            raise Conflict(f"GTIN {product.gtin} already belongs to SKU {owner}")
    before = snapshot(uow.products.get(product.sku))
    uow.products.upsert(product)
    audit.record(
        uow, actor, created_or_updated(before, "product"), "product", product.sku, before, product
    )
    return product


def upsert_node(uow: AbstractUnitOfWork, node: Node, actor: str = SYSTEM) -> Node:
    check_country(node.country, "country")
    if node.holidays is not None:
        node.holidays = node.holidays.upper()
        try:
            check_region(node.holidays)
        except ValueError as exc:
            raise ValidationFailed(str(exc)) from None
    before = snapshot(uow.nodes.get(node.code))
    uow.nodes.upsert(node)
    audit.record(uow, actor, created_or_updated(before, "node"), "node", node.code, before, node)
    return node


def upsert_channel(uow: AbstractUnitOfWork, channel: Channel, actor: str = SYSTEM) -> Channel:
    """Save a channel's settings, ring fences and priority rules (all in one audit entry:
    the PUT replaces them together)."""
    nodes = {f.node for f in channel.ring_fences}
    unknown = sorted(n for n in nodes if uow.nodes.get(n) is None)
    if unknown:
        raise ValidationFailed(f"ring fence at unknown node(s): {', '.join(unknown)}")
    skus = {f.sku for f in channel.ring_fences if f.sku is not None}
    missing = sorted(skus - set(uow.products.get_many(skus)))
    if missing:
        raise ValidationFailed(f"ring fence for unknown SKU(s): {', '.join(missing)}")
    before = snapshot(uow.channels.get(channel.code))
    uow.channels.upsert(channel)
    audit.record(
        uow, actor, created_or_updated(before, "channel"), "channel", channel.code, before, channel
    )
    return channel


def _known(uow: AbstractUnitOfWork, node: str, sku: str) -> None:
    if uow.nodes.get(node) is None:
        raise NotFound(f"node {node} not found")
    if uow.products.get(sku) is None:
        raise NotFound(f"product {sku} not found")


def set_stock(
    uow: AbstractUnitOfWork, node: str, sku: str, on_hand: int, safety_stock: int, actor: str
) -> InventoryPosition:
    """A stock count. More stock serves back-orders; when less is free than is reserved
    (on_hand - safety_stock: a count that finds fewer units or raises the safety stock)
    the newest unreleased reservations go back into back-order and are re-sourced
    elsewhere."""
    _known(uow, node, sku)
    if on_hand < 0 or safety_stock < 0:
        raise ValidationFailed("on_hand and safety_stock must not be negative")
    check_stock(node, sku, on_hand)
    if safety_stock > MAX_STOCK:
        raise ValidationFailed(f"safety_stock is at most {MAX_STOCK} units")
    old = uow.inventory.get(node, sku)
    uow.inventory.set(node, sku, on_hand, safety_stock)
    delta = on_hand - (old.on_hand if old else 0)
    if delta:
        uow.inventory.record_movement(node, sku, delta, "stock count", actor)
    _settle(uow, node, sku, actor, keep_safety_stock=True)
    pos = uow.inventory.get(node, sku)
    assert pos is not None  # written above
    return pos


def adjust_stock(
    uow: AbstractUnitOfWork, node: str, sku: str, delta: int, reason: str, actor: str
) -> InventoryPosition:
    _known(uow, node, sku)
    if delta == 0:
        raise ValidationFailed("delta must not be zero")
    if not reason.strip():
        raise ValidationFailed("an adjustment needs a reason")
    check_room(uow, node, sku, delta)
    pos = uow.inventory.adjust(node, sku, delta)
    if pos is None:
        current = uow.inventory.get(node, sku)
        have = current.on_hand if current else 0
        raise Conflict(f"{node}/{sku} has {have} on hand; cannot adjust by {delta}")
    uow.inventory.record_movement(node, sku, delta, reason, actor)
    _settle(uow, node, sku, actor)
    pos = uow.inventory.get(node, sku)
    assert pos is not None  # written above
    return pos


def check_room(uow: AbstractUnitOfWork, node: str, sku: str, delta: int) -> None:
    """Adding `delta` units keeps the position within `MAX_STOCK` (checked before the
    write, so both back ends refuse it alike: PostgreSQL's column would, SQLite's not)."""
    if delta > 0:
        current = uow.inventory.get(node, sku)
        check_stock(node, sku, (current.on_hand if current else 0) + delta)


def _settle(
    uow: AbstractUnitOfWork, node: str, sku: str, actor: str, keep_safety_stock: bool = False
) -> None:
    """Reservations beyond what the position holds (`keep_safety_stock`: beyond on_hand -
    safety_stock) leave it, newest order first; units already released cannot, and if they
    alone are more than the count allows the count is refused."""
    pos = uow.inventory.get(node, sku)
    if pos is None:
        return
    floor = max(0, pos.on_hand - pos.safety_stock) if keep_safety_stock else pos.on_hand
    excess = pos.reserved - floor
    if excess > 0:
        for order_id in uow.orders.with_unreleased_at(node, sku, limit=1000):
            uow.orders.lock(order_id)  # the count changes many orders: others wait for it
            order = uow.orders.get(order_id)
            if order is None:
                continue
            taken = order.deallocate(sku, node, excess, actor, f"stock count at {node} fell short")
            uow.inventory.unreserve(node, sku, taken)
            excess -= taken
            rules = channel_rules(uow, order.channel)
            source_order(
                uow,
                order,
                actor,
                strategy=rules.sourcing_strategy,
                excluded_nodes=frozenset({node}),
            )
            uow.orders.save(order)
            if excess <= 0:
                break
        if excess > 0:
            what = (
                "the count leaves free of safety stock"
                if keep_safety_stock and pos.safety_stock
                else "the count found"
            )
            raise Conflict(
                f"{node}/{sku}: {excess} more units are released for picking than {what}; "
                "ship or cancel them first"
            )
    elif pos.available > 0:
        allocate_backorders(uow, sku, actor)


def add_supply(uow: AbstractUnitOfWork, supply: InboundSupply) -> InboundSupply:
    """Expected stock; its arrival (from which delivery dates are promised) must be a sane
    date (domain/limits.py), and so must what it would bring the position to."""
    _known(uow, supply.node, supply.sku)
    check_date(supply.eta.date(), "eta", utcnow().date())
    check_stock(supply.node, supply.sku, supply.quantity)
    return uow.supply.add(supply)


def receive_supply(uow: AbstractUnitOfWork, supply_id: int, actor: str) -> InventoryPosition:
    supply = uow.supply.get(supply_id)
    if supply is None:
        raise NotFound(f"inbound supply {supply_id} not found")
    if supply.received:
        raise Conflict(f"inbound supply {supply_id} was already received")
    uow.supply.mark_received(supply_id)
    return adjust_stock(
        uow,
        supply.node,
        supply.sku,
        supply.quantity,
        f"received {supply.kind} {supply.reference or supply_id}",
        actor,
    )

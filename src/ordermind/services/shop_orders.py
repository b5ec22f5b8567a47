"""Orders that come from a web shop's webhooks (Shopify, WooCommerce), and the stock a
shop may sell.

A shop retries a webhook until it gets a 2xx, and may send one more than once anyway, so
receiving is idempotent on the shop's order id (the order's `external_id` in the shop's
channel). A cancellation from the shop is applied while ordermind can still take the
order back — until it is released to a node; after that a person must stop the pick or
arrange a return, so the order is held (if it has not shipped yet) and its timeline says
what the shop asked and why it was not done.

An order the shop has not been paid for yet (a bank transfer, cash on delivery, a payment
page not yet completed) is placed with a payment hold: its units are reserved, so nothing
oversells, but it is not released until the shop says it is paid."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from ordermind import sourcing
from ordermind.domain.errors import Conflict
from ordermind.domain.events import EventType
from ordermind.domain.orders import HoldReason, Order, OrderStatus
from ordermind.services import ordering
from ordermind.services.commands import CancelOrder, PlaceOrder
from ordermind.services.ids import new_id
from ordermind.services.screening import RiskContext, Screener
from ordermind.services.unit_of_work import AbstractUnitOfWork


class Outcome(StrEnum):
    CREATED = "created"
    DUPLICATE = "duplicate"  # the order was already received: nothing new
    CANCELLED = "cancelled"
    ALREADY_CANCELLED = "already_cancelled"
    HELD = "held_for_review"  # too late to cancel; held, and the timeline says why
    NOT_APPLIED = "not_applied"  # shipped or closed: only recorded on the timeline
    UNKNOWN_ORDER = "unknown_order"  # a cancellation or payment for an order never received
    PAYMENT_CONFIRMED = "payment_confirmed"  # the payment hold placed on arrival released
    NOTHING_TO_DO = "ignored"  # paid, but it was not waiting for payment


class Received(NamedTuple):
    outcome: Outcome
    order: Order | None


AWAITING_PAYMENT = "awaiting payment in the shop"
CONNECTOR_ACTOR = "connector:"  # how a connector signs what it does: connector:<id>


def receive_order(
    uow: AbstractUnitOfWork,
    cmd: PlaceOrder,
    actor: str,
    screener: Screener | None = None,
    awaiting_payment: bool = False,
    context: RiskContext | None = None,
) -> Received:
    """Place the shop's order, or find the one placed from an earlier delivery of it. The
    shop sets the prices (it charged the buyer them). A delivery racing this one past the
    lookup is refused by the repository (Conflict); the caller looks again."""
    assert cmd.external_id is not None, "a shop's order always has its id"
    existing = uow.orders.find_by_external_id(cmd.channel, cmd.external_id)
    if existing is not None:
        return Received(Outcome.DUPLICATE, existing)
    order = ordering.place_order(uow, cmd, actor, screener, context, may_set_prices=True)
    unpaid = awaiting_payment and order.status is not OrderStatus.CANCELLED
    if unpaid and not any(h.reason is HoldReason.PAYMENT for h in order.active_holds):
        order.place_hold(new_id("hld"), HoldReason.PAYMENT, AWAITING_PAYMENT, actor)
        uow.orders.save(order)
    return Received(Outcome.CREATED, order)


def receive_payment(
    uow: AbstractUnitOfWork, channel: str, external_id: str, actor: str
) -> Received:
    """The shop was paid: release the payment hold a connector placed on arrival (a
    payment hold a person or the fraud screen placed stays theirs to release)."""
    order = uow.orders.find_by_external_id(channel, external_id)
    if order is None:
        return Received(Outcome.UNKNOWN_ORDER, None)
    mine = [
        h
        for h in order.active_holds
        if h.reason is HoldReason.PAYMENT and h.placed_by.startswith(CONNECTOR_ACTOR)
    ]
    if not mine:
        return Received(Outcome.NOTHING_TO_DO, order)
    for hold in mine:
        order.release_hold(hold.id, actor, "paid in the shop")
    uow.orders.save(order)
    return Received(Outcome.PAYMENT_CONFIRMED, order)


def find_received(uow: AbstractUnitOfWork, channel: str, external_id: str) -> Received:
    """After a Conflict: the order the racing delivery placed."""
    existing = uow.orders.find_by_external_id(channel, external_id)
    if existing is None:
        raise Conflict(f"order {external_id!r} of channel {channel} is being received")
    return Received(Outcome.DUPLICATE, existing)


def receive_cancellation(
    uow: AbstractUnitOfWork, channel: str, external_id: str, reason: str, actor: str
) -> Received:
    """Apply the shop's cancellation as far as ordermind still can (module docstring)."""
    order = uow.orders.find_by_external_id(channel, external_id)
    if order is None:
        return Received(Outcome.UNKNOWN_ORDER, None)
    status = order.status
    if status is OrderStatus.CANCELLED:
        return Received(Outcome.ALREADY_CANCELLED, order)
    # Decided by the quantities, not the status: a held order may have been released.
    if not any(line.released or line.shipped for line in order.lines):
        cancelled = ordering.cancel_order(uow, CancelOrder(order.stored_id, reason), actor)
        return Received(Outcome.CANCELLED, cancelled)
    unshipped = any(line.ordered - line.cancelled - line.shipped > 0 for line in order.lines)
    held = (
        unshipped
        and status is not OrderStatus.CLOSED
        and not any(h.reason is HoldReason.MANUAL for h in order.active_holds)
    )
    stage = "released" if unshipped else "shipped"
    note = f"the shop cancelled this order ({reason}) after it was {stage}: " + (
        "stop the pick, or ship and refund" if unshipped else "arrange a return"
    )
    order.record(
        EventType.CANCELLATION_NOT_APPLIED,
        actor,
        before=status,
        reason=note,
        data={"shop_reason": reason, "held": held},
    )
    if held:
        order.place_hold(new_id("hld"), HoldReason.MANUAL, note, actor)
    uow.orders.save(order)
    return Received(Outcome.HELD if held else Outcome.NOT_APPLIED, order)


def sellable(
    uow: AbstractUnitOfWork, channel: str, skus: list[str], nodes: list[str]
) -> dict[str, dict[str, int]]:
    """sku -> node -> units the channel may sell now from that node: on hand less reserved
    and safety stock, less what other channels' ring fences keep; 0 at an inactive node
    and for a SKU the catalog does not have."""
    known = uow.products.get_many(skus)
    active = {n.code for n in uow.nodes.all() if n.active}
    positions = [p for sku in sorted(known) for p in uow.inventory.find(sku=sku)]
    fences = [f for c in uow.channels.all() for f in c.ring_fences]
    table = sourcing.atp_table(positions, (), fences, channel=channel)
    return {
        sku: {
            node: table[sku][node].on_hand if node in active and node in table.get(sku, {}) else 0
            for node in nodes
        }
        for sku in skus
    }

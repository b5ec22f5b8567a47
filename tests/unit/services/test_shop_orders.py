"""The shop-order use cases on the in-memory store: a redelivery finds the first order, a
cancellation is applied only while ordermind holds every unit, an unpaid order is held for
payment, and what a shop may sell leaves out other channels' fences and inactive nodes."""

from __future__ import annotations

import pytest

from ordermind.adapters.memory import FastUnitOfWork
from ordermind.domain.channels import Channel
from ordermind.domain.fences import RingFence
from ordermind.domain.orders import HoldReason, OrderStatus
from ordermind.services import fulfilment, shop_orders
from ordermind.services import inventory as inv
from ordermind.services.commands import ShipLines
from ordermind.services.shop_orders import Outcome

from .helpers import order_cmd, store_with_stock

ACTOR = "connector:1"


def _received(store, unpaid: bool = False):
    with FastUnitOfWork(store) as uow:
        got = shop_orders.receive_order(
            uow, order_cmd(("A", 2), channel="shop", external_id="1001"), ACTOR, None, unpaid
        )
        uow.commit()
    return got


def test_the_same_shop_order_twice_is_one_order():
    store = store_with_stock({("MAN", "A"): 5})
    first, again = _received(store), _received(store)
    assert (first.outcome, again.outcome) == (Outcome.CREATED, Outcome.DUPLICATE)
    assert first.order is not None and again.order is not None
    assert again.order.id == first.order.id
    with FastUnitOfWork(store) as uow:
        assert uow.inventory.get("MAN", "A").reserved == 2


def _cancel(store) -> shop_orders.Received:
    with FastUnitOfWork(store) as uow:
        got = shop_orders.receive_cancellation(uow, "shop", "1001", "customer", ACTOR)
        uow.commit()
    return got


def _advance(store, order_id: int, to: str) -> None:
    with FastUnitOfWork(store) as uow:
        if to in ("released", "shipped"):
            fulfilment.release_order(uow, order_id, "t")
        if to == "shipped":
            fulfilment.ship(uow, ShipLines(order_id, "MAN", [("A", 2)], "DPD"), "t")
        uow.commit()


@pytest.mark.parametrize(
    ("stage", "outcome", "status", "held"),
    [
        ("allocated", Outcome.CANCELLED, OrderStatus.CANCELLED, False),
        ("released", Outcome.HELD, OrderStatus.ON_HOLD, True),
        ("shipped", Outcome.NOT_APPLIED, OrderStatus.SHIPPED, False),
    ],
)
def test_a_shop_cancellation_goes_as_far_as_the_order_still_allows(stage, outcome, status, held):
    store = store_with_stock({("MAN", "A"): 5})
    received = _received(store)
    assert received.order is not None and received.order.id is not None
    _advance(store, received.order.id, stage)
    got = _cancel(store)
    assert got.outcome is outcome
    assert got.order is not None and got.order.status is status
    assert any(h.reason is HoldReason.MANUAL for h in got.order.active_holds) is held
    with FastUnitOfWork(store) as uow:
        events = [e["type"] for e in uow.orders.events(received.order.id)]
    assert ("order.cancellation_not_applied" in events) is (outcome is not Outcome.CANCELLED)


def test_a_second_cancellation_after_release_adds_no_second_hold():
    store = store_with_stock({("MAN", "A"): 5})
    received = _received(store)
    assert received.order is not None and received.order.id is not None
    _advance(store, received.order.id, "released")
    _cancel(store)
    again = _cancel(store)
    assert again.outcome is Outcome.NOT_APPLIED
    assert again.order is not None
    assert len([h for h in again.order.active_holds if h.reason is HoldReason.MANUAL]) == 1


def test_an_unpaid_order_keeps_its_units_on_a_payment_hold_until_paid():
    store = store_with_stock({("MAN", "A"): 5})
    received = _received(store, unpaid=True)
    assert received.order is not None
    assert received.order.status is OrderStatus.ON_HOLD
    with FastUnitOfWork(store) as uow:
        assert uow.inventory.get("MAN", "A").reserved == 2
        paid = shop_orders.receive_payment(uow, "shop", "1001", ACTOR)
        uow.commit()
    assert paid.outcome is Outcome.PAYMENT_CONFIRMED
    assert paid.order is not None and paid.order.status is OrderStatus.ALLOCATED


def test_a_payment_hold_a_person_placed_is_not_released_by_the_shop():
    store = store_with_stock({("MAN", "A"): 5})
    received = _received(store)
    assert received.order is not None and received.order.id is not None
    with FastUnitOfWork(store) as uow:
        from ordermind.services.commands import PlaceHold

        fulfilment.place_hold(uow, PlaceHold(received.order.id, HoldReason.PAYMENT), "key:ops")
        uow.commit()
    with FastUnitOfWork(store) as uow:
        paid = shop_orders.receive_payment(uow, "shop", "1001", ACTOR)
    assert paid.outcome is Outcome.NOTHING_TO_DO
    assert paid.order is not None and paid.order.status is OrderStatus.ON_HOLD


def test_what_a_shop_may_sell_leaves_out_other_channels_fences_and_inactive_nodes():
    store = store_with_stock({("MAN", "A"): 10, ("LDN", "A"): 4, ("EDI", "A"): 6})
    with FastUnitOfWork(store) as uow:
        fence = RingFence(channel="b2b", node="MAN", sku="A", quantity=3)
        inv.upsert_channel(uow, Channel(code="b2b", ring_fences=(fence,)))
        inv.upsert_channel(uow, Channel(code="shop"))  # the shop's own channel
        uow.commit()
    _received(store)  # 2 reserved, wherever sourcing put them
    with FastUnitOfWork(store) as uow:
        edi = next(n for n in uow.nodes.all() if n.code == "EDI")
        edi.active = False
        inv.upsert_node(uow, edi)
        uow.commit()
    with FastUnitOfWork(store) as uow:
        reserved = {n: uow.inventory.get(n, "A").reserved for n in ("MAN", "LDN")}
        units = shop_orders.sellable(uow, "shop", ["A", "NOPE"], ["MAN", "LDN", "EDI"])
    assert units == {
        "A": {"MAN": 10 - 3 - reserved["MAN"], "LDN": 4 - reserved["LDN"], "EDI": 0},
        "NOPE": {"MAN": 0, "LDN": 0, "EDI": 0},
    }

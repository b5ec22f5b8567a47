"""The twin's fast store: one unit of work reused across use cases, refused when nested,
and a use case left uncommitted leaves orders and stock exactly as they were."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ordermind.adapters.memory.fast import FastStore, FastUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.domain.orders import OrderStatus
from ordermind.services import fulfilment, inventory, ordering
from ordermind.services.allocation import network_infos, node_info
from ordermind.services.commands import ShipLines

from .helpers import order_cmd


def stocked(keep_events: bool = True) -> tuple[FastStore, FastUnitOfWork]:
    store = FastStore(keep_movements=False, keep_events=keep_events)
    uow = FastUnitOfWork(store)
    with uow:
        inventory.upsert_node(uow, Node(code="LDN", name="LDN", lat=51.5, lon=-0.12))
        inventory.upsert_product(uow, Product(sku="A", name="A", price=1000))
        inventory.set_stock(uow, "LDN", "A", 5, 0, "test")
        uow.commit()
    return store, uow


def committed(uow: FastUnitOfWork, use_case, *args):
    with uow:
        out = use_case(uow, *args)
        uow.commit()
    return out


def test_one_unit_of_work_serves_use_case_after_use_case() -> None:
    store, uow = stocked()
    order = committed(uow, ordering.place_order, order_cmd(("A", 2)), "test")
    committed(uow, fulfilment.release_order, order.id, "test")
    committed(uow, fulfilment.ship, ShipLines(order.id, "LDN", [("A", 2)], "dpd"), "test")
    assert store.orders[order.id].status is OrderStatus.SHIPPED
    assert (store.stock["A"]["LDN"].on_hand, store.stock["A"]["LDN"].reserved) == (3, 0)
    assert [e.type for e in store.events[order.id]][-1] == "order.invoiced"


def test_a_nested_unit_of_work_is_refused() -> None:
    _, uow = stocked()
    with uow, pytest.raises(RuntimeError, match="already open"), uow:
        pass
    with uow:  # usable again once left
        assert uow.inventory.get("LDN", "A").on_hand == 5


def test_leaving_without_commit_restores_a_loaded_order_and_its_stock() -> None:
    store, uow = stocked()
    order = committed(uow, ordering.place_order, order_cmd(("A", 2)), "test")
    committed(uow, fulfilment.release_order, order.id, "test")
    before = (replace(store.orders[order.id].lines[0]), len(store.events[order.id]))
    with uow:  # ship, then leave without committing
        fulfilment.ship(uow, ShipLines(order.id, "LDN", [("A", 2)], "dpd"), "test")
        assert store.orders[order.id].status is OrderStatus.SHIPPED
    kept = store.orders[order.id]
    assert kept.status is OrderStatus.RELEASED
    assert kept.shipments == [] and kept.invoices == [] and kept.events == []
    assert (replace(kept.lines[0]), len(store.events[order.id])) == before
    assert (store.stock["A"]["LDN"].on_hand, store.stock["A"]["LDN"].reserved) == (5, 2)
    assert store.by_shipment == {}


def test_the_sourcing_network_is_rebuilt_only_when_a_node_changes() -> None:
    ldn = Node(code="LDN", name="LDN", lat=51.5, lon=-0.12)
    man = Node(code="MAN", name="MAN", lat=53.48, lon=-2.24)
    first = network_infos([ldn, man])
    assert first == {"LDN": node_info(ldn), "MAN": node_info(man)}
    assert network_infos([replace(ldn), replace(man)]) is first  # equal values: same dict
    closed = network_infos([ldn, replace(man, active=False)])
    assert closed is not first and closed["MAN"].active is False
    ldn.daily_capacity = 10  # changed in place: seen too
    assert network_infos([ldn, man])["LDN"].daily_capacity == 10


def test_without_timelines_the_store_keeps_who_acted_and_nothing_of_a_rollback() -> None:
    store, uow = stocked(keep_events=False)
    order = committed(uow, ordering.place_order, order_cmd(("A", 2)), "channel:web")
    with uow:  # not committed: its actor is not kept
        fulfilment.release_order(uow, order.id, "user:alice")
    committed(uow, fulfilment.release_order, order.id, "twin")
    assert store.actors_of(order.id) == {"channel:web", "twin"}
    assert store.events == {}
    with uow, pytest.raises(RuntimeError, match="keeps no timelines"):
        uow.orders.events(order.id)
    store.forget(order.id)
    assert store.actors_of(order.id) == set() and store.actors == {}


def test_with_timelines_the_actors_come_from_the_events() -> None:
    store, uow = stocked()
    order = committed(uow, ordering.place_order, order_cmd(("A", 2)), "channel:web")
    committed(uow, fulfilment.release_order, order.id, "user:alice")
    assert store.actors_of(order.id) == {"channel:web", "user:alice"}
    assert [e["actor"] for e in uow.orders.events(order.id)][-1] == "user:alice"


def test_a_changed_node_or_channel_is_listed_again_at_once() -> None:
    store, uow = stocked()
    other = FastUnitOfWork(store)  # a second unit of work on the same store
    with uow:
        assert [n.code for n in uow.nodes.all()] == ["LDN"]
    with other:  # replaced, not added: the count stays the same
        inventory.upsert_node(
            other, Node(code="LDN", name="LDN", lat=51.5, lon=-0.12, active=False)
        )
        other.commit()
    with uow:
        assert [n.active for n in uow.nodes.all()] == [False]
    with other:
        inventory.upsert_node(other, Node(code="BHX", name="BHX", lat=52.5, lon=-1.9))
        other.commit()
    with uow:
        listed = uow.nodes.all()
        assert [n.code for n in listed] == ["BHX", "LDN"] and listed[1].active is False
        listed.clear()  # a caller's copy: the store's view is untouched
        assert len(uow.nodes.all()) == 2


def test_back_orders_are_listed_oldest_first_up_to_the_limit_skipping_cancelled() -> None:
    from ordermind.services.commands import CancelOrder

    store, uow = stocked()
    ids = [
        committed(uow, ordering.place_order, order_cmd(("A", 9)), "t").id for _ in range(4)
    ]  # 5 on hand: the first takes them, the rest wait in full
    committed(uow, ordering.cancel_order, CancelOrder(ids[1], "changed mind"), "t")
    with uow:
        assert uow.orders.with_backorders("A", 2) == [ids[0], ids[2]]
        assert uow.orders.with_backorders("A", 10) == [ids[0], ids[2], ids[3]]
        assert uow.orders.with_backorders("B", 10) == []

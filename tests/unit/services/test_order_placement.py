import pytest

from ordermind.adapters.memory import FastUnitOfWork
from ordermind.domain.channels import Channel
from ordermind.domain.errors import InsufficientStock, ValidationFailed
from ordermind.domain.orders import BackorderPolicy, OrderStatus
from ordermind.services import inventory as inv
from ordermind.services.ordering import place_order

from .helpers import order_cmd, store_with_stock


def test_order_is_allocated_whole_from_the_nearest_node_that_has_everything():
    store = store_with_stock({("LDN", "A"): 5, ("MAN", "A"): 10, ("MAN", "B"): 10, ("LDN", "B"): 1})
    with FastUnitOfWork(store) as uow:
        order = place_order(uow, order_cmd(("A", 2), ("B", 2)), "t")
        uow.commit()
    assert order.status is OrderStatus.ALLOCATED
    assert {(a.node, a.allocated) for ln in order.lines for a in ln.allocations} == {("MAN", 2)}
    with FastUnitOfWork(store) as uow:
        assert uow.inventory.get("MAN", "A").reserved == 2
        assert uow.inventory.get("LDN", "A").reserved == 0


def test_order_splits_by_distance_and_backorders_the_rest():
    store = store_with_stock({("LDN", "A"): 2, ("EDI", "A"): 3})
    with FastUnitOfWork(store) as uow:
        order = place_order(uow, order_cmd(("A", 7)), "t")
        uow.commit()
    line = order.lines[0]
    assert [(a.node, a.allocated) for a in line.allocations] == [("LDN", 2), ("EDI", 3)]
    assert line.backordered == 2
    assert order.status is OrderStatus.PARTIALLY_ALLOCATED


def test_unknown_sku_is_refused_and_nothing_is_written():
    store = store_with_stock({("LDN", "A"): 2})
    with FastUnitOfWork(store) as uow, pytest.raises(ValidationFailed, match="unknown SKU"):
        place_order(uow, order_cmd(("A", 1), ("NOPE", 1)), "t")
    assert store.orders == {}
    with FastUnitOfWork(store) as uow:
        assert uow.inventory.get("LDN", "A").reserved == 0


def test_reject_policy_refuses_an_order_it_cannot_fill_and_reserves_nothing():
    store = store_with_stock({("LDN", "A"): 2})
    with FastUnitOfWork(store) as uow:
        inv.upsert_channel(uow, Channel("b2b", backorder_policy=BackorderPolicy.REJECT))
        uow.commit()
    with FastUnitOfWork(store) as uow, pytest.raises(InsufficientStock):
        place_order(uow, order_cmd(("A", 3), channel="b2b"), "t")
    with FastUnitOfWork(store) as uow:
        assert uow.inventory.get("LDN", "A").reserved == 0


def test_ship_complete_policy_waits_for_everything_rather_than_reserving_part():
    store = store_with_stock({("LDN", "A"): 2})
    with FastUnitOfWork(store) as uow:
        inv.upsert_channel(uow, Channel("b2b", backorder_policy=BackorderPolicy.SHIP_COMPLETE))
        order = place_order(uow, order_cmd(("A", 3), channel="b2b"), "t")
        assert order.status is OrderStatus.BACKORDERED
        assert uow.inventory.get("LDN", "A").reserved == 0
        uow.commit()
    with FastUnitOfWork(store) as uow:  # stock arrives: the whole order is reserved
        inv.adjust_stock(uow, "LDN", "A", 1, "delivery", "t")
        uow.commit()
        got = uow.orders.get(order.id)
    assert got.status is OrderStatus.ALLOCATED


def test_stock_arrival_serves_the_oldest_backorder_first():
    store = store_with_stock({("LDN", "A"): 0})
    ids = []
    for _ in range(2):
        with FastUnitOfWork(store) as uow:
            ids.append(place_order(uow, order_cmd(("A", 1)), "t").id)
            uow.commit()
    with FastUnitOfWork(store) as uow:
        inv.adjust_stock(uow, "LDN", "A", 1, "delivery", "t")
        uow.commit()
        first, second = uow.orders.get(ids[0]), uow.orders.get(ids[1])
    assert first.status is OrderStatus.ALLOCATED
    assert second.status is OrderStatus.BACKORDERED


def test_a_line_split_into_equal_halves_over_two_nodes_is_fully_reserved():
    store = store_with_stock({("LDN", "A"): 5, ("MAN", "A"): 5})
    with FastUnitOfWork(store) as uow:
        order = place_order(uow, order_cmd(("A", 10)), "t")
        uow.commit()
    line = order.lines[0]
    assert sorted((a.node, a.allocated) for a in line.allocations) == [("LDN", 5), ("MAN", 5)]
    assert line.backordered == 0 and order.status is OrderStatus.ALLOCATED

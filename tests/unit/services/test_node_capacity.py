"""Live sourcing respects each node's daily capacity in order lines: a full node is passed
over for the next best one with room, its count starts again on its next local day, and
when only full nodes hold the stock the order still goes there rather than back-order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from ordermind.adapters.memory import FastStore, FastUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.clock import use_clock
from ordermind.domain.errors import InsufficientStock
from ordermind.domain.network import Node
from ordermind.domain.orders import BackorderPolicy, Order
from ordermind.services import inventory as inv
from ordermind.services.capacity import OVER_CAPACITY, node_days
from ordermind.services.network import take_node_down
from ordermind.services.ordering import place_order
from ordermind.sourcing import NodeInfo

from .helpers import order_cmd

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def memory_store() -> Callable:
    store = FastStore()
    return lambda: FastUnitOfWork(store)


def fast_store() -> Callable:
    uow = FastUnitOfWork(FastStore(keep_movements=False))
    return lambda: uow


@pytest.fixture(params=[memory_store, fast_store], ids=["memory", "fast"])
def uow_factory(request: pytest.FixtureRequest) -> Callable:
    """London (2 lines a day) and Manchester (100), both holding A and B."""
    make = request.param()
    with make() as uow:
        inv.upsert_node(uow, Node(code="LDN", name="LDN", lat=51.5, lon=-0.12, daily_capacity=2))
        inv.upsert_node(uow, Node(code="MAN", name="MAN", lat=53.48, lon=-2.24, daily_capacity=100))
        for sku in ("A", "B"):
            inv.upsert_product(uow, Product(sku=sku, name=sku, price=1000))
            for node in ("LDN", "MAN"):
                inv.set_stock(uow, node, sku, 50, 0, "test")
        uow.commit()
    return make


def place(
    make: Callable, *lines: tuple[str, int], when: datetime = NOON, channel: str = "web"
) -> Order:
    with use_clock(lambda: when), make() as uow:
        order = place_order(uow, order_cmd(*lines, channel=channel), "t")
        uow.commit()
    return order


def nodes_of(order: Order) -> set[str]:
    return {a.node for ln in order.lines for a in ln.allocations if a.allocated}


def test_the_nearest_node_takes_orders_until_its_lines_for_the_day_are_used(uow_factory):
    first = place(uow_factory, ("A", 1), ("B", 3))  # two lines: London is now full
    second = place(uow_factory, ("A", 1))
    assert nodes_of(first) == {"LDN"}
    assert nodes_of(second) == {"MAN"}
    assert OVER_CAPACITY not in second.sourcing["flags"]
    with uow_factory() as uow:
        assert uow.nodes.lines_taken({"LDN": NOON.date(), "MAN": NOON.date()}) == {
            "LDN": 2,
            "MAN": 1,
        }


def test_a_full_node_takes_orders_again_on_its_next_day(uow_factory):
    place(uow_factory, ("A", 1), ("B", 1))
    tomorrow = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    assert nodes_of(place(uow_factory, ("A", 1), when=tomorrow)) == {"LDN"}


def test_an_order_larger_than_the_room_left_goes_whole_to_a_node_with_room(uow_factory):
    place(uow_factory, ("A", 1))  # London has room for one more line, not two
    assert nodes_of(place(uow_factory, ("A", 1), ("B", 1))) == {"MAN"}


def test_stock_only_a_full_node_holds_is_sourced_there_flagged_not_back_ordered(uow_factory):
    with uow_factory() as uow:
        inv.set_stock(uow, "MAN", "A", 0, 0, "test")
        uow.commit()
    place(uow_factory, ("A", 1), ("B", 1))  # London full
    order = place(uow_factory, ("A", 4))
    assert nodes_of(order) == {"LDN"}
    assert order.lines[0].backordered == 0
    assert OVER_CAPACITY in order.sourcing["flags"]


def test_a_refused_order_takes_none_of_a_nodes_capacity(uow_factory):
    with uow_factory() as uow:
        inv.upsert_channel(uow, Channel("b2b", backorder_policy=BackorderPolicy.REJECT))
        inv.upsert_channel(uow, Channel("web"))  # a configured store knows all its channels
        uow.commit()
    with pytest.raises(InsufficientStock):
        place(uow_factory, ("A", 1), ("B", 999), channel="b2b")
    with uow_factory() as uow:
        assert uow.nodes.lines_taken({"LDN": NOON.date(), "MAN": NOON.date()}) == {}
    assert nodes_of(place(uow_factory, ("A", 1), ("B", 1))) == {"LDN"}


def test_each_node_counts_its_own_local_day_even_a_quarter_hour_zone():
    nodes = {
        "LDN": NodeInfo("LDN", "warehouse", "GB", 51.5, -0.1),
        "KTM": NodeInfo("KTM", "store", "NP", 27.7, 85.3, timezone="Asia/Kathmandu"),
    }
    seen = []
    for minute in (0, 14, 15, 16):  # Kathmandu is UTC+5:45: midnight there at 18:15 UTC
        at = datetime(2026, 3, 2, 18, minute, tzinfo=UTC)
        with use_clock(lambda at=at: at):
            seen.append((node_days(nodes)["LDN"].day, node_days(nodes)["KTM"].day))
    assert seen == [(2, 2), (2, 2), (2, 3), (2, 3)]


def test_an_outage_wave_fills_nodes_only_up_to_the_lines_they_have_left_today():
    make = memory_store()
    with make() as uow:
        inv.upsert_product(uow, Product(sku="A", name="A", price=1000))
        for code, lat, lon, cap in (
            ("LDN", 51.5, -0.12, 100),
            ("MAN", 53.48, -2.24, 3),
            ("EDI", 55.95, -3.19, 100),
        ):
            inv.upsert_node(uow, Node(code=code, name=code, lat=lat, lon=lon, daily_capacity=cap))
            inv.set_stock(uow, code, "A", 20, 0, "test")
        uow.nodes.take_lines([("MAN", NOON.date(), 1)])  # an earlier order today
        uow.commit()
    for _ in range(3):
        assert nodes_of(place(make, ("A", 1))) == {"LDN"}
    with use_clock(lambda: NOON), make() as uow:
        take_node_down(uow, "LDN", "ops")
        uow.commit()
        taken = uow.nodes.lines_taken({"LDN": NOON.date(), "MAN": NOON.date(), "EDI": NOON.date()})
    # Manchester is nearer but had room for two more lines; the third went to Edinburgh.
    assert taken == {"LDN": 3, "MAN": 3, "EDI": 1}

"""The unit of work as a whole: every kind of write in one unit of work is undone when it
is left by an exception or without commit, and all of it is seen by a new unit of work
once committed; placing an order through the service behaves the same way."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.network import InboundSupply, Node, SupplyKind
from ordermind.domain.orders import Customer, HoldReason
from ordermind.services import ordering
from ordermind.services.commands import OrderLineInput, PlaceOrder
from ordermind.services.unit_of_work import AbstractUnitOfWork, OrderFilter

from .stores import LONDON, NOON, ContractStore, new_order

DAY = date(2026, 3, 2)


def write_everything(uow: AbstractUnitOfWork) -> int:
    uow.nodes.upsert(Node(code="EDI", name="Edinburgh"))
    uow.products.upsert(Product(sku="C", name="C", price=300))
    uow.channels.upsert(Channel(code="shop", name="Shop"))
    uow.inventory.set("EDI", "C", 5, 0)
    assert uow.inventory.try_reserve("LDN", "A", 2)
    uow.supply.add(
        InboundSupply(None, SupplyKind.PURCHASE_ORDER, "C", "EDI", 4, NOON + timedelta(days=2))
    )
    assert uow.idempotency.claim("orders", "k1", "h1") is None
    uow.nodes.take_lines([("LDN", DAY, 1)])
    order = new_order(("A", 2), external_id="PO-1")
    order.apply_sourcing([(1, "LDN", 2)], "test")
    order.place_hold("h1", HoldReason.MANUAL, None, "test")
    uow.orders.add(order)
    return order.id  # type: ignore[return-value]


def seen(uow: AbstractUnitOfWork) -> dict:
    return {
        "nodes": [n.code for n in uow.nodes.all()],
        "product": uow.products.get("C") is not None,
        "channels": [c.code for c in uow.channels.all()],
        "stock": [(p.node, p.sku, p.on_hand, p.reserved) for p in uow.inventory.find()],
        "supply": [(s.sku, s.quantity) for s in uow.supply.find()],
        "claimed": uow.idempotency.claim("orders", "k1", "h2") is not None,
        "load": uow.nodes.load_on([DAY]),
        "orders": [o.external_id for o in uow.orders.page(OrderFilter(), None, 10)],
        "holds": len(uow.orders.active_holds(None, 10)),
    }


NOTHING = {
    "nodes": ["LDN", "MAN"],
    "product": False,
    "channels": ["web"],
    "stock": [("LDN", "A", 10, 0), ("MAN", "A", 10, 0), ("LDN", "B", 10, 0), ("MAN", "B", 10, 0)],
    "supply": [],
    "claimed": False,
    "load": {},
    "orders": [],
    "holds": 0,
}


def test_a_unit_of_work_left_by_an_exception_undoes_every_write(seeded: ContractStore) -> None:
    with pytest.raises(RuntimeError, match="boom"), seeded.factory() as uow:
        write_everything(uow)
        raise RuntimeError("boom")
    assert seeded.read(seen) == NOTHING


def test_a_unit_of_work_left_without_commit_undoes_every_write(seeded: ContractStore) -> None:
    seeded.drop(write_everything)
    assert seeded.read(seen) == NOTHING


def test_every_committed_write_is_seen_by_a_new_unit_of_work(seeded: ContractStore) -> None:
    seeded.commit(write_everything)
    assert seeded.read(seen) == {
        "nodes": ["EDI", "LDN", "MAN"],
        "product": True,
        "channels": ["shop", "web"],
        "stock": [
            ("LDN", "A", 10, 2),
            ("MAN", "A", 10, 0),
            ("LDN", "B", 10, 0),
            ("MAN", "B", 10, 0),
            ("EDI", "C", 5, 0),
        ],
        "supply": [("C", 4)],
        "claimed": True,
        "load": {("LDN", DAY): 1},
        "orders": ["PO-1"],
        "holds": 1,
    }


def test_an_order_placed_without_commit_leaves_stock_and_orders_as_they_were(
    seeded: ContractStore,
) -> None:
    cmd = PlaceOrder(
        channel="web",
        currency="EUR",
        customer=Customer("ann@example.com", "Ann"),
        ship_to=LONDON,
        lines=[OrderLineInput("A", 3), OrderLineInput("B", 1)],
    )
    placed = seeded.drop(lambda u: ordering.place_order(u, cmd, "test"))
    assert placed.id is not None
    assert seeded.read(seen) == NOTHING
    assert seeded.read(lambda u: u.orders.events(placed.id)) == []
    kept = seeded.commit(lambda u: ordering.place_order(u, cmd, "test"))
    stock = seeded.read(lambda u: sum(p.reserved for p in u.inventory.find()))
    assert (stock, seeded.read(lambda u: u.orders.get(kept.id).total)) == (4, 4000)

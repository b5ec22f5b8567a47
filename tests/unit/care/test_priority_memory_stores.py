"""The in-memory stores answer what ranking reads as the databases do (the API tests cover
SQLite and PostgreSQL): a customer's history without cancelled orders, a node's waiting
orders earliest promise first and none on hold, and a dynamic channel's back-orders served
in priority order."""

from __future__ import annotations

from ordermind.adapters.memory import FastStore, FastUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer, HoldReason
from ordermind.services import fulfilment as ful
from ordermind.services import inventory as inv
from ordermind.services import ordering
from ordermind.services.commands import CancelOrder, OrderLineInput, PlaceHold, PlaceOrder

LONDON = Address("Ann", "1 High St", "London", "EC1A 1AA", "GB", lat=51.52, lon=-0.1)


def store_with_stock(stock: dict[tuple[str, str], int]) -> FastStore:
    store = FastStore()
    with FastUnitOfWork(store) as uow:
        inv.upsert_node(uow, Node(code="LDN", name="LDN", lat=51.5, lon=-0.12))
        for sku in sorted({s for _, s in stock}):
            inv.upsert_product(uow, Product(sku=sku, name=sku, price=1000))
        for (node, sku), qty in stock.items():
            inv.set_stock(uow, node, sku, qty, 0, "test")
        uow.commit()
    return store


def _place(uow, *lines, email: str = "ann@example.com", segment: str | None = None):
    cmd = PlaceOrder(
        channel="web",
        currency="EUR",
        customer=Customer(email, "Ann", segment),
        ship_to=LONDON,
        lines=[OrderLineInput(s, q) for s, q in lines],
    )
    order = ordering.place_order(uow, cmd, "t")
    uow.commit()
    return order


def test_customer_history_counts_placed_orders_and_their_spend_not_cancelled_ones() -> None:
    store = store_with_stock({("LDN", "A"): 10})
    with FastUnitOfWork(store) as uow:
        a = _place(uow, ("A", 1), segment="vip")
        _place(uow, ("A", 2))
        c = _place(uow, ("A", 1))
        ordering.cancel_order(uow, CancelOrder(c.id, "changed mind"), "t")
        uow.commit()
        _place(uow, ("A", 1), email="bob@example.com")
        got = uow.priority.customer_history(["ann@example.com", "nobody@example.com"])
    assert set(got) == {"ann@example.com"}
    assert got["ann@example.com"].orders == 2
    assert got["ann@example.com"].spend == a.total * 3  # 1 + 2 units at the same price
    assert got["ann@example.com"].segment == "vip"


def test_waiting_at_lists_allocated_orders_not_on_hold_earliest_promise_first() -> None:
    store = store_with_stock({("LDN", "A"): 10})
    with FastUnitOfWork(store) as uow:
        first, held, third = (_place(uow, ("A", 1)) for _ in range(3))
        ful.place_hold(uow, PlaceHold(held.id, HoldReason.MANUAL, "check"), "t")
        uow.commit()
        assert uow.priority.waiting_at("LDN", 10) == [first.id, third.id]
        ful.release_order(uow, first.id, "t")
        uow.commit()
        assert uow.priority.waiting_at("LDN", 10) == [third.id]
        assert uow.priority.released_lines_at("LDN") == 1


def test_a_dynamic_channel_serves_back_orders_in_priority_order_in_the_fast_store() -> None:
    seeded = store_with_stock({("LDN", "A"): 0})
    store = FastStore()
    uow = FastUnitOfWork(store)
    with uow:
        for p in seeded.products.values():
            inv.upsert_product(uow, p)
        for n in seeded.nodes.values():
            inv.upsert_node(uow, n)
        inv.upsert_channel(uow, Channel("web", priority="dynamic"))
        inv.set_stock(uow, "LDN", "A", 0, 0, "t")
        uow.commit()
    with uow:
        plain = _place(uow, ("A", 1), email="a@example.com", segment="consumer")
        vip = _place(uow, ("A", 1), email="b@example.com", segment="vip")
    with uow:
        inv.set_stock(uow, "LDN", "A", 1, 0, "t")
        uow.commit()
    assert store.orders[vip.id].lines[0].backordered == 0
    assert store.orders[plain.id].lines[0].backordered == 1

"""Builders shared by the core unit tests."""

from __future__ import annotations

from ordermind.adapters.memory import FastStore, FastUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer
from ordermind.services import inventory as inv
from ordermind.services.commands import OrderLineInput, PlaceOrder

LONDON = Address("Ann Buyer", "1 High St", "London", "EC1A 1AA", "GB", lat=51.52, lon=-0.10)


def store_with_stock(stock: dict[tuple[str, str], int]) -> FastStore:
    """Nodes LDN (London), MAN (Manchester), EDI (Edinburgh); SKUs as named in stock."""
    store = FastStore()
    with FastUnitOfWork(store) as uow:
        for code, lat, lon in (("LDN", 51.5, -0.12), ("MAN", 53.48, -2.24), ("EDI", 55.95, -3.19)):
            inv.upsert_node(uow, Node(code=code, name=code, lat=lat, lon=lon))
        for sku in sorted({s for _, s in stock}):
            inv.upsert_product(uow, Product(sku=sku, name=sku, price=1000))
        for (node, sku), qty in stock.items():
            inv.set_stock(uow, node, sku, qty, 0, "test")
        uow.commit()
    return store


def order_cmd(
    *lines: tuple[str, int], channel: str = "web", external_id: str | None = None
) -> PlaceOrder:
    return PlaceOrder(
        channel=channel,
        currency="EUR",
        customer=Customer("ann@example.com", "Ann"),
        ship_to=LONDON,
        lines=[OrderLineInput(s, q) for s, q in lines],
        external_id=external_id,
    )

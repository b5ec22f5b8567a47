"""What the contract tests share: a store on one back end (`store.commit(fn)` runs fn in a
unit of work and commits, `store.drop(fn)` leaves without commit, `store.read(fn)` reads in
a fresh unit of work) and orders built for the repositories directly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer, Order
from ordermind.services.unit_of_work import AbstractUnitOfWork

UowFactory = Callable[[], AbstractUnitOfWork]
Work = Callable[[AbstractUnitOfWork], Any]
LONDON = Address("Ann Buyer", "1 High St", "London", "EC1A 1AA", "GB", lat=51.52, lon=-0.10)
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@dataclass
class ContractStore:
    kind: str
    factory: UowFactory

    def commit(self, fn: Work) -> Any:
        with self.factory() as uow:
            out = fn(uow)
            uow.commit()
        return out

    def drop(self, fn: Work) -> Any:
        with self.factory() as uow:
            return fn(uow)

    def read(self, fn: Work) -> Any:
        with self.factory() as uow:
            return fn(uow)

    def seed(self) -> None:
        """Nodes LDN and MAN, products A and B, channel web; 10 of each at each node."""

        def seed(uow: AbstractUnitOfWork) -> None:
            for code in ("LDN", "MAN"):
                uow.nodes.upsert(Node(code=code, name=code))
            for sku in ("A", "B"):
                uow.products.upsert(Product(sku=sku, name=sku, price=1000))
            uow.channels.upsert(Channel(code="web", name="Web"))
            for code in ("LDN", "MAN"):
                for sku in ("A", "B"):
                    uow.inventory.set(code, sku, 10, 0)

        self.commit(seed)


def new_order(
    *lines: tuple[str, int],
    channel: str = "web",
    external_id: str | None = None,
    email: str = "ann@example.com",
    name: str = "Ann",
    created_at: datetime = NOON,
) -> Order:
    order = Order.create(
        channel=channel,
        currency="EUR",
        customer=Customer(email, name),
        ship_to=LONDON,
        lines=[(s, q, 1000) for s, q in lines],
        external_id=external_id,
        actor="test",
    )
    order.created_at = order.updated_at = created_at
    return order


def added(store: ContractStore, order: Order) -> int:
    """Add the order in a committed unit of work; its id."""

    def add(uow: AbstractUnitOfWork) -> int:
        uow.orders.add(order)
        return order.id  # type: ignore[return-value]

    return store.commit(add)

"""The in-memory stores put a milestone event into the outbox in the event's own unit of
work (where the databases run a trigger); a unit of work that rolls back leaves none."""

from __future__ import annotations

from ordermind.adapters.memory import FastStore, FastUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer
from ordermind.services import inventory, ordering
from ordermind.services import notifications as svc
from ordermind.services.commands import OrderLineInput, PlaceOrder

CMD = PlaceOrder(
    "web",
    "EUR",
    Customer("ann@example.com"),
    Address("Ann", "1 High St", "London", "EC1A 1AA", "GB"),
    [OrderLineInput("A", 1)],
)


def stocked(make) -> None:
    with make() as uow:
        inventory.upsert_node(uow, Node(code="LDN", name="LDN", lat=51.5, lon=-0.12))
        inventory.upsert_product(uow, Product(sku="A", name="A", price=1000))
        inventory.set_stock(uow, "LDN", "A", 5, 0, "test")
        uow.commit()


def outbox(make, order_id: int) -> list[tuple[str, str]]:
    with make() as uow:
        return [(i.milestone, i.status) for i in uow.notifications.outbox_for_order(order_id)]


def test_a_committed_order_is_in_the_outbox_and_a_rolled_back_one_is_not() -> None:
    store = FastStore()
    fast = FastUnitOfWork(FastStore(keep_movements=False))
    for make in (lambda: FastUnitOfWork(store), lambda: fast):
        stocked(make)
        with make() as uow:
            dropped = ordering.place_order(uow, CMD, "test").id
            # in the order's own unit of work, as the databases' trigger does
            assert outbox(lambda u=uow: _Same(u), dropped) == [("confirmed", "pending")]
        assert outbox(make, dropped) == []
        with make() as uow:
            kept = ordering.place_order(uow, CMD, "test").id
            uow.commit()
        assert outbox(make, kept) == [("confirmed", "pending")]


def test_a_fast_store_without_timelines_fills_no_outbox_but_takes_explicit_milestones() -> None:
    make = (lambda u: lambda: u)(FastUnitOfWork(FastStore(keep_movements=False, keep_events=False)))
    stocked(make)
    with make() as uow:
        oid = ordering.place_order(uow, CMD, "test").id
        uow.commit()
    assert outbox(make, oid) == []
    with make() as uow:
        assert svc.enqueue(uow, oid, "delay_predicted", {"new_date": "2031-01-01"})
        uow.commit()
    assert outbox(make, oid) == [("delay_predicted", "pending")]


class _Same:
    """An open unit of work, entered again without ending it (a read inside it)."""

    def __init__(self, uow) -> None:
        self.uow = uow

    def __enter__(self):
        return self.uow

    def __exit__(self, *args: object) -> None:
        pass

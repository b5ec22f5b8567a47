"""The lines each node took today, on SQLite and PostgreSQL through the real migrations:
added up in the reserving transaction, read per node's own day, gone on rollback, and
steering placement away from a full node."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.clock import use_clock
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer
from ordermind.services import inventory as inv
from ordermind.services.commands import OrderLineInput, PlaceOrder
from ordermind.services.ordering import place_order

MON, TUE = date(2026, 3, 2), date(2026, 3, 3)
ONE_A = PlaceOrder(
    channel="web",
    currency="EUR",
    customer=Customer("ann@example.com"),
    ship_to=Address("Ann", "1 High St", "London", "EC1A 1AA", "GB", lat=51.52, lon=-0.10),
    lines=[OrderLineInput("A", 1)],
)


def test_lines_add_up_per_node_and_day_and_a_rollback_keeps_none(engine):
    with SqlUnitOfWork(engine) as uow:
        uow.nodes.take_lines([("LDN", MON, 2), ("MAN", MON, 1)])
        uow.nodes.take_lines([("LDN", MON, 3), ("LDN", TUE, 7)])
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        uow.nodes.take_lines([("LDN", MON, 100)])  # left without commit
    with SqlUnitOfWork(engine) as uow:
        assert uow.nodes.lines_taken({"LDN": MON, "MAN": MON}) == {"LDN": 5, "MAN": 1}
        # Each node is read on its own day: Manchester took nothing on Tuesday.
        assert uow.nodes.lines_taken({"LDN": TUE, "MAN": TUE}) == {"LDN": 7}
        assert uow.nodes.lines_taken({}) == {}


def test_placement_passes_over_a_node_whose_lines_for_the_day_are_taken(engine):
    with SqlUnitOfWork(engine) as uow:
        inv.upsert_node(uow, Node(code="LDN", name="LDN", lat=51.5, lon=-0.12, daily_capacity=1))
        inv.upsert_node(uow, Node(code="MAN", name="MAN", lat=53.48, lon=-2.24))
        inv.upsert_product(uow, Product(sku="A", name="A", price=1000))
        for node in ("LDN", "MAN"):
            inv.set_stock(uow, node, "A", 10, 0, "test")
        uow.commit()
    noon = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    placed = []
    for _ in range(2):
        with use_clock(lambda: noon), SqlUnitOfWork(engine) as uow:
            order = place_order(uow, ONE_A, "t")
            uow.commit()
        placed.append({a.node for ln in order.lines for a in ln.allocations})
    assert placed == [{"LDN"}, {"MAN"}]
    with SqlUnitOfWork(engine) as uow:
        assert uow.nodes.lines_taken({"LDN": MON, "MAN": MON}) == {"LDN": 1, "MAN": 1}
    # After adding the count outside a transaction, the unit of work (and the pooled
    # connection after it) is transactional again.
    with use_clock(lambda: noon), SqlUnitOfWork(engine) as uow:
        place_order(uow, ONE_A, "t")
        uow.commit()
        inv.set_stock(uow, "MAN", "A", 99, 0, "test")  # left without commit
    with SqlUnitOfWork(engine) as uow:
        inv.set_stock(uow, "LDN", "A", 99, 0, "test")  # left without commit
    with SqlUnitOfWork(engine) as uow:
        assert uow.inventory.get("MAN", "A").on_hand == 10
        assert uow.inventory.get("LDN", "A").on_hand == 10


def test_the_count_is_added_after_the_order_commits_and_a_failure_there_keeps_the_order(
    engine, monkeypatch, caplog
):
    from sqlalchemy.exc import OperationalError

    from ordermind.adapters.db.catalog_repos import SqlNodes

    with SqlUnitOfWork(engine) as uow:
        inv.upsert_node(uow, Node(code="LDN", name="LDN", lat=51.5, lon=-0.12))
        inv.upsert_product(uow, Product(sku="A", name="A", price=1000))
        inv.set_stock(uow, "LDN", "A", 10, 0, "test")
        uow.commit()
    noon = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    with use_clock(lambda: noon), SqlUnitOfWork(engine) as uow:
        place_order(uow, ONE_A, "t")
        # Not written inside the order's transaction: no row for every order to wait on.
        assert uow.nodes.lines_taken({"LDN": MON}) == {}
        uow.commit()

    def broken(self):
        raise OperationalError("UPDATE node_daily_load", {}, Exception("disk full"))

    monkeypatch.setattr(SqlNodes, "flush_lines", broken)
    with use_clock(lambda: noon), SqlUnitOfWork(engine) as uow:
        order = place_order(uow, ONE_A, "t")
        uow.commit()
    assert "node daily load not updated" in caplog.text
    with SqlUnitOfWork(engine) as uow:
        assert uow.orders.get(order.id) is not None  # the order stands
        assert uow.nodes.lines_taken({"LDN": MON}) == {"LDN": 1}  # the first order's line

"""The lean placement path (`PlacementUnitOfWork`), on SQLite and PostgreSQL through the real
migrations: it writes exactly what the general unit of work writes, in two round trips on
PostgreSQL, and whatever its optimistic read decided on that changed before the write
(stock, the Idempotency-Key, the buyer's velocity) makes it write nothing and try again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event, func, select

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.placement import PlacementUnitOfWork
from ordermind.adapters.db.retry import TryAgain
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.clock import use_clock
from ordermind.domain.errors import Conflict
from ordermind.domain.fences import RingFence
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer
from ordermind.services import inventory as inv
from ordermind.services.commands import OrderLineInput, PlaceOrder
from ordermind.services.ordering import place_order, placement_query
from ordermind.services.screening import RiskContext, RiskScreener

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _order(ref: str, email: str = "ann@example.com", lines=(("A", 2), ("B", 1))) -> PlaceOrder:
    return PlaceOrder(
        channel="web",
        currency="EUR",
        customer=Customer(email, "Ann"),
        ship_to=Address("Ann", "1 High St", "London", "EC1A 1AA", "GB", lat=51.52, lon=-0.10),
        lines=[OrderLineInput(s, q) for s, q in lines],
        external_id=ref,
    )


@pytest.fixture
def store(engine):
    with SqlUnitOfWork(engine) as uow:
        inv.upsert_node(uow, Node(code="LDN", name="LDN", lat=51.5, lon=-0.12))
        inv.upsert_node(uow, Node(code="MAN", name="MAN", lat=53.48, lon=-2.24))
        for sku in ("A", "B"):
            inv.upsert_product(uow, Product(sku=sku, name=sku, price=1000))
            inv.set_stock(uow, "LDN", sku, 3, 0, "test")
            inv.set_stock(uow, "MAN", sku, 10, 0, "test")
        uow.commit()
    return engine


def _place(engine, cmd: PlaceOrder, lean: bool, screener=None, key=None):
    context = RiskContext(device_id="dev-1")
    with use_clock(lambda: NOON):
        query = placement_query(cmd, context, screener is not None)
        uow = PlacementUnitOfWork(engine, query) if lean else SqlUnitOfWork(engine)
        with uow:
            if key is not None:
                assert uow.idempotency.claim("scope", key, "hash") is None
            order = place_order(uow, cmd, "t", screener, context, query)
            if key is not None:
                uow.idempotency.store("scope", key, 201, {"id": order.id})
            uow.commit()
    return order


def _rows(conn, order_id: int) -> dict:
    """Everything stored for an order, without what differs by nature (ids, refs)."""

    def rows(table, *drop):
        found = conn.execute(select(table).where(table.c.order_id == order_id)).mappings()
        return sorted(
            tuple((k, v) for k, v in r.items() if k not in {"order_id", *drop}) for r in found
        )

    header = dict(conn.execute(select(t.orders).where(t.orders.c.id == order_id)).mappings().one())
    for k in ("id", "external_id"):
        header.pop(k)
    return {
        "header": header,
        "lines": rows(t.order_lines),
        "allocations": rows(t.allocations),
        "events": rows(t.order_events, "id", "tx"),
        "holds": rows(t.holds, "id"),
        "velocity": rows(t.velocity_events),
    }


def _reserved(conn) -> dict:
    return {(r.node, r.sku): r.reserved for r in conn.execute(select(t.inventory))}


def test_the_lean_path_writes_what_the_general_unit_of_work_writes(store):
    screener = RiskScreener()
    context = RiskContext(device_id="dev-1")
    cmd = _order("same")
    with store.connect() as conn:
        before = _reserved(conn)
    with use_clock(lambda: NOON), SqlUnitOfWork(store) as uow:  # left without commit
        general = place_order(uow, cmd, "t", screener, context)
        expected = _rows(uow.conn, general.id)
        expected_reserved = _reserved(uow.conn)
    lean = _place(store, cmd, lean=True, screener=screener)
    with store.connect() as conn:
        assert _rows(conn, lean.id) == expected
        assert _reserved(conn) == expected_reserved != before
    with SqlUnitOfWork(store) as uow:  # the node load counted in the same write
        assert uow.nodes.lines_taken({"LDN": NOON.date(), "MAN": NOON.date()}) == {"LDN": 2}


def _assert_nothing_written(engine, reserved: dict) -> None:
    with engine.connect() as conn:
        assert _reserved(conn) == reserved
        for table in (t.orders, t.idempotency_keys, t.velocity_events, t.node_daily_load):
            assert conn.execute(select(func.count()).select_from(table)).scalar() == 0, table


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_placing_an_order_on_postgresql_takes_two_round_trips(store):
    _place(store, _order("warm"), lean=True)  # nodes and channels read once per process
    statements: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(store, "before_cursor_execute", seen)
    try:
        _place(store, _order("rt"), lean=True, screener=RiskScreener(), key="k1")
    finally:
        event.remove(store, "before_cursor_execute", seen)
    # one read, one write; autocommit sends no BEGIN or COMMIT
    assert [s.split()[0] for s in statements] == ["SELECT", "SELECT"], statements
    assert "om_place_order" in statements[1]


def test_stock_taken_between_the_read_and_the_write_writes_nothing(store):
    with use_clock(lambda: NOON):
        cmd = _order("late", lines=(("B", 12),))
        query = placement_query(cmd, None, False)
        with PlacementUnitOfWork(store, query) as uow:
            assert uow.idempotency.claim("scope", "k2", "hash") is None  # the one read
            with SqlUnitOfWork(store) as other:  # someone takes MAN's B meanwhile
                assert other.inventory.try_reserve("MAN", "B", 5)
                other.commit()
            with store.connect() as conn:
                before = _reserved(conn)
            with pytest.raises(TryAgain):  # (SQLite finds out at the add, PostgreSQL at commit)
                order = place_order(uow, cmd, "t", query=query)
                assert sum(ln.allocated for ln in order.lines) == 12  # planned on the read
                uow.commit()
    _assert_nothing_written(store, before)


def test_a_second_order_with_the_same_external_id_is_refused_and_reserves_nothing(store):
    first = _place(store, _order("dup"), lean=True)
    with store.connect() as conn:
        before = _reserved(conn)
    with pytest.raises(Conflict) as refused:
        _place(store, _order("dup"), lean=True)
    assert refused.value.context["order_id"] == first.id
    with store.connect() as conn:
        assert _reserved(conn) == before


def test_a_key_claimed_by_a_concurrent_twin_makes_the_write_try_again(store):
    with use_clock(lambda: NOON):
        cmd = _order("twin")
        query = placement_query(cmd, None, False)
        with PlacementUnitOfWork(store, query) as uow:
            assert uow.idempotency.claim("scope", "same", "hash") is None
            _place(store, _order("twin-2"), lean=True, key="same")  # the twin wins
            with pytest.raises(TryAgain):
                place_order(uow, cmd, "t", query=query)
                uow.idempotency.store("scope", "same", 201, {"first": False})
                uow.commit()
        with PlacementUnitOfWork(store, placement_query(cmd, None, False)) as again:
            stored = again.idempotency.claim("scope", "same", "hash")
    assert stored is not None and stored.status_code == 201
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.orders)).scalar() == 1


def test_an_order_of_the_same_buyer_written_meanwhile_makes_the_write_try_again(store):
    """Two orders of one buyer at the same moment: the second is screened again, seeing
    the first, instead of both passing on windows that miss each other."""
    screener = RiskScreener()
    context = RiskContext(device_id="dev-1")
    with use_clock(lambda: NOON):
        cmd = _order("v1")
        query = placement_query(cmd, context, True)
        with PlacementUnitOfWork(store, query) as uow:
            assert uow.placement_reads(query).velocity == []
            _place(store, _order("v2"), lean=True, screener=screener)
            with pytest.raises(TryAgain):
                place_order(uow, cmd, "t", screener, context, query)
                uow.commit()


def test_an_order_under_a_ring_fence_reserves_beyond_the_fence_on_the_lean_path(store):
    with SqlUnitOfWork(store) as uow:
        inv.upsert_channel(
            uow,
            Channel(
                code="shop",
                ring_fences=(RingFence(node="MAN", channel="shop", quantity=9, sku="B"),),
            ),
        )
        inv.upsert_channel(uow, Channel(code="web"))  # the channel the order comes from
        uow.commit()
    order = _place(store, _order("fenced", lines=(("B", 4),)), lean=True)
    # LDN's 3 and the one unit of MAN's 10 the fence leaves; the rest waits
    assert {(a.node, a.allocated) for ln in order.lines for a in ln.allocations} == {
        ("LDN", 3),
        ("MAN", 1),
    }
    assert sum(ln.backordered for ln in order.lines) == 0
    with store.connect() as conn:
        assert _reserved(conn)[("MAN", "B")] == 1

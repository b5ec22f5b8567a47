"""The outbox is filled by the trigger on order_events, in the event's own transaction, on
SQLite and PostgreSQL through the real migrations — also by the one-statement placement."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.placement import PlacementUnitOfWork
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.clock import utcnow
from ordermind.domain.orders import Customer
from ordermind.notifications.milestones import FROM_EVENTS
from ordermind.services import notifications as svc
from ordermind.services import ordering
from ordermind.services.commands import OrderLineInput, PlaceOrder

from .helpers import BERLIN, place, seed, ship


def _outbox(engine) -> list[tuple]:
    o = t.notification_outbox
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(o.c.order_id, o.c.milestone, o.c.subject, o.c.status).order_by(o.c.id)
            )
        ]


def test_a_placed_order_has_its_confirmation_in_the_outbox_of_the_same_transaction(
    engine, uowf
) -> None:
    seed(uowf)
    cmd = PlaceOrder("web", "EUR", Customer("anna@example.de"), BERLIN, [OrderLineInput("A", 1)])
    with SqlUnitOfWork(engine) as uow:
        order = ordering.place_order(uow, cmd, "test")
        inside = uow.notifications.outbox_for_order(order.id)
        assert [(i.milestone, i.subject, i.status) for i in inside] == [
            ("confirmed", "", "pending")
        ]
        # not committed: leaving the unit of work rolls the order back, and its outbox row
    assert _outbox(engine) == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.orders)).scalar() == 0


def test_the_hot_placement_path_fills_the_outbox_without_any_python_hook(engine, uowf) -> None:
    # PostgreSQL: om_place_order writes the order in one statement; SQLite: plain inserts.
    seed(uowf)
    cmd = PlaceOrder("web", "EUR", Customer("anna@example.de"), BERLIN, [OrderLineInput("A", 1)])
    query = ordering.placement_query(cmd, None, False)
    with PlacementUnitOfWork(engine, query) as work:
        order = ordering.place_order(work, cmd, "test", None, None, query)
        work.commit()
    assert _outbox(engine) == [(order.id, "confirmed", "", "pending")]


def test_the_trigger_makes_the_same_items_as_the_in_memory_stores(engine, uowf) -> None:
    seed(uowf)
    oid = place(uowf)
    events = [
        ("order.shipped", "test", {"shipment_id": "shp_1", "carrier": "DHL"}),
        ("order.shipped", "test", {"shipment_id": "shp_1", "carrier": "DHL"}),  # a repeat
        ("order.delivered", "test", {"shipment_id": "shp_1"}),
        ("return.received", "test", {"return_id": "rma_1"}),
        ("return.refunded", "test", {"return_id": "rma_1", "amount": 100}),
        ("order.allocated", "test", {}),
        ("order.released", "test", {}),
        ("notification.sent", "notifier", {"milestone": "shipped"}),
        ("order.shipped", "import:olist", {"shipment_id": "shp_old"}),  # history import
        ("order.shipped", "test", {"shipment_id": "x" * 80}),  # cut like the column
    ]
    with engine.begin() as conn:
        for type_, actor, data in events:
            conn.execute(
                insert(t.order_events).values(
                    order_id=oid, type=type_, actor=actor, data=data, created_at=utcnow()
                )
            )
        conn.execute(
            insert(t.order_events).values(  # about no order at all
                order_id=None, type="order.placed", actor="monitor", data={}, created_at=utcnow()
            )
        )
    expected = [(oid, "confirmed", "", {})]  # a placed order's lines are not copied
    for type_, actor, data in events:
        item = svc.item_from_event(oid, type_, actor, data, utcnow())
        row = None if item is None else (oid, item.milestone, item.subject, item.data)
        if row is not None and row[:3] not in [r[:3] for r in expected]:
            expected.append(row)
    o = t.notification_outbox
    with engine.connect() as conn:
        got = [
            tuple(r)
            for r in conn.execute(
                select(o.c.order_id, o.c.milestone, o.c.subject, o.c.data).order_by(o.c.id)
            )
        ]
    assert got == expected
    assert {m for _, m, _, _ in expected} == {m.value for m, _ in FROM_EVENTS.values()}


def test_shipping_puts_the_shipment_in_the_outbox_with_its_carrier_and_tracking(
    engine, uowf
) -> None:
    seed(uowf)
    oid = place(uowf)
    shipment = ship(uowf, oid, tracking="JJD42")
    o = t.notification_outbox
    with engine.connect() as conn:
        row = conn.execute(select(o).where(o.c.milestone == "shipped")).one()
    assert (row.order_id, row.subject) == (oid, shipment)
    assert row.data["carrier"] == "DHL" and row.data["tracking"] == "JJD42"

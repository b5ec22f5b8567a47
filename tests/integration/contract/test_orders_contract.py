"""Orders: an order added, changed, held, shipped or back-ordered without commit leaves no
trace (header, lines, allocations, holds, events, lookups); a committed one is read back
whole; a second order with a channel's external id is the same `Conflict` everywhere."""

from __future__ import annotations

import pytest

from ordermind.domain import fulfilment
from ordermind.domain.errors import Conflict
from ordermind.domain.orders import HoldReason, Order, OrderStatus
from ordermind.services.unit_of_work import OrderFilter

from .stores import ContractStore, added, new_order

_ALL = OrderFilter()


def lines(order: Order) -> list[tuple]:
    return [
        (
            ln.sku,
            ln.ordered,
            ln.backordered,
            ln.cancelled,
            ln.shipped,
            sorted((a.node, a.allocated, a.released) for a in ln.allocations),
        )
        for ln in order.lines
    ]


def state(store: ContractStore, order_id: int) -> tuple:
    """What a fresh unit of work reads of the order."""

    def read(uow) -> tuple:
        o = uow.orders.get(order_id)
        return (
            o.status,
            o.version,
            lines(o),
            [(h.id, h.active) for h in o.holds],
            [s.id for s in o.shipments],
            [e["type"] for e in uow.orders.events(order_id)],
        )

    return store.read(read)


def allocated(store: ContractStore, external_id: str | None = None) -> int:
    """A committed order of 2 A and 1 B, all allocated at LDN."""
    order = new_order(("A", 2), ("B", 1), external_id=external_id)
    order.apply_sourcing([(1, "LDN", 2), (2, "LDN", 1)], "test")
    return added(store, order)


def test_an_uncommitted_order_leaves_no_order_lines_or_events(seeded: ContractStore) -> None:
    def add(uow) -> int:
        order = new_order(("A", 2), external_id="PO-1")
        order.apply_sourcing([(1, "LDN", 1)], "test")  # one allocated, one back-ordered
        uow.orders.add(order)
        assert uow.orders.get(order.id) is not None
        return order.id

    dropped = seeded.drop(add)
    assert seeded.read(lambda u: u.orders.get(dropped)) is None
    assert seeded.read(lambda u: u.orders.events(dropped)) == []
    assert seeded.read(lambda u: u.orders.find_by_external_id("web", "PO-1")) is None
    assert seeded.read(lambda u: u.orders.with_backorders("A", 10)) == []
    assert seeded.read(lambda u: u.orders.with_unreleased_at("LDN", None, 10)) == []
    assert seeded.read(lambda u: u.orders.page(_ALL, None, 10)) == []


def test_a_committed_order_is_read_back_with_its_lines_and_events(seeded: ContractStore) -> None:
    oid = allocated(seeded, external_id="PO-1")
    status, version, got_lines, holds, shipments, events = state(seeded, oid)
    assert (status, holds, shipments) == (OrderStatus.ALLOCATED, [], [])
    assert got_lines == [("A", 2, 0, 0, 0, [("LDN", 2, 0)]), ("B", 1, 0, 0, 0, [("LDN", 1, 0)])]
    assert events == ["order.placed", "order.allocated"]
    found = seeded.read(lambda u: u.orders.find_by_external_id("web", "PO-1"))
    assert (found.id, found.number) == (oid, f"OM{oid:08d}")
    assert seeded.read(lambda u: u.orders.with_unreleased_at("LDN", "B", 10)) == [oid]


def test_an_uncommitted_status_change_leaves_the_order_as_committed(seeded: ContractStore) -> None:
    oid = allocated(seeded)
    before = state(seeded, oid)

    def cancel(uow) -> None:
        order = uow.orders.get(oid)
        order.cancel("test", "changed my mind", lines=[("A", 1)])
        uow.orders.save(order)
        assert uow.orders.get(oid).version == before[1] + 1

    seeded.drop(cancel)
    assert state(seeded, oid) == before


def test_a_committed_change_is_read_with_its_new_version_and_events(seeded: ContractStore) -> None:
    oid = allocated(seeded)
    version = state(seeded, oid)[1]

    def release(uow) -> None:
        order = uow.orders.get(oid)
        order.release("test")
        uow.orders.save(order)

    seeded.commit(release)
    status, new_version, got_lines, _, _, events = state(seeded, oid)
    assert (status, new_version) == (OrderStatus.RELEASED, version + 1)
    assert got_lines[0][5] == [("LDN", 0, 2)]
    assert events[-1] == "order.released"
    assert seeded.read(lambda u: u.orders.with_unreleased_at("LDN", None, 10)) == []


def test_an_uncommitted_hold_leaves_no_hold(seeded: ContractStore) -> None:
    oid = allocated(seeded)
    before = state(seeded, oid)

    def hold(uow) -> None:
        order = uow.orders.get(oid)
        order.place_hold("h1", HoldReason.MANUAL, "check", "test")
        uow.orders.save(order)
        assert uow.orders.active_holds(None, 10) == [(oid, "h1")]

    seeded.drop(hold)
    assert state(seeded, oid) == before
    assert seeded.read(lambda u: u.orders.active_holds(None, 10)) == []


def test_an_uncommitted_hold_release_leaves_the_hold_active(seeded: ContractStore) -> None:
    oid = allocated(seeded)

    def hold(uow) -> None:
        order = uow.orders.get(oid)
        order.place_hold("h1", HoldReason.FRAUD, None, "test")
        uow.orders.save(order)

    seeded.commit(hold)
    assert seeded.read(lambda u: u.orders.active_holds("fraud", 10)) == [(oid, "h1")]

    def release(uow) -> None:
        order = uow.orders.get(oid)
        order.release_hold("h1", "test")
        uow.orders.save(order)

    seeded.drop(release)
    assert seeded.read(lambda u: u.orders.active_holds(None, 10)) == [(oid, "h1")]
    assert state(seeded, oid)[0] == OrderStatus.ON_HOLD
    assert seeded.read(lambda u: u.orders.active_holds("manual", 10)) == []


def test_an_uncommitted_shipment_leaves_no_shipment(seeded: ContractStore) -> None:
    oid = allocated(seeded)

    def release(uow) -> None:
        order = uow.orders.get(oid)
        order.release("test")
        uow.orders.save(order)

    seeded.commit(release)
    before = state(seeded, oid)

    def ship(uow) -> None:
        order = uow.orders.get(oid)
        fulfilment.ship(
            order, shipment_id="S1", node="LDN", lines=[("A", 2)], carrier="dpd", actor="test"
        )
        uow.orders.save(order)
        assert uow.orders.order_id_for_shipment("S1") == oid

    seeded.drop(ship)
    assert state(seeded, oid) == before
    assert seeded.read(lambda u: u.orders.order_id_for_shipment("S1")) is None
    seeded.commit(ship)
    assert seeded.read(lambda u: u.orders.order_id_for_shipment("S1")) == oid
    assert state(seeded, oid)[0] == OrderStatus.PARTIALLY_SHIPPED


def test_an_uncommitted_back_order_leaves_the_back_order_queue_empty(seeded: ContractStore) -> None:
    oid = added(seeded, new_order(("A", 3)))

    def backorder(uow) -> None:
        order = uow.orders.get(oid)
        order.apply_sourcing([(1, "LDN", 1)], "test")
        uow.orders.save(order)
        assert uow.orders.with_backorders("A", 10) == [oid]

    seeded.drop(backorder)
    assert seeded.read(lambda u: u.orders.with_backorders("A", 10)) == []
    seeded.commit(backorder)
    assert seeded.read(lambda u: u.orders.with_backorders("A", 10)) == [oid]


def test_a_second_order_with_a_channels_external_id_is_a_conflict(seeded: ContractStore) -> None:
    first = added(seeded, new_order(("A", 1), external_id="PO-1"))
    with pytest.raises(Conflict) as refused:
        added(seeded, new_order(("B", 1), external_id="PO-1"))
    assert str(refused.value) == (
        f"channel web already has order OM{first:08d} with external_id 'PO-1'"
    )
    assert refused.value.context == {"order_id": first}
    other = added(seeded, new_order(("B", 1), external_id="PO-1", channel="shop"))
    assert seeded.read(lambda u: u.orders.find_by_external_id("shop", "PO-1")).id == other
    assert seeded.read(lambda u: u.orders.find_by_external_id("web", "PO-1")).id == first


def test_an_external_id_taken_in_the_same_unit_of_work_is_a_conflict(seeded: ContractStore) -> None:
    def twice(uow) -> tuple[int, Conflict]:
        first = new_order(("A", 1), external_id="PO-1")
        uow.orders.add(first)
        with pytest.raises(Conflict) as refused:
            uow.orders.add(new_order(("A", 1), external_id="PO-1"))
        later = new_order(("B", 1), external_id="PO-2")
        uow.orders.add(later)  # the refusal left the unit of work usable
        return first.id, refused.value

    first, refused = seeded.commit(twice)
    assert refused.context == {"order_id": first}
    assert [o.external_id for o in seeded.read(lambda u: u.orders.page(_ALL, None, 10))] == [
        "PO-2",
        "PO-1",
    ]


def test_the_external_id_of_a_rolled_back_order_is_free_again(seeded: ContractStore) -> None:
    seeded.drop(lambda u: u.orders.add(new_order(("A", 1), external_id="PO-1")))
    oid = added(seeded, new_order(("A", 1), external_id="PO-1"))
    assert seeded.read(lambda u: u.orders.find_by_external_id("web", "PO-1")).id == oid

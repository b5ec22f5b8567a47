"""Stock and inbound supply: counts, reservations, adjustments and shipments left without
commit leave stock as committed; refusals are the same on every store (a reservation
beyond the free units, an adjustment below zero, unreserving or shipping units that are
not reserved); supply added or received without commit is not there."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ordermind.domain.catalog import Product
from ordermind.domain.errors import StaleWrite
from ordermind.domain.network import InboundSupply, SupplyKind

from .stores import NOON, ContractStore


def position(store: ContractStore, node: str, sku: str) -> tuple[int, int, int] | None:
    pos = store.read(lambda u: u.inventory.get(node, sku))
    return None if pos is None else (pos.on_hand, pos.reserved, pos.safety_stock)


def supply(sku: str, qty: int, days: int) -> InboundSupply:
    return InboundSupply(
        None,
        SupplyKind.PURCHASE_ORDER,
        sku,
        "LDN",
        qty,
        NOON + timedelta(days=days),
        source="acme",
        reference=f"PO-{days}",
    )


def test_an_uncommitted_stock_count_leaves_no_position(seeded: ContractStore) -> None:
    seeded.commit(lambda u: u.products.upsert(Product(sku="C", name="C", price=1)))
    seeded.drop(lambda u: u.inventory.set("LDN", "C", 4, 1))
    assert position(seeded, "LDN", "C") is None
    assert seeded.read(lambda u: u.inventory.find(sku="C")) == []


def test_an_uncommitted_stock_count_leaves_the_counted_stock(seeded: ContractStore) -> None:
    seeded.drop(lambda u: u.inventory.set("LDN", "A", 3, 2))
    assert position(seeded, "LDN", "A") == (10, 0, 0)


def test_a_committed_count_keeps_what_is_reserved(seeded: ContractStore) -> None:
    seeded.commit(lambda u: u.inventory.try_reserve("LDN", "A", 4))
    seeded.commit(lambda u: u.inventory.set("LDN", "A", 12, 1))
    assert position(seeded, "LDN", "A") == (12, 4, 1)
    assert seeded.read(lambda u: u.inventory.available(["A", "Z"])) == {"A": {"LDN": 7, "MAN": 10}}


def test_an_uncommitted_reservation_gives_the_units_back(seeded: ContractStore) -> None:
    def reserve(uow) -> None:
        assert uow.inventory.try_reserve("LDN", "A", 4)
        assert uow.inventory.available(["A"]) == {"A": {"LDN": 6, "MAN": 10}}

    seeded.drop(reserve)
    assert position(seeded, "LDN", "A") == (10, 0, 0)
    assert seeded.read(lambda u: u.inventory.available(["A"])) == {"A": {"LDN": 10, "MAN": 10}}


def test_uncommitted_adjustments_and_shipments_leave_stock_as_it_was(seeded: ContractStore) -> None:
    def move(uow) -> None:
        assert uow.inventory.adjust("LDN", "A", 5).on_hand == 15
        assert uow.inventory.try_reserve("LDN", "A", 3)
        uow.inventory.consume("LDN", "A", 2)
        uow.inventory.unreserve("LDN", "A", 1)
        uow.inventory.record_movement("LDN", "A", 5, "count", "test")
        got = uow.inventory.get("LDN", "A")
        assert (got.on_hand, got.reserved) == (13, 0)

    seeded.drop(move)
    assert position(seeded, "LDN", "A") == (10, 0, 0)


def test_an_uncommitted_adjustment_creating_a_position_leaves_none(seeded: ContractStore) -> None:
    seeded.commit(lambda u: u.products.upsert(Product(sku="C", name="C", price=1)))
    seeded.drop(lambda u: u.inventory.adjust("MAN", "C", 3))
    assert position(seeded, "MAN", "C") is None


def test_committed_stock_moves_are_read_by_a_new_unit_of_work(seeded: ContractStore) -> None:
    seeded.commit(lambda u: u.inventory.try_reserve("LDN", "A", 3))
    seeded.commit(lambda u: u.inventory.consume("LDN", "A", 2))
    seeded.commit(lambda u: u.inventory.adjust("MAN", "B", -4))
    assert position(seeded, "LDN", "A") == (8, 1, 0)
    assert position(seeded, "MAN", "B") == (6, 0, 0)


def test_a_reservation_beyond_the_free_units_is_refused_and_changes_nothing(
    seeded: ContractStore,
) -> None:
    seeded.commit(lambda u: u.inventory.set("LDN", "A", 10, 2))
    assert seeded.commit(lambda u: u.inventory.try_reserve("LDN", "A", 9)) is False
    assert seeded.commit(lambda u: u.inventory.try_reserve("EDI", "A", 1)) is False
    assert seeded.commit(lambda u: u.inventory.try_reserve("LDN", "A", 8)) is True
    assert position(seeded, "LDN", "A") == (10, 8, 2)


def test_an_adjustment_below_zero_is_refused(seeded: ContractStore) -> None:
    assert seeded.commit(lambda u: u.inventory.adjust("LDN", "A", -11)) is None
    assert seeded.commit(lambda u: u.inventory.adjust("MAN", "Z", -1)) is None
    assert position(seeded, "LDN", "A") == (10, 0, 0)


def test_unreserving_or_shipping_units_not_reserved_is_a_stale_write(seeded: ContractStore) -> None:
    seeded.commit(lambda u: u.inventory.try_reserve("LDN", "A", 2))
    with pytest.raises(StaleWrite, match="cannot unreserve 3 of A at LDN"):
        seeded.drop(lambda u: u.inventory.unreserve("LDN", "A", 3))
    with pytest.raises(StaleWrite, match="cannot ship 3 of A from LDN"):
        seeded.drop(lambda u: u.inventory.consume("LDN", "A", 3))
    assert position(seeded, "LDN", "A") == (10, 2, 0)


def test_stock_is_listed_by_sku_then_node(seeded: ContractStore) -> None:
    rows = seeded.read(lambda u: u.inventory.find())
    assert [(p.sku, p.node) for p in rows] == [
        ("A", "LDN"),
        ("A", "MAN"),
        ("B", "LDN"),
        ("B", "MAN"),
    ]
    assert [(p.sku, p.node) for p in seeded.read(lambda u: u.inventory.find(node="MAN"))] == [
        ("A", "MAN"),
        ("B", "MAN"),
    ]


def test_uncommitted_supply_leaves_no_inbound_supply(seeded: ContractStore) -> None:
    def add(uow) -> int:
        added = uow.supply.add(supply("A", 5, 3))
        assert [s.id for s in uow.supply.find()] == [added.id]
        return added.id

    dropped = seeded.drop(add)
    assert seeded.read(lambda u: u.supply.find(open_only=False)) == []
    assert seeded.read(lambda u: u.supply.get(dropped)) is None


def test_committed_supply_is_listed_by_eta_and_received_supply_is_not_open(
    seeded: ContractStore,
) -> None:
    late = seeded.commit(lambda u: u.supply.add(supply("A", 5, 9))).id
    soon = seeded.commit(lambda u: u.supply.add(supply("B", 7, 2))).id
    mid = seeded.commit(lambda u: u.supply.add(supply("A", 1, 5))).id
    assert [s.id for s in seeded.read(lambda u: u.supply.find())] == [soon, mid, late]
    assert [s.id for s in seeded.read(lambda u: u.supply.find(sku="A"))] == [mid, late]
    seeded.commit(lambda u: u.supply.mark_received(mid))
    assert [s.id for s in seeded.read(lambda u: u.supply.find())] == [soon, late]
    assert [s.id for s in seeded.read(lambda u: u.supply.find(open_only=False))] == [
        soon,
        mid,
        late,
    ]
    got = seeded.read(lambda u: u.supply.get(late))
    assert (got.sku, got.quantity, got.eta, got.source, got.reference, got.received) == (
        "A",
        5,
        NOON + timedelta(days=9),
        "acme",
        "PO-9",
        False,
    )


def test_an_uncommitted_receipt_leaves_the_supply_open(seeded: ContractStore) -> None:
    sid = seeded.commit(lambda u: u.supply.add(supply("A", 5, 3))).id
    seeded.drop(lambda u: u.supply.mark_received(sid))
    assert seeded.read(lambda u: u.supply.get(sid)).received is False
    assert [s.id for s in seeded.read(lambda u: u.supply.find())] == [sid]

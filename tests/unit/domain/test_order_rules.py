"""Pure domain rules: derived status, refused transitions with reasons, validation."""

import pytest

from ordermind.domain.catalog import Product, valid_gtin
from ordermind.domain.errors import InvalidTransition, ValidationFailed
from ordermind.domain.fulfilment import deliver, ship
from ordermind.domain.orders import Address, Customer, HoldReason, Order, OrderStatus

TO = Address("Ann", "1 High St", "London", "E1 1AA", "gb")


def _order(*lines):
    return Order.create(
        channel="web",
        currency="EUR",
        customer=Customer("Ann@Example.com"),
        ship_to=TO,
        lines=list(lines),
    )


def test_status_follows_the_buckets_from_placed_to_delivered():
    o = _order(("A", 2, 100))
    assert o.status is OrderStatus.PLACED
    o.apply_sourcing([(1, "N1", 2)], "t")
    assert o.status is OrderStatus.ALLOCATED
    o.release("t")
    assert o.status is OrderStatus.RELEASED
    s, _ = ship(o, shipment_id="s1", node="N1", lines=[("A", 1)], carrier="DPD", actor="t")
    assert o.status is OrderStatus.PARTIALLY_SHIPPED
    ship(o, shipment_id="s2", node="N1", lines=[("A", 1)], carrier="DPD", actor="t")
    assert o.status is OrderStatus.SHIPPED
    deliver(o, "s1", "t")
    deliver(o, "s2", "t")
    assert o.status is OrderStatus.DELIVERED
    assert [e.status_after for e in o.events][-1] == "delivered"


def test_what_cannot_be_reserved_is_backordered_and_status_says_so():
    o = _order(("A", 5, 100), ("B", 1, 100))
    o.apply_sourcing([(1, "N1", 3)], "t")
    assert (o.lines[0].backordered, o.lines[1].backordered) == (2, 1)
    assert o.status is OrderStatus.PARTIALLY_ALLOCATED


def test_a_hold_blocks_release_and_the_refusal_says_why():
    o = _order(("A", 1, 100))
    o.apply_sourcing([(1, "N1", 1)], "t")
    o.place_hold("h1", HoldReason.PAYMENT, "card declined", "t")
    assert o.status is OrderStatus.ON_HOLD
    with pytest.raises(InvalidTransition, match="on hold \\(payment\\)"):
        o.release("t")


def test_shipped_units_cannot_be_cancelled():
    o = _order(("A", 2, 100))
    o.apply_sourcing([(1, "N1", 2)], "t")
    o.release("t")
    ship(o, shipment_id="s1", node="N1", lines=[("A", 2)], carrier="DPD", actor="t")
    with pytest.raises(InvalidTransition, match="shipped"):
        o.cancel("t", "too late")


def test_cancelling_more_than_is_open_is_refused_and_changes_nothing():
    o = _order(("A", 2, 100))
    o.apply_sourcing([(1, "N1", 2)], "t")
    with pytest.raises(InvalidTransition, match="only 2"):
        o.cancel("t", None, [("A", 3)])
    assert o.lines[0].allocated == 2 and o.lines[0].cancelled == 0


def test_inputs_are_normalised_or_refused():
    assert _order(("A", 1, 1)).customer.email == "ann@example.com"
    assert TO.country == "GB"
    with pytest.raises(ValidationFailed):
        _order(("A", 0, 1))
    with pytest.raises(ValidationFailed):
        Customer("no-at-sign")
    with pytest.raises(ValidationFailed):
        Address("Ann", "1 High St", "London", "E1", "GB", lat=51.0)  # lat without lon
    assert valid_gtin("4006381333931") and not valid_gtin("4006381333932")
    with pytest.raises(ValidationFailed):
        Product("A", "x", 100, gtin="4006381333932")


def test_cancelling_the_whole_order_resolves_its_holds():
    o = _order(("A", 1, 100))
    o.place_hold("h1", HoldReason.FRAUD, "velocity", "t")
    o.cancel("agent", "customer asked")
    assert o.status is OrderStatus.CANCELLED and o.active_holds == []
    assert o.holds[0].resolution == "order cancelled"

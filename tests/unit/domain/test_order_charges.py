"""Shipping and fees beside an order's lines: recorded with the order's placement, kept
out of its total and its stock, and refused when they are not amounts."""

import pytest

from ordermind.domain.charges import MAX_CHARGES, Charge, ChargeKind
from ordermind.domain.errors import ValidationFailed
from ordermind.domain.events import EventType
from ordermind.domain.orders import Address, Customer, Order

TO = Address("Ann", "1 High St", "London", "E1 1AA", "gb")
SHIPPING = Charge(ChargeKind.SHIPPING, "Standard", 412, 83, "std")


def _order(charges=()):
    return Order.create(
        channel="web",
        currency="GBP",
        customer=Customer("ann@example.com"),
        ship_to=TO,
        lines=[("A", 2, 100)],
        charges=tuple(charges),
    )


def test_charges_are_recorded_with_the_placement_and_stay_out_of_the_lines_total():
    gift_wrap = Charge(ChargeKind.FEE, "Gift wrap", 250, 50)
    order = _order([SHIPPING, gift_wrap])
    (placed,) = [e for e in order.events if e.type is EventType.PLACED]
    assert placed.data["charges"] == [
        {"kind": "shipping", "title": "Standard", "code": "std", "amount": 412, "tax": 83},
        {"kind": "fee", "title": "Gift wrap", "code": None, "amount": 250, "tax": 50},
    ]
    assert order.total == 200


def test_an_order_without_charges_records_none():
    (placed,) = _order().events
    assert "charges" not in placed.data


@pytest.mark.parametrize(
    ("kind", "title", "amount", "tax", "named"),
    [
        (ChargeKind.SHIPPING, "Standard", -1, 0, "amount is negative"),
        (ChargeKind.FEE, "Wrap", 100, -1, "tax is negative"),
        (ChargeKind.FEE, " ", 100, 0, "title"),
        (ChargeKind.FEE, "x" * 201, 100, 0, "title"),
        (ChargeKind.FEE, "Wrap", True, 0, "minor units"),
        (ChargeKind.FEE, "Wrap", 1.5, 0, "minor units"),
        (ChargeKind.FEE, "Wrap", 2**60, 0, "out of range"),
    ],
)
def test_a_charge_that_is_not_an_amount_is_refused(kind, title, amount, tax, named):
    with pytest.raises(ValidationFailed, match=named):
        Charge(kind, title, amount, tax)


def test_a_negative_fee_is_a_discount_and_is_kept():
    assert Charge(ChargeKind.FEE, "Loyalty discount", -300).amount == -300


def test_an_order_with_more_charges_than_allowed_is_refused():
    with pytest.raises(ValidationFailed, match=str(MAX_CHARGES)):
        _order([SHIPPING] * (MAX_CHARGES + 1))

from datetime import date, datetime

import pytest

from ordermind.sourcing import Location, NodeInfo
from ordermind.sourcing.atp import (
    Inbound,
    Position,
    RingFence,
    atp_table,
    network_atp,
    stock_view,
)
from ordermind.sourcing.availability import availability
from ordermind.sourcing.cost import SourcingContext

MONDAY_9AM = datetime(2026, 11, 23, 9, 0)
CAMBRIDGE = Location(52.20, 0.13, "GB")
NODES = {
    "DC": NodeInfo("DC", "warehouse", "GB", 53.48, -2.24),
    "ST": NodeInfo("ST", "store", "GB", 52.205, 0.12, can_pickup=True),
    "FAR": NodeInfo("FAR", "store", "GB", 55.95, -3.19, can_pickup=True),  # Edinburgh
}


def test_atp_is_on_hand_minus_reserved_minus_safety_stock():
    t = atp_table([Position("DC", "A", on_hand=10, reserved=3, safety_stock=2)])
    assert t["A"]["DC"].on_hand == 5


def test_atp_never_goes_negative():
    t = atp_table([Position("DC", "A", on_hand=2, reserved=3, safety_stock=2)])
    assert t["A"]["DC"].on_hand == 0


def test_ring_fenced_share_is_kept_from_other_channels_but_open_to_its_own():
    pos = [Position("ST", "A", on_hand=10)]
    fence = [RingFence("ST", "walk_in", share=0.3)]
    assert atp_table(pos, fences=fence, channel="web")["A"]["ST"].on_hand == 7
    assert atp_table(pos, fences=fence, channel="walk_in")["A"]["ST"].on_hand == 10


def test_ring_fenced_quantity_per_sku_applies_to_that_sku_only():
    pos = [Position("DC", "A", on_hand=10), Position("DC", "B", on_hand=10)]
    fence = [RingFence("DC", "marketplace", quantity=4, sku="A")]
    t = atp_table(pos, fences=fence, channel="web")
    assert (t["A"]["DC"].on_hand, t["B"]["DC"].on_hand) == (6, 10)


def test_fences_cannot_take_more_than_is_free():
    pos = [Position("DC", "A", on_hand=3)]
    fence = [RingFence("DC", "b2b", quantity=10)]
    assert atp_table(pos, fences=fence, channel="web")["A"]["DC"].on_hand == 0


def test_inbound_supply_adds_units_from_its_eta_and_received_supply_is_ignored():
    pos = [Position("DC", "A", on_hand=1)]
    inbound = [
        Inbound("DC", "A", 5, date(2026, 11, 27)),
        Inbound("DC", "A", 50, date(2026, 11, 24), received=True),
    ]
    a = atp_table(pos, inbound)["A"]["DC"]
    assert a.total() == 6
    assert a.date_for(1, date(2026, 11, 23)) == date(2026, 11, 23)
    assert a.date_for(4, date(2026, 11, 23)) == date(2026, 11, 27)
    assert a.date_for(7, date(2026, 11, 23)) is None


def test_overdue_inbound_counts_from_today():
    t = atp_table([], [Inbound("DC", "A", 5, date(2026, 11, 1))], as_of=date(2026, 11, 23))
    assert t["A"]["DC"].inbound == [(date(2026, 11, 23), 5)]


def test_network_atp_sums_nodes_and_stock_view_feeds_the_strategies():
    pos = [Position("DC", "A", 4), Position("ST", "A", 2), Position("FAR", "A", 0)]
    t = atp_table(pos, [Inbound("FAR", "A", 3, date(2026, 12, 1))])
    assert network_atp(t, "A") == (6, 9)
    assert network_atp(t, "A", {"ST"}) == (2, 2)
    assert stock_view(t) == {"A": {"DC": 4, "ST": 2}}


def _avail(table, location=CAMBRIDGE, quantity=1):
    return availability(
        ["A"],
        location,
        NODES,
        table,
        quantity=quantity,
        order_time=MONDAY_9AM,
        context=SourcingContext(),
    )


def test_availability_answers_per_fulfilment_option():
    t = atp_table([Position("DC", "A", 4), Position("ST", "A", 2), Position("FAR", "A", 5)])
    out = _avail(t)["skus"]["A"]
    home, sfs, pick = out["ship_to_home"], out["ship_from_store"], out["pick_up_in_store"]
    assert home.quantity == 4 and home.node == "DC"
    assert sfs.quantity == 7  # both stores ship
    assert pick.quantity == 2 and [s["node"] for s in pick.stores] == ["ST"]  # FAR too far
    assert pick.earliest_date == date(2026, 11, 23)  # ready today, before the cut-off
    assert home.earliest_date > pick.earliest_date
    assert home.as_dict()["earliest_date"] == home.earliest_date.isoformat()


def test_availability_promises_a_later_date_from_stock_in_transit():
    t = atp_table([Position("DC", "A", 1)], [Inbound("DC", "A", 10, date(2026, 11, 30))])
    home = _avail(t, quantity=5)["skus"]["A"]["ship_to_home"]
    assert home.quantity == 1 and home.quantity_with_inbound == 11
    assert home.from_inbound and home.earliest_date > date(2026, 11, 30)
    now = _avail(t, quantity=1)["skus"]["A"]["ship_to_home"]
    assert not now.from_inbound and now.earliest_date < home.earliest_date


def test_availability_for_an_unknown_location_still_answers_shipping_options():
    t = atp_table([Position("DC", "A", 4), Position("ST", "A", 2)])
    out = _avail(t, location=None)
    assert out["location_precision"] == "unknown"
    assert out["skus"]["A"]["ship_to_home"].quantity == 4
    assert out["skus"]["A"]["pick_up_in_store"].quantity == 0


def test_availability_for_an_unknown_sku_is_zero_everywhere():
    out = _avail(atp_table([]))["skus"]["A"]
    assert all(o.quantity == 0 and o.earliest_date is None for o in out.values())


def test_availability_rejects_a_non_positive_quantity():
    with pytest.raises(ValueError):
        _avail(atp_table([]), quantity=0)

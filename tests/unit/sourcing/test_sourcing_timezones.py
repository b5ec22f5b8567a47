"""Order times with a time zone are converted to each node's own clock before cut-offs and
calendars; naive order times keep meaning node-local time."""

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from ordermind.sourcing import (
    LineRequest,
    Location,
    NodeInfo,
    NodeProfile,
    SourcingContext,
    SourcingRequest,
    availability,
    plan,
)
from ordermind.sourcing.atp import NodeAtp
from ordermind.sourcing.frame import Frame
from ordermind.sourcing.promise import local_time

LONDON = NodeInfo("LON", "warehouse", "GB", 51.5, -0.12, timezone="Europe/London")
NEW_YORK = NodeInfo("NYC", "warehouse", "US", 40.7, -74.0, timezone="America/New_York")
CUSTOMER = Location(51.6, -0.2, "GB")


def _request(order_time, nodes=(LONDON,), ctx=None, **kw) -> SourcingRequest:
    nodes = {n.code: n for n in nodes}
    return SourcingRequest(
        [LineRequest(1, "A", 1, 500)],
        CUSTOMER,
        {"A": dict.fromkeys(nodes, 5)},
        nodes,
        order_time=order_time,
        context=ctx or SourcingContext(),
        **kw,
    )


def _shipped(order_time, nodes=(LONDON,), ctx=None) -> dict[str, date]:
    legs = Frame(_request(order_time, nodes, ctx)).legs
    return {code: leg.shipped for code, leg in legs.items()}


def test_london_cutoff_is_applied_in_british_summer_time():
    # 13:30 UTC on Wednesday 15 July is 14:30 BST: after the 14:00 cut-off.
    assert _shipped(datetime(2026, 7, 15, 13, 30, tzinfo=UTC)) == {"LON": date(2026, 7, 16)}


def test_london_cutoff_in_winter_is_utc():
    # 13:30 UTC on Wednesday 14 January is 13:30 GMT: before the cut-off.
    assert _shipped(datetime(2026, 1, 14, 13, 30, tzinfo=UTC)) == {"LON": date(2026, 1, 14)}


def test_a_naive_order_time_is_node_local_as_before():
    assert _shipped(datetime(2026, 7, 15, 13, 30)) == {"LON": date(2026, 7, 15)}


def test_the_promise_moves_with_the_local_cutoff():
    ctx = SourcingContext()
    summer = plan(_request(datetime(2026, 7, 15, 13, 30, tzinfo=UTC), ctx=ctx), "cost")
    naive = plan(_request(datetime(2026, 7, 15, 13, 30), ctx=ctx), "cost")
    # Same context, so the per-destination caches must tell the two apart.
    assert summer.promised_date > naive.promised_date
    assert summer.allocations == naive.allocations == [(1, "LON", 1)]


def test_each_node_gets_its_own_local_date():
    ny = NodeInfo("NYC", "warehouse", "US", 40.7, -74.0, timezone="America/New_York")
    ctx = SourcingContext(profiles={"NYC": NodeProfile(cutoff=time(22, 0))})
    # 01:00 UTC on Wednesday 15 July: 02:00 Wednesday in London, 21:00 Tuesday in New York
    # (before its 22:00 cut-off), so New York ships a day earlier than London.
    when = datetime(2026, 7, 15, 1, 0, tzinfo=UTC)
    assert local_time(when, "America/New_York") == datetime(2026, 7, 14, 21, 0)
    assert _shipped(when, (LONDON, ny), ctx) == {"LON": date(2026, 7, 15), "NYC": date(2026, 7, 14)}
    # The same wall-clock time without a zone is node-local at both nodes.
    assert _shipped(datetime(2026, 7, 15, 1, 0), (LONDON, ny), ctx) == {
        "LON": date(2026, 7, 15),
        "NYC": date(2026, 7, 15),
    }


def test_new_york_afternoon_cutoff_in_local_time():
    # 17:00 UTC is 18:00 in London (after its cut-off), 13:00 in New York (before).
    when = datetime(2026, 7, 14, 17, 0, tzinfo=UTC)
    assert _shipped(when, (LONDON, NEW_YORK)) == {
        "LON": date(2026, 7, 15),
        "NYC": date(2026, 7, 14),
    }


def test_other_offsets_are_converted_too():
    # 09:30 at UTC-04:00 is 13:30 UTC, 14:30 BST (read as London time it would be before
    # the cut-off).
    edt = timezone(timedelta(hours=-4))
    assert _shipped(datetime(2026, 7, 15, 9, 30, tzinfo=edt)) == {"LON": date(2026, 7, 16)}


def test_pickup_ready_date_uses_the_store_clock():
    store = NodeInfo("STL", "store", "GB", 51.6, -0.2, can_pickup=True, timezone="Europe/London")
    # Store cut-off 12:00: 11:30 UTC is 12:30 BST in July, 11:30 GMT in January.
    summer = plan(
        _request(
            datetime(2026, 7, 15, 11, 30, tzinfo=UTC),
            (store,),
            fulfilment="pickup",
            pickup_node="STL",
        ),
        "cost",
    )
    winter = plan(
        _request(
            datetime(2026, 1, 14, 11, 30, tzinfo=UTC),
            (store,),
            fulfilment="pickup",
            pickup_node="STL",
        ),
        "cost",
    )
    assert summer.promised_date == date(2026, 7, 16)
    assert winter.promised_date == date(2026, 1, 14)


def test_availability_counts_inbound_from_the_node_local_day():
    store = NodeInfo(
        "STN", "store", "US", 40.7, -74.0, can_pickup=True, timezone="America/New_York"
    )
    table = {"A": {"STN": NodeAtp(0, [(date(2026, 7, 1), 3)])}}
    near = Location(40.71, -74.01, "US")

    def ready(order_time) -> date:
        out = availability(
            ["A"], near, {"STN": store}, table, order_time=order_time, context=SourcingContext()
        )
        return out["skus"]["A"]["pick_up_in_store"].earliest_date

    # Tuesday 21:00 in New York: received the next working day, ready Wednesday.
    assert ready(datetime(2026, 7, 15, 1, 0, tzinfo=UTC)) == date(2026, 7, 15)
    # Read as node-local Wednesday 01:00 it would be Thursday.
    assert ready(datetime(2026, 7, 15, 1, 0)) == date(2026, 7, 16)


def test_an_unknown_time_zone_is_a_clear_error():
    bad = NodeInfo("BAD", "warehouse", "GB", 51.5, -0.12, timezone="Mars/Olympus")
    with pytest.raises(ValueError, match="unknown time zone"):
        _shipped(datetime(2026, 7, 15, 13, 30, tzinfo=UTC), (bad,))

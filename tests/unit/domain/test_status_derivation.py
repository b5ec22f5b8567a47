"""The order's one-pass derived status gives what the rules give line by line, for any
quantity buckets (invariants kept or not), holds, draft flag and close date."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from ordermind.domain.orders import (
    Address,
    Allocation,
    Customer,
    Hold,
    HoldReason,
    LineStatus,
    Order,
    OrderLine,
    OrderStatus,
)

T0 = datetime(2025, 1, 6, tzinfo=UTC)


def rule_by_rule(order: Order) -> OrderStatus:
    """The order status spelt out from each line's own status (the reference)."""
    if order.draft:
        return OrderStatus.DRAFT
    statuses = [line.status for line in order.lines]
    if all(s is LineStatus.CANCELLED for s in statuses):
        return OrderStatus.CANCELLED
    if order.closed_at is not None:
        return OrderStatus.CLOSED
    live = [line for line in order.lines if line.status is not LineStatus.CANCELLED]
    if all(line.status is LineStatus.DELIVERED for line in live):
        return OrderStatus.DELIVERED
    if all(line.status in (LineStatus.SHIPPED, LineStatus.DELIVERED) for line in live):
        return OrderStatus.SHIPPED
    if order.active_holds:
        return OrderStatus.ON_HOLD
    if any(line.shipped > 0 for line in live):
        return OrderStatus.PARTIALLY_SHIPPED
    released = sum(sum(a.released for a in line.allocations) for line in live)
    held = sum(sum(a.allocated + a.released for a in line.allocations) for line in live)
    open_qty = sum(line.ordered - line.cancelled - line.shipped for line in live)
    if released and released == open_qty:
        return OrderStatus.RELEASED
    if released:
        return OrderStatus.PARTIALLY_RELEASED
    if held and held == open_qty:
        return OrderStatus.ALLOCATED
    if held:
        return OrderStatus.PARTIALLY_ALLOCATED
    if any(line.backordered for line in live):
        return OrderStatus.BACKORDERED
    return OrderStatus.PLACED


def line_rule(line: OrderLine) -> LineStatus:
    live = line.ordered - line.cancelled
    allocated = sum(a.allocated for a in line.allocations)
    released = sum(a.released for a in line.allocations)
    if live == 0:
        return LineStatus.CANCELLED
    if line.delivered == live:
        return LineStatus.DELIVERED
    if line.shipped == live:
        return LineStatus.SHIPPED
    if line.shipped > 0:
        return LineStatus.PARTIALLY_SHIPPED
    if released == live:
        return LineStatus.RELEASED
    if allocated + released == live:
        return LineStatus.ALLOCATED
    if allocated + released > 0:
        return LineStatus.PARTIALLY_ALLOCATED
    if line.backordered > 0:
        return LineStatus.BACKORDERED
    return LineStatus.PLACED


small = st.integers(min_value=0, max_value=3)
mostly_zero = st.one_of(st.just(0), st.just(0), small)  # reach the later rules often


@st.composite
def lines(draw: st.DrawFn, no: int) -> OrderLine:
    ordered = draw(st.integers(min_value=1, max_value=4))
    line = OrderLine(
        line_no=no,
        sku=f"S{no}",
        ordered=ordered,
        unit_price=100,
        backordered=draw(small),
        shipped=draw(mostly_zero),
        delivered=draw(mostly_zero),
        cancelled=draw(st.one_of(st.just(0), st.integers(min_value=0, max_value=ordered))),
        returned=draw(small),
    )
    line.allocations = [
        Allocation(f"N{i}", draw(small), draw(small))
        for i in range(draw(st.integers(min_value=0, max_value=2)))
    ]
    return line


@st.composite
def orders(draw: st.DrawFn) -> Order:
    n = draw(st.integers(min_value=1, max_value=3))
    order = Order(
        id=1,
        channel="web",
        currency="EUR",
        customer=Customer("a@b.example"),
        ship_to=Address("A", "1 High St", "Leeds", "LS1", "GB"),
        lines=[draw(lines(i)) for i in range(1, n + 1)],
        draft=draw(st.sampled_from([False, False, False, True])),
        closed_at=draw(st.sampled_from([None, None, None, T0])),
    )
    order.holds = [
        Hold(
            f"h{i}",
            HoldReason.MANUAL,
            None,
            "x",
            T0,
            released_at=draw(st.sampled_from([None, T0, T0])),
        )
        for i in range(draw(st.integers(min_value=0, max_value=2)))
    ]
    return order


@settings(max_examples=1500, deadline=None)
@given(orders())
def test_the_one_pass_status_matches_the_line_by_line_rules(order: Order) -> None:
    assert order.status is rule_by_rule(order)
    for line in order.lines:
        assert line.status is line_rule(line)

"""Delay features use only what was known at the moment of scoring."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from ordermind.care.delay_features import (
    FEATURES,
    Leg,
    NodeTimeline,
    OrderState,
    Outcome,
    at_time,
    feature_row,
    queue_entries,
    snapshot_times,
)
from ordermind.care.delay_training import states_at_purchase
from ordermind.care.lanes import LaneTable

T0 = datetime(2025, 3, 3, 9, tzinfo=UTC)


def _rows(states, outcomes, lanes):
    return [feature_row(s, s.legs[0], lanes) for s in states_at_purchase(states, outcomes)]


def _same(a: list[dict], b: list[dict]) -> bool:
    def eq(x, y) -> bool:
        both_nan = isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y)
        return both_nan or x == y

    return all(eq(r1[k], r2[k]) for r1, r2 in zip(a, b, strict=True) for k in r1)


def test_changing_any_delivery_time_changes_no_feature_at_purchase(history) -> None:
    states, outcomes = history
    lanes = LaneTable.fit((s, outcomes[s.order_id]) for s in states[:400])
    before = _rows(states, outcomes, lanes)
    moved = {
        k: replace(o, delivered_at=o.delivered_at + timedelta(days=9)) for k, o in outcomes.items()
    }
    assert _same(before, _rows(states, moved, lanes))
    gone = {k: replace(o, delivered_at=None) for k, o in outcomes.items()}
    assert _same(before, _rows(states, gone, lanes))


def test_an_orders_own_later_handoff_does_not_change_its_purchase_features(history) -> None:
    states, outcomes = history
    lanes = LaneTable.fit((s, outcomes[s.order_id]) for s in states)
    target = states[300].order_id
    before = _rows(states, outcomes, lanes)[300]
    later = dict(outcomes)
    later[target] = replace(
        outcomes[target],
        handed_off_at=outcomes[target].handed_off_at + timedelta(days=3),
        released_at=outcomes[target].released_at + timedelta(hours=5),
    )
    assert _same([before], [_rows(states, later, lanes)[300]])


def test_another_orders_handoff_counts_only_once_it_has_happened() -> None:
    a = OrderState("a", T0, T0 + timedelta(days=5), (Leg("n1", "N"),))
    b = OrderState("b", T0 + timedelta(hours=1), T0 + timedelta(days=5), (Leg("n1", "N"),))
    probe = T0 + timedelta(hours=10)

    def backlog(handoff: datetime) -> int:
        timeline = NodeTimeline(queue_entries([a, b], {"a": Outcome("a", handed_off_at=handoff)}))
        return timeline.node("n1", probe).backlog  # type: ignore[return-value]

    # Handed off after the probe: at the probe it is still waiting, whenever it left later.
    assert backlog(T0 + timedelta(hours=20)) == backlog(T0 + timedelta(days=4)) == 2
    assert backlog(T0 + timedelta(hours=5)) == 1  # it had left by then


def test_a_snapshot_shows_stage_and_scans_only_once_they_happened() -> None:
    state = OrderState("x", T0, T0 + timedelta(days=6), (Leg("n1", "N"),), dest_region="S")
    out = Outcome(
        "x",
        released_at=T0 + timedelta(hours=3),
        handed_off_at=T0 + timedelta(days=1),
        delivered_at=T0 + timedelta(days=4),
    )
    assert at_time(state, T0 + timedelta(hours=1), outcome=out).stage == "placed"
    assert at_time(state, T0 + timedelta(hours=4), outcome=out).stage == "released"
    late = at_time(state, T0 + timedelta(days=2), outcome=out)
    assert late.stage == "shipped" and late.legs[0].shipped_at == out.handed_off_at
    early = at_time(
        replace(state, legs=(Leg("n1", "N", carrier="dhl", shipped_at=out.handed_off_at),)),
        T0 + timedelta(hours=4),
        outcome=out,
    )
    assert early.legs[0].carrier is None and early.legs[0].shipped_at is None
    times = snapshot_times(state, out)
    assert times[0] == T0 and all(t < out.delivered_at for t in times)


def test_every_documented_feature_is_in_a_row_and_the_module_explains_each() -> None:
    import ordermind.care.delay_features as module

    row = feature_row(
        OrderState("x", T0, T0 + timedelta(days=3), (Leg("n1", "N"),)), Leg("n1", "N"), LaneTable()
    )
    assert set(FEATURES) <= set(row)
    doc = module.__doc__ or ""
    assert [name for name in FEATURES if f"``{name}``" not in doc] == []

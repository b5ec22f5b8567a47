"""Recent delivery conditions, node punctuality and holidays: known at the moment, never later."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from ordermind.care.delay_features import (
    Leg,
    NodeTimeline,
    OrderState,
    Outcome,
    feature_row,
    queue_entries,
    working_holidays,
)
from ordermind.care.delay_training import states_at_purchase
from ordermind.care.history_features import DeliveryFeed
from ordermind.care.lanes import LaneTable

T0 = datetime(2025, 1, 6, 9, tzinfo=UTC)


def _shipments(days: int, transit, dest: str = "S") -> tuple[list, dict]:
    """One order a day, handed off a day after purchase, delivered ``transit(i)`` days later."""
    states, outcomes = [], {}
    for i in range(days):
        placed = T0 + timedelta(days=i)
        oid = f"o{i:03d}"
        states.append(
            OrderState(
                oid, placed, placed + timedelta(days=20), (Leg("n1", "N"),), dest_region=dest
            )
        )
        handoff = placed + timedelta(days=1)
        outcomes[oid] = Outcome(
            oid, handed_off_at=handoff, delivered_at=handoff + timedelta(days=transit(i))
        )
    return states, outcomes


def test_a_destination_whose_recent_deliveries_slow_down_shows_the_slowdown() -> None:
    states, outcomes = _shipments(120, lambda i: 3.0 if i < 60 else 9.0)
    feed = DeliveryFeed.from_outcomes(states, outcomes)
    calm = feed.conditions("N", "S", T0 + timedelta(days=55))
    slow = feed.conditions("N", "S", T0 + timedelta(days=100))
    assert math.isclose(calm.dest_transit_slowdown, 1.0)  # type: ignore[arg-type]
    assert slow.dest_transit_slowdown > 2.0  # type: ignore[operator]
    assert slow.lane_recent_transit_days > calm.lane_recent_transit_days  # type: ignore[operator]


def test_a_delivery_counts_only_once_it_has_happened() -> None:
    states, outcomes = _shipments(60, lambda i: 3.0)
    probe = T0 + timedelta(days=50, hours=12)
    before = DeliveryFeed.from_outcomes(states, outcomes).conditions("N", "S", probe)
    # Every delivery after the probe moved much later: nothing known at the probe changes...
    later = {
        k: replace(o, delivered_at=o.delivered_at + timedelta(days=30))
        if o.delivered_at > probe
        else o
        for k, o in outcomes.items()
    }
    assert DeliveryFeed.from_outcomes(states, later).conditions("N", "S", probe) == before
    # ...while the same move of a delivery before the probe is seen.
    earlier = {
        k: replace(o, delivered_at=o.delivered_at + timedelta(days=3))
        if o.delivered_at < probe - timedelta(days=20)
        else o
        for k, o in outcomes.items()
    }
    assert DeliveryFeed.from_outcomes(states, earlier).conditions("N", "S", probe) != before


def test_shipments_handed_off_and_not_yet_delivered_are_in_transit() -> None:
    states, outcomes = _shipments(30, lambda i: 4.5)
    feed = DeliveryFeed.from_outcomes(states, outcomes)
    # At day 29 noon: handed off on days 25.x..29 (placed 24..28) and delivered 4.5 days later.
    ratio = feed.conditions("N", "S", T0 + timedelta(days=29, hours=3)).in_transit_ratio
    assert ratio is not None and 4.0 <= ratio <= 5.0  # a day of intake per day in transit


def test_without_a_delivery_feed_the_conditions_are_unknown_and_with_one_they_are_known() -> None:
    states, outcomes = _shipments(90, lambda i: 3.0)
    lanes = LaneTable.fit((s, outcomes[s.order_id]) for s in states)
    blind = states_at_purchase(states, outcomes)[-1]
    fed = states_at_purchase(states, outcomes, deliveries=True)[-1]
    assert blind.recent is None and fed.recent is not None
    row_blind, row_fed = (feature_row(s, s.legs[0], lanes) for s in (blind, fed))
    assert math.isnan(row_blind["dest_transit_slowdown"])
    assert row_fed["dest_transit_slowdown"] == 1.0 and row_fed["network_in_transit_ratio"] > 0


def test_a_node_that_hands_off_after_its_deadlines_is_marked_late_from_the_past_only() -> None:
    entries = []
    for i in range(20):
        placed = T0 + timedelta(days=i)
        deadline = placed + timedelta(days=2)
        late = 3.0 if i >= 10 else 0.0  # n1 slips from day 10 on; n2 always a day early
        entries.append(("n1", placed, deadline + timedelta(days=late), True, deadline))
        entries.append(("n2", placed, deadline - timedelta(days=1), True, deadline))
    timeline = NodeTimeline(entries)
    early = timeline.node("n1", T0 + timedelta(days=8)).handoff_vs_deadline_days
    slipped = timeline.node("n1", T0 + timedelta(days=25)).handoff_vs_deadline_days
    steady = timeline.node("n2", T0 + timedelta(days=25)).handoff_vs_deadline_days
    assert early is not None and slipped is not None and steady is not None
    assert early < 0 < slipped and steady < 0
    # Without deadlines there is nothing to be punctual against.
    none = NodeTimeline([(n, p, left, s) for n, p, left, s, _ in entries])
    assert none.node("n1", T0 + timedelta(days=25)).handoff_vs_deadline_days is None


def test_working_day_holidays_come_from_the_destinations_calendar() -> None:
    carnival = datetime(2017, 2, 24, tzinfo=UTC), datetime(2017, 3, 3, tzinfo=UTC)
    assert working_holidays("BR", *carnival) == 3.0  # Carnival Monday, Tuesday, Ash Wednesday
    assert (
        working_holidays("BR", datetime(2017, 7, 3, tzinfo=UTC), datetime(2017, 7, 28, tzinfo=UTC))
        == 0.0
    )
    assert math.isnan(working_holidays(None, *carnival))
    assert math.isnan(working_holidays("north", *carnival))  # not a country the calendar knows
    state = OrderState("x", carnival[0], carnival[1], (Leg("n1", "N"),), dest_country="BR")
    row = feature_row(state, state.legs[0], LaneTable())
    assert row["holidays_in_promise"] == 3.0 and row["holidays_in_handling"] >= 0.0


def test_the_timeline_carries_each_legs_deadline_from_the_states() -> None:
    placed = T0
    state = OrderState(
        "a",
        placed,
        placed + timedelta(days=9),
        (Leg("n1", "N", ship_by=placed + timedelta(days=2)),),
    )
    [entry] = queue_entries([state], {"a": Outcome("a", handed_off_at=placed + timedelta(days=3))})
    assert entry[4] == placed + timedelta(days=2)
    load = NodeTimeline([entry]).node("n1", placed + timedelta(days=4))
    assert load.handoff_vs_deadline_days == 1.0  # a day late, with only itself to go by


def test_a_scorer_given_a_delivery_feed_scores_with_the_recent_conditions(
    history, model_dir
) -> None:
    from ordermind.care.scorer import DelayScorer

    states, outcomes = history
    at_purchase = states_at_purchase(states[-50:], outcomes)
    feed = DeliveryFeed.from_outcomes(states, outcomes)
    blind = DelayScorer(model_dir).score(at_purchase)
    fed = DelayScorer(model_dir, deliveries=feed).score(at_purchase)
    assert [s.order_id for s in fed] == [s.order_id for s in blind]
    assert not any(s.fallback_used for s in fed)
    # The feed reaches the model: the same orders, other answers.
    assert [s.late_probability for s in fed] != [s.late_probability for s in blind]

"""The rule fallback: promise slack against the lane's timing, as a probability."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ordermind.care.delay_features import Leg, NetworkState, OrderState, Outcome
from ordermind.care.delay_rules import DelayRule, survival
from ordermind.care.lanes import LaneTable, Timing

T0 = datetime(2025, 3, 3, 9, tzinfo=UTC)
LANES = LaneTable(
    lead_days={"N|S": Timing(4.0, 8.0, 100, ""), "*|*": Timing(3.0, 6.0, 300, "")},
    transit_days={"N|S": Timing(3.0, 6.0, 100, ""), "*|*": Timing(2.0, 4.0, 300, "")},
)


def _state(promise_days: float, **kw) -> OrderState:
    kw.setdefault("legs", (Leg("n1", "N"),))
    return OrderState("x", T0, T0 + timedelta(days=promise_days), dest_region="S", **kw)


def test_the_probability_falls_as_the_promise_leaves_more_slack() -> None:
    rule = DelayRule(LANES)
    probs = [rule.leg(_state(d), Leg("n1", "N")).probability for d in (2, 4, 6, 8, 12)]
    assert probs == sorted(probs, reverse=True) and probs[0] > 0.8 and probs[-1] < 0.1
    # At the lane's p90 about one order in ten is late: the rule is calibrated to its lane.
    assert abs(rule.leg(_state(8), Leg("n1", "N")).probability - 0.10) < 0.01


def test_a_shipped_order_is_scored_on_transit_and_the_time_since_its_scan() -> None:
    rule = DelayRule(LANES)
    shipped = Leg("n1", "N", shipped_at=T0 + timedelta(days=1))
    fresh = _state(6, stage="shipped", legs=(shipped,), as_of=T0 + timedelta(days=1))
    stuck = _state(6, stage="shipped", legs=(shipped,), as_of=T0 + timedelta(days=4.5))
    p_fresh, p_stuck = rule.leg(fresh, shipped), rule.leg(stuck, shipped)
    assert p_stuck.probability > p_fresh.probability
    assert "transit p90" in p_fresh.factors[0]


def test_a_passed_promise_is_late_for_sure_and_a_missing_one_cannot_be() -> None:
    rule = DelayRule(LANES)
    past = _state(2, as_of=T0 + timedelta(days=3))
    assert rule.leg(past, past.legs[0]).probability == 1.0
    none = OrderState("y", T0, None, (Leg("n1", "N"),))
    assert rule.leg(none, none.legs[0]).probability == 0.0


def test_a_reported_carrier_delay_shortens_the_slack() -> None:
    rule = DelayRule(LANES)
    state = _state(7, legs=(Leg("n1", "N", carrier="dhl"),))
    delay = NetworkState(carrier_delay_days={"dhl": 2.0}).known_delay_days(state.legs[0])
    assert delay == 2.0
    calm, late = rule.leg(state, state.legs[0]), rule.leg(state, state.legs[0], delay)
    assert late.probability > calm.probability and "2 days of reported delay" in late.factors[0]


def test_survival_is_one_at_zero_and_a_half_at_the_median() -> None:
    t = Timing(5.0, 10.0, 10, "lane")
    assert survival(0, t) == 1.0 and abs(survival(5.0, t) - 0.5) < 1e-9
    assert abs(survival(10.0, t) - 0.1) < 1e-9


def test_lanes_with_few_deliveries_borrow_coarser_figures_and_say_so() -> None:
    rule = DelayRule(LANES)
    rare = OrderState("z", T0, T0 + timedelta(days=5), (Leg("n9", "W"),), dest_region="E")
    answer = rule.leg(rare, rare.legs[0])
    assert LANES.lead("W", "E").level == "all" and "all figures used" in answer.factors[-1]
    empty = DelayRule(LaneTable()).leg(rare, rare.legs[0])
    assert "default lane timing" in empty.factors[-1] and 0 < empty.probability < 1


def _wave_history(node: str, minutes: list[int]) -> list[tuple[OrderState, Outcome]]:
    out = []
    for i, minute in enumerate(minutes):
        placed = T0 + timedelta(days=i % 20)
        handed = placed.replace(hour=0, minute=0) + timedelta(minutes=minute)
        state = OrderState(
            f"{node}-{i}",
            placed,
            placed + timedelta(days=3),
            (Leg(node, "N", shipped_at=handed),),
            dest_region="S",
        )
        out.append((state, Outcome(state.order_id, handed_off_at=handed, delivered_at=handed)))
    return out


def test_a_node_that_hands_off_in_one_daily_wave_is_learnt_and_spread_hand_offs_are_not() -> None:
    wave = _wave_history("dc1", [1350] * 38 + [1360, 700])
    spread = _wave_history("dc2", [30 * k for k in range(40)])
    lanes = LaneTable.fit(wave + spread)
    assert lanes.waves == {"dc1": 1350}
    morning = datetime(2025, 3, 4, 7, tzinfo=UTC)
    assert lanes.next_handoff("dc1", morning) == datetime(2025, 3, 4, 22, 30, tzinfo=UTC)
    after = datetime(2025, 3, 4, 23, tzinfo=UTC)
    assert lanes.next_handoff("dc1", after) == datetime(2025, 3, 5, 22, 30, tzinfo=UTC)
    assert lanes.next_handoff("dc2", morning) is None
    assert LaneTable.from_json(lanes.to_json()).waves == lanes.waves


def test_an_order_still_on_the_floor_after_the_last_wave_before_its_promise_is_late() -> None:
    lanes = LaneTable(
        lead_days={"*|*": Timing(1.2, 2.0, 300, "")},
        transit_days={"*|*": Timing(0.9, 1.3, 300, "")},
        waves={"dc1": 1350},
    )
    rule, placed = DelayRule(lanes), datetime(2025, 3, 3, 10, tzinfo=UTC)
    promise = datetime(2025, 3, 6, tzinfo=UTC)  # the end of 5 March
    leg = Leg("dc1", "N")

    def at(t: datetime) -> float:
        state = OrderState("w", placed, promise, (leg,), as_of=t, dest_region="S")
        return rule.leg(state, leg).probability

    # Missed the 4 March wave: the next leaves at 22:30 on the last day, too late to arrive.
    missed = OrderState(
        "w", placed, promise, (leg,), as_of=datetime(2025, 3, 4, 23, tzinfo=UTC), dest_region="S"
    )
    answer = rule.leg(missed, leg)
    assert answer.probability > 0.9 and "hands off next at Wed 22:30" in answer.factors[0]
    # The same order before that wave still has a day of transit in hand.
    assert at(datetime(2025, 3, 4, 7, tzinfo=UTC)) < 0.5
    # Without a known wave the lead time alone answers, and it cannot see the wave.
    no_wave = DelayRule(LaneTable(lead_days=lanes.lead_days, transit_days=lanes.transit_days))
    assert no_wave.leg(missed, leg).probability < answer.probability

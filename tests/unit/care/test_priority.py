"""Dynamic priority: each factor moves the score the way an operations team would expect,
the weights decide how much, the explanation names the largest contributions in words,
and FIFO and dynamic take the same orders in different sequences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ordermind.care.priority import (
    BROKEN_PROMISE,
    DEFAULT_WEIGHTS,
    ChannelRanking,
    PriorityFacts,
    fifo_key,
    merge,
    rank,
    score,
    weights_for,
)
from ordermind.domain.channels import PRIORITY_FACTORS, Channel
from ordermind.domain.errors import ValidationFailed

NOW = datetime(2025, 3, 3, 12, tzinfo=UTC)


def facts(
    order_id: int = 1, *, placed_hours_ago: float = 2.0, promise_in_days: float | None = 3.0, **kw
) -> PriorityFacts:
    return PriorityFacts(
        order_id=order_id,
        placed_at=NOW - timedelta(hours=placed_hours_ago),
        promised_by=None if promise_in_days is None else NOW + timedelta(days=promise_in_days),
        **kw,
    )


def test_an_order_that_must_leave_now_outranks_one_with_days_to_spare() -> None:
    urgent = score(facts(promise_in_days=1.0, transit_days=1.1), NOW)
    relaxed = score(facts(promise_in_days=4.0, transit_days=1.1), NOW)
    assert urgent.score > relaxed.score
    slack = {c.factor: c for c in urgent.contributions}["promise_slack"]
    assert slack.signal == 1.0 and "must leave now" in slack.words


def test_a_broken_promise_ranks_below_a_savable_one_but_above_a_routine_one() -> None:
    broken = score(facts(promise_in_days=-0.5), NOW)
    savable = score(facts(promise_in_days=0.5, transit_days=0.6), NOW)
    routine = score(facts(promise_in_days=6.0), NOW)
    assert savable.score > broken.score > routine.score
    parts = {c.factor: c for c in broken.contributions}
    assert parts["promise_slack"].signal == BROKEN_PROMISE
    assert parts["delay_risk"].signal == 0.0  # late already: the risk no longer separates it


def test_an_order_the_transit_can_no_longer_bring_in_time_is_not_rushed_ahead() -> None:
    lost = score(facts(promise_in_days=0.5, transit_days=1.5), NOW)  # short by a day
    close = score(facts(promise_in_days=1.2, transit_days=1.5), NOW)  # luck may do it
    assert close.score > lost.score
    slack = {c.factor: c for c in lost.contributions}["promise_slack"]
    assert slack.signal == BROKEN_PROMISE and "can no longer arrive in time" in slack.words


def test_delay_risk_segment_and_lifetime_value_each_raise_the_score() -> None:
    base = score(facts(), NOW).score
    assert score(facts(late_probability=0.8), NOW).score > base
    assert score(facts(segment="business"), NOW).score > score(facts(segment="consumer"), NOW).score
    loyal = score(facts(customer_orders=30, customer_spend=500_000), NOW)
    assert loyal.score > base
    assert any("30 earlier orders, 5,000.00 spent" in c.words for c in loyal.contributions)


def test_the_channel_sla_and_age_push_old_orders_up_so_nothing_waits_for_ever() -> None:
    young = score(facts(placed_hours_ago=1, ship_sla_hours=24), NOW)
    over = score(facts(placed_hours_ago=30, ship_sla_hours=24), NOW)
    assert over.score > young.score
    sla = {c.factor: c for c in over.contributions}["channel_sla"]
    assert sla.signal == 1.0 and "24 h ship SLA exceeded by 6 h" in sla.words


def test_weights_decide_how_much_a_factor_counts_and_zero_switches_it_off() -> None:
    risky = facts(late_probability=0.9, promise_in_days=5.0)
    calm = facts(late_probability=0.0, promise_in_days=1.2)
    assert score(risky, NOW, {"delay_risk": 10}).score > score(calm, NOW, {"delay_risk": 10}).score
    assert score(risky, NOW, {"delay_risk": 0}).score < score(calm, NOW, {"delay_risk": 0}).score
    off = {c.factor: c for c in score(risky, NOW, {"delay_risk": 0}).contributions}
    assert off["delay_risk"].points == 0.0


def test_the_score_is_a_weighted_mean_from_0_to_100_and_sums_its_contributions() -> None:
    p = score(
        facts(
            promise_in_days=0.2,
            transit_days=0.25,
            late_probability=1.0,
            segment="vip",
            customer_orders=100,
            customer_spend=10**8,
            placed_hours_ago=24 * 8,
            ship_sla_hours=24,
        ),
        NOW,
    )
    assert p.score == pytest.approx(100.0)
    assert p.score == pytest.approx(sum(c.points for c in p.contributions))
    assert 0 <= score(facts(), NOW).score < 100


def test_the_explanation_names_the_top_contributions_in_words_largest_first() -> None:
    p = score(
        facts(promise_in_days=0.8, transit_days=1.0, late_probability=0.7, segment="business"), NOW
    )
    words = p.explanation
    assert 1 <= len(words) <= 3
    assert words[0].startswith("promise in 0.8 days") and words[0].endswith(")")
    assert "late risk 70%" in words[1]
    points = [c.points for c in p.contributions]
    assert points == sorted(points, reverse=True)
    body = p.as_dict()
    assert body["explanation"] == words and len(body["factors"]) == len(PRIORITY_FACTORS)


def test_fifo_takes_the_earliest_promise_first_and_dynamic_the_highest_score() -> None:
    early_promise = facts(1, promise_in_days=2.0, placed_hours_ago=30)
    late_promise_risky_vip = facts(
        2,
        promise_in_days=3.0,
        placed_hours_ago=1,
        late_probability=0.95,
        segment="vip",
        transit_days=3.0,
    )
    items = [late_promise_risky_vip, early_promise]
    assert [p.order_id for p in rank(items, NOW, "fifo")] == [1, 2]
    assert [p.order_id for p in rank(items, NOW, "dynamic")] == [2, 1]


def test_fifo_breaks_promise_ties_by_age_and_orders_without_a_promise_go_last() -> None:
    a = facts(1, promise_in_days=2.0, placed_hours_ago=5)
    b = facts(2, promise_in_days=2.0, placed_hours_ago=9)
    none = facts(3, promise_in_days=None, placed_hours_ago=99)
    assert [p.order_id for p in rank([none, a, b], NOW, "fifo")] == [2, 1, 3]
    assert fifo_key(b) < fifo_key(a) < fifo_key(none)


def test_merging_channels_keeps_each_channels_own_sequence() -> None:
    fifo = ChannelRanking(
        "fifo",
        None,
        (facts(1, promise_in_days=4.0, late_probability=0.9), facts(2, promise_in_days=1.0)),
    )
    dynamic = ChannelRanking(
        "dynamic",
        None,
        (facts(3, promise_in_days=5.0), facts(4, promise_in_days=0.5, late_probability=0.9)),
    )
    merged = [p.order_id for p in merge({"web": fifo, "b2b": dynamic}, NOW)]
    assert sorted(merged) == [1, 2, 3, 4]
    assert merged.index(2) < merged.index(1)  # web stays earliest promise first
    assert merged.index(4) < merged.index(3)  # b2b stays highest score first
    # every channel FIFO: one FIFO sequence across them
    both = merge({"web": fifo, "app": ChannelRanking("fifo", None, dynamic.items)}, NOW)
    assert [p.order_id for p in both] == [4, 2, 1, 3]


def test_unknown_policies_and_factors_are_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="unknown priority policy 'random'"):
        rank([facts()], NOW, "random")
    with pytest.raises(ValueError, match="unknown priority factor 'mood'"):
        weights_for({"mood": 1.0})
    assert weights_for({"segment": 4}) == DEFAULT_WEIGHTS | {"segment": 4.0}


def test_a_channel_validates_its_priority_settings() -> None:
    assert Channel("web", priority="dynamic", priority_weights={"segment": 2}).priority_weights == {
        "segment": 2.0
    }
    for bad, message in (
        ({"priority": "lifo"}, "unknown priority policy"),
        ({"priority_weights": {"mood": 1}}, "unknown priority factor"),
        ({"priority_weights": {"segment": -1}}, "from 0 to 100"),
        ({"priority_weights": {"segment": True}}, "from 0 to 100"),
        ({"ship_sla_hours": 0}, "ship_sla_hours"),
    ):
        with pytest.raises(ValidationFailed, match=message):
            Channel("web", **bad)

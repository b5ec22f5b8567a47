"""The rule fallback: promise slack against the lane's timing, as a probability.

Before the hand-off the order still needs the lane's whole lead time (placed -> delivered);
after it, the lane's transit time (hand-off -> delivered). Either is taken as log-normal with
the lane's p50 and p90 (the p90 sets the spread), and the order is late when that time
exceeds what the promise leaves. An order already ``e`` days into the wait is scored on the
time still to come: P(T > slack | T > e) = S(slack) / S(e). A delay the network reports
(node outage, carrier delay) shortens the slack. A promise already past is late for sure.

It needs no model, only the lane table (learnt from past deliveries, or the stated default
when there are none), so it answers whenever the model is missing or cannot score a row.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import NormalDist

from ordermind.care.delay_features import (
    Leg,
    OrderState,
    days_between,
    leg_stage,
    utc,
)
from ordermind.care.lanes import LaneTable, Timing

RULE_VERSION = "rule-lognormal-1"
Z90 = 1.2815515655446004  # standard normal 90th percentile
FLOOR, CEILING = 0.001, 0.999
_NORMAL = NormalDist()


def survival(days: float, timing: Timing) -> float:
    """P(duration > days) for a log-normal duration with the timing's p50 and p90."""
    if days <= 0:
        return 1.0
    p50 = max(timing.p50, 0.05)
    p90 = max(timing.p90, p50 * 1.05)
    sigma = (math.log(p90) - math.log(p50)) / Z90
    z = (math.log(days) - math.log(p50)) / sigma
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def _days_after(timing: Timing, waited: float, share: float) -> float:
    """Days t with P(duration > t | duration > waited) = share (log-normal as above)."""
    p50 = max(timing.p50, 0.05)
    p90 = max(timing.p90, p50 * 1.05)
    sigma = (math.log(p90) - math.log(p50)) / Z90
    tail = max(survival(waited, timing) * share, 1e-12)
    t = math.exp(math.log(p50) + sigma * _NORMAL.inv_cdf(1.0 - tail))
    return max(t, waited)


def _days(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class RuleAnswer:
    probability: float
    factors: tuple[str, ...]


class DelayRule:
    def __init__(self, lanes: LaneTable | None = None) -> None:
        self.lanes = lanes or LaneTable()

    def leg(self, state: OrderState, leg: Leg, delay_days: float = 0.0) -> RuleAnswer:
        if state.promised_by is None:
            return RuleAnswer(0.0, ("no promised date: nothing to be late against",))
        now, deadline = state.now, utc(state.promised_by)
        if now >= deadline:
            return RuleAnswer(1.0, ("the promised date has passed and it is not delivered",))
        lane = f"{leg.origin_region or '?'} → {state.dest_region or '?'}"
        delay = f" after {_days(delay_days)} days of reported delay" if delay_days else ""
        if leg_stage(state, leg) == "shipped":
            timing = self.lanes.transit(leg.origin_region, state.dest_region)
            shipped = utc(leg.shipped_at)  # type: ignore[arg-type]
            left = days_between(shipped, deadline) - delay_days
            waited = days_between(shipped, now)
            words = (
                f"promise leaves {_days(left)} days from the carrier hand-off against a "
                f"{_days(timing.p90)}-day lane transit p90 ({lane}){delay}"
            )
        else:
            timing = self.lanes.lead(leg.origin_region, state.dest_region)
            left = days_between(state.placed_at, deadline) - delay_days
            waited = days_between(state.placed_at, now)
            words = (
                f"promise leaves {_days(left)} days against a {_days(timing.p90)}-day "
                f"lane p90 ({lane}){delay}"
            )
        if left <= waited:
            return RuleAnswer(CEILING, (words,))
        p = survival(left, timing) / max(survival(waited, timing), 1e-12)
        wave = (
            self.lanes.next_handoff(leg.node, now) if leg_stage(state, leg) != "shipped" else None
        )
        if wave is not None:
            # Still on a floor that hands off in one daily wave: it leaves at the next wave
            # at the earliest, and the lane's transit must fit in what the promise leaves then.
            transit = self.lanes.transit(leg.origin_region, state.dest_region)
            after = days_between(wave, deadline) - delay_days
            at = f"{leg.node or 'the node'} hands off next at {wave:%a %H:%M}"
            if after <= 0:
                return RuleAnswer(CEILING, (f"{at}, after the promise", words))
            p_wave = survival(after, transit)
            if p_wave > p:
                p = p_wave
                words = (
                    f"{at}, which leaves {_days(after)} days against a "
                    f"{_days(transit.p90)}-day lane transit p90 ({lane}){delay}"
                )
        extra = (
            ()
            if timing.level in ("lane",)
            else (
                f"lane {lane} has too few past deliveries: {timing.level} figures used"
                if timing.level != "default"
                else "no delivery history: default lane timing used",
            )
        )
        return RuleAnswer(min(CEILING, max(FLOOR, p)), (words, *extra))

    def delivery_by(
        self,
        state: OrderState,
        leg: Leg,
        scenarios: Sequence[tuple[float, float]] = ((1.0, 0.0),),
        quantile: float = 0.9,
    ) -> datetime:
        """When the leg arrives with probability ``quantile``, from the lane's timing and
        what has happened so far (not delivered by now), over the (weight, delay days)
        scenarios it may meet: the date to tell a customer whose promise will not hold."""
        now = state.now
        if leg_stage(state, leg) == "shipped":
            timing = self.lanes.transit(leg.origin_region, state.dest_region)
            base = utc(leg.shipped_at)  # type: ignore[arg-type]
        else:
            timing = self.lanes.lead(leg.origin_region, state.dest_region)
            base = utc(state.placed_at)
        waited = max(0.0, days_between(base, now))
        miss = 1.0 - quantile
        if len(scenarios) == 1:  # one delay for sure: the quantile in closed form
            delay = scenarios[0][1]
            return max(now, base + timedelta(days=delay + _days_after(timing, waited, miss)))

        def late_share(t: float) -> float:  # P(arrives later than base + t days)
            out = 0.0
            for weight, delay in scenarios:
                d = t - delay
                if d <= waited:
                    out += weight
                else:
                    out += weight * survival(d, timing) / max(survival(waited, timing), 1e-12)
            return out

        lo = waited
        hi = max(_days_after(timing, waited, miss) + max(d for _, d in scenarios), lo) + 1.0
        for _ in range(60):  # bisection: late_share falls as t grows
            mid = (lo + hi) / 2.0
            if late_share(mid) > miss:
                lo = mid
            else:
                hi = mid
        return max(now, base + timedelta(days=hi))

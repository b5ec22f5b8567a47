"""Recent delivery conditions at a moment, from the deliveries that had happened by then.

The lane table (:mod:`lanes`) is a static prior learnt once; this is what the network looks
like *now*, so a model can follow a carrier slowdown instead of assuming the calm it learnt
from. Every figure at time ``t`` reads only deliveries completed before ``t`` and hand-offs
made before ``t``; an order still in transit at ``t`` is one handed off before ``t`` whose
delivery (if any) came after ``t``.

- ``dest_transit_slowdown``: p90 of hand-off -> delivered days of the deliveries to the
  destination completed in the last 30 days, over the same p90 of every earlier delivery to
  it (1.0 = usual, 1.5 = the slow tail is half as long again). Needs 5 recent and 10 earlier
  deliveries to the destination, else the whole network's.
- ``lane_recent_transit_days``: median hand-off -> delivered days of the lane's deliveries
  completed in the last 60 days (5 at least, else unknown).
- ``in_transit_ratio``: shipments handed off in the last 60 days and not delivered by ``t``,
  over the daily intake of the last 7 days: days of intake sitting with the carriers.

A feed is built only where delivery times are known at all (the store, a labelled history).
Where they are not (``care score`` reads no delivery time), there is no feed and these
features stay unknown; the model was trained with them unknown for the first weeks of
every history, so it has a branch for that.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np

from ordermind.care.delay_features import DAY, OrderState, Outcome, RecentDeliveries, utc

RECENT_DAYS = 30.0  # window of the destination's recent transit tail
LANE_DAYS = 60.0  # window of the lane's recent median transit
TRANSIT_WINDOW_DAYS = 60.0  # a shipment older than this is lost, not in transit
MIN_RECENT, MIN_EARLIER = 5, 10
P90 = 0.9


@dataclass
class _Deliveries:
    """Deliveries of one group (a destination, a lane, all) ordered by delivery time."""

    at: np.ndarray  # delivered_at (epoch seconds), ascending
    transit: np.ndarray  # hand-off -> delivered days, same order

    @classmethod
    def of(cls, pairs: list[tuple[float, float]]) -> _Deliveries:
        pairs.sort()
        arr = np.array(pairs, dtype=float).reshape(-1, 2)
        return cls(arr[:, 0].copy(), arr[:, 1].copy())

    def window(self, start: float, end: float) -> np.ndarray:
        i = int(np.searchsorted(self.at, start, side="left"))
        j = int(np.searchsorted(self.at, end, side="left"))  # strictly before ``end``
        return self.transit[i:j]


class DeliveryFeed:
    """Point-in-time recent delivery conditions from (state, outcome) pairs.

    Pairs whose outcome has a carrier hand-off count; the delivery time is used only at
    moments after it. Pass every order known (delivered or not): an undelivered shipment
    is in transit from its hand-off on.
    """

    def __init__(self, history: Iterable[tuple[OrderState, Outcome]]) -> None:
        by_dest: dict[str, list[tuple[float, float]]] = {}
        by_lane: dict[str, list[tuple[float, float]]] = {}
        every: list[tuple[float, float]] = []
        shipped: list[tuple[float, float]] = []  # (handed off, delivered or inf)
        placed: list[float] = []
        for state, outcome in history:
            placed.append(utc(state.placed_at).timestamp())
            leg = state.legs[0] if state.legs else None
            handoff = (leg.shipped_at if leg is not None else None) or outcome.handed_off_at
            if handoff is None:
                continue
            h = utc(handoff).timestamp()
            d = math.inf if outcome.delivered_at is None else utc(outcome.delivered_at).timestamp()
            shipped.append((h, d))
            if d == math.inf or d < h:
                continue
            item = (d, (d - h) / DAY)
            every.append(item)
            if state.dest_region:
                by_dest.setdefault(state.dest_region, []).append(item)
                origin = leg.origin_region if leg is not None else None
                if origin:
                    by_lane.setdefault(f"{origin}|{state.dest_region}", []).append(item)
        self._dest = {k: _Deliveries.of(v) for k, v in by_dest.items()}
        self._lane = {k: _Deliveries.of(v) for k, v in by_lane.items()}
        self._all = _Deliveries.of(every)
        shipped.sort()
        arr = np.array(shipped, dtype=float).reshape(-1, 2)
        self._handoff, self._delivered = arr[:, 0].copy(), arr[:, 1].copy()
        self._placed = np.sort(np.array(placed, dtype=float))

    @classmethod
    def from_outcomes(
        cls, states: Iterable[OrderState], outcomes: Mapping[str, Outcome]
    ) -> DeliveryFeed:
        return cls((s, outcomes[s.order_id]) for s in states if s.order_id in outcomes)

    def _slowdown(self, group: _Deliveries | None, t: float) -> float | None:
        if group is None:
            return None
        recent = group.window(t - RECENT_DAYS * DAY, t)
        earlier = group.window(-math.inf, t - RECENT_DAYS * DAY)
        if len(recent) < MIN_RECENT or len(earlier) < MIN_EARLIER:
            return None
        usual = float(np.quantile(earlier, P90))
        return float(np.quantile(recent, P90)) / usual if usual > 0 else None

    def conditions(self, origin: str | None, dest: str | None, at: datetime) -> RecentDeliveries:
        t = utc(at).timestamp()
        slowdown = self._slowdown(self._dest.get(dest or ""), t)
        if slowdown is None:
            slowdown = self._slowdown(self._all, t)
        lane = self._lane.get(f"{origin}|{dest}")
        lane_recent = None if lane is None else lane.window(t - LANE_DAYS * DAY, t)
        lane_p50 = (
            float(np.median(lane_recent))
            if lane_recent is not None and len(lane_recent) >= MIN_RECENT
            else None
        )
        h0 = int(np.searchsorted(self._handoff, t - TRANSIT_WINDOW_DAYS * DAY, side="left"))
        h1 = int(np.searchsorted(self._handoff, t, side="left"))
        in_transit = int((self._delivered[h0:h1] > t).sum())
        week = int(
            np.searchsorted(self._placed, t, side="left")
            - np.searchsorted(self._placed, t - 7 * DAY, side="left")
        )
        ratio = in_transit / (week / 7.0) if week > 0 else None
        return RecentDeliveries(
            dest_transit_slowdown=slowdown,
            lane_recent_transit_days=lane_p50,
            in_transit_ratio=ratio,
        )

    def attach(self, state: OrderState) -> OrderState:
        leg = state.legs[0] if state.legs else None
        return replace(
            state,
            recent=self.conditions(
                leg.origin_region if leg is not None else None, state.dest_region, state.now
            ),
        )

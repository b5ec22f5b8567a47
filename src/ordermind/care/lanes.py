"""Lane and node timing learnt from past deliveries: p50/p90 of lead, transit and handling days.

lead     placed -> delivered, per lane (origin region -> destination region)
transit  carrier hand-off -> delivered, per lane
handling placed -> carrier hand-off, per node
waves    the time of day a node hands its parcels to the carriers, for a node that does so in
         one daily wave (nearly all its past hand-offs within an hour of one time of day):
         an order still on its floor cannot leave before the next one

A lane with fewer than ``min_orders`` past deliveries borrows its destination's figures, then
its origin's, then the whole history's. With no history at all the table answers a stated
default (``level == "default"``), so a store without a single delivery still gets a rule
that reacts to its promises; every answer says which level it came from.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from ordermind.care.delay_features import (
    OrderState,
    Outcome,
    days_between,
    is_late,
    sku_family,
    utc,
)

ANY = "*"
MIN_ORDERS = 20
SHRINK = 20.0  # past deliveries a level's own late share must outweigh
# Used only when there is no delivery history at all (a new store): a week to deliver, two
# weeks at the 90th percentile; about a day to hand over and the rest in transit.
DEFAULT_LEAD = (7.0, 14.0)
DEFAULT_TRANSIT = (5.0, 11.0)
DEFAULT_HANDLING = (1.5, 4.0)
# A node hands off in one daily wave when at least WAVE_SHARE of its (at least MIN_ORDERS)
# past hand-offs fall within WAVE_WINDOW minutes of one time of day.
WAVE_SHARE = 0.9
WAVE_WINDOW = 60
DAY_MINUTES = 1440


@dataclass(frozen=True)
class Timing:
    p50: float
    p90: float
    n: int
    level: str  # lane | destination | origin | all | default (lanes); node | region | ...


def _timing(values: list[float], level: str) -> Timing:
    arr = np.maximum(np.asarray(values, dtype=float), 0.0)
    return Timing(float(np.quantile(arr, 0.5)), float(np.quantile(arr, 0.9)), len(arr), level)


def wave_start(minutes: list[int]) -> int | None:
    """The minute of the day a daily hand-off wave starts: the earliest hand-off of the
    WAVE_WINDOW-minute span of the day (wrapping at midnight) that holds most hand-offs,
    when it holds at least WAVE_SHARE of them; None when hand-offs are spread out."""
    if not minutes:
        return None
    counts = np.bincount(np.asarray(minutes) % DAY_MINUTES, minlength=DAY_MINUTES)
    ring = np.concatenate([counts, counts[:WAVE_WINDOW]])
    spans = np.convolve(ring, np.ones(WAVE_WINDOW, dtype=int), "valid")[:DAY_MINUTES]
    first = int(np.argmax(spans))
    if spans[first] < WAVE_SHARE * len(minutes):
        return None
    offset = int(np.flatnonzero(ring[first : first + WAVE_WINDOW])[0])
    return (first + offset) % DAY_MINUTES


def _key(a: str | None, b: str | None) -> str:
    return f"{a or ANY}|{b or ANY}"


@dataclass
class LaneTable:
    lead_days: dict[str, Timing] = field(default_factory=dict)
    transit_days: dict[str, Timing] = field(default_factory=dict)
    handling_days: dict[str, Timing] = field(default_factory=dict)
    min_orders: int = MIN_ORDERS
    # (late, delivered) counts per lane, destination, origin, node and overall
    late_counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    # node -> minute of the day (UTC) its daily hand-off wave starts, where it has one
    waves: dict[str, int] = field(default_factory=dict)

    @classmethod
    def fit(
        cls, history: Iterable[tuple[OrderState, Outcome]], min_orders: int = MIN_ORDERS
    ) -> LaneTable:
        """Figures from delivered orders (states as placed, outcomes with their times)."""
        lead: dict[str, list[float]] = {}
        transit: dict[str, list[float]] = {}
        handling: dict[str, list[float]] = {}
        late: dict[str, list[int]] = {}
        clock: dict[str, list[int]] = {}  # node -> minute of the day of each hand-off
        for state, outcome in history:
            if outcome.delivered_at is None:
                continue
            for leg in state.legs[:1] or ():
                origin, dest = leg.origin_region, state.dest_region
                keys = {_key(origin, dest), _key(None, dest), _key(origin, None), _key(None, None)}
                missed = is_late(state.promised_by, outcome.delivered_at)
                family = sku_family(state.categories)
                if missed is not None:
                    for k in [
                        *keys,
                        *([f"node:{leg.node}"] if leg.node else []),
                        *([f"family:{family}"] if family else []),
                    ]:
                        count = late.setdefault(k, [0, 0])
                        count[0] += missed
                        count[1] += 1
                d_lead = days_between(state.placed_at, outcome.delivered_at)
                for k in keys:
                    lead.setdefault(k, []).append(d_lead)
                handoff = leg.shipped_at or outcome.handed_off_at
                if handoff is None or utc(handoff) > utc(outcome.delivered_at):
                    continue
                if leg.node:
                    at = utc(handoff)
                    clock.setdefault(leg.node, []).append(at.hour * 60 + at.minute)
                d_transit = days_between(handoff, outcome.delivered_at)
                for k in keys:
                    transit.setdefault(k, []).append(d_transit)
                d_handling = days_between(state.placed_at, handoff)
                for k in (
                    ([f"node:{leg.node}"] if leg.node else [])
                    + ([f"region:{origin}"] if origin else [])
                    + ["all"]
                ):
                    handling.setdefault(k, []).append(d_handling)

        def table(groups: dict[str, list[float]]) -> dict[str, Timing]:
            return {
                k: _timing(v, "")
                for k, v in groups.items()
                if len(v) >= min_orders or k in (_key(None, None), "all")
            }

        return cls(
            table(lead),
            table(transit),
            table(handling),
            min_orders,
            {k: (v[0], v[1]) for k, v in late.items()},
            {
                node: start
                for node, minutes in clock.items()
                if len(minutes) >= min_orders and (start := wave_start(minutes)) is not None
            },
        )

    def next_handoff(self, node: str | None, now: datetime) -> datetime | None:
        """When an order still on ``node``'s floor at ``now`` can leave at the earliest: the
        node's next daily wave (None for a node without one, or not known)."""
        start = self.waves.get(node) if node else None
        if start is None:
            return None
        now = utc(now)
        today = now.replace(hour=0, minute=0, second=0, microsecond=0)
        wave = today + timedelta(minutes=start)
        return wave if wave > now else wave + timedelta(days=1)

    def _late_share(self, keys: list[str]) -> tuple[float, int]:
        """Late share shrunk level by level towards the coarser one (prior weight SHRINK)."""
        late, n = self.late_counts.get(_key(None, None), (0, 0))
        share = late / n if n else float("nan")
        support = n
        for key in keys:
            hit = self.late_counts.get(key)
            if hit is None or share != share:
                continue
            share = (hit[0] + SHRINK * share) / (hit[1] + SHRINK)
            support = hit[1]
        return share, support

    def lane_late_share(self, origin: str | None, dest: str | None) -> float:
        keys = ([_key(None, dest)] if dest else []) + (
            [_key(origin, dest)] if origin and dest else []
        )
        return self._late_share(keys)[0]

    def node_late_share(self, node: str | None, origin: str | None) -> float:
        keys = ([_key(origin, None)] if origin else []) + ([f"node:{node}"] if node else [])
        return self._late_share(keys)[0]

    def family_late_share(self, family: str | None) -> float:
        return self._late_share([f"family:{family}"] if family else [])[0]

    def _lane(
        self,
        groups: dict[str, Timing],
        origin: str | None,
        dest: str | None,
        default: tuple[float, float],
    ) -> Timing:
        levels = []
        if origin and dest:
            levels.append((_key(origin, dest), "lane"))
        if dest:
            levels.append((_key(None, dest), "destination"))
        if origin:
            levels.append((_key(origin, None), "origin"))
        levels.append((_key(None, None), "all"))
        for key, level in levels:
            hit = groups.get(key)
            if hit is not None:
                return Timing(hit.p50, hit.p90, hit.n, level)
        return Timing(default[0], default[1], 0, "default")

    def lead(self, origin: str | None, dest: str | None) -> Timing:
        return self._lane(self.lead_days, origin, dest, DEFAULT_LEAD)

    def transit(self, origin: str | None, dest: str | None) -> Timing:
        return self._lane(self.transit_days, origin, dest, DEFAULT_TRANSIT)

    def handling(self, node: str | None, origin: str | None) -> Timing:
        levels = (
            ([(f"node:{node}", "node")] if node else [])
            + ([(f"region:{origin}", "region")] if origin else [])
            + [("all", "all")]
        )
        for key, level in levels:
            hit = self.handling_days.get(key)
            if hit is not None:
                return Timing(hit.p50, hit.p90, hit.n, level)
        return Timing(*DEFAULT_HANDLING, 0, "default")

    @property
    def empty(self) -> bool:
        return not self.lead_days

    def to_json(self) -> dict:
        def dump(groups: dict[str, Timing]) -> dict:
            return {k: [v.p50, v.p90, v.n] for k, v in groups.items()}

        return {
            "min_orders": self.min_orders,
            "lead_days": dump(self.lead_days),
            "transit_days": dump(self.transit_days),
            "handling_days": dump(self.handling_days),
            "late_counts": {k: list(v) for k, v in self.late_counts.items()},
            "waves": dict(self.waves),
        }

    @classmethod
    def from_json(cls, data: dict) -> LaneTable:
        def load(groups: dict) -> dict[str, Timing]:
            return {k: Timing(float(v[0]), float(v[1]), int(v[2]), "") for k, v in groups.items()}

        return cls(
            load(data["lead_days"]),
            load(data["transit_days"]),
            load(data["handling_days"]),
            int(data.get("min_orders", MIN_ORDERS)),
            {k: (int(v[0]), int(v[1])) for k, v in data.get("late_counts", {}).items()},
            {k: int(v) for k, v in data.get("waves", {}).items()},
        )

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json()))

    @classmethod
    def load(cls, path: str | Path) -> LaneTable:
        return cls.from_json(json.loads(Path(path).read_text()))

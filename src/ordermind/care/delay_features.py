"""Feature rows for delay risk, from plain order states.

Every feature is something the system knows at the moment it scores (``as_of``), never later.
Why each one is known then:

- ``stage_code``: the order's own stage now (0 placed, 1 released to the node, 2 shipped).
- ``days_since_placed``: the clock minus the order's creation time.
- ``promise_days``: the promise quoted at checkout (promised_by - placed_at).
- ``slack_days``: promised_by minus now, less the delays the network reports now.
- ``rule_probability``: the rule fallback's answer on the same facts (:mod:`delay_rules`).
- ``margin_vs_p90_days``: what the promise leaves against the lane's p90 — promise - delays
  - lead p90 before shipping; promise - hand-off - delays - transit p90 once shipped.
- ``lane_lead_p50_days``, ``lane_lead_p90_days``, ``lane_transit_p90_days``,
  ``lane_orders``: the lane's (origin region -> destination region) placed->delivered and
  hand-off->delivered days and how many deliveries they rest on; ``node_handling_p90_days``:
  the node's placed->hand-off p90. All from the lane table, learnt from past deliveries only
  (the training period; out of fold for the training rows themselves).
- ``lane_late_share``, ``node_late_share``, ``family_late_share``: the share of the lane's,
  the node's and the main SKU family's past deliveries that missed their promise, each
  shrunk towards the coarser level when it has few; same table.
- ``handoff_days`` (shipped): the carrier scan that already happened minus placed_at.
- ``days_since_scan`` (shipped): now minus the latest carrier scan.
- ``distance_km``: lane distance from the addresses (a geography table), when known;
  ``same_region``: origin and destination region are the same.
- ``node_backlog``: orders at the node placed before now and not handed to a carrier by now
  (another order's hand-off counts only once it has happened); ``node_orders_7d``: orders
  the node took in the 7 days before now; ``node_load_ratio``: those against the node's
  weekly average of the 28 days before; ``node_capacity_used``: share of today's capacity
  used (stores that keep it); ``node_waiting_age_days``: mean age of the orders waiting
  there now; ``node_recent_handoff_days``: median placed->hand-off days of the node's
  hand-offs in the 60 days before now.
- ``network_load_ratio``, ``network_backlog_days``, ``network_recent_handoff_days``: the
  same over every node (a surge), the backlog in days of the last week's intake, and the
  hand-offs of the last 7 days.
- ``weekday``, ``hour``, ``month``: the placement time's calendar (``month`` only when the
  training history spans a year).
- ``holidays_in_handling``: public holidays on working days between now and the node's
  usual hand-off (now + the node's handling p90; 0 once shipped); ``holidays_in_promise``:
  the same up to the promised date. From the destination country's published calendar
  (the ``holidays`` package), unknown for a country it does not know.
- ``node_handoff_vs_deadline_days``: how late (positive) or early the node handed its past
  orders to the carrier against their hand-off deadline (``Leg.ship_by``), mean over its
  hand-offs made before now, shrunk towards the whole network's (5 hand-offs of weight);
  unknown where no deadlines are kept.
- ``dest_transit_slowdown``, ``lane_recent_transit_days``, ``network_in_transit_ratio``:
  the delivery conditions right now (:mod:`history_features`, from deliveries completed
  before now): the destination's recent slow tail against its usual one, the lane's recent
  median transit, and days of intake sitting with the carriers. Unknown without a delivery
  feed (``OrderState.recent`` is None).
- ``item_count``, ``split_count``, ``weight_kg``, ``order_value``, ``shipping_cost``: on the
  order when it is placed.
- categorical ``origin_region``, ``dest_region``, ``sku_family`` (kept for the plain words;
  the model reads them through the late shares) and ``carrier``, ``service`` (once shipped).

Outcomes (hand-off and delivery times of the order being scored) never enter a row; the
:class:`NodeTimeline` uses other orders' hand-offs only once they are in the past.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from ordermind.care.lanes import LaneTable

NAN = float("nan")
DAY = 86400.0
STAGES = ("placed", "released", "shipped")
STALE_DAYS = 30  # an order waiting longer than this is stuck, not backlog
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

NUMERIC_FEATURES: tuple[str, ...] = (
    "stage_code",
    "days_since_placed",
    "promise_days",
    "slack_days",
    "margin_vs_p90_days",
    "rule_probability",
    "lane_lead_p50_days",
    "lane_lead_p90_days",
    "lane_transit_p90_days",
    "lane_orders",
    "node_handling_p90_days",
    "lane_late_share",
    "node_late_share",
    "family_late_share",
    "handoff_days",
    "days_since_scan",
    "distance_km",
    "same_region",
    "node_backlog",
    "node_orders_7d",
    "node_load_ratio",
    "node_capacity_used",
    "node_waiting_age_days",
    "node_recent_handoff_days",
    "network_load_ratio",
    "network_backlog_days",
    "network_recent_handoff_days",
    "weekday",
    "hour",
    "month",
    "item_count",
    "split_count",
    "weight_kg",
    "order_value",
    "shipping_cost",
    "holidays_in_handling",
    "holidays_in_promise",
    "node_handoff_vs_deadline_days",
    "dest_transit_slowdown",
    "lane_recent_transit_days",
    "network_in_transit_ratio",
)
CATEGORICAL_FEATURES: tuple[str, ...] = (
    "origin_region",
    "dest_region",
    "sku_family",
    "carrier",
    "service",
)
FEATURES = NUMERIC_FEATURES + CATEGORICAL_FEATURES


def utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def days_between(start: datetime, end: datetime) -> float:
    return (utc(end) - utc(start)).total_seconds() / DAY


@dataclass(frozen=True)
class NodeLoad:
    """A node's (or the whole network's) queue at one moment."""

    backlog: int | None = None  # orders placed and not yet handed to a carrier
    orders_7d: int | None = None  # orders taken in the last 7 days
    orders_prior_28d: int | None = None  # orders taken in the 28 days before those 7
    capacity_used: float | None = None  # share of today's capacity used, where kept
    waiting_age_days: float | None = None  # mean age of the orders waiting now
    handoff_p50_days: float | None = None  # median placed->hand-off of recent hand-offs
    # mean (hand-off - hand-off deadline) days of past hand-offs, shrunk to the network's
    handoff_vs_deadline_days: float | None = None


@dataclass(frozen=True)
class Leg:
    """One shipment of the order, or the part one node will ship."""

    node: str | None
    origin_region: str | None = None  # lane origin: the node's region (or the node itself)
    carrier: str | None = None
    service: str | None = None
    shipped_at: datetime | None = None  # carrier hand-off scan, once it happened
    last_scan_at: datetime | None = None  # latest carrier scan (defaults to the hand-off)
    load: NodeLoad | None = None  # the node's queue at as_of
    ship_by: datetime | None = None  # the node's hand-off deadline, known when placed


@dataclass(frozen=True)
class RecentDeliveries:
    """Delivery conditions at as_of, from deliveries completed before it (history_features)."""

    dest_transit_slowdown: float | None = None  # recent p90 transit to the destination / usual
    lane_recent_transit_days: float | None = None  # lane's median transit, last 60 days
    in_transit_ratio: float | None = None  # shipments with carriers / daily intake


@dataclass(frozen=True)
class OrderState:
    """What is known about one open order at ``as_of`` (default: the moment it was placed)."""

    order_id: str
    placed_at: datetime
    promised_by: datetime | None  # the deadline: delivered after it = late
    legs: tuple[Leg, ...] = ()
    stage: str = "placed"  # placed | released | shipped
    as_of: datetime | None = None
    dest_region: str | None = None
    dest_country: str | None = None
    categories: tuple[str, ...] = ()  # SKU family of each line
    item_count: int | None = None
    weight_g: float | None = None
    order_value: float | None = None  # major units
    shipping_cost: float | None = None  # major units
    distance_km: float | None = None
    network_load: NodeLoad | None = None
    recent: RecentDeliveries | None = None  # None: no delivery feed, those features unknown

    @property
    def now(self) -> datetime:
        return utc(self.as_of or self.placed_at)

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ValueError(f"unknown stage {self.stage!r}; known: {', '.join(STAGES)}")


@dataclass(frozen=True)
class Outcome:
    """What happened to an order afterwards: labels and lane statistics only, never features."""

    order_id: str
    released_at: datetime | None = None
    handed_off_at: datetime | None = None
    delivered_at: datetime | None = None
    cancelled_at: datetime | None = None


@dataclass(frozen=True)
class NetworkState:
    """What the network reports now; overrides and adds to the loads on the states."""

    node_loads: Mapping[str, NodeLoad] = field(default_factory=dict)
    network_load: NodeLoad | None = None
    node_outage_days: Mapping[str, float] = field(default_factory=dict)  # node -> days lost
    # carrier -> days of delay it announced ("*": every carrier)
    carrier_delay_days: Mapping[str, float] = field(default_factory=dict)
    # node -> carrier -> share of the node's recent parcels: which carrier a leg not yet
    # handed over is likely to go with (its lanes), so an announced delay reaches it too
    carrier_mix: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def known_delay_days(self, leg: Leg) -> float:
        delay = self.node_outage_days.get(leg.node or "", 0.0) if leg.shipped_at is None else 0.0
        return (
            delay
            + self.carrier_delay_days.get(leg.carrier or "", 0.0)
            + self.carrier_delay_days.get("*", 0.0)
        )

    def delay_scenarios(self, leg: Leg) -> list[tuple[float, float, str | None]]:
        """(weight, delay days, carrier) a leg may meet. A leg with its carrier known meets
        that carrier's delay for sure; one still waiting at its node meets each delayed
        carrier with that carrier's share of the node's recent parcels, and no carrier
        delay otherwise (weights sum to 1)."""
        base = self.known_delay_days(leg)
        if leg.carrier is not None or not self.carrier_delay_days:
            return [(1.0, base, None)]
        mix = self.carrier_mix.get(leg.node or "", {})
        delayed = sorted(
            (c, share)
            for c, share in mix.items()
            if share > 0 and self.carrier_delay_days.get(c, 0.0) > 0
        )
        if not delayed:
            return [(1.0, base, None)]
        out: list[tuple[float, float, str | None]] = [
            (share, base + self.carrier_delay_days[c], c) for c, share in delayed
        ]
        rest = 1.0 - sum(w for w, _, _ in out)
        if rest > 1e-9:
            out.insert(0, (rest, base, None))
        return out

    def apply(self, state: OrderState) -> OrderState:
        legs = tuple(
            replace(leg, load=self.node_loads.get(leg.node or "", leg.load)) for leg in state.legs
        )
        return replace(state, legs=legs, network_load=self.network_load or state.network_load)


def is_late(promised_by: datetime | None, delivered_at: datetime | None) -> int | None:
    """1 when delivered after the promise, 0 when on time, None when unknown."""
    if promised_by is None or delivered_at is None:
        return None
    return int(utc(delivered_at) > utc(promised_by))


def leg_stage(state: OrderState, leg: Leg) -> str:
    """A leg that has its carrier scan is shipped whatever the order's stage says."""
    if leg.shipped_at is not None and utc(leg.shipped_at) <= state.now:
        return "shipped"
    return "released" if state.stage != "placed" else "placed"


def main_leg(state: OrderState) -> Leg:
    return state.legs[0] if state.legs else Leg(node=None)


def sku_family(categories: Iterable[str]) -> str | None:
    counts: dict[str, int] = {}
    for c in categories:
        if c:
            counts[c] = counts.get(c, 0) + 1
    return min(counts, key=lambda c: (-counts[c], c)) if counts else None


def _ratio(recent: int | None, prior_28d: int | None) -> float:
    if recent is None or prior_28d is None or prior_28d <= 0:
        return NAN
    return recent / (prior_28d / 4.0)


@lru_cache(maxsize=256)
def _holiday_days(country: str, year: int) -> frozenset[date]:
    """Public holidays of a country and year, with the ones most of it observes (Brazil's
    Carnival, Corpus Christi) where the calendar lists them as optional; empty when the
    calendar does not know the country."""
    import holidays

    try:
        return frozenset(
            holidays.country_holidays(
                country, years=year, categories=(holidays.PUBLIC, holidays.OPTIONAL)
            )
        )
    except (NotImplementedError, KeyError, ValueError):
        try:
            return frozenset(holidays.country_holidays(country, years=year))
        except (NotImplementedError, KeyError, ValueError):
            return frozenset()


def working_holidays(country: str | None, start: datetime, end: datetime) -> float:
    """Holidays falling Monday to Friday from ``start``'s day to ``end``'s day (inclusive);
    NaN when the country is unknown to the calendar."""
    code = (country or "").strip().upper()
    first, last = utc(start).date(), utc(end).date()
    if not code or last < first or (last - first).days > 366:
        return NAN if not code else 0.0
    days: set[date] = set()
    for year in range(first.year, last.year + 1):
        found = _holiday_days(code, year)
        if not found and not _holiday_days(code, first.year):
            return NAN
        days |= found
    return float(sum(1 for d in days if first <= d <= last and d.weekday() < 5))


def _num(value: float | int | None) -> float:
    return NAN if value is None else float(value)


def feature_row(
    state: OrderState, leg: Leg, lanes: LaneTable, delay_days: float = 0.0
) -> dict[str, Any]:
    """The model's input for one leg of one order (see the module table)."""
    now = state.now
    stage = leg_stage(state, leg)
    lead = lanes.lead(leg.origin_region, state.dest_region)
    transit = lanes.transit(leg.origin_region, state.dest_region)
    handling = lanes.handling(leg.node, leg.origin_region)
    promise = NAN if state.promised_by is None else days_between(state.placed_at, state.promised_by)
    slack = NAN if state.promised_by is None else days_between(now, state.promised_by) - delay_days
    if stage == "shipped":
        shipped = utc(leg.shipped_at)  # type: ignore[arg-type]
        scan = utc(leg.last_scan_at) if leg.last_scan_at else shipped
        margin = (
            NAN
            if state.promised_by is None
            else days_between(shipped, state.promised_by) - delay_days - transit.p90
        )
        handoff, since_scan = days_between(state.placed_at, shipped), days_between(scan, now)
    else:
        margin = promise - delay_days - lead.p90
        handoff = since_scan = NAN
    from ordermind.care.delay_rules import DelayRule  # the rule reads this module's types

    rule = DelayRule(lanes).leg(state, leg, delay_days).probability
    load = leg.load or NodeLoad()
    net = state.network_load or NodeLoad()
    net_daily = (net.orders_7d or 0) / 7.0
    placed = utc(state.placed_at)
    recent = state.recent or RecentDeliveries()
    promised = None if state.promised_by is None else utc(state.promised_by)
    handling_end = None if stage == "shipped" else now + timedelta(days=handling.p90)
    return {
        "stage_code": float(STAGES.index(stage)),
        "days_since_placed": days_between(placed, now),
        "promise_days": promise,
        "slack_days": slack,
        "margin_vs_p90_days": margin,
        "rule_probability": rule,
        "lane_lead_p50_days": lead.p50,
        "lane_lead_p90_days": lead.p90,
        "lane_transit_p90_days": transit.p90,
        "lane_orders": float(lead.n),
        "node_handling_p90_days": handling.p90,
        "lane_late_share": lanes.lane_late_share(leg.origin_region, state.dest_region),
        "node_late_share": lanes.node_late_share(leg.node, leg.origin_region),
        "family_late_share": lanes.family_late_share(sku_family(state.categories)),
        "handoff_days": handoff,
        "days_since_scan": since_scan,
        "distance_km": _num(state.distance_km),
        "same_region": NAN
        if not (leg.origin_region and state.dest_region)
        else float(leg.origin_region == state.dest_region),
        "node_backlog": _num(load.backlog),
        "node_orders_7d": _num(load.orders_7d),
        "node_load_ratio": _ratio(load.orders_7d, load.orders_prior_28d),
        "node_capacity_used": _num(load.capacity_used),
        "node_waiting_age_days": _num(load.waiting_age_days),
        "node_recent_handoff_days": _num(load.handoff_p50_days),
        "network_recent_handoff_days": _num(net.handoff_p50_days),
        "network_load_ratio": _ratio(net.orders_7d, net.orders_prior_28d),
        "network_backlog_days": NAN
        if net.backlog is None or net_daily <= 0
        else net.backlog / net_daily,
        "weekday": float(placed.weekday()),
        "hour": placed.hour + placed.minute / 60.0,
        "month": float(placed.month),
        "item_count": _num(state.item_count),
        "split_count": float(max(1, len(state.legs))),
        "weight_kg": NAN if state.weight_g is None else state.weight_g / 1000.0,
        "order_value": _num(state.order_value),
        "shipping_cost": _num(state.shipping_cost),
        "holidays_in_handling": 0.0
        if handling_end is None
        else working_holidays(state.dest_country, now, handling_end),
        "holidays_in_promise": NAN
        if promised is None
        else working_holidays(state.dest_country, now, promised),
        "node_handoff_vs_deadline_days": _num(load.handoff_vs_deadline_days),
        "dest_transit_slowdown": _num(recent.dest_transit_slowdown),
        "lane_recent_transit_days": _num(recent.lane_recent_transit_days),
        "network_in_transit_ratio": _num(recent.in_transit_ratio),
        "origin_region": leg.origin_region,
        "dest_region": state.dest_region,
        "sku_family": sku_family(state.categories),
        "carrier": leg.carrier,
        "service": leg.service,
        # Context for the plain-word factors (not model inputs).
        "_node": leg.node,
        "_delay_days": delay_days,
    }


Entry = tuple  # (node, placed_at, left_queue_at, handed_off[, ship_by])
DEADLINE_PRIOR = 5.0  # hand-offs of weight the network's punctuality has on a node's


class NodeTimeline:
    """Point-in-time queues from (node, placed_at, left_queue_at, handed_off[, ship_by]) of
    past and open orders.

    ``left_queue_at`` is the carrier hand-off (``handed_off`` True) or the cancellation of that
    order, None while it waits. A query at ``t`` counts an order as waiting when it was placed
    before ``t`` and had not left by ``t``; a hand-off after ``t`` is simply not known yet at
    ``t``, and only hand-offs before ``t`` make the recent hand-off times and the node's
    punctuality against its hand-off deadlines (``ship_by``, where kept).

    ``deliveries`` (a :class:`~ordermind.care.history_features.DeliveryFeed`, optional) adds
    the recent delivery conditions to every state attached; without it they stay unknown.
    """

    def __init__(self, entries: Iterable[Entry], deliveries: Any = None) -> None:
        by_node: dict[str, list[tuple[float, float, bool, float]]] = {}
        every: list[tuple[float, float, bool, float]] = []
        for entry in entries:
            node, placed, left, shipped = entry[:4]
            ship_by = entry[4] if len(entry) > 4 else None
            item = (
                utc(placed).timestamp(),
                math.inf if left is None else utc(left).timestamp(),
                bool(shipped),
                NAN if ship_by is None else utc(ship_by).timestamp(),
            )
            every.append(item)
            if node:
                by_node.setdefault(node, []).append(item)
        self._nodes = {n: _Queue(v) for n, v in by_node.items()}
        self._all = _Queue(every)
        self.deliveries = deliveries

    def node(self, node: str | None, t: datetime) -> NodeLoad:
        queue = self._nodes.get(node or "")
        ts = utc(t).timestamp()
        total, n = self._all.lateness(ts)
        prior = total / n if n else None
        if queue is None:
            return NodeLoad(
                backlog=0, orders_7d=0, orders_prior_28d=0, handoff_vs_deadline_days=prior
            )
        load = queue.load(ts, HANDOFF_WINDOW_NODE)
        own, k = queue.lateness(ts)
        late = None if prior is None else (own + DEADLINE_PRIOR * prior) / (k + DEADLINE_PRIOR)
        return replace(load, handoff_vs_deadline_days=late)

    def network(self, t: datetime) -> NodeLoad:
        return self._all.load(utc(t).timestamp(), HANDOFF_WINDOW_NETWORK)

    def attach(self, state: OrderState) -> OrderState:
        """The state with every leg's node load and the network load as of its moment (and
        the recent delivery conditions, with a delivery feed)."""
        now = state.now
        legs = tuple(replace(leg, load=self.node(leg.node, now)) for leg in state.legs)
        out = replace(state, legs=legs, network_load=self.network(now))
        return self.deliveries.attach(out) if self.deliveries is not None else out


HANDOFF_WINDOW_NODE = 60.0  # days of a node's past hand-offs that make its recent pace
HANDOFF_WINDOW_NETWORK = 7.0


class _Queue:
    def __init__(self, items: list[tuple[float, float, bool, float]]) -> None:
        items.sort()
        arr = np.array([(p, left) for p, left, _, _ in items], dtype=float).reshape(-1, 2)
        self.placed, self.left = arr[:, 0].copy(), arr[:, 1].copy()
        shipped = sorted((left, left - p) for p, left, s, _ in items if s and left < math.inf)
        sh = np.array(shipped, dtype=float).reshape(-1, 2)
        self.handoff_at, self.handoff_lag = sh[:, 0].copy(), sh[:, 1].copy()
        # Hand-offs against their deadline: cumulative sums make "before t" one search.
        due = sorted(
            (left, (left - by) / DAY)
            for _, left, s, by in items
            if s and left < math.inf and by == by
        )
        du = np.array(due, dtype=float).reshape(-1, 2)
        self.due_at, self.due_cum = du[:, 0].copy(), np.concatenate([[0.0], np.cumsum(du[:, 1])])

    def lateness(self, t: float) -> tuple[float, int]:
        """Sum of (hand-off - deadline) days over the hand-offs before t, and their count."""
        k = int(np.searchsorted(self.due_at, t, side="left"))
        return float(self.due_cum[k]), k

    def load(self, t: float, window_days: float) -> NodeLoad:
        placed, left = self.placed, self.left
        end = int(np.searchsorted(placed, t, side="left"))  # strictly before t
        start = int(np.searchsorted(placed, t - STALE_DAYS * DAY, side="left"))
        week = int(np.searchsorted(placed, t - 7 * DAY, side="left"))
        month = int(np.searchsorted(placed, t - 35 * DAY, side="left"))
        waiting = left[start:end] > t
        ages = (t - placed[start:end][waiting]) / DAY
        h0 = int(np.searchsorted(self.handoff_at, t - window_days * DAY, side="left"))
        h1 = int(np.searchsorted(self.handoff_at, t, side="left"))
        lags = self.handoff_lag[h0:h1] / DAY
        return NodeLoad(
            backlog=int(waiting.sum()),
            orders_7d=end - week,
            orders_prior_28d=week - month,
            waiting_age_days=float(ages.mean()) if len(ages) else None,
            handoff_p50_days=float(np.median(lags)) if len(lags) >= 3 else None,
        )


def queue_entries(states: Iterable[OrderState], outcomes: Mapping[str, Outcome]) -> list[Entry]:
    """Timeline entries: each leg of each order waits from placement until its hand-off (or
    the order's cancellation); legs without either are still waiting. The leg's hand-off
    deadline rides along where it is known."""
    out: list[Entry] = []
    for s in states:
        o = outcomes.get(s.order_id)
        handoff = None if o is None else o.handed_off_at
        cancelled = None if o is None else o.cancelled_at
        for leg in s.legs or (Leg(node=None),):
            shipped = leg.shipped_at or handoff
            out.append(
                (leg.node, s.placed_at, shipped or cancelled, shipped is not None, leg.ship_by)
            )
    return out


def at_time(
    state: OrderState,
    t: datetime,
    timeline: NodeTimeline | None = None,
    outcome: Outcome | None = None,
) -> OrderState:
    """The state the order was in at ``t`` (training snapshots, benchmarks): stage, scans,
    carrier and service only where they had happened by ``t``. A leg without its own
    hand-off time takes the order's (``outcome.handed_off_at``)."""
    t = utc(t)
    order_handoff = outcome.handed_off_at if outcome is not None else None
    legs = []
    for leg in state.legs:
        shipped = leg.shipped_at or order_handoff
        if shipped is not None and utc(shipped) <= t:
            scan = leg.last_scan_at if leg.last_scan_at and utc(leg.last_scan_at) <= t else None
            legs.append(replace(leg, shipped_at=shipped, last_scan_at=scan))
        else:
            legs.append(
                replace(leg, shipped_at=None, last_scan_at=None, carrier=None, service=None)
            )
    stage = "placed"
    if outcome is not None and outcome.released_at is not None and utc(outcome.released_at) <= t:
        stage = "released"
    if legs and legs[0].shipped_at is not None:
        stage = "shipped"
    snap = replace(state, as_of=t, stage=stage, legs=tuple(legs))
    return timeline.attach(snap) if timeline is not None else snap


def snapshot_times(
    state: OrderState, outcome: Outcome, transit_checks: tuple[float, ...] = (2.0, 5.0)
) -> list[datetime]:
    """Moments an open order is re-scored: placed, released, handed off, and a few days into
    transit; only those before delivery and before the promise (a passed promise is late
    by definition, no model needed)."""
    times = [utc(state.placed_at)]
    if outcome.released_at is not None:
        times.append(utc(outcome.released_at))
    if outcome.handed_off_at is not None:
        handoff = utc(outcome.handed_off_at)
        times.append(handoff)
        times += [handoff + timedelta(days=d) for d in transit_checks]
    end = utc(outcome.delivered_at) if outcome.delivered_at else None
    deadline = utc(state.promised_by) if state.promised_by else None
    keep: list[datetime] = []
    for t in sorted(set(times)):
        if (
            (end is None or t < end)
            and (deadline is None or t < deadline)
            and t >= utc(state.placed_at)
        ):
            keep.append(t)
    return keep or [utc(state.placed_at)]


# -- plain words ---------------------------------------------------------------------------


def _fmt_days(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def describe(name: str, row: Mapping[str, Any], lanes: LaneTable | None = None) -> str:
    """One sentence for a feature's value on this row, for an operations person."""
    v: Any = row.get(name)  # Any: each feature has its own type, checked where it is used
    node = row.get("_node") or "the node"
    lane = f"{row.get('origin_region') or '?'} → {row.get('dest_region') or '?'}"
    delay = row.get("_delay_days") or 0.0
    delay_words = f" after {_fmt_days(delay)} days of reported delay" if delay else ""
    missing = v is None or (isinstance(v, float) and math.isnan(v))
    if missing:
        return f"{name.replace('_', ' ')} is unknown"
    if name in ("margin_vs_p90_days", "slack_days", "promise_days", "rule_probability"):
        if row.get("stage_code") == 2.0:
            p90: Any = row.get("lane_transit_p90_days")
            left: Any = v + p90 if name == "margin_vs_p90_days" else row.get("slack_days")
            return (
                f"promise leaves {_fmt_days(left)} days from the carrier hand-off against a "
                f"{_fmt_days(p90)}-day lane transit p90 ({lane}){delay_words}"
            )
        p90 = row.get("lane_lead_p90_days")
        left = row.get("promise_days", NAN) - delay
        return (
            f"promise leaves {_fmt_days(left)} days against a {_fmt_days(p90)}-day lane "
            f"p90 ({lane}){delay_words}"
        )
    words = {
        "stage_code": lambda: f"order is at stage {STAGES[int(v)]}",
        "days_since_placed": lambda: f"placed {_fmt_days(v)} days ago",
        "lane_lead_p50_days": lambda: f"lane {lane} usually takes {_fmt_days(v)} days to deliver",
        "lane_lead_p90_days": lambda: f"lane {lane} takes up to {_fmt_days(v)} days (p90)",
        "lane_transit_p90_days": lambda: (
            f"carriers on lane {lane} take up to {_fmt_days(v)} days after hand-off (p90)"
        ),
        "lane_orders": lambda: (
            f"lane {lane} has only {int(v)} past deliveries to go by"
            if v < 50
            else f"lane {lane} has {int(v)} past deliveries"
        ),
        "node_handling_p90_days": lambda: (
            f"{node} needs up to {_fmt_days(v)} days to hand over to a carrier (p90)"
        ),
        "lane_late_share": lambda: f"{v:.0%} of past deliveries on lane {lane} were late",
        "node_late_share": lambda: f"{v:.0%} of {node}'s past deliveries were late",
        "family_late_share": lambda: (
            f"{v:.0%} of past deliveries of {row.get('sku_family') or 'this SKU family'} were late"
        ),
        "handoff_days": lambda: f"hand-off to the carrier took {_fmt_days(v)} days",
        "days_since_scan": lambda: f"{_fmt_days(v)} days since the last carrier scan",
        "distance_km": lambda: f"lane distance about {v:,.0f} km",
        "same_region": lambda: "ships within one region" if v else f"ships across regions ({lane})",
        "node_backlog": lambda: f"{node} has {int(v)} orders waiting to ship",
        "node_orders_7d": lambda: f"{node} took {int(v)} orders in the last 7 days",
        "node_load_ratio": lambda: (
            f"{node} took no orders in the last 7 days"
            if v == 0
            else f"{node} took {v:.1f}× its usual weekly orders in the last 7 days"
        ),
        "node_capacity_used": lambda: f"{node} has used {v:.0%} of today's capacity",
        "node_waiting_age_days": lambda: (
            f"orders waiting at {node} are {_fmt_days(v)} days old on average"
        ),
        "node_recent_handoff_days": lambda: (
            f"{node} recently took {_fmt_days(v)} days to hand orders to a carrier"
        ),
        "network_recent_handoff_days": lambda: (
            f"orders handed to carriers this week took {_fmt_days(v)} days from purchase"
        ),
        "network_load_ratio": lambda: (
            f"the network took {v:.1f}× its usual weekly orders in the last 7 days"
        ),
        "network_backlog_days": lambda: (
            f"the network has {_fmt_days(v)} days of orders waiting to ship"
        ),
        "weekday": lambda: f"placed on a {WEEKDAYS[int(v)]}",
        "hour": lambda: f"placed at {int(v):02d}h",
        "month": lambda: f"placed in {MONTHS[int(v) - 1]}",
        "item_count": lambda: f"{int(v)} item(s) on the order",
        "split_count": lambda: f"ships from {int(v)} node(s)",
        "weight_kg": lambda: f"weighs {v:.1f} kg",
        "order_value": lambda: f"order value {v:,.2f}",
        "shipping_cost": lambda: f"shipping charged {v:,.2f}",
        "holidays_in_handling": lambda: (
            "no public holiday before the usual hand-off"
            if v == 0
            else f"{int(v)} public holiday(s) before {node}'s usual hand-off"
        ),
        "holidays_in_promise": lambda: (
            "no public holiday before the promised date"
            if v == 0
            else f"{int(v)} public holiday(s) before the promised date"
        ),
        "node_handoff_vs_deadline_days": lambda: (
            f"{node} hands orders to the carrier {_fmt_days(v)} days after its deadline on average"
            if v > 0
            else f"{node} hands orders to the carrier {_fmt_days(-v)} days "
            "before its deadline on average"
        ),
        "dest_transit_slowdown": lambda: (
            f"the slowest tenth of deliveries to {row.get('dest_region') or 'this destination'}"
            f" took {v:.1f}× their usual time in the last 30 days"
        ),
        "lane_recent_transit_days": lambda: (
            f"carriers on lane {lane} took {_fmt_days(v)} days (median, last 60 days)"
        ),
        "network_in_transit_ratio": lambda: (
            f"carriers hold {_fmt_days(v)} days of orders in transit"
        ),
        "origin_region": lambda: f"ships from {v}",
        "dest_region": lambda: f"ships to {v}",
        "sku_family": lambda: f"SKU family {v}",
        "carrier": lambda: f"carrier {v}",
        "service": lambda: f"service {v}",
    }
    make = words.get(name)
    return make() if make else f"{name.replace('_', ' ')} is {v}"

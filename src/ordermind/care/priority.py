"""Dynamic order priority: which waiting order goes first, and why, in plain words.

    facts = PriorityFacts(order_id=7, placed_at=..., promised_by=..., late_probability=0.4,
                          segment="business", customer_orders=12, customer_spend=250_000,
                          ship_sla_hours=24, transit_days=1.5)
    p = score(facts, now, weights)        # Priority: score 0..100, contributions, explanation
    ranked = rank([facts, ...], now, "dynamic", weights)   # or "fifo"

Six factors, each a signal from 0 to 1, weighed per channel (``DEFAULT_WEIGHTS`` unless the
channel overrides one); the score is their weighted mean times 100:

- ``promise_slack``: time left to the promised delivery against the carrier's transit. An
  order that must leave today to arrive in time scores 1; one with days to spare less, down
  to 0 at ``SLACK_HORIZON_DAYS`` of spare time. A promise already broken, or one the transit
  can no longer meet (short by more than ``LUCK_SHARE`` of it), cannot be saved by going
  first: it scores ``BROKEN_PROMISE`` (above routine orders, below the savable ones).
- ``delay_risk``: the delay model's (or its rule's) late probability, while the promise can
  still be kept.
- ``segment``: how much the customer's segment counts (``SEGMENT_VALUE``).
- ``lifetime_value``: the customer's earlier orders and spend, on a log scale.
- ``channel_sla``: how much of the channel's ship SLA (placed -> carrier) is used up.
- ``order_age``: days since placement, so that nothing waits for ever.

FIFO, the comparison policy, orders by promise date, then placement time: ``fifo_key``.
Pure: plain facts in, plain decisions out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from ordermind.domain.channels import PRIORITY_FACTORS, PRIORITY_POLICIES

DEFAULT_WEIGHTS: dict[str, float] = {
    "promise_slack": 3.0,
    "delay_risk": 2.0,
    "segment": 1.0,
    "lifetime_value": 0.5,
    "channel_sla": 1.0,
    "order_age": 0.5,
}
SEGMENT_VALUE: dict[str, float] = {"vip": 1.0, "business": 0.8, "wholesale": 0.8, "consumer": 0.3}
UNKNOWN_SEGMENT = 0.3
SLACK_HORIZON_DAYS = 5.0
BROKEN_PROMISE = 0.5
LUCK_SHARE = 0.25  # an order short of its transit time by more than this share is lost
AGE_HORIZON_DAYS = 7.0
LTV_ORDERS_FULL = 50  # earlier orders for a full lifetime-value signal
LTV_SPEND_FULL = 20_000.0  # major units spent for a full lifetime-value signal
EXPLAIN_TOP = 3
DAY = 86400.0
FAR = datetime.max.replace(tzinfo=UTC)

assert set(DEFAULT_WEIGHTS) == set(PRIORITY_FACTORS)


@dataclass(frozen=True)
class PriorityFacts:
    """What is known about one waiting order when it is ranked."""

    order_id: int | str
    placed_at: datetime
    promised_by: datetime | None = None  # the deadline: delivered after it is late
    late_probability: float | None = None
    segment: str | None = None
    customer_orders: int = 0  # the customer's earlier orders (this one not counted)
    customer_spend: int = 0  # minor units spent on them
    ship_sla_hours: float = 48.0  # the channel's placed -> carrier hand-off promise
    transit_days: float = 0.0  # carrier transit still ahead once it leaves the node


@dataclass(frozen=True)
class Contribution:
    factor: str
    signal: float  # 0..1
    weight: float
    points: float  # this factor's share of the score (0..100 in total)
    words: str


@dataclass(frozen=True)
class Priority:
    order_id: int | str
    score: float  # 0..100
    policy: str
    contributions: tuple[Contribution, ...]  # largest first

    @property
    def explanation(self) -> list[str]:
        """The top contributions in words, each with its points."""
        return [
            f"{c.words} (+{c.points:.0f})"
            for c in self.contributions[:EXPLAIN_TOP]
            if c.points >= 0.5
        ]

    def as_dict(self) -> dict:
        return {
            "score": round(self.score, 1),
            "policy": self.policy,
            "explanation": self.explanation,
            "factors": [
                {
                    "factor": c.factor,
                    "signal": round(c.signal, 3),
                    "weight": c.weight,
                    "points": round(c.points, 1),
                    "words": c.words,
                }
                for c in self.contributions
            ],
        }


def weights_for(overrides: Mapping[str, float] | None) -> dict[str, float]:
    """The channel's weights: the defaults with its overrides."""
    weights = dict(DEFAULT_WEIGHTS)
    for name, value in (overrides or {}).items():
        if name not in weights:
            raise ValueError(f"unknown priority factor {name!r}")
        weights[name] = float(value)
    return weights


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def _days(value: float) -> str:
    return f"{value:.1f}"


def _slack(f: PriorityFacts, now: datetime) -> tuple[float, str]:
    if f.promised_by is None:
        return 0.0, "no promised date"
    slack = (_utc(f.promised_by) - now).total_seconds() / DAY
    if slack <= 0:
        return BROKEN_PROMISE, f"promise broken {_days(-slack)} days ago"
    transit = max(0.0, f.transit_days)
    spare = slack - transit
    if spare < -LUCK_SHARE * transit:
        return BROKEN_PROMISE, (
            f"promise in {_days(slack)} days, transit {_days(transit)} "
            "days: it can no longer arrive in time"
        )
    if spare <= 0:
        return 1.0, (
            f"promise in {_days(slack)} days, within {_days(transit)} days "
            "of transit: must leave now"
        )
    signal = max(0.0, 1.0 - spare / SLACK_HORIZON_DAYS)
    return signal, f"promise in {_days(slack)} days ({_days(spare)} to spare after transit)"


def _risk(f: PriorityFacts, now: datetime) -> tuple[float, str]:
    if f.promised_by is not None and _utc(f.promised_by) <= now:
        return 0.0, "promise already broken: delay risk no longer applies"
    if f.late_probability is None or not math.isfinite(f.late_probability):
        return 0.0, "no delay risk score"
    p = min(1.0, max(0.0, float(f.late_probability)))
    return p, f"late risk {p:.0%}"


def _segment(f: PriorityFacts) -> tuple[float, str]:
    value = SEGMENT_VALUE.get((f.segment or "").lower(), UNKNOWN_SEGMENT)
    return value, f"{f.segment} customer" if f.segment else "customer segment unknown"


def _ltv(f: PriorityFacts) -> tuple[float, str]:
    orders, spend = max(0, f.customer_orders), max(0, f.customer_spend) / 100.0
    if orders == 0:
        return 0.0, "first order of this customer"
    signal = 0.5 * min(1.0, math.log1p(orders) / math.log1p(LTV_ORDERS_FULL)) + 0.5 * min(
        1.0, math.log1p(spend) / math.log1p(LTV_SPEND_FULL)
    )
    return signal, f"customer with {orders} earlier orders, {spend:,.2f} spent"


def _sla(f: PriorityFacts, now: datetime) -> tuple[float, str]:
    sla = max(1.0, float(f.ship_sla_hours))
    age = max(0.0, (now - _utc(f.placed_at)).total_seconds() / 3600.0)
    if age >= sla:
        return 1.0, f"channel's {sla:.0f} h ship SLA exceeded by {age - sla:.0f} h"
    return age / sla, f"{age / sla:.0%} of the channel's {sla:.0f} h ship SLA used"


def _age(f: PriorityFacts, now: datetime) -> tuple[float, str]:
    days = max(0.0, (now - _utc(f.placed_at)).total_seconds() / DAY)
    return min(1.0, days / AGE_HORIZON_DAYS), f"placed {_days(days)} days ago"


def score(
    facts: PriorityFacts,
    now: datetime,
    weights: Mapping[str, float] | None = None,
    policy: str = "dynamic",
) -> Priority:
    """The order's priority now, with every factor's contribution."""
    now = _utc(now)
    w = weights_for(weights)
    signals = {
        "promise_slack": _slack(facts, now),
        "delay_risk": _risk(facts, now),
        "segment": _segment(facts),
        "lifetime_value": _ltv(facts),
        "channel_sla": _sla(facts, now),
        "order_age": _age(facts, now),
    }
    total = sum(w.values())
    parts = []
    for name in PRIORITY_FACTORS:
        signal, words = signals[name]
        points = 100.0 * w[name] * signal / total if total > 0 else 0.0
        parts.append(Contribution(name, signal, w[name], points, words))
    parts.sort(key=lambda c: (-c.points, PRIORITY_FACTORS.index(c.factor)))
    return Priority(facts.order_id, sum(c.points for c in parts), policy, tuple(parts))


def fifo_key(facts: PriorityFacts) -> tuple:
    """Earliest promise first, then the oldest order (then the id, for a total order)."""
    promised = _utc(facts.promised_by) if facts.promised_by is not None else FAR
    return promised, _utc(facts.placed_at), str(facts.order_id)


def rank(
    items: Iterable[PriorityFacts],
    now: datetime,
    policy: str = "dynamic",
    weights: Mapping[str, float] | None = None,
) -> list[Priority]:
    """Every order's priority, in the order the policy takes them. Dynamic: highest score
    first, ties by promise and age; FIFO: by promise and age (scores still reported)."""
    if policy not in PRIORITY_POLICIES:
        raise ValueError(
            f"unknown priority policy {policy!r}; one of {', '.join(PRIORITY_POLICIES)}"
        )
    scored = [(f, score(f, now, weights, policy)) for f in items]
    if policy == "fifo":
        scored.sort(key=lambda x: fifo_key(x[0]))
    else:
        scored.sort(key=lambda x: (-round(x[1].score, 9), fifo_key(x[0])))
    return [p for _, p in scored]


@dataclass(frozen=True)
class ChannelRanking:
    """One channel's waiting orders with the channel's priority rules."""

    policy: str
    weights: Mapping[str, float] | None
    items: tuple[PriorityFacts, ...]


def merge(channels: Mapping[str, ChannelRanking], now: datetime) -> list[Priority]:
    """Orders of several channels in one sequence (a release or ship wave). Each channel's
    orders keep the order its own policy gives; channels interleave by FIFO key when every
    channel is FIFO, else by the score of each channel's next order. One channel, or
    channels that agree, give exactly `rank` over all of them."""
    queues = {code: rank(c.items, now, c.policy, c.weights) for code, c in channels.items()}
    facts = {(code, f.order_id): f for code, c in channels.items() for f in c.items}
    all_fifo = all(c.policy == "fifo" for c in channels.values())
    heads = {code: 0 for code in queues}
    out: list[Priority] = []
    while True:
        live = [code for code in sorted(queues) if heads[code] < len(queues[code])]
        if not live:
            return out

        def key(code: str) -> tuple:
            p = queues[code][heads[code]]
            fk = fifo_key(facts[(code, p.order_id)])
            return fk if all_fifo else (-round(p.score, 9), fk)

        best = min(live, key=key)
        out.append(queues[best][heads[best]])
        heads[best] += 1

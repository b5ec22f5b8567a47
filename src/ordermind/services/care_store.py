"""The order-care port: exceptions, delay scores, fix decisions and SKU substitutes, as the
services see them. `adapters/db/exceptions_repo.py` implements it on SQL,
`adapters/memory/care.py` on the in-memory store."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from ordermind.care.delay_features import NodeLoad, OrderState, Outcome
from ordermind.domain.events import Event
from ordermind.domain.orders import Order

OPEN, CLOSED, DISMISSED = "open", "closed", "dismissed"
# Statuses of an order that can still have an exception (a delivered one only for a
# return waiting for its refund).
LIVE_STATUSES = (
    "placed",
    "on_hold",
    "backordered",
    "partially_allocated",
    "allocated",
    "partially_released",
    "released",
    "partially_shipped",
    "shipped",
)


@dataclass
class CareException:
    id: int | None
    order_id: int
    channel: str
    cause: str
    type: str
    severity: str
    money_at_risk: int
    currency: str
    promise_at_risk: date | None
    explanation: str
    details: dict
    opened_at: datetime
    updated_at: datetime
    status: str = OPEN
    # Holds the (order, cause) slot: open, or dismissed while its cause is still found
    # (a dismissed cause is not opened again until it goes away, or grows more severe).
    active: bool = True
    closed_at: datetime | None = None
    close_reason: str | None = None
    closed_by: str | None = None
    # The last evaluation of its fixes ({"at", "ranking", "fixes": [...]}) and the fix
    # applied to it ({"n", "key", "type", "actor", "auto", "at", "effects"}), if any.
    evaluation: dict | None = None
    applied: dict | None = None
    evaluated_at: datetime | None = None
    applied_at: datetime | None = None
    version: int = 0


@dataclass(frozen=True)
class ExceptionFilter:
    status: str | None = None
    type: str | None = None
    severity: str | None = None
    channel: str | None = None
    order_id: int | None = None


@dataclass(frozen=True)
class DelayRecord:
    order_id: int
    late_probability: float
    top_factors: tuple[str, ...]
    model_version: str
    fallback_used: bool
    fallback_reason: str | None
    stage: str
    scored_at: datetime

    def as_dict(self) -> dict:
        return {
            "late_probability": round(self.late_probability, 4),
            "top_factors": list(self.top_factors),
            "model_version": self.model_version,
            "fallback_used": self.fallback_used,
            "fallback_reason": self.fallback_reason,
            "stage": self.stage,
            "scored_at": self.scored_at,
        }


@dataclass(frozen=True)
class FixDecision:
    """One fix offered on a decided exception: chosen or not, by a person or automatically."""

    exception_id: int
    order_id: int
    exception_type: str
    fix_type: str
    fix_key: str
    position: int  # where the ranking offered it (0 = top)
    chosen: bool
    decision: str  # applied | passed_over | dismissed
    auto: bool
    actor: str
    effects: dict
    ranker: str
    at: datetime
    note: str | None = None


@dataclass(frozen=True)
class TimelineFacts:
    """What only an order's timeline knows: when units went to each node, carrier scans."""

    releases: tuple[tuple[str, datetime], ...] = ()  # (node, released at), oldest first
    scans: dict[str, datetime] = field(default_factory=dict)  # shipment id -> latest scan


@dataclass(frozen=True)
class CarrierDelay:
    """A delay a carrier announced: its parcels take `extra_days` longer from `starts_at`
    until `ends_at` (what the care scan tells the delay scorer)."""

    carrier: str
    extra_days: float
    starts_at: datetime
    ends_at: datetime
    reason: str
    set_by: str
    set_at: datetime

    def active(self, at: datetime) -> bool:
        return self.starts_at <= at < self.ends_at

    def as_dict(self, at: datetime | None = None) -> dict:
        out = {
            "carrier": self.carrier,
            "extra_days": self.extra_days,
            "from": self.starts_at,
            "until": self.ends_at,
            "reason": self.reason,
            "set_by": self.set_by,
            "set_at": self.set_at,
        }
        if at is not None:
            out["active"] = self.active(at)
        return out


@dataclass(frozen=True)
class QueueLoads:
    """Each node's queue and the whole network's at one moment, as the delay model's
    training computes them from history (`care.delay_features.NodeTimeline`)."""

    nodes: dict[str, NodeLoad]
    network: NodeLoad


# Windows of the live reads, the ones training uses (care.delay_features): orders of the
# last 35 days make the queues, hand-offs of the last 60 days the nodes' recent pace.
QUEUE_DAYS, HANDOFF_DAYS = 35, 60


class CareRepository(abc.ABC):
    # -- the scan's reads ----------------------------------------------------------------
    @abc.abstractmethod
    def scan_candidates(self, after_id: int, limit: int) -> list[int]:
        """Ids above `after_id`, ascending, of the orders that can have a finding: live
        (LIVE_STATUSES), delivered with a received return, or with an open exception."""

    @abc.abstractmethod
    def load_orders(self, ids: Sequence[int]) -> list[Order]:
        """The orders, for reading only (a store may hand out its own objects)."""

    @abc.abstractmethod
    def timeline_facts(self, ids: Sequence[int]) -> dict[int, TimelineFacts]:
        """Per order, from its release and carrier-scan events (empty where a store keeps
        no timelines)."""

    @abc.abstractmethod
    def backorder_queue(self) -> list[tuple[int, str, int]]:
        """(order_id, sku, back-ordered units) of every live back-order, oldest first."""

    @abc.abstractmethod
    def queue_loads(self, now: datetime, nodes: Iterable[str]) -> QueueLoads:
        """Each node's queue at `now` (orders waiting there, orders taken in the last 7 and
        the 28 days before, the waiting orders' mean age, the median placed->hand-off days of
        its hand-offs in the last 60 days) and the network's (hand-offs of the last 7 days),
        exactly as `NodeTimeline` computes them from the order history, read from the last
        `QUEUE_DAYS` of orders and `HANDOFF_DAYS` of hand-offs only."""

    @abc.abstractmethod
    def carrier_mix(self, since: datetime, until: datetime) -> dict[str, dict[str, int]]:
        """node -> carrier -> parcels it handed to that carrier in [since, until)."""

    @abc.abstractmethod
    def delivery_history(self, since: datetime) -> tuple[list[OrderState], dict[str, Outcome]]:
        """Orders placed since `since` as the recent delivery conditions read them
        (`care.history_features.DeliveryFeed`): placement, first hand-off (node, time),
        destination, delivery. Lines, weights and categories are left out."""

    # -- announced carrier delays ------------------------------------------------------------
    @abc.abstractmethod
    def carrier_delays(self, carrier: str | None = None) -> list[CarrierDelay]:
        """The announced delays (of one carrier), by carrier."""

    @abc.abstractmethod
    def put_carrier_delay(self, delay: CarrierDelay) -> None:
        """Set the carrier's announced delay (replacing the one it had)."""

    @abc.abstractmethod
    def delete_carrier_delay(self, carrier: str) -> bool:
        """Clear the carrier's announced delay; False when it had none."""

    # -- exceptions ------------------------------------------------------------------------
    @abc.abstractmethod
    def open_exceptions(self, order_ids: Iterable[int]) -> list[CareException]:
        """The active exceptions of these orders (open, or dismissed holding their cause)."""

    @abc.abstractmethod
    def add_exception(self, exc: CareException) -> bool:
        """Insert an open exception (sets its id); False when one is already open for the
        same (order, cause) — a concurrent scan opened it."""

    @abc.abstractmethod
    def save_exception(self, exc: CareException) -> bool:
        """Write back a loaded exception if nobody changed it meanwhile (version check);
        False otherwise. Bumps `exc.version`."""

    @abc.abstractmethod
    def get_exception(self, exception_id: int) -> CareException | None: ...

    @abc.abstractmethod
    def list_exceptions(
        self, flt: ExceptionFilter, cursor: int | None, limit: int
    ) -> list[CareException]:
        """Newest first (id descending), ids below `cursor`."""

    @abc.abstractmethod
    def awaiting_auto(
        self,
        types: Sequence[str],
        after_id: int,
        limit: int,
        evaluated_before: datetime | None = None,
    ) -> list[CareException]:
        """Open exceptions of these types, ids above `after_id` ascending, with no fix
        applied, and not evaluated since they last changed (or not since
        `evaluated_before`)."""

    # -- delay scores ----------------------------------------------------------------------
    @abc.abstractmethod
    def delay_scores(self, order_ids: Iterable[int]) -> dict[int, DelayRecord]: ...

    @abc.abstractmethod
    def put_delay_scores(self, records: Sequence[DelayRecord]) -> None: ...

    # -- decisions ---------------------------------------------------------------------------
    @abc.abstractmethod
    def add_decisions(self, decisions: Sequence[FixDecision]) -> None: ...

    @abc.abstractmethod
    def decisions(self, limit: int, people_only: bool = False) -> list[FixDecision]:
        """Newest first."""

    @abc.abstractmethod
    def decision_stamp(self) -> tuple:
        """(which store, how many decisions by people it holds): the fix ranker is fitted
        again only when this changes (decisions are only ever added)."""

    # -- substitutes -------------------------------------------------------------------------
    @abc.abstractmethod
    def substitutes(self, skus: Iterable[str]) -> dict[str, list[str]]:
        """sku -> its substitutes, preferred first (SKUs without any left out)."""

    @abc.abstractmethod
    def set_substitutes(self, sku: str, substitutes: Sequence[str]) -> None:
        """Replace the SKU's substitutes (preferred first)."""

    # -- the timeline ------------------------------------------------------------------------
    @abc.abstractmethod
    def append_events(self, order_id: int, events: Sequence[Event]) -> None:
        """Add events to the order's timeline in this unit of work (no order write)."""

    def append_events_many(self, batch: Sequence[tuple[int, Sequence[Event]]]) -> None:
        """`append_events` for several orders (a store may write them in one go)."""
        for order_id, events in batch:
            self.append_events(order_id, events)

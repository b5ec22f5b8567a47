"""Order care as use cases: scan open orders for exceptions, evaluate and apply their fixes.

Interfaces other modules rely on (keep them stable):

    scan(uow_factory, now, scorer, policy, *, batch=500, order_ids=None, actor="care")
        -> ScanReport            opened / updated / closed per exception type, orders scored
    auto_apply(uow_factory, now, scorer, policy, *, limit=500, actor="care")
        -> AutoReport            fixes the policy lets apply themselves, applied and committed
    evaluate(uow_factory, exception_id, now, scorer, policy) -> Evaluation
    apply_fix(uow, exception_id, n, evaluation, actor, now, scorer, policy, ...) -> CareException
    dismiss(uow, exception_id, reason, actor, now, evaluation=None) -> CareException
    record_scan(uow, shipment_id, status, at, actor, now) -> dict
    set_substitutes(uow, sku, skus) / substitutes_of(uow, sku)
    stats(uow) -> dict           acceptance rates per fix type
    delay_risk(uow, order_id) -> dict | None

`uow_factory` is a zero-argument callable giving a unit of work to enter: a new one per
call (SQL, memory) or the twin's one `FastUnitOfWork` entered again. Units of work are
never nested. `scorer` is a `care.DelayScorer`, `policy` a `care.policy.CarePolicy`.

The scan pages through the orders that can have a finding (`CareRepository.
scan_candidates`) by id, `batch` at a time: each batch is read in one unit of work,
scored and checked outside any, and written in another, which it commits (one open
exception per order and cause; every change an event in the order's timeline). A
concurrent scan cannot open a cause twice: the store refuses the second, and a changed
exception is written only over the version that was read.

A fix is evaluated by running it through the real services (allocation, ordering,
fulfilment, returns) in a unit of work that is left without committing, so that it rolls
back: what it did to the order is measured first (the customer's date, the fulfilment cost
and carbon of what is still to ship, dated from now, the nodes it ships from, and whether
the exception's cause is still found). Applying re-evaluates, then runs the chosen fix
again in the caller's unit of work, which the caller commits; the order is then checked
again on the spot, so the exception closes or updates at once. Operators' choices (apply,
apply another fix than the top one, dismiss) are stored as decisions and rank later fixes
(`care.ranking`); automatic ones are recorded as such (actor "care") and not learnt from.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import TYPE_CHECKING, Protocol

from ordermind import sourcing
from ordermind.care import policy as pol
from ordermind.care.delay_features import Leg, NetworkState, NodeLoad, OrderState
from ordermind.care.exceptions import (
    DelayView,
    Finding,
    HoldView,
    LineView,
    NetworkView,
    NodeAt,
    NodeState,
    OpenException,
    OrderView,
    ReturnView,
    ShipmentView,
    close_reason,
    detect,
    inbound_cover,
    reconcile,
)
from ordermind.care.fixes import (
    Effects,
    Evaluated,
    Fix,
    FixContext,
    Priced,
    auto_decision,
    candidates,
    new_date,
    price,
    service_levels,
)
from ordermind.care.history_features import DeliveryFeed
from ordermind.care.policy import CarePolicy
from ordermind.care.ranking import DecisionRow, LearnedRanker, RankerCache, Ranking, rank
from ordermind.domain.catalog import Product, validate_code
from ordermind.domain.clock import utcnow
from ordermind.domain.errors import (
    Conflict,
    DomainError,
    InvalidTransition,
    NotFound,
    StaleWrite,
    ValidationFailed,
)
from ordermind.domain.events import Event, EventType
from ordermind.domain.orders import BackorderPolicy, Order
from ordermind.money import to_major
from ordermind.services import audit, capacity, fulfilment, ordering, returns
from ordermind.services.allocation import channel_rules, network_infos, source_order
from ordermind.services.audit import SYSTEM
from ordermind.services.care_store import (
    CLOSED,
    DISMISSED,
    OPEN,
    CareException,
    CarrierDelay,
    DelayRecord,
    FixDecision,
    QueueLoads,
    TimelineFacts,
)
from ordermind.services.commands import CancelOrder, ChangeOrder, OrderLineInput
from ordermind.services.unit_of_work import AbstractUnitOfWork

if TYPE_CHECKING:  # the scorer module loads the delay model's libraries
    from ordermind.care.scorer import DelayScore

ACTOR = "care"
EVALUATION_ACTOR = "care:evaluation"
SCAN_STATUSES = (
    "in_transit",
    "arrived_at_hub",
    "out_for_delivery",
    "attempted_delivery",
    "delayed",
    "exception",
)
DECISIONS_READ = 5000  # operator decisions the ranker learns from (newest)
MIX_DAYS = 30  # a node's parcels of the last 30 days say which carriers it ships by
FEED_DAYS = 120  # deliveries the recent delivery conditions are read from
TOLD = "customer_told"  # exception detail: the new date the customer was told on opening
UowFactory = Callable[[], AbstractUnitOfWork]


class DelayScoring(Protocol):
    """What the use cases ask of a delay scorer: a `care.DelayScorer`, or one wrapping it
    (the twin's tells it the delays carriers announced)."""

    def score(
        self, states: Sequence[OrderState], network: NetworkState | None = None
    ) -> list[DelayScore]: ...


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


# -- reports -------------------------------------------------------------------------------


@dataclass
class ScanReport:
    orders: int = 0
    scored: int = 0
    fallback_scores: int = 0
    batches: int = 0
    opened: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    closed: dict[str, int] = field(default_factory=dict)
    released: dict[str, int] = field(default_factory=dict)  # dismissed, cause gone
    notified: dict[str, int] = field(default_factory=dict)  # customers told on opening
    seconds: float = 0.0

    def count(self, kind: str, etype: str) -> None:
        bucket = getattr(self, kind)
        bucket[etype] = bucket.get(etype, 0) + 1

    def as_dict(self) -> dict:
        return {
            "orders": self.orders,
            "scored": self.scored,
            "fallback_scores": self.fallback_scores,
            "batches": self.batches,
            "opened": dict(self.opened),
            "updated": dict(self.updated),
            "closed": dict(self.closed),
            "released": dict(self.released),
            "notified": dict(self.notified),
            "seconds": round(self.seconds, 3),
        }


@dataclass
class AutoReport:
    evaluated: int = 0
    applied: dict[str, int] = field(default_factory=dict)  # fix type -> count
    waiting: int = 0  # the top fix needs a person
    failed: int = 0  # applying it failed (the state moved): left for the next pass

    def as_dict(self) -> dict:
        return {
            "evaluated": self.evaluated,
            "applied": dict(self.applied),
            "waiting": self.waiting,
            "failed": self.failed,
        }


# -- reading the network and the orders ----------------------------------------------------


@dataclass
class _Network:
    view: NetworkView
    state: NetworkState
    infos: dict  # code -> sourcing NodeInfo
    inbound: list


def _read_network(
    uow: AbstractUnitOfWork, now: datetime, policy: CarePolicy, queues: QueueLoads | None = None
) -> _Network:
    """What the network looks like now, for the detectors and the delay scorer: each node's
    queue as the delay model's training measured it (`CareRepository.queue_loads`, a read
    of the last weeks, not of all history), today's capacity used, nodes down, the delays
    carriers announced and which carriers each node ships by. `queues` read once for a
    pass that reads the network again for each exception (auto-apply): a fix moves one
    order, not a node's queue."""
    nodes = uow.nodes.all()
    taken = capacity.lines_today(uow, nodes)
    states = {
        n.code: NodeState(n.code, str(n.kind), n.active, n.daily_capacity, taken.get(n.code, 0))
        for n in nodes
    }
    inbound = [(s.sku, s.quantity, _utc(s.eta)) for s in uow.supply.find(open_only=True)]
    cover = inbound_cover(uow.care.backorder_queue(), inbound)
    if queues is None:
        queues = uow.care.queue_loads(now, [n.code for n in nodes])  # = read_queues
    loads = {}
    for n in nodes:
        load = queues.nodes.get(n.code) or NodeLoad()
        if n.daily_capacity > 0:
            load = replace(load, capacity_used=taken.get(n.code, 0) / n.daily_capacity)
        loads[n.code] = load
    outage = {n.code: policy.outage_days for n in nodes if not n.active}
    delays = announced_delays(uow, now)
    mix: dict[str, dict[str, float]] = {}
    if delays:
        for node, per in uow.care.carrier_mix(now - timedelta(days=MIX_DAYS), now).items():
            total = sum(per.values())
            if total:
                mix[node] = {c: k / total for c, k in per.items()}
    return _Network(
        NetworkView(now, states, cover),
        NetworkState(
            node_loads=loads,
            network_load=queues.network,
            node_outage_days=outage,
            carrier_delay_days=delays,
            carrier_mix=mix,
        ),
        network_infos(nodes),
        inbound,
    )


def read_queues(uow: AbstractUnitOfWork, now: datetime) -> QueueLoads:
    """Every node's queue now, to pass to the evaluations and fixes of one pass."""
    return uow.care.queue_loads(now, [n.code for n in uow.nodes.all()])


def delivery_feed(uow: AbstractUnitOfWork, now: datetime, days: float = FEED_DAYS) -> DeliveryFeed:
    """The recent delivery conditions (`care.history_features`) from the store's orders of
    the last `days`: give it to the delay scorer (`DelayScorer(deliveries=...)`), refreshed
    as deliveries come in, so live scores see the conditions its training rows saw."""
    states, outcomes = uow.care.delivery_history(_utc(now) - timedelta(days=days))
    return DeliveryFeed.from_outcomes(states, outcomes)


def _postal_lookup() -> bool:
    from ordermind.sourcing import geo

    return len(geo._postal) > 0


def _released_at(order: Order, facts: TimelineFacts) -> dict[str, datetime]:
    """node -> when the units still released there were handed to it (from the timeline)."""
    out = {}
    for node in {a.node for ln in order.lines for a in ln.allocations if a.released}:
        times = [at for n, at in facts.releases if n == node]
        shipped = [s.shipped_at for s in order.shipments if s.node == node]
        if shipped:
            later = [at for at in times if at >= max(shipped)]
            times = later or times
        if times:
            out[node] = _utc(min(times))
    return out


def order_view(order: Order, facts: TimelineFacts | None = None) -> OrderView:
    """The plain view of an order the detectors read."""
    facts = facts or TimelineFacts()
    to = order.ship_to
    precision: str | None = None
    if not order.pickup_node:
        loc = sourcing.resolve_location(to.country, to.postal_code, to.lat, to.lon, city=to.city)
        precision = loc.precision if loc is not None else "unknown"
    return OrderView(
        order_id=order.stored_id,
        channel=order.channel,
        currency=order.currency,
        status=str(order.status),
        created_at=_utc(order.created_at),
        promised_date=order.promised_delivery_date,
        lines=tuple(
            LineView(
                ln.line_no,
                ln.sku,
                ln.unit_price,
                ln.ordered,
                ln.cancelled,
                ln.shipped,
                ln.delivered,
                ln.backordered,
                tuple(NodeAt(a.node, a.allocated, a.released) for a in ln.allocations),
            )
            for ln in order.lines
        ),
        holds=tuple(
            HoldView(h.id, str(h.reason), _utc(h.placed_at), h.note)
            for h in order.holds
            if h.active
        ),
        shipments=tuple(
            ShipmentView(
                s.id,
                s.node,
                s.carrier,
                s.service,
                _utc(s.shipped_at),
                _utc(s.delivered_at) if s.delivered_at else None,
                _utc(facts.scans[s.id]) if s.id in facts.scans else None,
                tuple((sl.line_no, sl.quantity) for sl in s.lines),
            )
            for s in order.shipments
        ),
        returns=tuple(
            ReturnView(
                r.id,
                str(r.status),
                _utc(r.updated_at),
                sum(rl.quantity * order.line(rl.sku).unit_price for rl in r.lines),
            )
            for r in order.returns
        ),
        released_at=_released_at(order, facts),
        location_precision=precision,
        postal_lookup=_postal_lookup() if precision else False,
        flags=tuple((order.sourcing or {}).get("flags") or ()),
    )


def _deadline(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, dtime(0), tzinfo=UTC) + timedelta(days=1)


def order_state(
    order: Order, view: OrderView, products: dict[str, Product], infos: dict, now: datetime
) -> OrderState | None:
    """What the delay scorer reads (mapped as `adapters/db/care_repo.order_history` maps
    the store's history, so a model trained there reads live orders alike); None when
    nothing is left to deliver."""
    if not any(ln.undelivered > 0 for ln in view.lines):
        return None
    legs: list[Leg] = []
    seen_nodes = set()
    for s in view.shipments:
        if s.delivered_at is None:
            legs.append(
                Leg(
                    node=s.node,
                    origin_region=s.node,
                    carrier=s.carrier,
                    service=s.service,
                    shipped_at=s.shipped_at,
                    last_scan_at=s.last_scan_at,
                )
            )
            seen_nodes.add(s.node)
    for ln in view.lines:
        for a in ln.at:
            if a.allocated + a.released > 0 and a.node not in seen_nodes:
                legs.append(Leg(node=a.node, origin_region=a.node))
                seen_nodes.add(a.node)
    if not legs:
        legs.append(Leg(node=None))
    to = order.ship_to
    stage = "released" if any(a.released for ln in view.lines for a in ln.at) else "placed"
    cats, weight, items = [], 0.0, 0
    for line in order.lines:
        prod = products.get(line.sku)
        qty = line.ordered - line.cancelled
        items += qty
        if prod is not None:
            if prod.category:
                cats += [prod.category] * min(qty, 50)
            weight += prod.weight_g * qty
    cost = ((order.sourcing or {}).get("cost") or {}).get("shipping")
    distance = None
    first = infos.get(legs[0].node or "")
    if first is not None and first.lat is not None and to.lat is not None and to.lon is not None:
        distance = sourcing.geo.haversine_km(first.lat, first.lon, to.lat, to.lon)
    return OrderState(
        order_id=str(order.id),
        placed_at=_utc(order.created_at),
        promised_by=_deadline(order.promised_delivery_date),
        legs=tuple(legs),
        stage=stage,
        as_of=now,
        dest_region=to.region or to.city,
        dest_country=to.country,
        categories=tuple(cats),
        item_count=items or None,
        weight_g=weight or None,
        order_value=float(to_major(order.total, order.currency)),
        shipping_cost=(
            float(to_major(int(cost), order.currency)) if isinstance(cost, int | float) else None
        ),
        distance_km=distance,
    )


@dataclass
class _Item:
    order_id: int
    channel: str
    status: str
    view: OrderView
    state: OrderState | None
    active: list[CareException]
    old_score: DelayRecord | None
    facts: TimelineFacts
    score: DelayScore | None = None  # once scored
    findings: list[Finding] = field(default_factory=list)


def _prepare(
    uow: AbstractUnitOfWork, ids: Sequence[int], now: datetime, net: _Network
) -> list[_Item]:
    orders = uow.care.load_orders(ids)
    found = {o.stored_id for o in orders}
    facts = uow.care.timeline_facts([o.stored_id for o in orders])
    products = uow.products.get_many({ln.sku for o in orders for ln in o.lines})
    active: dict[int, list[CareException]] = {}
    for e in uow.care.open_exceptions(ids):
        active.setdefault(e.order_id, []).append(e)
    scores = uow.care.delay_scores(ids)
    items: list[_Item] = []
    for o in orders:
        oid = o.stored_id
        f = facts.get(oid, TimelineFacts())
        view = order_view(o, f)
        live = str(o.status) not in ("cancelled", "closed", "delivered", "draft")
        state = order_state(o, view, products, net.infos, now) if live else None
        items.append(
            _Item(
                oid,
                o.channel,
                str(o.status),
                view,
                state,
                active.get(oid, []),
                scores.get(oid),
                f,
            )
        )
    for gone in ids:  # an order gone from the store: its exceptions close
        if gone not in found and active.get(gone):
            items.append(
                _Item(
                    gone,
                    active[gone][0].channel,
                    "closed",
                    OrderView(gone, active[gone][0].channel, "EUR", "closed", now, None, ()),
                    None,
                    active[gone],
                    None,
                    TimelineFacts(),
                )
            )
    return items


def _delay_view(score: DelayScore | None, trusted: bool = True) -> DelayView | None:
    if score is None:
        return None
    by = getattr(score, "delivery_by", None)
    return DelayView(
        score.late_probability,
        tuple(score.top_factors),
        score.model_version,
        score.fallback_used,
        trusted,
        by.date() if by is not None else None,
    )


def trusted(scorer: object) -> bool:
    """False for a scorer with neither a model nor any delivery history: its scores are
    the rule on default lane timing, a guess (only a passed promise is then certain)."""
    lanes = getattr(scorer, "lanes", None)
    return not (getattr(scorer, "model", "") is None and lanes is not None and lanes.empty)


def _assess(
    items: list[_Item], net: _Network, scorer: DelayScoring, policy: CarePolicy, now: datetime
) -> None:
    states = [(it, it.state) for it in items if it.state is not None]
    if states:
        scores = scorer.score([state for _, state in states], net.state)
        for (it, _), s in zip(states, scores, strict=True):
            it.score = s
    sure = trusted(scorer)
    for it in items:
        terminal = it.status in ("cancelled", "closed", "draft")
        it.findings = (
            [] if terminal else detect(it.view, net.view, policy, _delay_view(it.score, sure))
        )


def _open_view(e: CareException) -> OpenException:
    assert e.id is not None  # an active exception is a stored one
    return OpenException(
        e.id,
        e.cause,
        e.type,
        e.severity,
        e.money_at_risk,
        e.promise_at_risk,
        e.status,
    )


def _event(
    type_: EventType, actor: str, now: datetime, status: str, data: dict, reason: str | None = None
) -> Event:
    return Event(type_, actor, now, data, reason, status, status)


def _exc_data(e: CareException, **more: object) -> dict:
    return {
        "exception_id": e.id,
        "type": e.type,
        "cause": e.cause,
        "severity": e.severity,
        "money_at_risk": e.money_at_risk,
        "currency": e.currency,
        "promise_at_risk": e.promise_at_risk.isoformat() if e.promise_at_risk else None,
        **more,
    }


def _fill(e: CareException, f: Finding, now: datetime) -> None:
    told = e.details.get(TOLD)
    e.severity, e.money_at_risk, e.currency = f.severity, f.money_at_risk, f.currency
    e.promise_at_risk, e.explanation, e.details = f.promise_at_risk, f.explanation, dict(f.details)
    if told is not None:
        e.details[TOLD] = told
    e.updated_at = now


def _told_by(active: Sequence[CareException]) -> date | None:
    """The latest new date the order's customer was told by an exception opening."""
    days = [date.fromisoformat(str(e.details[TOLD])) for e in active if e.details.get(TOLD)]
    return max(days) if days else None


def _tell_on_open(
    it: _Item, f: Finding, e: CareException, net: NetworkView, policy: CarePolicy, told: date | None
) -> date | None:
    """The new date to tell the customer now that `e` opens, or None: only for the types
    the policy names, and only a date later than any the customer was already told."""
    channel_policy = policy.for_channel(it.channel)
    if f.type not in channel_policy.notify_on_open or it.status in (
        "cancelled",
        "closed",
        "delivered",
        "draft",
    ):
        return None
    day = new_date(f, it.view, net, FixContext(policy=channel_policy))
    if told is not None and day <= told:
        return None
    if it.view.promised_date is not None and day <= it.view.promised_date:
        return None
    e.details = {**e.details, TOLD: day.isoformat()}
    return day


def _record_score(it: _Item) -> DelayRecord | None:
    """The new score to store, when it moved (or was never stored)."""
    s = it.score
    if s is None:
        return None
    new = DelayRecord(
        it.order_id,
        float(s.late_probability),
        tuple(s.top_factors),
        s.model_version,
        bool(s.fallback_used),
        s.fallback_reason,
        s.stage,
        _utc(s.scored_at),
    )
    old = it.old_score
    if (
        old is not None
        and abs(old.late_probability - new.late_probability) < 0.005
        and (old.model_version, old.fallback_used, old.stage)
        == (new.model_version, new.fallback_used, new.stage)
        and new.scored_at - old.scored_at < timedelta(days=1)
    ):
        return None
    return new


def _write(
    uow: AbstractUnitOfWork,
    items: list[_Item],
    now: datetime,
    actor: str,
    report: ScanReport,
    net: NetworkView,
    policy: CarePolicy,
) -> None:
    scores = [r for r in (_record_score(it) for it in items) if r is not None]
    if scores:
        uow.care.put_delay_scores(scores)
    timeline: list[tuple[int, list[Event]]] = []
    for it in items:
        by_id = {e.id: e for e in it.active}
        events: list[Event] = []
        told = _told_by(it.active)
        tell: tuple[date, Finding] | None = None  # one notice per order and pass
        for ch in reconcile([_open_view(e) for e in it.active], it.findings, it.status):
            if ch.kind == "open":
                f = ch.finding
                assert f is not None  # an opening carries its finding
                e = CareException(
                    None,
                    it.order_id,
                    it.channel,
                    f.cause,
                    f.type,
                    f.severity,
                    f.money_at_risk,
                    f.currency,
                    f.promise_at_risk,
                    f.explanation,
                    dict(f.details),
                    now,
                    now,
                )
                day = _tell_on_open(it, f, e, net, policy, told) if tell is None else None
                if uow.care.add_exception(e):
                    events.append(
                        _event(
                            EventType.EXCEPTION_OPENED,
                            actor,
                            now,
                            it.status,
                            _exc_data(e),
                            f.explanation,
                        )
                    )
                    report.count("opened", f.type)
                    if day is not None:
                        tell = (day, f)
                continue
            e = by_id[ch.exception_id]
            before = _exc_data(e)
            if ch.kind in ("update", "reopen"):
                found = ch.finding
                assert found is not None  # so do an update and a reopening
                _fill(e, found, now)
                day = None
                if ch.kind == "reopen":
                    e.status, e.closed_at, e.close_reason, e.closed_by = OPEN, None, None, None
                    if tell is None:
                        day = _tell_on_open(it, found, e, net, policy, told)
                if uow.care.save_exception(e):
                    kind = (
                        EventType.EXCEPTION_OPENED
                        if ch.kind == "reopen"
                        else EventType.EXCEPTION_UPDATED
                    )
                    events.append(
                        _event(
                            kind,
                            actor,
                            now,
                            it.status,
                            _exc_data(
                                e,
                                changed=list(ch.changed),
                                before={
                                    k: before[k]
                                    for k in ("severity", "money_at_risk", "promise_at_risk")
                                },
                                reopened=ch.kind == "reopen",
                            ),
                            e.explanation,
                        )
                    )
                    report.count("opened" if ch.kind == "reopen" else "updated", e.type)
                    if day is not None:
                        tell = (day, found)
            elif ch.kind == "close":
                e.status, e.active, e.closed_at = CLOSED, False, now
                e.close_reason, e.closed_by, e.updated_at = ch.reason, actor, now
                if uow.care.save_exception(e):
                    events.append(
                        _event(
                            EventType.EXCEPTION_CLOSED,
                            actor,
                            now,
                            it.status,
                            _exc_data(e),
                            ch.reason,
                        )
                    )
                    report.count("closed", e.type)
            elif ch.kind == "release":  # a dismissed cause went away: it may open again
                e.active, e.updated_at = False, now
                if uow.care.save_exception(e):
                    why = close_reason(e.type, it.status)
                    events.append(
                        _event(
                            EventType.EXCEPTION_RELEASED,
                            actor,
                            now,
                            it.status,
                            _exc_data(
                                e, dismissed_at=e.closed_at.isoformat() if e.closed_at else None
                            ),
                            f"{why}; it may open again if it comes back",
                        )
                    )
                    report.count("released", e.type)
        if tell is not None:
            day, f = tell
            if notify_delay(uow, it.order_id, day, f.explanation, it.view.promised_date):
                report.count("notified", f.type)
        if events:
            timeline.append((it.order_id, events))
    if timeline:
        uow.care.append_events_many(timeline)


# -- the scan ------------------------------------------------------------------------------


def scan(
    uow_factory: UowFactory,
    now: datetime,
    scorer: DelayScoring,
    policy: CarePolicy,
    *,
    batch: int = 500,
    order_ids: Sequence[int] | None = None,
    actor: str = ACTOR,
) -> ScanReport:
    """Score delay risk and open, update or close exceptions on every order that can have
    one (or on `order_ids`), `batch` orders per unit of work."""
    started = time.perf_counter()
    report = ScanReport()
    now = _utc(now)
    with uow_factory() as uow:
        net = _read_network(uow, now, policy)
    todo = sorted(set(order_ids)) if order_ids is not None else None
    after = 0
    while True:
        with uow_factory() as uow:
            if todo is None:
                ids = uow.care.scan_candidates(after, batch)
            else:
                ids, todo = todo[:batch], todo[batch:]
            items = _prepare(uow, ids, now, net) if ids else []
        if not ids:
            break
        _assess(items, net, scorer, policy, now)
        with uow_factory() as uow:
            _write(uow, items, now, actor, report, net.view, policy)
            uow.commit()
        report.orders += len(items)
        report.scored += sum(1 for it in items if it.score is not None)
        report.fallback_scores += sum(
            1 for it in items if it.score is not None and it.score.fallback_used
        )
        report.batches += 1
        after = ids[-1]
    report.seconds = time.perf_counter() - started
    return report


def rescan_order(
    uow: AbstractUnitOfWork,
    order_id: int,
    now: datetime,
    scorer: DelayScoring,
    policy: CarePolicy,
    actor: str = ACTOR,
    queues: QueueLoads | None = None,
) -> ScanReport:
    """The scan of one order inside the caller's unit of work (after a fix): its
    exceptions close or update at once. The caller commits."""
    report = ScanReport()
    net = _read_network(uow, now, policy, queues)
    items = _prepare(uow, [order_id], now, net)
    _assess(items, net, scorer, policy, now)
    _write(uow, items, now, actor, report, net.view, policy)
    return report


# -- fixes through the real services -------------------------------------------------------


def _wait_policy(policy: BackorderPolicy) -> BackorderPolicy:
    return BackorderPolicy.BACKORDER if policy is BackorderPolicy.REJECT else policy


def _resource(uow: AbstractUnitOfWork, order_id: int, node: str, actor: str) -> None:
    order = ordering.get_order(uow, order_id)
    taken_any = False
    for line in sorted(order.lines, key=lambda ln: ln.sku):  # the global lock order
        taken = order.deallocate(
            line.sku, node, line.ordered, actor, f"care: re-sourced away from {node}"
        )
        if taken:
            uow.inventory.unreserve(node, line.sku, taken)
            taken_any = True
    if not taken_any:
        raise InvalidTransition(f"nothing of the order is reserved at {node} any more")
    rules = channel_rules(uow, order.channel)
    source_order(
        uow,
        order,
        actor,
        policy=_wait_policy(rules.backorder_policy),
        strategy=rules.sourcing_strategy,
        excluded_nodes=frozenset({node}),
    )
    uow.orders.save(order)


def _split(uow: AbstractUnitOfWork, order_id: int, sku: str, actor: str) -> None:
    order = ordering.get_order(uow, order_id)
    line = order.line(sku)
    waiting = line.backordered
    if waiting <= 0:
        raise InvalidTransition(f"nothing of {sku} is back-ordered any more")
    rules = channel_rules(uow, order.channel)
    source_order(
        uow, order, actor, policy=BackorderPolicy.BACKORDER, strategy=rules.sourcing_strategy
    )
    if order.line(sku).backordered >= waiting:
        raise InvalidTransition(f"no node has {sku} free to ship now")
    uow.orders.save(order)


def _substitute(uow: AbstractUnitOfWork, order_id: int, sku: str, sub: str, actor: str) -> None:
    order = ordering.get_order(uow, order_id)
    line = order.line(sku)
    product = uow.products.get(sub)
    if product is None or not product.active:
        raise ValidationFailed(f"substitute {sub} is not an active product")
    qty = line.ordered - line.cancelled
    ordering.change_order(
        uow,
        ChangeOrder(
            order_id, lines=[OrderLineInput(sku, 0), OrderLineInput(sub, qty, line.unit_price)]
        ),
        actor,
    )


def _upgrade_service(
    uow: AbstractUnitOfWork, order_id: int, from_: str, to: str, actor: str, now: datetime
) -> None:
    order = ordering.get_order(uow, order_id)
    current = (order.sourcing or {}).get("service_level") or "standard"
    if current != from_:
        raise Conflict(f"the order already ships by {current}, not {from_}")
    if to not in service_levels():
        raise ValidationFailed(f"unknown service level {to!r}")
    products = uow.products.get_many(ln.sku for ln in order.lines)
    priced = _price_open(order, products, network_infos(uow.nodes.all()), now, service=to)
    if priced is None:
        raise InvalidTransition("nothing of the order is waiting to ship")
    before = str(order.status)
    order.sourcing = {
        **(order.sourcing or {}),
        "service_level": to,
        "service_upgraded_from": current,
        "service_upgrade_cost": priced.cost,
    }
    order.record(
        EventType.SERVICE_UPGRADED,
        actor,
        before=order.status,
        data={
            "from": current,
            "to": to,
            "cost": priced.cost,
            "expected_delivery": priced.delivery.isoformat() if priced.delivery else None,
        },
    )
    assert before == str(order.status)
    uow.orders.save(order)


def _move_promise(
    uow: AbstractUnitOfWork, order_id: int, new: date, reason: str | None, actor: str, notify: bool
) -> None:
    order = ordering.get_order(uow, order_id)
    old = order.promised_delivery_date
    if old is not None and new <= old:
        raise InvalidTransition(f"the promise is already {old}, not before {new}")
    if str(order.status) in ("cancelled", "closed", "delivered"):
        raise InvalidTransition(f"the order is {order.status}")
    order.promised_delivery_date = new
    order.record(
        EventType.PROMISE_MOVED,
        actor,
        before=order.status,
        reason=reason,
        data={"from": old.isoformat() if old else None, "to": new.isoformat()},
    )
    uow.orders.save(order)
    if notify:
        notify_delay(uow, order_id, new, reason or "delivery is running late", old)


def notify_delay(
    uow: AbstractUnitOfWork, order_id: int, new: date, reason: str, promised: date | None = None
) -> bool:
    """Tell the customer of a predicted delay with its new date (customer notifications,
    through their outbox in this unit of work); False where they are not installed."""
    try:
        from ordermind.services import notifications
    except ImportError:  # the notifications module is optional
        return False
    if not hasattr(uow, "notifications"):
        return False
    data = {"new_date": new.isoformat(), "reason": reason[:500]}
    if promised is not None:
        data["promised_date"] = promised.isoformat()
    return bool(notifications.enqueue(uow, order_id, "delay_predicted", data))


def apply_one(
    uow: AbstractUnitOfWork, order_id: int, fix: Fix, actor: str, now: datetime, notify: bool = True
) -> None:
    """Run one fix through the services, in the caller's unit of work (never commits)."""
    prm = fix.params
    t = fix.type
    if t == pol.RESOURCE:
        _resource(uow, order_id, str(prm["node"]), actor)
    elif t == pol.SPLIT:
        _split(uow, order_id, str(prm["sku"]), actor)
    elif t == pol.SUBSTITUTE:
        _substitute(uow, order_id, str(prm["sku"]), str(prm["substitute"]), actor)
    elif t == pol.UPGRADE_SERVICE:
        _upgrade_service(uow, order_id, str(prm["from"]), str(prm["to"]), actor, now)
    elif t == pol.RELEASE_HOLD:
        fulfilment.release_hold(
            uow,
            order_id,
            str(prm["hold_id"]),
            actor,
            f"released by {actor}: the hold aged past its SLA",
        )
    elif t == pol.REFUND_RETURN:
        returns.refund_return(uow, str(prm["return_id"]), actor)
    elif t == pol.MOVE_PROMISE:
        _move_promise(
            uow,
            order_id,
            date.fromisoformat(str(prm["new_date"])),
            str(prm.get("reason") or "")[:500] or None,
            actor,
            notify,
        )
    elif t == pol.CANCEL_LINE:
        ordering.cancel_order(
            uow,
            CancelOrder(
                order_id,
                f"cancelled by {actor} to resolve an exception",
                _cancel_lines(prm.get("lines")),
            ),
            actor,
        )
    else:
        raise ValidationFailed(f"unknown fix type {t!r}")


def _cancel_lines(value: object) -> list[tuple[str, int]] | None:
    """The cancel fix's lines, [[sku, quantity], ...] as JSON has them; None: all."""
    if value is None:
        return None
    assert isinstance(value, list | tuple), value
    return [(str(s), int(q)) for s, q in value]


# -- measuring a fix -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Measure:
    promise: date | None
    expected: date | None
    cost: int | None
    carbon_kg: float | None
    splits: int
    backordered: int
    open_units: int  # not yet shipped
    causes: frozenset[str]


def _price_open(
    order: Order,
    products: dict[str, Product],
    infos: dict,
    now: datetime,
    service: str | None = None,
) -> Priced | None:
    lines: list[sourcing.LineRequest] = []
    allocs: list[tuple[int, str, int]] = []
    for ln in order.lines:
        if ln.open_quantity <= 0:
            continue
        prod = products.get(ln.sku)
        lines.append(
            sourcing.LineRequest(ln.line_no, ln.sku, ln.open_quantity, prod.weight_g if prod else 0)
        )
        allocs += [(ln.line_no, a.node, a.quantity) for a in ln.allocations if a.quantity]
    to = order.ship_to
    loc = sourcing.resolve_location(to.country, to.postal_code, to.lat, to.lon, city=to.city)
    service = service or (order.sourcing or {}).get("service_level")
    return price(lines, allocs, loc, to.country, infos, now, service)


def _measure(
    uow: AbstractUnitOfWork,
    order_id: int,
    now: datetime,
    net: _Network,
    facts: TimelineFacts,
    scorer: DelayScoring,
    policy: CarePolicy,
) -> _Measure:
    order = ordering.get_order(uow, order_id)
    products = uow.products.get_many(ln.sku for ln in order.lines)
    view = order_view(order, facts)
    state = order_state(order, view, products, net.infos, now)
    score = scorer.score([state], net.state)[0] if state is not None else None
    terminal = str(order.status) in ("cancelled", "closed", "draft")
    found = [] if terminal else detect(view, net.view, policy, _delay_view(score, trusted(scorer)))
    priced = _price_open(order, products, net.infos, now)
    waiting = sum(ln.backordered + ln.unsourced for ln in order.lines if ln.ordered > ln.cancelled)
    down = any(
        not st.active
        for code, st in net.view.nodes.items()
        if any(a.node == code and a.quantity for ln in order.lines for a in ln.allocations)
    )
    expected = priced.delivery if priced is not None and not waiting and not down else None
    nodes = {a.node for ln in order.lines for a in ln.allocations if a.quantity} | {
        s.node for s in order.shipments
    }
    return _Measure(
        order.promised_delivery_date,
        expected,
        priced.cost if priced else (0 if not waiting else None),
        priced.carbon_kg if priced else (0.0 if not waiting else None),
        len(nodes),
        waiting,
        sum(max(0, ln.open_quantity) for ln in order.lines),
        frozenset(f.cause for f in found),
    )


def _effects(fix: Fix, cause: str, before: _Measure, after: _Measure) -> Effects:
    if fix.type == pol.MOVE_PROMISE:
        delta = (after.promise - before.promise).days if after.promise and before.promise else 0
    else:
        ref = before.promise or before.expected
        if after.open_units == 0:
            delta = 0  # nothing left to be late (shipped, or cancelled)
        elif after.expected is None:
            delta = None  # still waiting for stock or on a node that is down: not known
        elif ref is None:
            delta = 0
        else:
            delta = (after.expected - ref).days
    new_promise = after.promise
    return Effects(
        feasible=True,
        resolves=cause not in after.causes,
        new_promise=new_promise,
        expected_delivery=after.expected,
        promise_delta_days=delta,
        cost_before=before.cost,
        cost_after=after.cost,
        carbon_before_kg=before.carbon_kg,
        carbon_after_kg=after.carbon_kg,
        splits_before=before.splits,
        splits_after=after.splits,
        backordered_after=after.backordered,
        remaining=tuple(sorted(after.causes)),
    )


# -- evaluation ----------------------------------------------------------------------------


@dataclass
class Evaluation:
    exception: CareException
    finding: Finding | None  # None: the cause is no longer found
    evaluated: list[Evaluated]
    ranking: Ranking
    at: datetime
    auto: list[tuple[bool, str]]  # per evaluated fix (input order): may it apply itself

    def ranked(self) -> list[Evaluated]:
        return [self.evaluated[i] for i in self.ranking.order]

    def as_dict(self) -> dict:
        scores = self.ranking.scores
        fixes = []
        for n, i in enumerate(self.ranking.order):
            allowed, why = self.auto[i]
            fixes.append(
                {
                    "n": n,
                    **self.evaluated[i].as_dict(),
                    "auto": {"allowed": allowed, "why": why},
                    "score": None if not scores or (s := scores[i]) is None else round(s, 4),
                }
            )
        return {
            "at": self.at.isoformat(),
            "cause_found": self.finding is not None,
            "ranking": self.ranking.as_dict(),
            "fixes": fixes,
        }


def _decision_rows(uow: AbstractUnitOfWork) -> list[DecisionRow]:
    return [
        DecisionRow(d.exception_id, d.exception_type, d.fix_type, d.effects, d.chosen)
        for d in uow.care.decisions(DECISIONS_READ, people_only=True)
    ]


_RANKERS = RankerCache()
_RANKERS_LOCK = threading.Lock()


def _ranker(uow: AbstractUnitOfWork) -> LearnedRanker | str:
    """The fix ranker of the store's operator decisions: read and fitted again only when
    their number changed since the last evaluation (one count per evaluation otherwise)."""
    stamp = uow.care.decision_stamp()
    with _RANKERS_LOCK:
        return _RANKERS.get(stamp, lambda: _decision_rows(uow))


def _fix_context(uow: AbstractUnitOfWork, order: Order, policy: CarePolicy) -> FixContext:
    skus = [ln.sku for ln in order.lines]
    subs = uow.care.substitutes(skus)
    every = set(skus) | {s for v in subs.values() for s in v}
    active = {sku for sku, p in uow.products.get_many(every).items() if p.active}
    free = uow.inventory.available(sorted(every))
    return FixContext(
        available={sku: sum(free.get(sku, {}).values()) for sku in every},
        substitutes={sku: [s for s in v if s in active] for sku, v in subs.items()},
        services=service_levels(),
        service=(order.sourcing or {}).get("service_level") or "standard",
        policy=policy,
    )


def evaluate(
    uow_factory: UowFactory,
    exception_id: int,
    now: datetime,
    scorer: DelayScoring,
    policy: CarePolicy,
    queues: QueueLoads | None = None,
) -> Evaluation:
    """Every fix of an open exception, each run through the real services in a unit of
    work that is rolled back, measured, and ranked."""
    now = _utc(now)
    with uow_factory() as uow:
        exc = uow.care.get_exception(exception_id)
        if exc is None:
            raise NotFound(f"exception {exception_id} not found")
        if exc.status != OPEN:
            raise InvalidTransition(f"exception {exception_id} is {exc.status}")
        net = _read_network(uow, now, policy, queues)
        items = _prepare(uow, [exc.order_id], now, net)
        order = uow.orders.get(exc.order_id)
        if not items or order is None:
            raise NotFound(f"order {exc.order_id} of exception {exception_id} not found")
        item = items[0]
        ctx = _fix_context(uow, order, policy.for_channel(exc.channel))
        decisions = _ranker(uow)
        before = _measure(uow, exc.order_id, now, net, item.facts, scorer, policy)
    _assess([item], net, scorer, policy, now)
    finding = next((f for f in item.findings if f.cause == exc.cause), None)
    evaluated: list[Evaluated] = []
    if finding is not None:
        for fix in candidates(finding, item.view, net.view, ctx):
            evaluated.append(
                _evaluate_one(
                    uow_factory, exc, fix, finding, before, now, net, item.facts, scorer, policy
                )
            )
    ranking = (
        rank(exc.type, evaluated, decisions)
        if finding is not None
        else Ranking(
            (), "rules", {"reason": "the cause is no longer found; the next scan closes it"}
        )
    )
    channel_policy = policy.for_channel(exc.channel)
    auto = [auto_decision(channel_policy, exc.type, ev) for ev in evaluated]
    return Evaluation(exc, finding, evaluated, ranking, now, auto)


def _evaluate_one(
    uow_factory: UowFactory,
    exc: CareException,
    fix: Fix,
    finding: Finding,
    before: _Measure,
    now: datetime,
    net: _Network,
    facts: TimelineFacts,
    scorer: DelayScoring,
    policy: CarePolicy,
) -> Evaluated:
    with uow_factory() as uow:  # left without commit: everything it did rolls back
        try:
            apply_one(uow, exc.order_id, fix, EVALUATION_ACTOR, now, notify=False)
            after = _measure(uow, exc.order_id, now, net, facts, scorer, policy)
        except (DomainError, ValueError) as err:
            detail = err.detail if isinstance(err, DomainError) else str(err)
            return Evaluated(fix, Effects(False, detail[:300]))
        finally:
            uow.rollback()
    return Evaluated(fix, _effects(fix, finding.cause, before, after))


# -- applying, dismissing ------------------------------------------------------------------


def _decisions_for(
    evaluation: Evaluation | None,
    exc: CareException,
    chosen: int | None,
    kind: str,
    auto: bool,
    actor: str,
    now: datetime,
    note: str | None,
) -> list[FixDecision]:
    if evaluation is None:
        return []
    ranker = evaluation.ranking.ranker
    assert exc.id is not None  # a stored exception
    out = []
    for pos, ev in enumerate(evaluation.ranked()):
        picked = chosen == pos
        out.append(
            FixDecision(
                exc.id,
                exc.order_id,
                exc.type,
                ev.fix.type,
                ev.fix.key,
                pos,
                picked,
                "applied" if picked else ("dismissed" if kind == "dismissed" else "passed_over"),
                auto,
                actor,
                ev.effects.as_dict(),
                ranker,
                now,
                note,
            )
        )
    return out


def apply_fix(
    uow: AbstractUnitOfWork,
    exception_id: int,
    n: int,
    evaluation: Evaluation,
    actor: str,
    now: datetime,
    scorer: DelayScoring,
    policy: CarePolicy,
    *,
    auto: bool = False,
    expect: str | None = None,
    note: str | None = None,
    queues: QueueLoads | None = None,
) -> CareException:
    """Apply fix `n` of the (just made) evaluation through the services in the caller's
    unit of work, record the decision, and check the order again; the caller commits."""
    now = _utc(now)
    exc = uow.care.get_exception(exception_id)
    if exc is None:
        raise NotFound(f"exception {exception_id} not found")
    if exc.status != OPEN:
        raise InvalidTransition(f"exception {exception_id} is {exc.status}; nothing to apply")
    if evaluation.exception.id != exception_id:
        raise Conflict("the evaluation is of another exception")
    ranked = evaluation.ranked()
    if not ranked:
        why = evaluation.ranking.detail.get("reason", "no fix applies")
        raise InvalidTransition(f"exception {exception_id} has no fix to apply: {why}")
    if not 0 <= n < len(ranked):
        raise NotFound(f"exception {exception_id} has fixes 0..{len(ranked) - 1}, not {n}")
    chosen = ranked[n]
    if expect is not None and chosen.fix.key != expect:
        raise Conflict(
            f"the fixes changed since they were shown: fix {n} is now "
            f"{chosen.fix.key}, not {expect}",
            fix_key=chosen.fix.key,
        )
    if not chosen.effects.feasible:
        raise InvalidTransition(
            f"fix {n} ({chosen.fix.key}) cannot be done: {chosen.effects.error}"
        )
    apply_one(uow, exc.order_id, chosen.fix, actor, now)
    now = max(now, utcnow())  # after the fix's own events in the timeline
    uow.care.add_decisions(_decisions_for(evaluation, exc, n, "applied", auto, actor, now, note))
    exc.applied = {
        "n": n,
        "key": chosen.fix.key,
        "type": chosen.fix.type,
        "label": chosen.fix.label,
        "actor": actor,
        "auto": auto,
        "at": now.isoformat(),
        "effects": chosen.effects.as_dict(),
        "note": note,
    }
    exc.applied_at = exc.evaluated_at = now
    exc.evaluation = evaluation.as_dict()
    exc.updated_at = now
    if not uow.care.save_exception(exc):
        raise StaleWrite(f"exception {exception_id} changed meanwhile; try again")
    order = ordering.get_order(uow, exc.order_id)
    uow.care.append_events(
        exc.order_id,
        [
            _event(
                EventType.FIX_APPLIED,
                actor,
                now,
                str(order.status),
                _exc_data(
                    exc,
                    fix=chosen.fix.as_dict(),
                    n=n,
                    auto=auto,
                    effects=chosen.effects.as_dict(),
                    ranker=evaluation.ranking.ranker,
                ),
                f"{'automatically: ' if auto else ''}{chosen.fix.label}",
            )
        ],
    )
    rescan_order(uow, exc.order_id, now, scorer, policy, actor, queues)
    after = uow.care.get_exception(exception_id)
    assert after is not None  # read above, in this unit of work
    return after


def dismiss(
    uow: AbstractUnitOfWork,
    exception_id: int,
    reason: str,
    actor: str,
    now: datetime,
    evaluation: Evaluation | None = None,
) -> CareException:
    """A person decides the exception needs nothing done; its cause stays quiet until it
    goes away or grows more severe. The fixes offered are stored as passed over."""
    now = max(_utc(now), utcnow())
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("a dismissal needs a reason")
    exc = uow.care.get_exception(exception_id)
    if exc is None:
        raise NotFound(f"exception {exception_id} not found")
    if exc.status != OPEN:
        raise InvalidTransition(
            f"exception {exception_id} is {exc.status}; only an open one can be dismissed"
        )
    uow.care.add_decisions(
        _decisions_for(evaluation, exc, None, "dismissed", False, actor, now, reason)
    )
    exc.status, exc.closed_at, exc.closed_by = DISMISSED, now, actor
    exc.close_reason, exc.updated_at = reason[:500], now
    if evaluation is not None:
        exc.evaluation, exc.evaluated_at = evaluation.as_dict(), now
    if not uow.care.save_exception(exc):
        raise StaleWrite(f"exception {exception_id} changed meanwhile; try again")
    order = uow.orders.get(exc.order_id)
    status = str(order.status) if order else "unknown"
    uow.care.append_events(
        exc.order_id,
        [_event(EventType.EXCEPTION_DISMISSED, actor, now, status, _exc_data(exc), reason[:500])],
    )
    return exc


def auto_apply(
    uow_factory: UowFactory,
    now: datetime,
    scorer: DelayScoring,
    policy: CarePolicy,
    *,
    limit: int = 500,
    actor: str = ACTOR,
    stale_after: timedelta = timedelta(hours=1),
) -> AutoReport:
    """Evaluate open exceptions of the types with auto rules (not applied, not evaluated
    since they changed or within `stale_after`); apply the top-ranked fix where the policy
    allows it, commit; otherwise store the evaluation for the person who decides."""
    now = _utc(now)
    report = AutoReport()
    wanted = set(policy.auto)
    for over in policy.channels.values():
        rules = (over or {}).get("auto", {}) or {}
        assert isinstance(rules, Mapping)  # exception type -> rules (CarePolicy checks)
        wanted |= set(rules)
    types = sorted(t for t in wanted if t in pol.EXCEPTION_TYPES)
    if not types:
        return report
    queues: QueueLoads | None = None  # read with the first batch, kept for the pass
    after = 0
    while report.evaluated < limit:
        with uow_factory() as uow:
            if queues is None:
                queues = read_queues(uow, now)
            batch = uow.care.awaiting_auto(
                types, after, min(100, limit - report.evaluated), evaluated_before=now - stale_after
            )
        if not batch:
            break
        for exc in batch:
            eid = exc.id
            assert eid is not None  # a stored exception
            after = eid
            try:
                ev = evaluate(uow_factory, eid, now, scorer, policy, queues)
            except (NotFound, InvalidTransition):
                continue
            report.evaluated += 1
            top = ev.ranked()[0] if ev.evaluated else None
            allowed = top is not None and ev.auto[ev.ranking.order[0]][0]
            with uow_factory() as uow:
                try:
                    if allowed and top is not None:
                        apply_fix(
                            uow, eid, 0, ev, actor, now, scorer, policy, auto=True, queues=queues
                        )
                        report.applied[top.fix.type] = report.applied.get(top.fix.type, 0) + 1
                    else:
                        _store_evaluation(uow, eid, ev, now)
                        report.waiting += 1
                    uow.commit()
                except DomainError:
                    report.failed += 1
    return report


def _store_evaluation(
    uow: AbstractUnitOfWork, exception_id: int, ev: Evaluation, now: datetime
) -> None:
    exc = uow.care.get_exception(exception_id)
    if exc is None or exc.status != OPEN:
        return
    exc.evaluation, exc.evaluated_at = ev.as_dict(), now
    uow.care.save_exception(exc)


# -- carrier scans, substitutes, stats, delay risk -----------------------------------------


def record_scan(
    uow: AbstractUnitOfWork,
    shipment_id: str,
    status: str,
    at: datetime,
    actor: str,
    now: datetime,
    location: str | None = None,
) -> dict:
    """A carrier scan of a shipment, kept as an event in its order's timeline."""
    if status not in SCAN_STATUSES:
        raise ValidationFailed(
            f"unknown scan status {status!r}; one of "
            f"{', '.join(SCAN_STATUSES)} (record a delivery with "
            "/deliver)"
        )
    at, now = _utc(at), _utc(now)
    order_id = uow.orders.order_id_for_shipment(shipment_id)
    if order_id is None:
        raise NotFound(f"shipment {shipment_id} not found")
    order = ordering.get_order(uow, order_id)
    shipment = next(s for s in order.shipments if s.id == shipment_id)
    if shipment.delivered_at is not None:
        raise InvalidTransition(f"shipment {shipment_id} is already delivered")
    if at < _utc(shipment.shipped_at):
        raise ValidationFailed("a scan cannot be earlier than the shipment's hand-off")
    if at > now + timedelta(minutes=10):
        raise ValidationFailed("a scan cannot be in the future")
    data = {
        "shipment_id": shipment_id,
        "status": status,
        "at": at.isoformat(),
        "carrier": shipment.carrier,
        "location": location,
    }
    uow.care.append_events(
        order_id, [_event(EventType.SHIPMENT_SCANNED, actor, now, str(order.status), data)]
    )
    return {"order_id": order_id, **data}


MAX_CARRIER_DELAY_DAYS = 60.0
MAX_CARRIER_DELAY_SPAN = timedelta(days=366)


def set_carrier_delay(
    uow: AbstractUnitOfWork,
    carrier: str,
    extra_days: float,
    starts_at: datetime,
    ends_at: datetime,
    reason: str,
    actor: str,
    now: datetime,
) -> CarrierDelay:
    """A carrier's announced delay (its parcels take `extra_days` longer from `starts_at`
    until `ends_at`), replacing the one it had: the care scan tells the delay scorer, for
    parcels already with that carrier and for orders waiting at nodes that ship by it."""
    validate_code(carrier, "carrier code")
    reason = (reason or "").strip()
    if isinstance(extra_days, bool) or not isinstance(extra_days, int | float):
        raise ValidationFailed("extra_days must be a number of days")
    if not 0 < float(extra_days) <= MAX_CARRIER_DELAY_DAYS:
        raise ValidationFailed(
            f"extra_days must be more than 0 and at most {MAX_CARRIER_DELAY_DAYS:g}"
        )
    starts_at, ends_at = _utc(starts_at), _utc(ends_at)
    if ends_at <= starts_at:
        raise ValidationFailed("until must be later than from")
    if ends_at - starts_at > MAX_CARRIER_DELAY_SPAN:
        raise ValidationFailed("a carrier delay lasts at most a year")
    if ends_at <= _utc(now):
        raise ValidationFailed("until is already past: nothing left to announce")
    if not reason:
        raise ValidationFailed("an announced delay needs a reason")
    delay = CarrierDelay(
        carrier, float(extra_days), starts_at, ends_at, reason[:500], actor, _utc(now)
    )
    before = uow.care.carrier_delays(carrier)
    uow.care.put_carrier_delay(delay)
    audit.record(
        uow,
        actor,
        "carrier_delay.updated" if before else "carrier_delay.created",
        "carrier_delay",
        carrier,
        before[0] if before else None,
        delay,
    )
    return delay


def carrier_delays(uow: AbstractUnitOfWork, carrier: str | None = None) -> list[CarrierDelay]:
    """Every announced delay (or one carrier's), by carrier."""
    if carrier is not None:
        validate_code(carrier, "carrier code")
    return uow.care.carrier_delays(carrier)


def clear_carrier_delay(uow: AbstractUnitOfWork, carrier: str, actor: str = SYSTEM) -> None:
    validate_code(carrier, "carrier code")
    before = uow.care.carrier_delays(carrier)
    if not uow.care.delete_carrier_delay(carrier):
        raise NotFound(f"carrier {carrier} has no announced delay")
    audit.record(uow, actor, "carrier_delay.withdrawn", "carrier_delay", carrier, before[0], None)


def announced_delays(uow: AbstractUnitOfWork, now: datetime) -> dict[str, float]:
    """carrier -> extra days of the delays in force at `now`."""
    return {d.carrier: d.extra_days for d in uow.care.carrier_delays() if d.active(_utc(now))}


def set_substitutes(
    uow: AbstractUnitOfWork, sku: str, skus: Sequence[str], actor: str = SYSTEM
) -> list[str]:
    if uow.products.get(sku) is None:
        raise NotFound(f"product {sku} not found")
    seen: list[str] = []
    for s in skus:
        validate_code(s, "substitute sku")
        if s == sku:
            raise ValidationFailed(f"{sku} cannot substitute for itself")
        if s in seen:
            raise ValidationFailed(f"substitute {s} is listed twice")
        seen.append(s)
    missing = sorted(set(seen) - set(uow.products.get_many(seen)))
    if missing:
        raise ValidationFailed(f"unknown substitute SKU(s): {', '.join(missing)}", skus=missing)
    before = uow.care.substitutes([sku]).get(sku, [])
    uow.care.set_substitutes(sku, seen)
    audit.record(
        uow,
        actor,
        "product.substitutes_set",
        "product",
        sku,
        {"substitutes": before},
        {"substitutes": seen},
    )
    return seen


def substitutes_of(uow: AbstractUnitOfWork, sku: str) -> list[str]:
    if uow.products.get(sku) is None:
        raise NotFound(f"product {sku} not found")
    return uow.care.substitutes([sku]).get(sku, [])


def stats(uow: AbstractUnitOfWork, limit: int = 100_000) -> dict:
    """Per fix type: how often people were offered it, chose it, and how often it applied
    itself; the touchless share of decided exceptions."""
    per: dict[str, dict[str, int]] = {}
    decided: dict[int, str] = {}  # exception -> "auto" | "person"
    for d in uow.care.decisions(limit):
        row = per.setdefault(
            d.fix_type,
            {"offered": 0, "chosen": 0, "top_offered": 0, "top_chosen": 0, "auto_applied": 0},
        )
        if d.auto:
            if d.chosen:
                row["auto_applied"] += 1
                decided[d.exception_id] = "auto"
            continue
        decided.setdefault(d.exception_id, "person")
        row["offered"] += 1
        row["chosen"] += int(d.chosen)
        if d.position == 0:
            row["top_offered"] += 1
            row["top_chosen"] += int(d.chosen)
    out = {}
    for fix_type in sorted(per, key=lambda t: pol.FIX_TYPES.index(t) if t in pol.FIX_TYPES else 99):
        row = per[fix_type]
        out[fix_type] = {
            **row,
            "acceptance_rate": round(row["chosen"] / row["offered"], 4) if row["offered"] else None,
        }
    auto = sum(1 for v in decided.values() if v == "auto")
    return {
        "fix_types": out,
        "decided_exceptions": len(decided),
        "auto_applied": auto,
        "touchless_share": round(auto / len(decided), 4) if decided else None,
    }


def delay_risk(uow: AbstractUnitOfWork, order_id: int) -> dict | None:
    """The order's latest delay score, as the order view shows it."""
    care = getattr(uow, "care", None)
    if care is None:
        return None
    rec = care.delay_scores([order_id]).get(order_id)
    return rec.as_dict() if rec is not None else None


__all__ = [
    "ACTOR",
    "AutoReport",
    "Evaluation",
    "ScanReport",
    "announced_delays",
    "apply_fix",
    "apply_one",
    "auto_apply",
    "carrier_delays",
    "clear_carrier_delay",
    "delay_risk",
    "delivery_feed",
    "dismiss",
    "evaluate",
    "notify_delay",
    "order_state",
    "order_view",
    "record_scan",
    "rescan_order",
    "scan",
    "set_carrier_delay",
    "set_substitutes",
    "stats",
    "substitutes_of",
]

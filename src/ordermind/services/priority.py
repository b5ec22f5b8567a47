"""Order priority as use cases: the facts each waiting order is ranked on, the order a
set of orders is taken in (per channel policy, `ordermind.care.priority`), and the release
wave of a node. Each takes a unit of work and never commits (the caller does).

Where the facts come from:
- promise: the order's promised date (else the requested one), due at the end of that day;
- delay risk: the latest stored delay score (`uow.care`, written by the care scan) unless
  the caller passes scores of its own; none known scores that factor 0 and says so;
- segment: the customer's segment on the order; lifetime value: the customer's other
  orders and spend (`uow.priority.customer_history`);
- channel SLA and weights: the channel's priority settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ordermind.care.priority import ChannelRanking, Priority, PriorityFacts, merge, score
from ordermind.domain.channels import Channel
from ordermind.domain.clock import utcnow
from ordermind.domain.errors import Conflict, NotFound
from ordermind.domain.orders import Order, OrderStatus
from ordermind.services.unit_of_work import AbstractUnitOfWork

WAVE_CANDIDATES = 1000  # orders a release wave reads and ranks at most
_COUNTED = (OrderStatus.DRAFT, OrderStatus.CANCELLED)


def deadline(day: date | None) -> datetime | None:
    """A promised date as the instant it breaks: the end of that day (UTC)."""
    if day is None:
        return None
    return datetime.combine(day, time(0), tzinfo=UTC) + timedelta(days=1)


def stored_risk(uow: AbstractUnitOfWork, order_ids: Iterable[int]) -> dict[int, float]:
    """The latest late probability the care scan stored per order (none where a store
    keeps no delay scores)."""
    care = getattr(uow, "care", None)
    if care is None:
        return {}
    return {oid: r.late_probability for oid, r in care.delay_scores(list(order_ids)).items()}


def _channels(uow: AbstractUnitOfWork, codes: Iterable[str]) -> dict[str, Channel]:
    return {c: uow.channels.get(c) or Channel(code=c) for c in set(codes)}


def facts_for(
    uow: AbstractUnitOfWork,
    orders: Sequence[Order],
    risk: Mapping[int, float] | None = None,
    transit_days: Mapping[int, float] | None = None,
) -> dict[int, PriorityFacts]:
    """What each order is ranked on (see the module text)."""
    if not orders:
        return {}
    history = uow.priority.customer_history({o.customer.email for o in orders})
    if risk is None:
        risk = stored_risk(uow, [o.stored_id for o in orders])
    channels = _channels(uow, (o.channel for o in orders))
    out: dict[int, PriorityFacts] = {}
    for o in orders:
        oid = o.stored_id
        h = history.get(o.customer.email)
        counted = o.status not in _COUNTED  # the history includes the order itself
        earlier = max(0, (h.orders if h else 0) - counted)
        spend = max(0, (h.spend if h else 0) - (o.total if counted else 0))
        out[oid] = PriorityFacts(
            order_id=oid,
            placed_at=o.created_at,
            promised_by=deadline(o.promised_delivery_date or o.requested_delivery_date),
            late_probability=risk.get(oid),
            segment=o.customer.segment or (h.segment if h else None),
            customer_orders=earlier,
            customer_spend=spend,
            ship_sla_hours=channels[o.channel].ship_sla_hours,
            transit_days=(transit_days or {}).get(oid, 0.0),
        )
    return out


def order_priority(
    uow: AbstractUnitOfWork,
    order: Order,
    now: datetime | None = None,
    risk: Mapping[int, float] | None = None,
) -> Priority:
    """One order's priority under its channel's weights (what `GET /v1/orders/{id}`
    shows, whichever policy the channel ranks by)."""
    facts = facts_for(uow, [order], risk)[order.stored_id]
    channel = _channels(uow, [order.channel])[order.channel]
    return score(facts, now or utcnow(), channel.priority_weights, channel.priority)


WAITING = (
    OrderStatus.PLACED,
    OrderStatus.ON_HOLD,
    OrderStatus.BACKORDERED,
    OrderStatus.PARTIALLY_ALLOCATED,
    OrderStatus.ALLOCATED,
    OrderStatus.PARTIALLY_RELEASED,
    OrderStatus.RELEASED,
    OrderStatus.PARTIALLY_SHIPPED,
)


def waiting_priority(
    uow: AbstractUnitOfWork, order: Order, now: datetime | None = None
) -> Priority | None:
    """The priority of an order that still waits for something to ship; None after."""
    return order_priority(uow, order, now) if order.status in WAITING else None


def in_priority_order(
    uow: AbstractUnitOfWork,
    orders: Sequence[Order],
    now: datetime | None = None,
    risk: Mapping[int, float] | None = None,
    transit_days: Mapping[int, float] | None = None,
) -> list[tuple[Order, Priority]]:
    """The orders in the order their channels' policies take them (`care.priority.merge`:
    one channel's orders by its own policy; several interleave by score, or by promise
    when all are FIFO)."""
    facts = facts_for(uow, orders, risk, transit_days)
    channels = _channels(uow, (o.channel for o in orders))
    groups: dict[str, list[PriorityFacts]] = {}
    for o in orders:
        groups.setdefault(o.channel, []).append(facts[o.stored_id])
    ranked = merge(
        {
            code: ChannelRanking(
                channels[code].priority, channels[code].priority_weights, tuple(items)
            )
            for code, items in groups.items()
        },
        now or utcnow(),
    )
    by_id: dict[int | str, Order] = {o.stored_id: o for o in orders}
    return [(by_id[p.order_id], p) for p in ranked]


def any_dynamic(uow: AbstractUnitOfWork, orders: Iterable[Order]) -> bool:
    return any(
        c.priority == "dynamic" for c in _channels(uow, (o.channel for o in orders)).values()
    )


@dataclass
class WaveResult:
    node: str
    released: list[dict]
    lines: int  # order lines released to the node by this wave
    capacity_left: int  # lines the node can still take today after the wave
    candidates: int  # waiting orders ranked
    stopped: str  # why the wave ended

    def as_dict(self) -> dict:
        return {
            "node": self.node,
            "released": self.released,
            "lines": self.lines,
            "capacity_left": self.capacity_left,
            "candidates": self.candidates,
            "stopped": self.stopped,
        }


def _lines_at(order: Order, node: str) -> int:
    return sum(1 for ln in order.lines for a in ln.allocations if a.node == node and a.allocated)


def release_wave(
    uow: AbstractUnitOfWork,
    node_code: str,
    actor: str,
    limit: int | None = None,
    now: datetime | None = None,
) -> WaveResult:
    """Release the node's allocated orders that are not on hold, highest priority first,
    up to `limit` orders and the node's room today: its daily capacity (order lines) less
    the lines already released there and not yet shipped. The wave stops at the first
    order that does not fit, so nothing lower in the ranking jumps ahead of it."""
    from ordermind.services.fulfilment import release_order  # fulfilment imports allocation

    node = uow.nodes.get(node_code)
    if node is None:
        raise NotFound(f"node {node_code} not found")
    if not node.active:
        raise Conflict(f"node {node_code} is down: bring it back before releasing to it")
    room = max(0, node.daily_capacity - uow.priority.released_lines_at(node_code))
    ids = uow.priority.waiting_at(node_code, WAVE_CANDIDATES)
    orders = [
        o
        for o in (uow.orders.get(i) for i in ids)
        if o is not None and not o.active_holds and _lines_at(o, node_code)
    ]
    ranked = in_priority_order(uow, orders, now)
    released: list[dict] = []
    lines = 0
    stopped = "every waiting order released"
    for order, p in ranked:
        if limit is not None and len(released) >= limit:
            stopped = f"limit of {limit} orders reached"
            break
        need = _lines_at(order, node_code)
        if lines + need > room:
            stopped = (
                f"node capacity reached: {room - lines} of {node.daily_capacity} lines "
                f"left, the next order needs {need}"
            )
            break
        release_order(uow, order.stored_id, actor)
        lines += need
        released.append(
            {
                "order_id": order.id,
                "number": order.number,
                "lines": need,
                "priority": round(p.score, 1),
                "explanation": p.explanation,
            }
        )
    return WaveResult(node_code, released, lines, room - lines, len(ranked), stopped)

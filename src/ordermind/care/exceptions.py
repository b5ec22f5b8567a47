"""Exception detection: what is going wrong with an open order, in plain data.

``detect(order, network, policy, delay)`` returns the findings for one order at
``network.now``; each has a type, a severity, the money at risk (the order value of the
affected lines, minor units + currency), the promise at risk, a cause key and a sentence
for a person. The cause key names the cause *and what it is about* (``node_outage:LDN``,
``hold_ageing:hld_1``): the store keeps one open exception per (order, cause), so the same
cause seen again updates it and a cause no longer found closes it (`reconcile`).

Detectors (each a small function below):
- predicted late: the delay score at or above the policy's threshold;
- back-ordered past its promise, or with no inbound supply to cover it;
- released to a node and not shipped within the node's SLA (hours per node kind or node);
- a shipment without a carrier scan for N hours;
- a node outage or a capacity overrun at a node that holds part of the order;
- a hold ageing past its SLA (per hold reason);
- a ship-to address that cannot be resolved to a place;
- a return received and not refunded within N days.

Nothing here reads a store or the clock: the service passes the views and ``now``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ordermind.care import policy as p
from ordermind.care.policy import CarePolicy

# -- plain views ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeAt:
    """Units of one line held at one node: reserved (allocated) or handed over (released)."""

    node: str
    allocated: int = 0
    released: int = 0


@dataclass(frozen=True)
class LineView:
    line_no: int
    sku: str
    unit_price: int
    ordered: int
    cancelled: int = 0
    shipped: int = 0
    delivered: int = 0
    backordered: int = 0
    at: tuple[NodeAt, ...] = ()

    @property
    def open_quantity(self) -> int:
        """Units not yet shipped."""
        return self.ordered - self.cancelled - self.shipped

    @property
    def undelivered(self) -> int:
        return self.ordered - self.cancelled - self.delivered


@dataclass(frozen=True)
class ShipmentView:
    id: str
    node: str
    carrier: str
    service: str | None
    shipped_at: datetime
    delivered_at: datetime | None = None
    last_scan_at: datetime | None = None  # the latest carrier scan after the hand-off
    lines: tuple[tuple[int, int], ...] = ()  # (line_no, quantity)


@dataclass(frozen=True)
class HoldView:
    id: str
    reason: str
    placed_at: datetime
    note: str | None = None


@dataclass(frozen=True)
class ReturnView:
    id: str
    status: str
    updated_at: datetime  # when it reached its status (received: the receipt)
    amount_due: int  # value of the returned goods


@dataclass(frozen=True)
class DelayView:
    """The delay score as the detectors need it."""

    late_probability: float
    top_factors: tuple[str, ...] = ()
    model_version: str = ""
    fallback_used: bool = True
    # False when the score is a guess on default timing (no model and no delivery history
    # at all): then only a certainty (a promise already passed) counts as predicted late.
    trusted: bool = True
    # when the order arrives at the 90th percentile of its lanes' timing and the delays the
    # network reports (the scorer's): the new date to tell a customer
    delivery_by: date | None = None


@dataclass(frozen=True)
class OrderView:
    order_id: int
    channel: str
    currency: str
    status: str
    created_at: datetime
    promised_date: date | None
    lines: tuple[LineView, ...]
    holds: tuple[HoldView, ...] = ()  # active holds only
    shipments: tuple[ShipmentView, ...] = ()
    returns: tuple[ReturnView, ...] = ()
    # node -> when units still released there (not yet shipped) were handed to it
    released_at: Mapping[str, datetime] = field(default_factory=dict)
    # how precisely the ship-to resolves: exact | postal | postal_area | country | unknown;
    # None for a pick-up order (no address to ship to)
    location_precision: str | None = "exact"
    postal_lookup: bool = False  # a postal-code table was available to resolve it
    flags: tuple[str, ...] = ()  # the sourcing decision's flags (over_capacity, ...)

    def line(self, line_no: int) -> LineView:
        return next(ln for ln in self.lines if ln.line_no == line_no)


@dataclass(frozen=True)
class NodeState:
    code: str
    kind: str = "warehouse"
    active: bool = True
    daily_capacity: int = 1000
    lines_today: int = 0


@dataclass(frozen=True)
class Cover:
    """How much of an order's back-order of one SKU the inbound supply covers, FIFO."""

    covered: int
    eta: datetime | None  # when the last covering unit arrives


@dataclass(frozen=True)
class NetworkView:
    now: datetime
    nodes: Mapping[str, NodeState] = field(default_factory=dict)
    # (order_id, sku) -> inbound cover of that back-order (missing: none)
    cover: Mapping[tuple[int, str], Cover] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    type: str
    cause: str
    severity: str
    money_at_risk: int
    currency: str
    promise_at_risk: date | None
    explanation: str
    details: Mapping[str, object] = field(default_factory=dict)


# -- the detectors -------------------------------------------------------------------------


def detect(
    order: OrderView, network: NetworkView, policy: CarePolicy, delay: DelayView | None = None
) -> list[Finding]:
    """Every finding for one open order, one per cause, in a fixed order."""
    policy = policy.for_channel(order.channel)
    found: list[Finding] = []
    for detector in (
        _predicted_late,
        _backorders,
        _release_sla,
        _scan_gaps,
        _node_trouble,
        _hold_ageing,
        _address,
        _refunds,
    ):
        found.extend(detector(order, network, policy, delay))
    return found


def _money(order: OrderView, units: Iterable[tuple[int, int]]) -> int:
    """Order value of (line_no, quantity)."""
    prices = {ln.line_no: ln.unit_price for ln in order.lines}
    return sum(prices[n] * q for n, q in units)


def _days_left(order: OrderView, now: datetime) -> int | None:
    return None if order.promised_date is None else (order.promised_date - now.date()).days


def _severity(base: str, order: OrderView, now: datetime) -> str:
    """The detector's own severity, raised as the promise comes near: a promise already
    broken is critical, one due within a day at least high."""
    left = _days_left(order, now)
    rank = p.SEVERITIES.index(base)
    if left is not None and left < 0:
        rank = 3
    elif left is not None and left <= 1:
        rank = max(rank, 2)
    return p.SEVERITIES[rank]


def _hours(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 3600.0


def _fmt_hours(h: float) -> str:
    return f"{h:.0f} h" if h < 72 else f"{h / 24:.1f} days"


def _predicted(delay: DelayView | None) -> dict[str, object]:
    """The scorer's delivery date for a finding's details (what a new date is told from)."""
    if delay is None or delay.delivery_by is None or not delay.trusted:
        return {}
    return {"predicted_delivery": delay.delivery_by.isoformat()}


def _predicted_late(
    order: OrderView, network: NetworkView, policy: CarePolicy, delay: DelayView | None
) -> list[Finding]:
    if delay is None or order.promised_date is None:
        return []
    prob = delay.late_probability
    if prob < policy.late_threshold or (not delay.trusted and prob < 1.0):
        return []
    units = [(ln.line_no, ln.undelivered) for ln in order.lines if ln.undelivered > 0]
    if not units:
        return []
    base = "high" if prob >= policy.late_critical else "medium"
    who = "rule fallback" if delay.fallback_used else f"model {delay.model_version}"
    why = "; ".join(delay.top_factors[:3]) or "no factors given"
    return [
        Finding(
            p.PREDICTED_LATE,
            p.PREDICTED_LATE,
            _severity(base, order, network.now),
            _money(order, units),
            order.currency,
            order.promised_date,
            f"{prob:.0%} likely to arrive after the promised {order.promised_date} ({who}): {why}",
            {
                "late_probability": round(prob, 4),
                "model_version": delay.model_version,
                "fallback_used": delay.fallback_used,
                "top_factors": list(delay.top_factors),
                **_predicted(delay),
            },
        )
    ]


def _backorders(
    order: OrderView, network: NetworkView, policy: CarePolicy, delay: DelayView | None
) -> list[Finding]:
    out = []
    now = network.now
    left = _days_left(order, now)
    for ln in order.lines:
        if ln.backordered <= 0:
            continue
        cover = network.cover.get((order.order_id, ln.sku), Cover(0, None))
        money = ln.backordered * ln.unit_price
        details = {
            "sku": ln.sku,
            "line_no": ln.line_no,
            "backordered": ln.backordered,
            "inbound_covered": cover.covered,
            "inbound_eta": cover.eta.isoformat() if cover.eta else None,
        }
        waited = (now - order.created_at).total_seconds() / 86400.0
        if left is not None and left <= policy.backorder_warning_days:
            when = "passed" if left < 0 else ("is today" if left == 0 else f"is in {left} days")
            out.append(
                Finding(
                    p.BACKORDER_PAST_PROMISE,
                    f"{p.BACKORDER_PAST_PROMISE}:{ln.sku}",
                    _severity("high", order, now),
                    money,
                    order.currency,
                    order.promised_date,
                    f"{ln.backordered} × {ln.sku} still back-ordered and the promised "
                    f"{order.promised_date} {when}",
                    details,
                )
            )
        elif left is None and waited > policy.backorder_unpromised_days:
            # Nothing was promised (sourcing promises only what it can reserve): a
            # back-order waiting this long is past any date the customer would accept.
            out.append(
                Finding(
                    p.BACKORDER_PAST_PROMISE,
                    f"{p.BACKORDER_PAST_PROMISE}:{ln.sku}",
                    "high",
                    money,
                    order.currency,
                    None,
                    f"{ln.backordered} × {ln.sku} back-ordered for {waited:.1f} days with no "
                    f"promised date (limit {policy.backorder_unpromised_days:g} days)",
                    {**details, "days_waiting": round(waited, 1)},
                )
            )
        if cover.covered < ln.backordered:
            short = ln.backordered - cover.covered
            arriving = (
                f"inbound supply covers only {cover.covered}"
                if cover.covered
                else "no inbound supply is on its way"
            )
            out.append(
                Finding(
                    p.BACKORDER_UNCOVERED,
                    f"{p.BACKORDER_UNCOVERED}:{ln.sku}",
                    _severity("medium", order, now),
                    short * ln.unit_price,
                    order.currency,
                    order.promised_date,
                    f"{ln.backordered} × {ln.sku} back-ordered and {arriving}: {short} "
                    "have no stock coming",
                    {**details, "uncovered": short},
                )
            )
    return out


def _release_sla(
    order: OrderView, network: NetworkView, policy: CarePolicy, delay: DelayView | None
) -> list[Finding]:
    out = []
    now = network.now
    for node, since in sorted(order.released_at.items()):
        units = [
            (ln.line_no, a.released)
            for ln in order.lines
            for a in ln.at
            if a.node == node and a.released > 0
        ]
        if not units:
            continue
        kind = network.nodes[node].kind if node in network.nodes else "warehouse"
        sla = policy.release_sla(node, kind)
        waited = _hours(since, now)
        if waited <= sla:
            continue
        out.append(
            Finding(
                p.RELEASE_SLA,
                f"{p.RELEASE_SLA}:{node}",
                _severity("high" if waited > 2 * sla else "medium", order, now),
                _money(order, units),
                order.currency,
                order.promised_date,
                f"released to {node} {_fmt_hours(waited)} ago and not shipped; the {kind} SLA "
                f"is {_fmt_hours(sla)}",
                {
                    "node": node,
                    "released_at": since.isoformat(),
                    "hours_waiting": round(waited, 1),
                    "sla_hours": sla,
                    "units": sum(q for _, q in units),
                    **_predicted(delay),
                },
            )
        )
    return out


def _scan_gaps(
    order: OrderView, network: NetworkView, policy: CarePolicy, delay: DelayView | None
) -> list[Finding]:
    out = []
    now = network.now
    for s in order.shipments:
        if s.delivered_at is not None:
            continue
        last = max(s.shipped_at, s.last_scan_at or s.shipped_at)
        quiet = _hours(last, now)
        if quiet <= policy.scan_gap_hours:
            continue
        seen = "since the hand-off" if s.last_scan_at is None else "since its last scan"
        out.append(
            Finding(
                p.SCAN_GAP,
                f"{p.SCAN_GAP}:{s.id}",
                _severity("high" if quiet > 2 * policy.scan_gap_hours else "medium", order, now),
                _money(order, s.lines),
                order.currency,
                order.promised_date,
                f"shipment {s.id} ({s.carrier}) has had no carrier scan for {_fmt_hours(quiet)} "
                f"{seen}; the limit is {_fmt_hours(policy.scan_gap_hours)}",
                {
                    "shipment_id": s.id,
                    "carrier": s.carrier,
                    "last_scan_at": last.isoformat(),
                    "hours_quiet": round(quiet, 1),
                },
            )
        )
    return out


def _node_trouble(
    order: OrderView, network: NetworkView, policy: CarePolicy, delay: DelayView | None
) -> list[Finding]:
    out = []
    now = network.now
    held: dict[str, list[tuple[int, int]]] = {}
    for ln in order.lines:
        for a in ln.at:
            if a.allocated + a.released > 0:
                held.setdefault(a.node, []).append((ln.line_no, a.allocated + a.released))
    for node, units in sorted(held.items()):
        state = network.nodes.get(node)
        if state is None:
            continue
        money = _money(order, units)
        qty = sum(q for _, q in units)
        if not state.active:
            out.append(
                Finding(
                    p.NODE_OUTAGE,
                    f"{p.NODE_OUTAGE}:{node}",
                    _severity("high", order, now),
                    money,
                    order.currency,
                    order.promised_date,
                    f"{qty} unit(s) wait at {node}, which is down",
                    {"node": node, "units": qty, **_predicted(delay)},
                )
            )
            continue
        limit = state.daily_capacity * policy.capacity_overrun_share
        over_today = state.daily_capacity > 0 and state.lines_today > limit
        flagged = "over_capacity" in order.flags
        waiting = [
            (n, q)
            for n, q in units
            if any(a.node == node and a.allocated for a in order.line(n).at)
        ]
        if waiting and (over_today or flagged):
            why = (
                f"{node} has taken {state.lines_today} lines today against a capacity of "
                f"{state.daily_capacity}"
                if over_today
                else f"the order was sourced to {node} beyond its daily capacity"
            )
            out.append(
                Finding(
                    p.CAPACITY_OVERRUN,
                    f"{p.CAPACITY_OVERRUN}:{node}",
                    _severity("medium", order, now),
                    _money(order, waiting),
                    order.currency,
                    order.promised_date,
                    f"{why}; {sum(q for _, q in waiting)} unit(s) wait there",
                    {
                        "node": node,
                        "lines_today": state.lines_today,
                        "daily_capacity": state.daily_capacity,
                        "flagged": flagged,
                    },
                )
            )
    return out


def _hold_ageing(
    order: OrderView, network: NetworkView, policy: CarePolicy, delay: DelayView | None
) -> list[Finding]:
    out = []
    now = network.now
    units = [(ln.line_no, ln.open_quantity) for ln in order.lines if ln.open_quantity > 0]
    for h in order.holds:
        sla = policy.hold_sla_hours.get(h.reason, policy.hold_sla_hours.get("manual", 48.0))
        age = _hours(h.placed_at, now)
        if age <= sla:
            continue
        out.append(
            Finding(
                p.HOLD_AGEING,
                f"{p.HOLD_AGEING}:{h.id}",
                _severity("high" if age > 2 * sla else "medium", order, now),
                _money(order, units),
                order.currency,
                order.promised_date,
                f"{h.reason} hold placed {_fmt_hours(age)} ago is still waiting for a decision; "
                f"the {h.reason} SLA is {_fmt_hours(sla)}",
                {
                    "hold_id": h.id,
                    "hold_reason": h.reason,
                    "hours_held": round(age, 1),
                    "sla_hours": sla,
                },
            )
        )
    return out


def _address(
    order: OrderView, network: NetworkView, policy: CarePolicy, delay: DelayView | None
) -> list[Finding]:
    precision = order.location_precision
    if precision is None:  # picked up in store
        return []
    # "country" is only a failure when a postal table was there to find the code in;
    # without one, every address without coordinates resolves to its country.
    if precision != "unknown" and not (precision == "country" and order.postal_lookup):
        return []
    units = [(ln.line_no, ln.open_quantity) for ln in order.lines if ln.open_quantity > 0]
    if not units:
        return []
    what = (
        "its country is not known"
        if precision == "unknown"
        else "its postal code is not in the postal table (only the country is known)"
    )
    return [
        Finding(
            p.ADDRESS_UNRESOLVED,
            p.ADDRESS_UNRESOLVED,
            _severity("medium", order, network.now),
            _money(order, units),
            order.currency,
            order.promised_date,
            f"the ship-to address cannot be resolved: {what}; sourcing and the promise rest "
            "on a guess",
            {"location_precision": precision},
        )
    ]


def _refunds(
    order: OrderView, network: NetworkView, policy: CarePolicy, delay: DelayView | None
) -> list[Finding]:
    out = []
    now = network.now
    for r in order.returns:
        if r.status != "received":
            continue
        waited = (now - r.updated_at).total_seconds() / 86400.0
        if waited <= policy.refund_sla_days:
            continue
        out.append(
            Finding(
                p.REFUND_DUE,
                f"{p.REFUND_DUE}:{r.id}",
                "high" if waited > 2 * policy.refund_sla_days else "medium",
                r.amount_due,
                order.currency,
                None,
                f"return {r.id} was received {waited:.1f} days ago and is not refunded; the "
                f"refund SLA is {policy.refund_sla_days:g} days",
                {"return_id": r.id, "days_waiting": round(waited, 1), "amount_due": r.amount_due},
            )
        )
    return out


# -- inbound cover -------------------------------------------------------------------------


def inbound_cover(
    backorders: Sequence[tuple[int, str, int]], inbound: Sequence[tuple[str, int, datetime]]
) -> dict[tuple[int, str], Cover]:
    """Open inbound supply (sku, quantity, eta) handed to back-orders (order_id, sku,
    quantity) oldest order first, soonest supply first: what each back-order is covered by."""
    supply: dict[str, list[list[Any]]] = {}  # [quantity left, eta], drawn down in place
    for sku, qty, arrives in sorted(inbound, key=lambda s: (s[0], s[2])):
        supply.setdefault(sku, []).append([qty, arrives])
    out: dict[tuple[int, str], Cover] = {}
    for order_id, sku, need in sorted(backorders):
        queue = supply.get(sku, [])
        got, eta = 0, None
        while need > got and queue:
            lot = queue[0]
            take = min(lot[0], need - got)
            got += take
            eta = lot[1]
            lot[0] -= take
            if lot[0] == 0:
                queue.pop(0)
        out[(order_id, sku)] = Cover(got, eta)
    return out


# -- reconciling findings with open exceptions ---------------------------------------------


@dataclass(frozen=True)
class Change:
    """What the store must do to one exception: open it, update it (with what changed),
    close it, reopen a dismissed one whose cause grew more severe, or release a dismissed
    one's cause once it is gone (so that it may open again if it comes back)."""

    kind: str  # open | update | close | reopen | release
    cause: str
    finding: Finding | None = None  # open / update / reopen
    exception_id: int | None = None  # all but open
    changed: tuple[str, ...] = ()  # update: the fields that moved
    reason: str | None = None  # close: why


@dataclass(frozen=True)
class OpenException:
    """An active exception as the reconciliation needs it."""

    id: int
    cause: str
    type: str
    severity: str
    money_at_risk: int
    promise_at_risk: date | None
    status: str = "open"  # open | dismissed (a dismissed one holds its cause)


CLOSE_REASONS = {
    p.PREDICTED_LATE: "the predicted late probability fell below the threshold",
    p.BACKORDER_PAST_PROMISE: "the back-order was served, cancelled or its promise moved",
    p.BACKORDER_UNCOVERED: "the back-order is served, cancelled or covered by inbound supply",
    p.RELEASE_SLA: "the released units shipped or were cancelled",
    p.SCAN_GAP: "the carrier scanned or delivered the shipment",
    p.NODE_OUTAGE: "nothing of the order waits at the node any more, or it is back up",
    p.CAPACITY_OVERRUN: "nothing waits at the node beyond its capacity any more",
    p.HOLD_AGEING: "the hold was decided",
    p.ADDRESS_UNRESOLVED: "the ship-to address now resolves",
    p.REFUND_DUE: "the return was refunded",
}


def close_reason(exception_type: str, order_status: str) -> str:
    if order_status in ("cancelled", "closed"):
        return f"the order is {order_status}"
    if order_status == "delivered" and exception_type != p.REFUND_DUE:
        return "the order was delivered"
    return CLOSE_REASONS.get(exception_type, "the cause is gone")


def reconcile(
    active: Sequence[OpenException],
    findings: Sequence[Finding],
    order_status: str,
    money_step: float = 0.1,
) -> list[Change]:
    """Opens for new causes, updates where severity, promise or money (by more than
    `money_step` of it) moved, closes for causes no longer found. A dismissed cause stays
    quiet while it is found, unless it grows more severe than when it was dismissed."""
    by_cause = {e.cause: e for e in active}
    out: list[Change] = []
    seen = set()
    for f in findings:
        seen.add(f.cause)
        known = by_cause.get(f.cause)
        if known is None:
            out.append(Change("open", f.cause, f))
            continue
        if known.status != "open":
            if p.SEVERITIES.index(f.severity) > p.SEVERITIES.index(known.severity):
                out.append(Change("reopen", f.cause, f, known.id, ("severity",)))
            continue
        changed = []
        if known.severity != f.severity:
            changed.append("severity")
        if known.promise_at_risk != f.promise_at_risk:
            changed.append("promise_at_risk")
        base = max(abs(known.money_at_risk), 1)
        if abs(f.money_at_risk - known.money_at_risk) > money_step * base:
            changed.append("money_at_risk")
        if changed:
            out.append(Change("update", f.cause, f, known.id, tuple(changed)))
    for e in active:
        if e.cause in seen:
            continue
        if e.status == "open":
            out.append(
                Change("close", e.cause, None, e.id, reason=close_reason(e.type, order_status))
            )
        else:
            out.append(Change("release", e.cause, None, e.id))
    return out


def expected_backorder_date(cover: Cover | None, lead_days: float) -> date | None:
    """When a covered back-order can reach the customer: the inbound ETA plus the lead."""
    if cover is None or cover.eta is None:
        return None
    return (cover.eta + timedelta(days=lead_days)).date()

"""Proposed fixes: the concrete actions that could repair an exception, as plain data.

``candidates(finding, order, network, context)`` lists what could be done (re-source the
units at a troubled node from elsewhere, split off what can ship now, substitute an
equivalent SKU, upgrade the carrier service, release a hold, refund a return, move the
promise and tell the customer, cancel a line). Nothing here decides whether a candidate
works: `services.care` runs each one through the real services in a unit of work it
rolls back and measures the effects (`Effects`); `rule_order` ranks them when no learned
ranker speaks, and `auto_decision` says whether the policy lets the top one apply itself.

``price(...)`` prices an allocation the way the sourcing engine does (shipping, handling,
package penalty, labour, overtime, carbon; the delivery date of the last package), dated
from now at a given service level: the before/after cost, carbon and date of a fix.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from ordermind.care import policy as p
from ordermind.care.exceptions import Cover, Finding, NetworkView, OrderView
from ordermind.care.policy import CarePolicy

SERVICE_ORDER = ("economy", "standard", "express")  # slowest first


@dataclass(frozen=True)
class Fix:
    type: str
    key: str  # stable for the same fix on the same state: "resource:LDN", ...
    label: str  # what it does, in plain words
    params: Mapping[str, object] = field(default_factory=dict)  # JSON-ready

    def as_dict(self) -> dict:
        return {
            "type": self.type,
            "key": self.key,
            "label": self.label,
            "params": dict(self.params),
        }


@dataclass(frozen=True)
class FixContext:
    """What candidates need beyond the finding: stock and substitutes now, the service."""

    available: Mapping[str, int] = field(default_factory=dict)  # sku -> free units, network
    substitutes: Mapping[str, Sequence[str]] = field(default_factory=dict)  # sku -> subs
    services: Sequence[str] = SERVICE_ORDER  # the rate table's service levels
    service: str = "standard"  # the order's current service level
    lead_days: float = 3.0  # placed -> delivered, typical, for a date after inbound
    policy: CarePolicy = field(default_factory=CarePolicy)


def _allocated_at(order: OrderView, node: str) -> int:
    return sum(a.allocated for ln in order.lines for a in ln.at if a.node == node)


def _nothing_released(order: OrderView) -> bool:
    return all(a.released == 0 for ln in order.lines for a in ln.at) and all(
        ln.shipped == 0 for ln in order.lines
    )


def _faster(ctx: FixContext) -> str | None:
    known = [s for s in SERVICE_ORDER if s in ctx.services]
    if ctx.service not in known:
        return None
    i = known.index(ctx.service)
    return known[i + 1] if i + 1 < len(known) else None


def new_date(finding: Finding, order: OrderView, network: NetworkView, ctx: FixContext) -> date:
    """The date to move the promise to (and tell the customer): the delay scorer's
    delivery date when it is later than the promise, when covered back-ordered stock can
    arrive, else the current promise (or today, if later) plus the policy's days."""
    today = network.now.date()
    base = max(d for d in (order.promised_date, today) if d is not None)
    predicted = finding.details.get("predicted_delivery")
    if isinstance(predicted, str):
        try:
            day = date.fromisoformat(predicted)
        except ValueError:
            day = None
        if day is not None and day > base:
            return day
    sku = finding.details.get("sku")
    if sku is not None:
        cover = network.cover.get((order.order_id, str(sku)))
        if isinstance(cover, Cover) and cover.eta is not None and cover.covered > 0:
            arrives = (cover.eta + timedelta(days=math.ceil(ctx.lead_days))).date()
            if arrives > base:
                return arrives
    return base + timedelta(days=ctx.policy.for_channel(order.channel).promise_move_days)


def candidates(
    finding: Finding, order: OrderView, network: NetworkView, ctx: FixContext
) -> list[Fix]:
    """Every fix that could apply to this finding, in rule order of type."""
    out: list[Fix] = []
    t = finding.type
    d = finding.details
    # Re-source: units reserved (not yet released) at the troubled node, from elsewhere.
    nodes: list[str] = []
    if t in (p.NODE_OUTAGE, p.CAPACITY_OVERRUN) and d.get("node"):
        nodes = [str(d["node"])]
    elif t == p.PREDICTED_LATE:
        nodes = sorted({a.node for ln in order.lines for a in ln.at if a.allocated > 0})
    for node in nodes:
        if _allocated_at(order, node) > 0:
            out.append(
                Fix(
                    p.RESOURCE,
                    f"{p.RESOURCE}:{node}",
                    f"re-source the units reserved at {node} from other nodes",
                    {"node": node},
                )
            )
    # Split / substitute / cancel: a back-ordered line.
    sku = str(d["sku"]) if t in (p.BACKORDER_PAST_PROMISE, p.BACKORDER_UNCOVERED) else None
    if sku is not None:
        line = next(ln for ln in order.lines if ln.sku == sku)
        if ctx.available.get(sku, 0) > 0:
            out.append(
                Fix(
                    p.SPLIT,
                    f"{p.SPLIT}:{sku}",
                    f"ship the {sku} units in stock now and the rest later",
                    {"sku": sku},
                )
            )
        if _nothing_released(order):
            for sub in ctx.substitutes.get(sku, ()):
                if ctx.available.get(sub, 0) >= line.open_quantity and all(
                    ln.sku != sub for ln in order.lines
                ):
                    out.append(
                        Fix(
                            p.SUBSTITUTE,
                            f"{p.SUBSTITUTE}:{sku}:{sub}",
                            f"replace {sku} with the equivalent {sub} (in stock), same price",
                            {"sku": sku, "substitute": sub},
                        )
                    )
    # A faster carrier service for what is still to ship.
    if t in (p.PREDICTED_LATE, p.RELEASE_SLA, p.CAPACITY_OVERRUN):
        faster = _faster(ctx)
        unshipped = any(a.allocated + a.released > 0 for ln in order.lines for a in ln.at)
        if faster and unshipped:
            out.append(
                Fix(
                    p.UPGRADE_SERVICE,
                    f"{p.UPGRADE_SERVICE}:{faster}",
                    f"ship by {faster} instead of {ctx.service}",
                    {"from": ctx.service, "to": faster},
                )
            )
    if t == p.HOLD_AGEING:
        out.append(
            Fix(
                p.RELEASE_HOLD,
                f"{p.RELEASE_HOLD}:{d['hold_id']}",
                f"release the {d.get('hold_reason', '')} hold".replace("  ", " "),
                {"hold_id": d["hold_id"]},
            )
        )
    if t == p.REFUND_DUE:
        out.append(
            Fix(
                p.REFUND_RETURN,
                f"{p.REFUND_RETURN}:{d['return_id']}",
                f"refund return {d['return_id']} in full",
                {"return_id": d["return_id"]},
            )
        )
    if t != p.REFUND_DUE:
        new = new_date(finding, order, network, ctx)
        if order.promised_date is None or new > order.promised_date:
            out.append(
                Fix(
                    p.MOVE_PROMISE,
                    f"{p.MOVE_PROMISE}:{new.isoformat()}",
                    f"move the promise to {new.isoformat()} and tell the customer",
                    {"new_date": new.isoformat(), "reason": finding.explanation},
                )
            )
    if sku is not None:
        line = next(ln for ln in order.lines if ln.sku == sku)
        qty = min(line.backordered, line.open_quantity)
        if qty > 0:
            out.append(
                Fix(
                    p.CANCEL_LINE,
                    f"{p.CANCEL_LINE}:{sku}:{qty}",
                    f"cancel the {qty} back-ordered {sku} (the customer is not charged for them)",
                    {"lines": [[sku, qty]]},
                )
            )
    elif t in (p.HOLD_AGEING, p.ADDRESS_UNRESOLVED, p.NODE_OUTAGE) and any(
        ln.open_quantity > 0 for ln in order.lines
    ):
        out.append(
            Fix(
                p.CANCEL_LINE,
                f"{p.CANCEL_LINE}:all",
                "cancel what is not yet shipped",
                {"lines": None},
            )
        )
    return out


# -- effects -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Effects:
    """What a fix did when run through the real services (then rolled back)."""

    feasible: bool
    error: str | None = None  # why it could not be done
    resolves: bool = False  # the finding's cause is gone afterwards
    new_promise: date | None = None  # the customer's date afterwards
    expected_delivery: date | None = None  # the open units' date afterwards (None: unknown)
    promise_delta_days: int | None = None  # new_promise (or expected) - the old promise
    cost_before: int | None = None  # fulfilment cost of the open units, minor units
    cost_after: int | None = None
    carbon_before_kg: float | None = None
    carbon_after_kg: float | None = None
    splits_before: int = 0  # nodes the order ships from
    splits_after: int = 0
    backordered_after: int = 0
    remaining: tuple[str, ...] = ()  # the causes still found afterwards

    @property
    def cost_delta(self) -> int | None:
        if self.cost_before is None or self.cost_after is None:
            return None
        return self.cost_after - self.cost_before

    @property
    def carbon_delta_kg(self) -> float | None:
        if self.carbon_before_kg is None or self.carbon_after_kg is None:
            return None
        return round(self.carbon_after_kg - self.carbon_before_kg, 3)

    @property
    def split_delta(self) -> int:
        return self.splits_after - self.splits_before

    @property
    def cost_increase_pct(self) -> float | None:
        delta = self.cost_delta
        if delta is None:
            return None
        if delta <= 0:
            return 0.0
        return 100.0 * delta / self.cost_before if self.cost_before else math.inf

    def as_dict(self) -> dict:
        return {
            "feasible": self.feasible,
            "error": self.error,
            "resolves": self.resolves,
            "new_promise": self.new_promise.isoformat() if self.new_promise else None,
            "expected_delivery": self.expected_delivery.isoformat()
            if self.expected_delivery
            else None,
            "promise_delta_days": self.promise_delta_days,
            "cost_before": self.cost_before,
            "cost_after": self.cost_after,
            "cost_delta": self.cost_delta,
            "carbon_delta_kg": self.carbon_delta_kg,
            "split_delta": self.split_delta,
            "backordered_after": self.backordered_after,
            "remaining_causes": list(self.remaining),
        }


@dataclass(frozen=True)
class Evaluated:
    fix: Fix
    effects: Effects

    def as_dict(self) -> dict:
        return {**self.fix.as_dict(), "effects": self.effects.as_dict()}


def repairs(ev: Evaluated) -> bool:
    """Whether the fix actually repairs the exception for the customer: it can be done and
    the order then arrives by the promise (the new date no later than the old one)."""
    e = ev.effects
    return e.feasible and e.promise_delta_days is not None and e.promise_delta_days <= 0


def rule_key(ev: Evaluated) -> tuple:
    """The fallback ranking: what can be done first, delivering before cancelling, what
    repairs the exception (arrives by the promise) before what does not, what removes the
    cause, then the cheaper, the smaller change of date, the fix type's rule order. A fix
    that does not repair it (an express upgrade still arriving late, a new date) is still
    listed, lower: among those the cheaper comes first, so telling the customer of a new
    date goes before paying for a faster service that would not keep the promise."""
    e = ev.effects
    late = e.promise_delta_days
    return (
        not e.feasible,
        ev.fix.type == p.CANCEL_LINE,
        not repairs(ev),
        not e.resolves,
        e.cost_delta if e.cost_delta is not None else 0,
        10_000 if late is None else max(0, late),
        p.FIX_TYPES.index(ev.fix.type),
        ev.fix.key,
    )


def rule_order(evaluated: Sequence[Evaluated]) -> list[int]:
    """Indices of `evaluated`, best first, by `rule_key`."""
    return sorted(range(len(evaluated)), key=lambda i: rule_key(evaluated[i]))


def auto_decision(policy: CarePolicy, exception_type: str, ev: Evaluated) -> tuple[bool, str]:
    """Whether the policy lets this evaluated fix apply itself, and why (not)."""
    rule = policy.auto_rule(exception_type, ev.fix.type)
    if rule is None:
        return False, f"{ev.fix.type} waits for a person on {exception_type} exceptions"
    e = ev.effects
    if not e.feasible:
        return False, f"the fix cannot be done: {e.error}"
    if rule.require_resolves and not e.resolves:
        return False, "the exception's cause would remain"
    if e.promise_delta_days is None or e.promise_delta_days > rule.max_promise_days:
        return False, (
            f"the customer's date would move {e.promise_delta_days} days "
            f"(allowed {rule.max_promise_days})"
            if e.promise_delta_days is not None
            else "the new delivery date is not known"
        )
    pct = e.cost_increase_pct
    if pct is None and rule.fix_type not in (p.REFUND_RETURN, p.RELEASE_HOLD, p.MOVE_PROMISE):
        return False, "the cost after the fix is not known"
    if pct is not None and pct > 0 and pct >= rule.max_cost_increase_pct:
        return False, (
            f"the fulfilment cost would rise {pct:.1f}% (allowed < {rule.max_cost_increase_pct:g}%)"
        )
    return True, (
        f"within policy: date +{e.promise_delta_days} days "
        f"(≤ {rule.max_promise_days}), cost {'+' if (pct or 0) > 0 else ''}"
        f"{(pct or 0):.1f}% (< {rule.max_cost_increase_pct:g}%)"
    )


# -- pricing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Priced:
    cost: int
    carbon_kg: float
    delivery: date | None
    packages: int


_pricing_ctx = None


def _context():
    """The sourcing context (rates, costs, calendars) with caches of its own, so pricing
    fixes never clears the caches order placement relies on."""
    global _pricing_ctx
    from ordermind.sourcing.cost import default_context

    base = default_context()
    if (
        _pricing_ctx is None
        or _pricing_ctx.rates is not base.rates
        or _pricing_ctx.params is not base.params
    ):
        _pricing_ctx = replace(base, cache={})
    return _pricing_ctx


def price(
    lines: Sequence,
    allocations: Sequence[tuple[int, str, int]],
    ship_to,
    country: str | None,
    nodes: Mapping,
    order_time: datetime,
    service: str | None = None,
) -> Priced | None:
    """`lines` are sourcing LineRequests, `nodes` code -> NodeInfo (each priced as if it
    were working: pricing is not sourcing), `ship_to` a sourcing Location or None. None
    when nothing is allocated or a node is unknown."""
    from ordermind.sourcing.frame import Frame
    from ordermind.sourcing.legs import evaluate
    from ordermind.sourcing.types import SourcingRequest

    allocations = [a for a in allocations if a[2] > 0]
    if not allocations:
        return None
    working = {c: n if n.active else replace(n, active=True) for c, n in nodes.items()}
    if any(code not in working for _, code, _ in allocations):
        return None
    ctx = _context()
    service = service if service in ctx.rates.services else None
    request = SourcingRequest(
        lines=list(lines),
        ship_to=ship_to,
        stock={},
        nodes=working,
        ship_to_country=country,
        order_time=order_time,
        service_level=service,
        context=ctx,
    )
    frame = Frame(request)
    b, when = evaluate(list(allocations), request, frame.legs, frame.ctx)
    return Priced(round(b.total), round(b.carbon_kg, 3), when, b.packages)


def service_levels() -> tuple[str, ...]:
    return tuple(_context().rates.services)

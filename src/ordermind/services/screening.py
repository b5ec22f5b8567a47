"""Order screening at placement: the risk engine decides approve / hold / reject from plain
facts; the order records the decision, a hold carries the reasons in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ordermind.domain.clock import utcnow
from ordermind.domain.events import EventType
from ordermind.domain.orders import Address, HoldReason, Order
from ordermind.services.ids import new_id
from ordermind.services.unit_of_work import AbstractUnitOfWork, VelocityRecord

if TYPE_CHECKING:  # imported when first screening: the risk engine is heavy
    from ordermind.risk import OrderFacts


@dataclass(frozen=True)
class RiskContext:
    """What the channel knows about the buyer that the order itself does not carry."""

    device_id: str | None = None
    ip: str | None = None
    card_token: str | None = None
    billing_country: str | None = None
    account_created_at: datetime | None = None


class Screener(Protocol):
    def assess(
        self,
        order: Order,
        context: RiskContext,
        history: list[VelocityRecord] | None = None,
        policy: str | None = None,
    ) -> dict:
        """The decision (action, score, reasons...); `history` is the velocity records of
        the order's identities from the store (None: the screener keeps its own).
        `policy` (an experiment's, `services.experiments`): `rules` decides by the rules
        alone, `model` as configured; None: as configured."""


# The longest velocity window (30 days): older records can never count.
VELOCITY_HORIZON = timedelta(days=30)


def _address_line(a: Address) -> str:
    return " ".join(x for x in (a.line1, a.line2, a.city, a.postal_code) if x)


def facts_for(order: Order, context: RiskContext, order_key: str | None = None) -> OrderFacts:
    from ordermind.risk import OrderFacts, OrderLineFacts

    a = order.ship_to
    return OrderFacts(
        order_id=order_key or str(order.id or order.external_id or id(order)),
        placed_at=order.created_at,
        total_value=order.total,
        currency=order.currency,
        channel=order.channel,
        customer_id=order.customer.email,
        customer_email=order.customer.email,
        customer_created_at=context.account_created_at,
        device_id=context.device_id,
        ip=context.ip,
        card_token=context.card_token,
        billing_country=context.billing_country,
        shipping_country=a.country,
        shipping_address=_address_line(a),
        lines=tuple(OrderLineFacts(ln.sku, ln.ordered, ln.unit_price) for ln in order.lines),
    )


def identities_of(
    email: str,
    ship_to: Address,
    context: RiskContext | None,
) -> tuple[tuple[str, str], ...]:
    """The velocity keys an order by this buyer will have (read before the order exists)."""
    from ordermind.risk import OrderFacts
    from ordermind.risk.velocity import identities

    ctx = context or RiskContext()
    facts = OrderFacts(
        order_id="",
        placed_at=utcnow(),
        total_value=0,
        customer_id=email,
        customer_email=email,
        device_id=ctx.device_id,
        ip=ctx.ip,
        card_token=ctx.card_token,
        shipping_address=_address_line(ship_to),
    )
    return tuple(sorted(identities(facts).items()))


def velocity_records(order: Order, context: RiskContext) -> list[VelocityRecord]:
    """What the order adds to every identity's velocity windows."""
    from ordermind.risk.velocity import entries

    return [VelocityRecord(*e) for e in entries(facts_for(order, context))]


class RiskScreener:
    """Adapter from orders to the risk engine; one per process. The velocity windows are
    built for each order from the records the store keeps (shared by every worker and
    host), so N workers decide exactly as one would."""

    def __init__(self, model_dir: str | Path | None = None) -> None:
        from ordermind.risk import RiskAssessor

        path = Path(model_dir) if model_dir else None
        self.engine = RiskAssessor(path if path and path.exists() else None)

    def assess(
        self,
        order: Order,
        context: RiskContext,
        history: list[VelocityRecord] | None = None,
        policy: str | None = None,
    ) -> dict:
        from ordermind.risk.velocity import VelocityWindows

        facts = facts_for(order, context)
        windows = None if history is None else VelocityWindows.from_records(history)
        d = self.engine.assess(facts, velocity=windows, use_model=policy != "rules")
        return {
            "action": d.action,
            "score": round(float(d.score), 4),
            "reasons": d.reasons,
            "model_version": d.model_version,
            "fallback_used": d.fallback_used,
            "stage": d.stage,
            "rules": d.rule_flags,
        }


def apply(order: Order, decision: dict, actor: str) -> None:
    """Record the decision; hold or cancel the (not yet sourced) order as it says."""
    order.risk = decision
    order.record(EventType.RISK_ASSESSED, actor, data=decision)
    reasons = "; ".join(decision.get("reasons") or []) or "risk screen"
    if decision["action"] == "hold":
        order.place_hold(new_id("hld"), HoldReason.FRAUD, reasons[:500], "risk-engine")
    elif decision["action"] == "reject":
        order.cancel("risk-engine", f"rejected by risk screen: {reasons}"[:500])


def training_set(uow: AbstractUnitOfWork) -> tuple[list[OrderFacts], list[int]]:
    """Orders reviewers decided on, as facts with labels: reject = fraud (1), approve = 0.
    The latest decision on an order wins."""
    latest: dict[int, str] = {}
    for order_id, decision in uow.intake.decisions("fraud"):
        latest[order_id] = decision
    facts: list[OrderFacts] = []
    labels: list[int] = []
    for order_id, decision in latest.items():
        order = uow.orders.get(order_id)
        if order is not None:
            facts.append(facts_for(order, RiskContext(), str(order_id)))
            labels.append(1 if decision == "reject" else 0)
    return facts, labels

"""Returns (RMAs) against shipped lines: requested → authorised → received → refunded.
Receiving restocks, refurbishes or scraps each unit; the refund follows receipt."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .clock import utcnow
from .errors import InvalidTransition, NotFound, ValidationFailed
from .events import EventType
from .orders import Order


class ReturnStatus(StrEnum):
    REQUESTED = "requested"
    AUTHORISED = "authorised"
    REJECTED = "rejected"
    RECEIVED = "received"
    REFUNDED = "refunded"


class Disposition(StrEnum):
    RESTOCK = "restock"
    REFURBISH = "refurbish"
    SCRAP = "scrap"


@dataclass(slots=True)
class ReturnLine:
    sku: str
    quantity: int
    reason: str | None = None
    disposition: Disposition | None = None


@dataclass(slots=True)
class ReturnAuthorisation:
    id: str
    status: ReturnStatus
    lines: list[ReturnLine]
    node: str | None = None  # where the goods come back to
    refund_amount: int | None = None
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)

    @property
    def open(self) -> bool:
        return self.status in (ReturnStatus.REQUESTED, ReturnStatus.AUTHORISED)


def returnable(order: Order, sku: str) -> int:
    """Shipped units not yet claimed by an open or completed return."""
    claimed = sum(
        rl.quantity
        for rma in order.returns
        if rma.status is not ReturnStatus.REJECTED
        for rl in rma.lines
        if rl.sku == sku
    )
    return order.line(sku).shipped - claimed


def request_return(
    order: Order, rma_id: str, lines: list[tuple[str, int, str | None]], actor: str
) -> ReturnAuthorisation:
    if not lines:
        raise ValidationFailed("a return needs at least one line")
    seen: set[str] = set()
    for sku, qty, _ in lines:
        if sku in seen:
            raise ValidationFailed(f"SKU {sku} appears twice in the return")
        seen.add(sku)
        if qty <= 0:
            raise ValidationFailed(f"return quantity for {sku} must be positive")
        can = returnable(order, sku)
        if qty > can:
            raise InvalidTransition(f"only {can} of {sku} shipped and not yet returned, not {qty}")
    rma = ReturnAuthorisation(
        id=rma_id,
        status=ReturnStatus.REQUESTED,
        lines=[ReturnLine(sku, qty, reason) for sku, qty, reason in lines],
    )
    order.returns.append(rma)
    order.record(
        EventType.RETURN_REQUESTED,
        actor,
        data={"return_id": rma_id, "lines": [{"sku": s, "quantity": q} for s, q, _ in lines]},
    )
    return rma


def find_return(order: Order, rma_id: str) -> ReturnAuthorisation:
    for rma in order.returns:
        if rma.id == rma_id:
            return rma
    raise NotFound(f"order has no return {rma_id}")


def authorise(
    order: Order, rma_id: str, actor: str, node: str, approve: bool = True, note: str | None = None
) -> ReturnAuthorisation:
    rma = find_return(order, rma_id)
    if rma.status is not ReturnStatus.REQUESTED:
        raise InvalidTransition(f"return {rma_id} is {rma.status}, not requested")
    rma.status = ReturnStatus.AUTHORISED if approve else ReturnStatus.REJECTED
    rma.node = node
    rma.updated_at = utcnow()
    order.record(
        EventType.RETURN_AUTHORISED if approve else EventType.RETURN_REJECTED,
        actor,
        reason=note,
        data={"return_id": rma_id, "node": node},
    )
    return rma


def receive(
    order: Order, rma_id: str, dispositions: dict[str, Disposition], actor: str
) -> list[tuple[str, str, int]]:
    """Goods arrived. Returns (node, sku, qty) to put back on hand (restocked units)."""
    rma = find_return(order, rma_id)
    if rma.status is not ReturnStatus.AUTHORISED:
        raise InvalidTransition(f"return {rma_id} is {rma.status}; authorise it before receiving")
    unknown = set(dispositions) - {rl.sku for rl in rma.lines}
    if unknown:
        raise ValidationFailed(f"return {rma_id} has no line for {sorted(unknown)}")
    restock: list[tuple[str, str, int]] = []
    for rl in rma.lines:
        rl.disposition = dispositions.get(rl.sku, Disposition.RESTOCK)
        order.line(rl.sku).returned += rl.quantity
        if rl.disposition is Disposition.RESTOCK:
            restock.append((rma.node or "", rl.sku, rl.quantity))
    rma.status = ReturnStatus.RECEIVED
    rma.updated_at = utcnow()
    order.record(
        EventType.RETURN_RECEIVED,
        actor,
        data={
            "return_id": rma_id,
            "lines": [
                {"sku": rl.sku, "quantity": rl.quantity, "disposition": str(rl.disposition)}
                for rl in rma.lines
            ],
        },
    )
    return restock


def refund(order: Order, rma_id: str, actor: str, amount: int | None = None) -> ReturnAuthorisation:
    rma = find_return(order, rma_id)
    if rma.status is not ReturnStatus.RECEIVED:
        raise InvalidTransition(f"return {rma_id} is {rma.status}; receive it before refunding")
    due = sum(rl.quantity * order.line(rl.sku).unit_price for rl in rma.lines)
    if amount is None:
        amount = due
    if amount < 0 or amount > due:
        raise ValidationFailed(
            f"refund must be between 0 and {due} (the value of the returned goods)"
        )
    rma.refund_amount = amount
    rma.status = ReturnStatus.REFUNDED
    rma.updated_at = utcnow()
    order.record(EventType.REFUNDED, actor, data={"return_id": rma_id, "amount": amount})
    return rma

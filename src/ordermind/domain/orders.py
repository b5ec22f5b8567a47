"""The order aggregate.

Each line carries quantity buckets; line and order status are *derived* from them, never
stored as free-standing truth. Every change appends an event to the order's timeline.

Bucket invariant per line once the order is placed:
    ordered == backordered + allocated + released + shipped + cancelled
    0 <= delivered <= shipped, 0 <= returned <= shipped
where `allocated` and `released` are the sums over the line's per-node allocations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from .catalog import validate_code
from .charges import Charge, check_charges
from .clock import utcnow
from .errors import InvalidTransition, NotFound, ValidationFailed
from .events import Event, EventType
from .limits import check_date, check_order_amounts
from .order_parts import (  # noqa: F401 - re-exported: callers import them from here
    Address,
    Allocation,
    BackorderPolicy,
    Customer,
    Hold,
    HoldReason,
    LineStatus,
    OrderLine,
    Reservation,
)


class OrderStatus(StrEnum):
    DRAFT = "draft"
    PLACED = "placed"
    ON_HOLD = "on_hold"
    BACKORDERED = "backordered"
    PARTIALLY_ALLOCATED = "partially_allocated"
    ALLOCATED = "allocated"
    PARTIALLY_RELEASED = "partially_released"
    RELEASED = "released"
    PARTIALLY_SHIPPED = "partially_shipped"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CLOSED = "closed"
    CANCELLED = "cancelled"


_TERMINAL = {OrderStatus.CANCELLED, OrderStatus.CLOSED}


@dataclass(slots=True)
class Order:
    id: int | None
    channel: str
    currency: str
    customer: Customer
    ship_to: Address
    lines: list[OrderLine]
    external_id: str | None = None
    requested_delivery_date: date | None = None
    promised_delivery_date: date | None = None  # what we committed to (sourcing/promise)
    draft: bool = False
    pickup_node: str | None = None  # collected at this store instead of shipped
    holds: list[Hold] = field(default_factory=list)
    shipments: list = field(default_factory=list)  # list[Shipment]
    invoices: list = field(default_factory=list)  # list[Invoice]
    returns: list = field(default_factory=list)  # list[ReturnAuthorisation]
    sourcing: dict | None = None  # the last sourcing decision and its explanation
    risk: dict | None = None  # the screening decision: action, score, reasons, model
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)
    closed_at: datetime | None = None
    version: int = 0
    events: list[Event] = field(default_factory=list)  # pending, not yet persisted

    # -- creation ---------------------------------------------------------------
    @classmethod
    def create(
        cls,
        *,
        channel: str,
        currency: str,
        customer: Customer,
        ship_to: Address,
        lines: list[tuple[str, int, int]],
        external_id: str | None = None,
        requested_delivery_date: date | None = None,
        draft: bool = False,
        pickup_node: str | None = None,
        actor: str = "system",
        charges: tuple[Charge, ...] = (),
    ) -> Order:
        """`charges`: shipping and fees beside the lines (a shop's order), recorded with
        the order's `order.placed` event."""
        check_charges(charges)
        if pickup_node is not None:
            validate_code(pickup_node, "pick-up store")
        if not lines:
            raise ValidationFailed("an order needs at least one line")
        if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
            raise ValidationFailed("currency must be an ISO 4217 code such as EUR")
        skus = [sku for sku, _, _ in lines]
        if len(set(skus)) != len(skus):
            raise ValidationFailed("each SKU may appear on one line only; merge the quantities")
        check_order_amounts(lines)
        if requested_delivery_date is not None:
            check_date(requested_delivery_date, "requested_delivery_date", utcnow().date())
        order = cls(
            id=None,
            channel=channel,
            currency=currency,
            customer=customer,
            ship_to=ship_to,
            lines=[
                OrderLine(line_no=i, sku=sku, ordered=qty, unit_price=price)
                for i, (sku, qty, price) in enumerate(lines, start=1)
            ],
            external_id=external_id,
            requested_delivery_date=requested_delivery_date,
            draft=draft,
            pickup_node=pickup_node,
        )
        data: dict = {"lines": [{"sku": s, "quantity": q, "unit_price": p} for s, q, p in lines]}
        if pickup_node is not None:
            data["pickup_node"] = pickup_node
        if charges:
            data["charges"] = [c.as_dict() for c in charges]
        order.record(EventType.DRAFT_CREATED if draft else EventType.PLACED, actor, data=data)
        return order

    # -- derived state ----------------------------------------------------------
    @property
    def active_holds(self) -> list[Hold]:
        return [h for h in self.holds if h.active]

    @property
    def total(self) -> int:
        return sum((line.ordered - line.cancelled) * line.unit_price for line in self.lines)

    @property
    def status(self) -> OrderStatus:
        # Read on every event, so it is one pass over the lines and their allocations: the
        # per-line rules of `OrderLine.status` folded in, without building each line's status.
        if self.draft:
            return OrderStatus.DRAFT
        any_live = False  # every line cancelled -> cancelled
        all_delivered = True  # every live line delivered -> delivered
        all_shipped = True  # every live line shipped or delivered -> shipped
        any_shipped = False
        any_backordered = False
        released = held = open_qty = 0
        for line in self.lines:
            live = line.ordered - line.cancelled
            if live == 0:
                continue
            any_live = True
            if line.delivered != live:
                all_delivered = False
                if line.shipped != live:
                    all_shipped = False
            if line.shipped > 0:
                any_shipped = True
            if line.backordered:
                any_backordered = True
            open_qty += live - line.shipped
            for alloc in line.allocations:
                released += alloc.released
                held += alloc.allocated + alloc.released
        if not any_live:
            return OrderStatus.CANCELLED
        if self.closed_at is not None:
            return OrderStatus.CLOSED
        if all_delivered:
            return OrderStatus.DELIVERED
        if all_shipped:
            return OrderStatus.SHIPPED
        for hold in self.holds:  # an active hold
            if hold.released_at is None:
                return OrderStatus.ON_HOLD
        if any_shipped:
            return OrderStatus.PARTIALLY_SHIPPED
        if released and released == open_qty:
            return OrderStatus.RELEASED
        if released:
            return OrderStatus.PARTIALLY_RELEASED
        if held and held == open_qty:
            return OrderStatus.ALLOCATED
        if held:
            return OrderStatus.PARTIALLY_ALLOCATED
        if any_backordered:
            return OrderStatus.BACKORDERED
        return OrderStatus.PLACED

    @property
    def number(self) -> str | None:
        return None if self.id is None else f"OM{self.id:08d}"

    @property
    def stored_id(self) -> int:
        """The id of an order a store holds (`OrderRepository.add` sets it): what code
        handling loaded orders reads. Asking an order not yet added is a mistake."""
        if self.id is None:
            raise ValueError("the order is not stored yet: it has no id")
        return self.id

    def line(self, sku: str) -> OrderLine:
        for line in self.lines:
            if line.sku == sku:
                return line
        raise ValidationFailed(f"order has no line for SKU {sku!r}")

    def line_by_no(self, line_no: int) -> OrderLine:
        for line in self.lines:
            if line.line_no == line_no:
                return line
        raise ValidationFailed(f"order has no line {line_no}")

    # -- sourcing ---------------------------------------------------------------
    def needs_sourcing(self) -> list[OrderLine]:
        """Lines with units that are unsourced or back-ordered."""
        # Terminal (closed, or every line cancelled) without deriving the whole status.
        if (
            self.draft
            or self.closed_at is not None
            or all(ln.ordered == ln.cancelled for ln in self.lines)
        ):
            return []
        return [line for line in self.lines if line.unsourced > 0 or line.backordered > 0]

    def apply_sourcing(
        self,
        reserved: list[tuple[int, str, int]],
        actor: str,
        decision: dict | None = None,
    ) -> None:
        """Record reservations made at nodes (line_no, node, qty); whatever of an unsourced
        or back-ordered line was not reserved becomes (or stays) back-ordered."""
        before = self.status
        backordered_before = {line.sku: line.backordered for line in self.lines if line.backordered}
        for line_no, node, qty in reserved:
            if qty <= 0:
                raise ValidationFailed("reserved quantity must be positive")
            line = self.line_by_no(line_no)
            # earlier chunks already sit in allocated, so unsourced has shrunk by them
            need = line.unsourced + line.backordered
            if qty > need:
                raise ValidationFailed(f"line {line_no}: reserved {qty} exceeds the {need} needed")
            line.allocation_at(node).allocated += qty
        for line in self.lines:
            held = 0  # allocated + released, in one pass over the allocations
            for a in line.allocations:
                held += a.allocated + a.released
            rest = line.ordered - held - line.shipped - line.cancelled  # = unsourced + backordered
            if rest > line.backordered or line.backordered > 0:
                line.backordered = rest
        if decision is not None:
            self.sourcing = decision
        if reserved:
            self.record(
                EventType.ALLOCATED,
                actor,
                before=before,
                data={
                    "allocations": [
                        {"line_no": n, "node": nd, "quantity": q} for n, nd, q in reserved
                    ]
                },
            )
        backordered = {line.sku: line.backordered for line in self.lines if line.backordered}
        if backordered and backordered != backordered_before:
            self.record(
                EventType.BACKORDERED, actor, before=before, data={"backordered": backordered}
            )

    def deallocate_unreleased(self, actor: str, reason: str) -> list[Reservation]:
        """Give back every reservation not yet released (before a change re-sources)."""
        freed: list[Reservation] = []
        for line in self.lines:
            for alloc in line.allocations:
                if alloc.allocated:
                    freed.append(Reservation(alloc.node, line.sku, alloc.allocated))
                    alloc.allocated = 0
            line.prune()
            line.backordered = 0
        if freed:
            self.record(
                EventType.DEALLOCATED,
                actor,
                reason=reason,
                data={
                    "freed": [{"node": r.node, "sku": r.sku, "quantity": r.quantity} for r in freed]
                },
            )
        return freed

    def deallocate(self, sku: str, node: str, qty: int, actor: str, reason: str) -> int:
        """Take back up to qty reserved (unreleased) units of sku at node into back-order,
        e.g. when a stock count finds fewer units than were promised. Returns units taken."""
        line = self.line(sku)
        alloc = next((a for a in line.allocations if a.node == node), None)
        take = min(qty, alloc.allocated if alloc else 0)
        if alloc is None or take <= 0:
            return 0
        before = self.status
        alloc.allocated -= take
        line.prune()
        line.backordered += take
        self.record(
            EventType.DEALLOCATED,
            actor,
            before=before,
            reason=reason,
            data={"freed": [{"node": node, "sku": sku, "quantity": take}]},
        )
        return take

    def place(self, actor: str) -> None:
        """Turn a draft (quote) into a live order."""
        if not self.draft:
            raise InvalidTransition(f"order is {self.status}, only a draft can be placed")
        self.draft = False
        self.record(EventType.PLACED, actor, before=OrderStatus.DRAFT)

    # -- holds ------------------------------------------------------------------
    def place_hold(self, hold_id: str, reason: HoldReason, note: str | None, actor: str) -> Hold:
        status = self.status
        if status in _TERMINAL or status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            raise InvalidTransition(f"cannot hold an order that is {status}")
        if any(h.reason == reason for h in self.active_holds):
            raise InvalidTransition(f"order already has an active {reason} hold")
        hold = Hold(id=hold_id, reason=reason, note=note, placed_by=actor, placed_at=utcnow())
        self.holds.append(hold)
        self.record(
            EventType.HOLD_PLACED,
            actor,
            before=status,
            reason=note,
            data={"hold_id": hold_id, "hold_reason": str(reason)},
        )
        return hold

    def release_hold(self, hold_id: str, actor: str, resolution: str | None = None) -> Hold:
        for hold in self.holds:
            if hold.id == hold_id:
                if not hold.active:
                    raise InvalidTransition("hold was already released")
                before = self.status
                hold.released_at = utcnow()
                hold.released_by = actor
                hold.resolution = resolution
                self.record(
                    EventType.HOLD_RELEASED,
                    actor,
                    before=before,
                    reason=resolution,
                    data={"hold_id": hold_id, "hold_reason": str(hold.reason)},
                )
                return hold
        raise NotFound(f"order has no hold {hold_id}")

    # -- release ----------------------------------------------------------------
    def release(self, actor: str) -> list[Reservation]:
        """Hand every allocated unit to its node for picking."""
        status = self.status
        if self.draft or status in _TERMINAL:
            raise InvalidTransition(f"cannot release an order that is {status}")
        if self.active_holds:
            reasons = ", ".join(h.reason for h in self.active_holds)
            raise InvalidTransition(f"order is on hold ({reasons}); release the hold first")
        moved: list[Reservation] = []
        for line in self.lines:
            for alloc in line.allocations:
                if alloc.allocated:
                    moved.append(Reservation(alloc.node, line.sku, alloc.allocated))
                    alloc.released += alloc.allocated
                    alloc.allocated = 0
        if not moved:
            raise InvalidTransition(f"order is {status}: nothing is allocated to release")
        self.record(
            EventType.RELEASED,
            actor,
            before=status,
            data={
                "released": [{"node": r.node, "sku": r.sku, "quantity": r.quantity} for r in moved]
            },
        )
        return moved

    # -- cancellation -----------------------------------------------------------
    def cancel(
        self, actor: str, reason: str | None, lines: list[tuple[str, int]] | None = None
    ) -> list[Reservation]:
        """Cancel whole or per line, before shipment. Takes back-ordered units first, then
        reserved, then released ones; returns the reservations to give back."""
        status = self.status
        if status in _TERMINAL or status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            raise InvalidTransition(f"cannot cancel an order that is {status}")
        if lines is None:
            wanted = [
                (line.sku, line.ordered - line.cancelled - line.shipped) for line in self.lines
            ]
            wanted = [(s, q) for s, q in wanted if q > 0]
        else:
            if not lines:
                raise ValidationFailed("name at least one line to cancel")
            wanted = lines
        # validate everything before touching anything
        for sku, qty in wanted:
            line = self.line(sku)
            if qty <= 0:
                raise ValidationFailed(f"cancel quantity for {sku} must be positive")
            cancellable = line.ordered - line.cancelled - line.shipped
            if qty > cancellable:
                raise InvalidTransition(
                    f"only {cancellable} of {sku} can still be cancelled, not {qty}"
                )
        freed: list[Reservation] = []
        for sku, qty in wanted:
            line = self.line(sku)
            left = qty
            take = min(left, line.unsourced)
            left -= take
            take = min(left, line.backordered)
            line.backordered -= take
            left -= take
            for bucket in ("allocated", "released"):
                for alloc in sorted(line.allocations, key=lambda a: a.node):
                    take = min(left, getattr(alloc, bucket))
                    if take:
                        setattr(alloc, bucket, getattr(alloc, bucket) - take)
                        freed.append(Reservation(alloc.node, sku, take))
                        left -= take
            line.prune()
            line.cancelled += qty
        if all(line.status is LineStatus.CANCELLED for line in self.lines):
            for hold in self.active_holds:  # nothing left to decide on
                hold.released_at, hold.released_by = utcnow(), actor
                hold.resolution = "order cancelled"
        self.record(
            EventType.CANCELLED,
            actor,
            before=status,
            reason=reason,
            data={"lines": [{"sku": s, "quantity": q} for s, q in wanted]},
        )
        return freed

    # -- changes before release -------------------------------------------------
    def change(
        self,
        actor: str,
        *,
        ship_to: Address | None = None,
        lines: list[tuple[str, int, int | None]] | None = None,
        requested_delivery_date: date | None = None,
    ) -> list[Reservation]:
        """Change the address or lines of an order that has nothing released or shipped.
        Gives back its reservations so that the service re-sources the whole order."""
        status = self.status
        if status in _TERMINAL:
            raise InvalidTransition(f"cannot change an order that is {status}")
        if any(line.released or line.shipped for line in self.lines):
            raise InvalidTransition("cannot change an order once any of it is released or shipped")
        before = {
            "ship_to": _address_dict(self.ship_to),
            "lines": {ln.sku: ln.ordered - ln.cancelled for ln in self.lines},
        }
        if lines is not None:
            new_lines = self._changed_lines(lines)
            check_order_amounts(
                [(ln.sku, ln.ordered - ln.cancelled, ln.unit_price) for ln in new_lines]
            )
        if requested_delivery_date is not None:
            check_date(requested_delivery_date, "requested_delivery_date", utcnow().date())
        freed = [] if self.draft else self.deallocate_unreleased(actor, "order changed")
        if ship_to is not None:
            self.ship_to = ship_to
        if requested_delivery_date is not None:
            self.requested_delivery_date = requested_delivery_date
        if lines is not None:
            self.lines = new_lines
        after = {
            "ship_to": _address_dict(self.ship_to),
            "lines": {ln.sku: ln.ordered - ln.cancelled for ln in self.lines},
        }
        self.record(
            EventType.CHANGED, actor, before=status, data={"before": before, "after": after}
        )
        return freed

    def _changed_lines(self, lines: list[tuple[str, int, int | None]]) -> list[OrderLine]:
        """New line set: quantity 0 removes (cancels) a line, unknown SKUs are appended."""
        by_sku = {line.sku: line for line in self.lines}
        seen: set[str] = set()
        next_no = max(line.line_no for line in self.lines) + 1
        result: list[OrderLine] = []
        for sku, qty, price in lines:
            if sku in seen:
                raise ValidationFailed(f"SKU {sku} appears twice in the change")
            seen.add(sku)
            if qty < 0:
                raise ValidationFailed(f"quantity for {sku} must not be negative")
            old = by_sku.get(sku)
            if old is None:
                if qty == 0:
                    continue
                if price is None:
                    raise ValidationFailed(f"new line {sku} needs a unit_price")
                result.append(OrderLine(line_no=next_no, sku=sku, ordered=qty, unit_price=price))
                next_no += 1
            elif qty == 0:
                result.append(
                    OrderLine(
                        line_no=old.line_no,
                        sku=sku,
                        ordered=old.ordered,
                        unit_price=old.unit_price,
                        cancelled=old.ordered,
                    )
                )
            else:
                result.append(
                    OrderLine(
                        line_no=old.line_no,
                        sku=sku,
                        ordered=qty + old.cancelled,
                        unit_price=old.unit_price if price is None else price,
                        cancelled=old.cancelled,
                    )
                )
        result.extend(line for sku, line in by_sku.items() if sku not in seen)
        if all(line.ordered == line.cancelled for line in result):
            raise ValidationFailed("a change may not remove every line; cancel the order instead")
        return sorted(result, key=lambda ln: ln.line_no)

    # -- close ------------------------------------------------------------------
    def close(self, actor: str) -> None:
        status = self.status
        if status is not OrderStatus.DELIVERED:
            raise InvalidTransition(f"only a delivered order can be closed; this one is {status}")
        self.closed_at = utcnow()
        self.record(EventType.CLOSED, actor, before=status)

    # -- events -----------------------------------------------------------------
    def record(
        self,
        type_: EventType,
        actor: str,
        *,
        before: OrderStatus | None = None,
        reason: str | None = None,
        data: dict | None = None,
    ) -> None:
        now = utcnow()
        self.updated_at = now
        self.events.append(
            Event(
                type_,
                actor,
                now,
                data or {},
                reason,
                None if before is None else str(before),
                str(self.status),
            )
        )


def _address_dict(a: Address) -> dict:
    return {
        "name": a.name,
        "line1": a.line1,
        "city": a.city,
        "postal_code": a.postal_code,
        "country": a.country,
    }

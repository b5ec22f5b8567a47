"""The order repository of the in-memory store: the stored objects themselves are handed
out (no copies), each loaded order is imaged once per unit of work to be put back on
rollback, and the external id is unique per channel as the databases' key makes it."""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import Any

from ordermind.domain.errors import Conflict, StaleWrite
from ordermind.domain.fulfilment import Shipment
from ordermind.domain.orders import Allocation, Hold, Order, OrderLine, OrderStatus
from ordermind.domain.returns import ReturnAuthorisation, ReturnLine
from ordermind.services.unit_of_work import OrderFilter, OrderRepository

from .fast_catalog import Undo
from .store import FastStore

_DONE = (OrderStatus.CANCELLED, OrderStatus.CLOSED)


def _reader(cls: type) -> tuple[attrgetter, tuple[str, ...]]:
    names = tuple(f.name for f in fields(cls))
    return attrgetter(*names), names


# The order's parts are slotted dataclasses: an image is the tuple of a part's fields.
_ORDER, _LINE, _ALLOC, _HOLD, _SHIP, _RMA, _RMA_LINE = map(
    _reader, (Order, OrderLine, Allocation, Hold, Shipment, ReturnAuthorisation, ReturnLine)
)
_NAMES = {
    cls: r[1]
    for cls, r in zip(
        (Order, OrderLine, Allocation, Hold, Shipment, ReturnAuthorisation, ReturnLine),
        (_ORDER, _LINE, _ALLOC, _HOLD, _SHIP, _RMA, _RMA_LINE),
        strict=True,
    )
}


# One part of an image: (a list, a copy of its items) or (a slotted part, its fields' tuple).
Part = tuple[Any, Any]


def snapshot(order: Order) -> list[Part]:
    """A shallow image of every mutable part of an order: enough to undo any domain
    change (buckets, allocations, holds, shipments, returns, lists), far cheaper than a
    deep copy. Objects are saved as the tuple of their fields; lists as a copy of their
    items, because restoring an object's fields brings back these very list objects.
    (Invoices are never changed once issued: their list is saved, not each invoice.)"""
    lines, holds, shipments, returns = order.lines, order.holds, order.shipments, order.returns
    parts: list[Part] = [
        (order, _ORDER[0](order)),
        (lines, lines.copy()),
        (holds, holds.copy()),
        (shipments, shipments.copy()),
        (order.invoices, order.invoices.copy()),
        (returns, returns.copy()),
        (order.events, order.events.copy()),
    ]
    add = parts.append
    line_of, alloc_of = _LINE[0], _ALLOC[0]
    for line in lines:
        allocations = line.allocations
        add((line, line_of(line)))
        add((allocations, allocations.copy()))
        for a in allocations:
            add((a, alloc_of(a)))
    for h in holds:
        add((h, _HOLD[0](h)))
    for sh in shipments:
        add((sh, _SHIP[0](sh)))
    for r in returns:
        add((r, _RMA[0](r)))
        for rl in r.lines:
            add((rl, _RMA_LINE[0](rl)))
    return parts


def restore(parts: list[Part]) -> None:
    for obj, saved in parts:
        if type(obj) is list:
            obj[:] = saved
        else:
            for name, value in zip(_NAMES[type(obj)], saved, strict=True):
                setattr(obj, name, value)


def matches(o: Order, flt: OrderFilter) -> bool:
    """The databases' WHERE clause of the order list, on one order."""
    if flt.status and str(o.status) != flt.status:
        return False
    if flt.channel and o.channel != flt.channel:
        return False
    if flt.customer and o.customer.email != flt.customer.lower():
        return False
    if flt.created_from and o.created_at < flt.created_from:
        return False
    if flt.created_to and o.created_at >= flt.created_to:
        return False
    if flt.sku and all(ln.sku != flt.sku for ln in o.lines):
        return False
    if flt.q:
        return _text_matches(o, flt.q)
    return True


def _text_matches(o: Order, q: str) -> bool:
    # ILIKE '%q%' on the external id, e-mail and name, or the order number's digits.
    needle = q.lower()
    for value in (o.external_id, o.customer.email, o.customer.name):
        if value is not None and needle in value.lower():
            return True
    number = q.upper().removeprefix("OM")
    return number.isdigit() and o.id == int(number)


class FastOrders(OrderRepository):
    def __init__(self, store: FastStore, undo: Undo) -> None:
        self.s = store
        self.undo = undo
        self.staged: list[tuple[int, list]] = []
        self.seen: set[int] = set()

    def _index(self, order: Order, oid: int) -> None:
        # Index changes are logged for rollback only when an entry actually changes.
        s, undo = self.s, self.undo
        by_shipment, by_return = s.by_shipment, s.by_return
        for sh in order.shipments:
            if sh.id not in by_shipment:
                by_shipment[sh.id] = oid
                undo.append((by_shipment.pop, (sh.id, None)))
        for r in order.returns:
            if r.id not in by_return:
                by_return[r.id] = oid
                undo.append((by_return.pop, (r.id, None)))
        for line in order.lines:
            waiting = s.backordered.get(line.sku)
            if line.backordered:
                if waiting is None:
                    waiting = s.backordered[line.sku] = set()
                    undo.append((s.backordered.pop, (line.sku, None)))
                if oid not in waiting:
                    waiting.add(oid)
                    undo.append((waiting.discard, (oid,)))
            elif waiting and oid in waiting:
                waiting.discard(oid)
                undo.append((waiting.add, (oid,)))
        if order.events:
            self.staged.append((oid, order.events))
            order.events = []

    def add(self, order: Order) -> None:
        s = self.s
        if order.external_id is not None:
            key = (order.channel, order.external_id)
            existing = s.by_external.get(key)
            if existing is not None:  # the databases' unique (channel, external_id)
                raise Conflict(
                    f"channel {order.channel} already has order OM{existing:08d} with "
                    f"external_id {order.external_id!r}",
                    order_id=existing,
                )
        s.order_seq += 1  # like a sequence: not given back on rollback
        oid = order.id = s.order_seq
        s.orders[oid] = order
        if order.external_id is not None:
            s.by_external[(order.channel, order.external_id)] = oid
        self.undo.append((s.drop, (oid,)))  # drops the index entries too
        self._index(order, oid)

    def _loaded(self, oid: int, order: Order) -> Order:
        # Loaded orders are changed in place: keep an image to undo on rollback.
        if oid not in self.seen:
            self.seen.add(oid)
            self.undo.append((restore, (snapshot(order),)))
        return order

    def get(self, order_id: int) -> Order | None:
        order = self.s.orders.get(order_id)
        return None if order is None else self._loaded(order_id, order)

    def save(self, order: Order) -> None:
        oid = order.id
        if oid is None or self.s.orders.get(oid) is not order:
            raise StaleWrite(f"order {order.id} was changed by someone else; reload and retry")
        order.version += 1
        self._index(order, oid)

    def find_by_external_id(self, channel: str, external_id: str) -> Order | None:
        oid = self.s.by_external.get((channel, external_id))
        return None if oid is None else self.get(oid)

    def page(self, flt: OrderFilter, cursor: int | None, limit: int) -> list[Order]:
        out: list[Order] = []
        for oid in sorted(self.s.orders, reverse=True):
            if cursor is not None and oid >= cursor:
                continue
            o = self.s.orders[oid]
            if matches(o, flt):
                out.append(self._loaded(oid, o))
                if len(out) >= limit:
                    break
        return out

    def with_backorders(self, sku: str, limit: int) -> list[int]:
        # Oldest first, and the status (a pass over the order) read only until `limit` are
        # found: every returned unit asks this, and thousands of orders can wait on a SKU.
        orders = self.s.orders
        out: list[int] = []
        for oid in sorted(self.s.backordered.get(sku, ())):
            order = orders.get(oid)
            if order is not None and order.status not in _DONE:
                out.append(oid)
                if len(out) >= limit:
                    break
        return out

    def with_unreleased_at(self, node: str, sku: str | None, limit: int) -> list[int]:
        ids = [
            oid
            for oid, o in self.s.orders.items()
            if any(
                (sku is None or ln.sku == sku)
                and any(a.node == node and a.allocated for a in ln.allocations)
                for ln in o.lines
            )
        ]
        return sorted(ids, reverse=True)[:limit]

    def order_id_for_shipment(self, shipment_id: str) -> int | None:
        return self.s.by_shipment.get(shipment_id)

    def order_id_for_return(self, rma_id: str) -> int | None:
        return self.s.by_return.get(rma_id)

    def events(self, order_id: int) -> list[dict]:
        if not self.s.keep_events:
            raise RuntimeError("this store keeps no timelines (keep_events=False)")
        kept = list(self.s.events.get(order_id, []))
        kept += [e for oid, evs in self.staged if oid == order_id for e in evs]
        return [
            {
                "type": str(e.type),
                "actor": e.actor,
                "at": e.at,
                "reason": e.reason,
                "status_before": e.status_before,
                "status_after": e.status_after,
                "data": e.data,
            }
            for e in kept
        ]

    def active_holds(self, reason: str | None, limit: int) -> list[tuple[int, str]]:
        rows = [
            (h.placed_at, oid, h.id)
            for oid, o in self.s.orders.items()
            for h in o.active_holds
            if reason is None or h.reason == reason
        ]
        return [(oid, hid) for _, oid, hid in sorted(rows)[:limit]]

    def commit(self) -> None:
        self.seen.clear()
        s = self.s
        keep = s.events if s.keep_events else None
        for oid, evs in self.staged:
            if oid in s.orders:
                if keep is not None:
                    keep.setdefault(oid, []).extend(evs)
                else:
                    who = s.actors.get(oid)
                    if who is None:
                        who = s.actors[oid] = set()
                    who.update([e.actor for e in evs])
        self.staged.clear()

    def rollback(self) -> None:
        self.seen.clear()
        self.staged.clear()

"""The in-memory stores' answers to what ranking waiting orders reads: a pass over the
orders they hold (the twin's fast store holds only open and recently finished ones, so
there a customer's history is what it still holds)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import date

from ordermind.domain.orders import Order, OrderStatus
from ordermind.services.unit_of_work import CustomerHistory, PriorityReadRepository

_FAR = date.max


class MemoryPriorityReads(PriorityReadRepository):
    def __init__(self, orders: Callable[[], Iterable[Order]]) -> None:
        self.orders = orders

    def customer_history(self, emails: Collection[str]) -> dict[str, CustomerHistory]:
        wanted = set(emails)
        if not wanted:
            return {}
        counts: dict[str, list] = {}
        for o in self.orders():
            email = o.customer.email
            if email not in wanted:
                continue
            got = counts.setdefault(email, [0, 0, None, -1])
            if o.customer.segment and (o.id or 0) > got[3]:  # the latest order's segment
                got[2], got[3] = o.customer.segment, o.id or 0
            if not o.draft and o.status is not OrderStatus.CANCELLED:
                got[0] += 1
                got[1] += o.total
        return {e: CustomerHistory(n, spend, seg) for e, (n, spend, seg, _) in counts.items()}

    def waiting_at(self, node: str, limit: int) -> list[int]:
        found: list[tuple[date, int]] = []
        for o in self.orders():
            if o.draft or o.status is OrderStatus.ON_HOLD or o.id is None:  # (all are stored)
                continue
            if any(a.node == node and a.allocated for ln in o.lines for a in ln.allocations):
                found.append((o.promised_delivery_date or _FAR, o.id))
        found.sort()  # earliest promise first (none last), then the oldest (lowest id)
        return [oid for _, oid in found[:limit]]

    def released_lines_at(self, node: str) -> int:
        return sum(
            1
            for o in self.orders()
            for ln in o.lines
            for a in ln.allocations
            if a.node == node and a.released
        )

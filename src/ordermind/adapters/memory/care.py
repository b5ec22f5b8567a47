"""The order-care repository in memory, for both in-memory stores (`MemoryUnitOfWork` and
the twin's `FastUnitOfWork`). Writes are staged until the unit of work commits, so a
rolled-back one leaves nothing behind, as in the databases; an exception is "active" (its
cause taken) while it is open or dismissed with the cause still there, and only one active
exception per (order, cause) is let in, as the databases' unique key does."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ordermind.domain.events import Event, EventType
from ordermind.domain.orders import Order, OrderStatus
from ordermind.domain.returns import ReturnStatus
from ordermind.services.care_store import (
    LIVE_STATUSES,
    CareException,
    CareRepository,
    DelayRecord,
    ExceptionFilter,
    FixDecision,
    TimelineFacts,
)

_LIVE = frozenset(LIVE_STATUSES)


@dataclass
class CareState:
    """What is committed; lives on the store. `active` holds (order_id, cause) -> id of
    the exception that has taken the cause."""

    exceptions: dict[int, CareException] = field(default_factory=dict)
    active: dict[tuple[int, str], int] = field(default_factory=dict)
    seq: list[int] = field(default_factory=lambda: [0])
    scores: dict[int, DelayRecord] = field(default_factory=dict)
    decisions: list[FixDecision] = field(default_factory=list)
    substitutes: dict[str, list[str]] = field(default_factory=dict)


def _takes_cause(e: CareException) -> bool:
    return e.active


class _MemoryCareBase(CareRepository):
    def __init__(self, state: CareState) -> None:
        self.s = state
        self.exceptions: dict[int, CareException] = {}  # staged
        self.scores: dict[int, DelayRecord] = {}
        self.decisions_staged: list[FixDecision] = []
        self.subs: dict[str, list[str]] = {}
        self._rest: tuple[int, list[int]] | None = None  # see scan_candidates

    # -- orders: per store ---------------------------------------------------------------
    def _orders(self) -> Iterable[Order]:
        raise NotImplementedError

    def _order(self, order_id: int) -> Order | None:
        raise NotImplementedError

    def _events(self, order_id: int) -> list[tuple[str, datetime, dict]]:
        """(type, at, data) of the order's committed and staged events."""
        raise NotImplementedError

    def scan_candidates(self, after_id: int, limit: int) -> list[int]:
        # A scan pages on from the last id it was given: the rest of the list found on the
        # first page is handed out then, rather than a pass over every order per page.
        rest = self._rest
        if rest is not None and after_id and rest[0] == after_id:
            page, more = rest[1][:limit], rest[1][limit:]
            self._rest = (page[-1], more) if page else None
            return page
        taken = {oid for (oid, _) in self._active()}
        out = []
        for order in self._orders():
            oid = order.id
            if oid is None or oid <= after_id:
                continue
            status = str(order.status)
            if status in _LIVE or oid in taken or (
                    status == "delivered"
                    and any(r.status is ReturnStatus.RECEIVED for r in order.returns)):
                out.append(oid)
        out.sort()
        page = out[:limit]
        self._rest = (page[-1], out[limit:]) if page else None
        return page

    def load_orders(self, ids: Sequence[int]) -> list[Order]:
        return [o for o in (self._order(i) for i in ids) if o is not None]

    def timeline_facts(self, ids: Sequence[int]) -> dict[int, TimelineFacts]:
        out = {}
        for oid in ids:
            releases, scans = [], {}
            for type_, at, data in self._events(oid):
                if type_ == EventType.RELEASED:
                    releases += [(r["node"], at) for r in data.get("released", ())]
                elif type_ == EventType.SHIPMENT_SCANNED:
                    sid, when = data.get("shipment_id"), _when(data.get("at"), at)
                    if sid and (sid not in scans or when > scans[sid]):
                        scans[sid] = when
            if releases or scans:
                out[oid] = TimelineFacts(tuple(sorted(releases, key=lambda r: r[1])), scans)
        return out

    def backorder_queue(self) -> list[tuple[int, str, int]]:
        out = []
        for order in self._orders():
            if order.draft or order.status in (OrderStatus.CANCELLED, OrderStatus.CLOSED):
                continue
            out += [(order.id, ln.sku, ln.backordered) for ln in order.lines if ln.backordered]
        return sorted(out)  # type: ignore[arg-type]

    # -- exceptions ------------------------------------------------------------------------
    def _all(self) -> dict[int, CareException]:
        return {**self.s.exceptions, **self.exceptions}

    def _active(self) -> dict[tuple[int, str], int]:
        out = dict(self.s.active)
        for eid, e in self.exceptions.items():  # staged changes win
            key = (e.order_id, e.cause)
            if _takes_cause(e):
                out[key] = eid
            elif out.get(key) == eid:
                del out[key]
        return out

    def open_exceptions(self, order_ids: Iterable[int]) -> list[CareException]:
        wanted = set(order_ids)
        every = self._all()
        return [copy.deepcopy(every[eid]) for (oid, _), eid in sorted(self._active().items())
                if oid in wanted]

    def add_exception(self, exc: CareException) -> bool:
        if (exc.order_id, exc.cause) in self._active():
            return False
        self.s.seq[0] += 1
        exc.id = self.s.seq[0]
        exc.version = 0
        self.exceptions[exc.id] = copy.deepcopy(exc)
        return True

    def save_exception(self, exc: CareException) -> bool:
        stored = self._all().get(exc.id)  # type: ignore[arg-type]
        if stored is None or stored.version != exc.version:
            return False
        exc.version += 1
        self.exceptions[exc.id] = copy.deepcopy(exc)  # type: ignore[index]
        return True

    def get_exception(self, exception_id: int) -> CareException | None:
        found = self._all().get(exception_id)
        return copy.deepcopy(found) if found is not None else None

    def list_exceptions(self, flt: ExceptionFilter, cursor: int | None,
                        limit: int) -> list[CareException]:
        out = []
        for eid in sorted(self._all(), reverse=True):
            if cursor is not None and eid >= cursor:
                continue
            e = self._all()[eid]
            if (flt.status and e.status != flt.status) or (flt.type and e.type != flt.type) \
                    or (flt.severity and e.severity != flt.severity) \
                    or (flt.channel and e.channel != flt.channel) \
                    or (flt.order_id is not None and e.order_id != flt.order_id):
                continue
            out.append(copy.deepcopy(e))
            if len(out) >= limit:
                break
        return out

    def awaiting_auto(self, types: Sequence[str], after_id: int, limit: int,
                      evaluated_before: datetime | None = None) -> list[CareException]:
        out = []
        for eid, e in sorted(self._all().items()):
            if eid <= after_id or e.status != "open" or e.type not in types or e.applied:
                continue
            at = e.evaluated_at
            if at is None or at < e.updated_at or (evaluated_before and at < evaluated_before):
                out.append(copy.deepcopy(e))
                if len(out) >= limit:
                    break
        return out

    # -- delay scores ------------------------------------------------------------------------
    def delay_scores(self, order_ids: Iterable[int]) -> dict[int, DelayRecord]:
        every = {**self.s.scores, **self.scores}
        return {oid: every[oid] for oid in order_ids if oid in every}

    def put_delay_scores(self, records: Sequence[DelayRecord]) -> None:
        for r in records:
            self.scores[r.order_id] = r

    # -- decisions -------------------------------------------------------------------------
    def add_decisions(self, decisions: Sequence[FixDecision]) -> None:
        self.decisions_staged.extend(decisions)

    def decisions(self, limit: int, people_only: bool = False) -> list[FixDecision]:
        every = [d for d in self.s.decisions + self.decisions_staged
                 if not (people_only and d.auto)]
        return list(reversed(every))[:limit]

    # -- substitutes -----------------------------------------------------------------------
    def substitutes(self, skus: Iterable[str]) -> dict[str, list[str]]:
        every = {**self.s.substitutes, **self.subs}
        return {s: list(every[s]) for s in skus if every.get(s)}

    def set_substitutes(self, sku: str, substitutes: Sequence[str]) -> None:
        self.subs[sku] = list(substitutes)

    # -- unit of work --------------------------------------------------------------------
    def commit(self) -> None:
        s = self.s
        for eid, e in self.exceptions.items():
            key = (e.order_id, e.cause)
            s.exceptions[eid] = e
            if _takes_cause(e):
                s.active[key] = eid
            elif s.active.get(key) == eid:
                del s.active[key]
        s.scores.update(self.scores)
        s.decisions.extend(self.decisions_staged)
        s.substitutes.update(self.subs)
        self.rollback()

    def rollback(self) -> None:
        self.exceptions = {}
        self.scores = {}
        self.decisions_staged = []
        self.subs = {}


def _when(value: object, default: datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return default
    return default


class MemoryCare(_MemoryCareBase):
    """On `MemoryUnitOfWork`: orders and timelines through its order repository."""

    def __init__(self, state: CareState, orders) -> None:  # noqa: ANN001 - MemoryOrders
        super().__init__(state)
        self.orders = orders

    def _orders(self) -> Iterable[Order]:
        # Read-only passes over every order: the stored objects, not copies (the overlay
        # copies each value it hands out, which made each pass cost a deep copy per order).
        data = self.orders.data
        for key in data.keys():  # noqa: SIM118 - an Overlay, not a dict
            value = data.staged.get(key, data.committed.get(key))
            if isinstance(value, Order):
                yield value

    def _order(self, order_id: int) -> Order | None:
        return self.orders.get(order_id)

    def _events(self, order_id: int) -> list[tuple[str, datetime, dict]]:
        return [(e["type"], e["at"], e["data"]) for e in self.orders.events(order_id)]

    def append_events(self, order_id: int, events: Sequence[Event]) -> None:
        for ev in events:
            self.orders.staged_events.append((order_id, {
                "type": str(ev.type), "actor": ev.actor, "at": ev.at, "reason": ev.reason,
                "status_before": ev.status_before, "status_after": ev.status_after,
                "data": ev.data}))


class FastCare(_MemoryCareBase):
    """On the twin's `FastUnitOfWork`: the store's own objects, its timelines if kept."""

    def __init__(self, state: CareState, store, orders: Callable) -> None:  # noqa: ANN001
        super().__init__(state)
        self.store = store
        self.fast_orders = orders  # () -> FastOrders of the unit of work

    def _orders(self) -> Iterable[Order]:
        return list(self.store.orders.values())

    def _order(self, order_id: int) -> Order | None:
        # For reading (the scan): the stored object itself, no undo image taken.
        return self.store.orders.get(order_id)

    def _events(self, order_id: int) -> list[tuple[str, datetime, dict]]:
        if not self.store.keep_events:
            return []  # no timelines kept: no release or scan times
        staged = [e for oid, evs in self.fast_orders().staged if oid == order_id for e in evs]
        return [(str(e.type), e.at, e.data)
                for e in list(self.store.events.get(order_id, ())) + staged]

    def backorder_queue(self) -> list[tuple[int, str, int]]:
        orders = self.store.orders
        out = []
        for sku, ids in self.store.backordered.items():
            for oid in ids:
                o = orders.get(oid)
                if o is None or o.status in (OrderStatus.CANCELLED, OrderStatus.CLOSED):
                    continue
                qty = next((ln.backordered for ln in o.lines if ln.sku == sku), 0)
                if qty:
                    out.append((oid, sku, qty))
        return sorted(out)

    def append_events(self, order_id: int, events: Sequence[Event]) -> None:
        if events:
            self.fast_orders().staged.append((order_id, list(events)))

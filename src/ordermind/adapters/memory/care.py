"""The order-care repository of the in-memory store (`FastUnitOfWork`). Writes are
staged until the unit of work commits, so a rolled-back one leaves nothing behind, as in
the databases; an exception is "active" (its cause taken) while it is open or dismissed
with the cause still there, and only one active exception per (order, cause) is let in,
as the databases' unique key does.

Delay history: `order_record` maps an order as `adapters/db/care_repo.order_history` maps
the database's. The twin's store drops finished orders (`FastStore.forget`); it keeps each
one's record in `CareState.archive` first (`archive_order`), so the node queues, carrier
mixes and delivery conditions the care scan reads, and the history a delay model is trained
on, are the same as a database that keeps every order would give."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ordermind.care.delay_features import (
    Entry,
    Leg,
    NodeTimeline,
    OrderState,
    Outcome,
    queue_entries,
)
from ordermind.care.delay_history import delay_record
from ordermind.domain.events import Event, EventType
from ordermind.domain.orders import Order, OrderStatus
from ordermind.domain.returns import ReturnStatus
from ordermind.services.care_store import (
    LIVE_STATUSES,
    CareException,
    CareRepository,
    CarrierDelay,
    DelayRecord,
    ExceptionFilter,
    FixDecision,
    QueueLoads,
    TimelineFacts,
)

_LIVE = frozenset(LIVE_STATUSES)
ARCHIVE_DAYS = 400  # records of forgotten orders kept for delay history (a year and more)


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def _first(events: Iterable[tuple[str, datetime, dict]], kind: str) -> datetime | None:
    return next((_utc(at) for type_, at, _ in events if type_ == kind), None)


def order_record(
    order: Order,
    events: Sequence[tuple[str, datetime, dict]],
    products: Mapping,
    places: Mapping[str, tuple[float | None, float | None]],
) -> tuple[OrderState, Outcome]:
    """One order as delay history (state as placed, outcome), released and cancelled at
    the first such event of its timeline (`delay_record`)."""
    return delay_record(
        order,
        _first(events, EventType.RELEASED),
        _first(events, EventType.CANCELLED),
        products,
        places,
    )


def order_entries(order: Order, cancelled_at: datetime | None) -> list[Entry]:
    """The order's queue entries straight from the order (what `queue_entries` makes of its
    `order_record`, without building the record)."""
    ships = sorted(order.shipments, key=lambda s: _utc(s.shipped_at))
    first: dict[str, datetime] = {}
    for s in ships:
        first.setdefault(s.node, _utc(s.shipped_at))
    nodes = list(
        dict.fromkeys(
            [s.node for s in ships] + [a.node for ln in order.lines for a in ln.allocations]
        )
    )
    handoff = _utc(ships[0].shipped_at) if ships else None
    placed = _utc(order.created_at)
    out: list[Entry] = []
    for node in nodes or [None]:
        shipped = first.get(node) if node is not None else None
        shipped = shipped or handoff
        out.append((node, placed, shipped or cancelled_at, shipped is not None, None))
    return out


def _lite(order: Order) -> tuple[OrderState, Outcome]:
    """What the delivery conditions read of an order (no lines, products or distance)."""
    ships = sorted(order.shipments, key=lambda s: _utc(s.shipped_at))
    legs = (
        (
            Leg(
                node=ships[0].node,
                origin_region=ships[0].node,
                shipped_at=_utc(ships[0].shipped_at),
            ),
        )
        if ships
        else ()
    )
    to = order.ship_to
    key = str(order.id)
    arrived = [s.delivered_at for s in ships]
    return (
        OrderState(
            order_id=key,
            placed_at=_utc(order.created_at),
            promised_by=None,
            legs=legs,
            dest_region=to.region or to.city,
        ),
        Outcome(
            order_id=key,
            handed_off_at=legs[0].shipped_at if legs else None,
            delivered_at=_utc(max(arrived)) if arrived and None not in arrived else None,
        ),
    )


@dataclass
class CareState:
    """What is committed; lives on the store. `active` holds (order_id, cause) -> id of
    the exception that has taken the cause."""

    exceptions: dict[int, CareException] = field(default_factory=dict)
    active: dict[tuple[int, str], int] = field(default_factory=dict)
    seq: list[int] = field(default_factory=lambda: [0])
    scores: dict[int, DelayRecord] = field(default_factory=dict)
    decisions: list[FixDecision] = field(default_factory=list)
    people_decisions: list[int] = field(default_factory=lambda: [0])
    substitutes: dict[str, list[str]] = field(default_factory=dict)
    carrier_delays: dict[str, CarrierDelay] = field(default_factory=dict)
    # Forgotten orders (the twin's store drops finished ones): (state, outcome) as delay
    # history, and their queue entries, oldest placement first.
    archive: list[tuple[OrderState, Outcome]] = field(default_factory=list)
    archive_entries: list[Entry] = field(default_factory=list)

    def prune(self, now: datetime, days: float = ARCHIVE_DAYS) -> None:
        """Forget archived records placed more than `days` before `now`."""
        cut = now - timedelta(days=days)
        keep = [(st, o) for st, o in self.archive if st.placed_at >= cut]
        if len(keep) < len(self.archive):
            self.archive = keep
            self.archive_entries = [e for e in self.archive_entries if e[1] >= cut]


def _takes_cause(e: CareException) -> bool:
    return e.active


class _MemoryCareBase(CareRepository):
    def __init__(self, state: CareState) -> None:
        self.s = state
        self.exceptions: dict[int, CareException] = {}  # staged
        self.scores: dict[int, DelayRecord] = {}
        self.decisions_staged: list[FixDecision] = []
        self.subs: dict[str, list[str]] = {}
        self.delays: dict[str, CarrierDelay | None] = {}  # staged (None: cleared)
        self._rest: tuple[int, list[int]] | None = None  # see scan_candidates

    # -- orders: per store ---------------------------------------------------------------
    def _orders(self) -> Iterable[Order]:
        raise NotImplementedError

    def _order(self, order_id: int) -> Order | None:
        raise NotImplementedError

    def _events(self, order_id: int) -> list[tuple[str, datetime, dict]]:
        """(type, at, data) of the order's committed and staged events."""
        raise NotImplementedError

    def _products(self) -> Mapping:
        raise NotImplementedError

    def _places(self) -> dict[str, tuple[float | None, float | None]]:
        raise NotImplementedError

    # -- delay history -----------------------------------------------------------------
    def _cancelled_at(self, order: Order) -> datetime | None:
        if not any(ln.cancelled for ln in order.lines):
            return None  # nothing was ever cancelled: no cancellation event to look for
        return _first(self._events(order.stored_id), EventType.CANCELLED)

    def _live(self) -> list[Order]:
        return [o for o in self._orders() if not o.draft and o.id is not None]

    def history(self) -> tuple[list[OrderState], dict[str, Outcome]]:
        """Every order known (forgotten ones from the archive) as delay history: what
        `adapters/db/care_repo.order_history` reads from a database."""
        products, places = self._products(), self._places()
        pairs = list(self.s.archive) + [
            order_record(o, self._events(o.stored_id), products, places) for o in self._live()
        ]
        return [st for st, _ in pairs], {st.order_id: out for st, out in pairs}

    def queue_loads(self, now: datetime, nodes: Iterable[str]) -> QueueLoads:
        entries = list(self.s.archive_entries)
        for o in self._live():
            entries += order_entries(o, self._cancelled_at(o))
        timeline = NodeTimeline(entries)
        return QueueLoads({n: timeline.node(n, now) for n in nodes}, timeline.network(now))

    def carrier_mix(self, since: datetime, until: datetime) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}

        def count(node: str | None, carrier: str | None, at: datetime | None) -> None:
            # (a leg with no node is a placeholder: no carrier, never shipped)
            if node is not None and carrier and at is not None and since <= _utc(at) < until:
                per = out.setdefault(node, {})
                per[carrier] = per.get(carrier, 0) + 1

        for st, _ in self.s.archive:
            if st.placed_at >= since - timedelta(days=60):  # parcels of older orders: gone
                for leg in st.legs:
                    count(leg.node, leg.carrier, leg.shipped_at)
        for o in self._live():
            for s in o.shipments:
                count(s.node, s.carrier, s.shipped_at)
        return out

    def delivery_history(self, since: datetime) -> tuple[list[OrderState], dict[str, Outcome]]:
        pairs = [p for p in self.s.archive if p[0].placed_at >= since]
        pairs += [_lite(o) for o in self._live() if _utc(o.created_at) >= since]
        return [st for st, _ in pairs], {st.order_id: out for st, out in pairs}

    # -- announced carrier delays ------------------------------------------------------------
    def _delays(self) -> dict[str, CarrierDelay]:
        out = dict(self.s.carrier_delays)
        for code, d in self.delays.items():
            if d is None:
                out.pop(code, None)
            else:
                out[code] = d
        return out

    def carrier_delays(self, carrier: str | None = None) -> list[CarrierDelay]:
        every = self._delays()
        return [every[c] for c in sorted(every) if carrier is None or c == carrier]

    def put_carrier_delay(self, delay: CarrierDelay) -> None:
        self.delays[delay.carrier] = delay

    def delete_carrier_delay(self, carrier: str) -> bool:
        had = carrier in self._delays()
        self.delays[carrier] = None
        return had

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
            if (
                status in _LIVE
                or oid in taken
                or (
                    status == "delivered"
                    and any(r.status is ReturnStatus.RECEIVED for r in order.returns)
                )
            ):
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
            releases: list[tuple[str, datetime]] = []
            scans: dict[str, datetime] = {}
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
        out: list[tuple[int, str, int]] = []
        for order in self._orders():
            if order.draft or order.status in (OrderStatus.CANCELLED, OrderStatus.CLOSED):
                continue
            oid = order.stored_id
            out += [(oid, ln.sku, ln.backordered) for ln in order.lines if ln.backordered]
        return sorted(out)

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
        return [
            copy.deepcopy(every[eid])
            for (oid, _), eid in sorted(self._active().items())
            if oid in wanted
        ]

    def add_exception(self, exc: CareException) -> bool:
        if (exc.order_id, exc.cause) in self._active():
            return False
        self.s.seq[0] += 1
        exc.id = self.s.seq[0]
        exc.version = 0
        self.exceptions[exc.id] = copy.deepcopy(exc)
        return True

    def save_exception(self, exc: CareException) -> bool:
        eid = exc.id
        stored = None if eid is None else self._all().get(eid)
        if eid is None or stored is None or stored.version != exc.version:
            return False
        exc.version += 1
        self.exceptions[eid] = copy.deepcopy(exc)
        return True

    def get_exception(self, exception_id: int) -> CareException | None:
        found = self._all().get(exception_id)
        return copy.deepcopy(found) if found is not None else None

    def list_exceptions(
        self, flt: ExceptionFilter, cursor: int | None, limit: int
    ) -> list[CareException]:
        out = []
        for eid in sorted(self._all(), reverse=True):
            if cursor is not None and eid >= cursor:
                continue
            e = self._all()[eid]
            if (
                (flt.status and e.status != flt.status)
                or (flt.type and e.type != flt.type)
                or (flt.severity and e.severity != flt.severity)
                or (flt.channel and e.channel != flt.channel)
                or (flt.order_id is not None and e.order_id != flt.order_id)
            ):
                continue
            out.append(copy.deepcopy(e))
            if len(out) >= limit:
                break
        return out

    def awaiting_auto(
        self,
        types: Sequence[str],
        after_id: int,
        limit: int,
        evaluated_before: datetime | None = None,
    ) -> list[CareException]:
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
        every = [
            d for d in self.s.decisions + self.decisions_staged if not (people_only and d.auto)
        ]
        return list(reversed(every))[:limit]

    def decision_stamp(self) -> tuple:
        staged = sum(1 for d in self.decisions_staged if not d.auto)
        return (id(self.s), self.s.people_decisions[0] + staged)

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
        s.people_decisions[0] += sum(1 for d in self.decisions_staged if not d.auto)
        s.substitutes.update(self.subs)
        s.carrier_delays = self._delays()
        self.rollback()

    def rollback(self) -> None:
        self.exceptions = {}
        self.scores = {}
        self.decisions_staged = []
        self.subs = {}
        self.delays = {}


def _when(value: object, default: datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return default
    return default


class FastCare(_MemoryCareBase):
    """On the twin's `FastUnitOfWork`: the store's own objects, its timelines if kept."""

    def __init__(self, state: CareState, store, orders: Callable) -> None:
        super().__init__(state)
        self.store = store
        self.fast_orders = orders  # () -> FastOrders of the unit of work

    def _orders(self) -> Iterable[Order]:
        return list(self.store.orders.values())

    def _order(self, order_id: int) -> Order | None:
        # For reading (the scan): the stored object itself, no undo image taken.
        return self.store.orders.get(order_id)

    def _products(self) -> Mapping:
        return self.store.products

    def _places(self) -> dict[str, tuple[float | None, float | None]]:
        return {code: (n.lat, n.lon) for code, n in self.store.nodes.items()}

    def _live(self) -> list[Order]:
        return [o for o in self.store.orders.values() if not o.draft]

    def _events(self, order_id: int) -> list[tuple[str, datetime, dict]]:
        if not self.store.keep_events:
            return []  # no timelines kept: no release or scan times
        staged = [e for oid, evs in self.fast_orders().staged if oid == order_id for e in evs]
        return [
            (str(e.type), e.at, e.data) for e in list(self.store.events.get(order_id, ())) + staged
        ]

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


def archive_order(store, order: Order) -> None:
    """Keep a finished order's delay-history record before the store forgets it (only
    where timelines are kept: order care runs)."""
    if order.draft or order.id is None:
        return
    events = [(str(e.type), e.at, e.data) for e in store.events.get(order.id, ())]
    places = {code: (n.lat, n.lon) for code, n in store.nodes.items()}
    state, outcome = order_record(order, events, store.products, places)
    care = store.care
    care.archive.append((state, outcome))
    care.archive_entries.extend(queue_entries([state], {state.order_id: outcome}))
    if len(care.archive) % 5000 == 0:
        care.prune(state.placed_at)

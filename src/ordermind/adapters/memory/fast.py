"""A copy-free, indexed in-memory store for the digital twin's fast mode.

`MemoryUnitOfWork` deep-copies every value in and out so that callers never alias stored
state; that costs milliseconds per order once the store holds thousands of them. The twin
simulates a million orders, so `FastUnitOfWork` hands out the stored objects themselves and
keeps indexes (stock by SKU, orders by shipment, return, external id and back-ordered SKU).

Rollback: inserts, index entries and every stock change are undone from an undo log; an
order loaded in the unit of work is put back from a shallow image of its parts taken on
first load (`fast_orders.snapshot`). Single-threaded, for the twin; the API never uses it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.events import Event, EventType
from ordermind.domain.fences import RingFence, usable
from ordermind.domain.network import InboundSupply, InventoryPosition, Node
from ordermind.domain.orders import Order
from ordermind.services.notifications import item_from_event
from ordermind.services.unit_of_work import (
    AbstractUnitOfWork,
    ChannelRepository,
    InventoryRepository,
    NodeRepository,
    OrderFilter,
    ProductRepository,
    StoredResponse,
    SupplyRepository,
)

from .care import CareState, FastCare, archive_order
from .fast_orders import FastOrders
from .notifications import MemoryNotifications, NotifyState
from .priority_reads import MemoryPriorityReads
from .velocity import MemoryVelocity


@dataclass
class FastStore:
    products: dict[str, Product] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    node_load: dict[tuple[str, date], int] = field(default_factory=dict)  # lines taken
    channels: dict[str, Channel] = field(default_factory=dict)
    stock: dict[str, dict[str, InventoryPosition]] = field(default_factory=dict)  # sku->node
    supply: dict[int, InboundSupply] = field(default_factory=dict)
    orders: dict[int, Order] = field(default_factory=dict)
    events: dict[int, list] = field(default_factory=dict)  # order id -> [Event]
    by_shipment: dict[str, int] = field(default_factory=dict)
    by_return: dict[str, int] = field(default_factory=dict)
    by_external: dict[tuple[str, str], int] = field(default_factory=dict)
    backordered: dict[str, set[int]] = field(default_factory=dict)  # sku -> order ids
    idempotency: dict[tuple[str, str], StoredResponse] = field(default_factory=dict)
    movements: list = field(default_factory=list)
    keep_movements: bool = True
    # Without the timelines only who acted on each order is kept (what the KPIs read):
    # a simulated year would otherwise hold and free millions of event records.
    keep_events: bool = True
    actors: dict[int, set[str]] = field(default_factory=dict)  # order id -> actors
    order_seq: int = 0
    supply_seq: int = 0
    sorted_views: dict[str, tuple] = field(default_factory=dict)  # see `_Listed`
    velocity: list = field(default_factory=list)
    # Customer notifications. Milestones reach the outbox from the timeline only when
    # timelines are kept (keep_events); `services.notifications.enqueue` works either way.
    notify: NotifyState = field(default_factory=NotifyState)
    care: CareState = field(default_factory=CareState)  # exceptions, delay scores, ...

    def actors_of(self, order_id: int) -> set[str]:
        """Everyone who acted on the order (from its timeline, or as kept without it)."""
        if self.keep_events:
            return {e.actor for e in self.events.get(order_id, ())}
        return self.actors.get(order_id, set())

    def forget(self, order_id: int) -> Order | None:
        """Drop a finished order and its indexes (the twin archives it as KPI facts; with
        timelines kept, order care keeps its delay-history record)."""
        if self.keep_events and order_id in self.orders:
            archive_order(self, self.orders[order_id])
        order = self.orders.pop(order_id, None)
        self.events.pop(order_id, None)
        self.actors.pop(order_id, None)
        if order is not None:
            for s in order.shipments:
                self.by_shipment.pop(s.id, None)
            for r in order.returns:
                self.by_return.pop(r.id, None)
            if order.external_id is not None:
                self.by_external.pop((order.channel, order.external_id), None)
            for line in order.lines:
                waiting = self.backordered.get(line.sku)
                if waiting:
                    waiting.discard(order_id)
        return order


class FastProducts(ProductRepository):
    def __init__(self, store: FastStore) -> None:
        self.d = store.products

    def get(self, sku: str) -> Product | None:
        return self.d.get(sku)

    def get_many(self, skus: Iterable[str]) -> dict[str, Product]:
        d = self.d
        return {s: d[s] for s in skus if s in d}

    def upsert(self, product: Product) -> None:
        self.d[product.sku] = replace(product)

    def list(self, after: str | None, limit: int) -> list[Product]:
        skus = sorted(k for k in self.d if after is None or k > after)
        return [self.d[s] for s in skus[:limit]]


class _Listed:
    """`all()` in code order, sorted once per change and kept on the store (every order
    reads the network and the channels' fences); callers get a fresh list each time."""

    def __init__(self, store: FastStore, d: dict, name: str) -> None:
        self.store = store
        self.d = d
        self.name = name

    def get(self, code: str):  # noqa: ANN201
        return self.d.get(code)

    def all(self) -> list:
        got = self.store.sorted_views.get(self.name)
        if got is None:
            got = self.store.sorted_views[self.name] = tuple(self.d[k] for k in sorted(self.d))
        return list(got)

    def upsert(self, value) -> None:  # noqa: ANN001
        self.d[value.code] = replace(value)
        self.store.sorted_views.pop(self.name, None)


class FastNodes(_Listed, NodeRepository):
    def __init__(self, store: FastStore, undo: list) -> None:
        super().__init__(store, store.nodes, "nodes")
        self.load = store.node_load
        self.undo = undo

    def lines_taken(self, days: dict[str, date]) -> dict[str, int]:
        load = self.load
        return {code: n for code, day in days.items() if (n := load.get((code, day)))}

    def load_on(self, days: Collection[date]) -> dict[tuple[str, date], int]:
        wanted = set(days)
        return {key: n for key, n in self.load.items() if key[1] in wanted and n}

    def take_lines(self, taken: Iterable[tuple[str, date, int]]) -> None:
        load, undo = self.load, self.undo
        for node, day, lines in taken:
            key = (node, day)
            old = load.get(key)
            load[key] = (old or 0) + lines
            undo.append((load.pop, (key,)) if old is None else (load.__setitem__, (key, old)))


class FastChannels(_Listed, ChannelRepository):
    def __init__(self, store: FastStore) -> None:
        super().__init__(store, store.channels, "channels")


class FastInventory(InventoryRepository):
    def __init__(self, store: FastStore, undo: list) -> None:
        self.store = store
        self.stock = store.stock
        self.undo = undo

    def _pos(self, node: str, sku: str, create: bool = False) -> InventoryPosition | None:
        at = self.stock.get(sku)
        pos = at.get(node) if at else None
        if pos is None and create:
            pos = InventoryPosition(node=node, sku=sku)
            self.stock.setdefault(sku, {})[node] = pos
            self.undo.append((self._drop, (node, sku)))
        return pos

    def _drop(self, node: str, sku: str) -> None:
        self.stock[sku].pop(node, None)

    def _save(self, pos: InventoryPosition) -> None:
        self.undo.append((_restore, (pos, pos.on_hand, pos.reserved, pos.safety_stock)))

    def get(self, node: str, sku: str) -> InventoryPosition | None:
        return self._pos(node, sku)

    def list(self, sku: str | None = None, node: str | None = None) -> list[InventoryPosition]:
        rows = [
            p
            for s, at in self.stock.items()
            if sku is None or s == sku
            for p in at.values()
            if node is None or p.node == node
        ]
        return sorted(rows, key=lambda p: (p.sku, p.node))

    def set(self, node: str, sku: str, on_hand: int, safety_stock: int) -> InventoryPosition:
        pos = self._pos(node, sku, create=True)
        self._save(pos)  # type: ignore[arg-type]
        pos.on_hand, pos.safety_stock = on_hand, safety_stock  # type: ignore[union-attr]
        return pos  # type: ignore[return-value]

    def adjust(self, node: str, sku: str, delta: int) -> InventoryPosition | None:
        pos = self._pos(node, sku)
        if pos is None:
            if delta < 0:
                return None
            pos = self._pos(node, sku, create=True)
        if pos.on_hand + delta < 0:  # type: ignore[union-attr]
            return None
        self._save(pos)  # type: ignore[arg-type]
        pos.on_hand += delta  # type: ignore[union-attr]
        return pos

    def try_reserve(self, node: str, sku: str, qty: int,
                    fences: Sequence[RingFence] = ()) -> bool:
        pos = self._pos(node, sku)
        if pos is None:
            return False
        free = pos.on_hand - pos.reserved - pos.safety_stock
        if (usable(free, fences) if fences else free) < qty:
            return False
        self._save(pos)
        pos.reserved += qty
        return True

    def unreserve(self, node: str, sku: str, qty: int) -> None:
        pos = self._pos(node, sku)
        assert pos is not None and pos.reserved >= qty, "unreserve more than reserved"
        self._save(pos)
        pos.reserved -= qty

    def consume(self, node: str, sku: str, qty: int) -> None:
        pos = self._pos(node, sku)
        assert pos is not None and pos.reserved >= qty and pos.on_hand >= qty
        self._save(pos)
        pos.reserved -= qty
        pos.on_hand -= qty

    def available(self, skus: Iterable[str]) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        stock = self.stock
        for sku in skus:
            at = stock.get(sku)
            if not at:
                continue
            free = {}
            for n, p in at.items():
                q = p.on_hand - p.reserved - p.safety_stock
                if q > 0:
                    free[n] = q
            if free:
                out[sku] = free
        return out

    def record_movement(self, node: str, sku: str, delta: int, reason: str, actor: str) -> None:
        if self.store.keep_movements:
            self.store.movements.append((node, sku, delta, reason, actor))


def _restore(pos: InventoryPosition, on_hand: int, reserved: int, safety: int) -> None:
    pos.on_hand, pos.reserved, pos.safety_stock = on_hand, reserved, safety


class FastSupply(SupplyRepository):
    def __init__(self, store: FastStore, undo: list) -> None:
        self.store = store
        self.d = store.supply
        self.undo = undo

    def add(self, supply: InboundSupply) -> InboundSupply:
        self.store.supply_seq += 1
        supply = replace(supply, id=self.store.supply_seq)
        self.d[supply.id] = supply  # type: ignore[index]
        self.undo.append((self.d.pop, (supply.id,)))
        return supply

    def list(self, sku: str | None = None, open_only: bool = True) -> list[InboundSupply]:
        return [
            s
            for s in self.d.values()
            if (sku is None or s.sku == sku) and not (open_only and s.received)
        ]

    def get(self, supply_id: int) -> InboundSupply | None:
        return self.d.get(supply_id)

    def mark_received(self, supply_id: int) -> None:
        s = self.d.get(supply_id)
        if s is not None:
            s.received = True
            self.undo.append((setattr, (s, "received", False)))


class FastIdempotency:
    """Keys kept for the contract's sake; the twin places orders without them."""

    def __init__(self, store: FastStore) -> None:
        self.d = store.idempotency

    def claim(self, scope: str, key: str, request_hash: str) -> StoredResponse | None:
        found = self.d.get((scope, key))
        if found is not None:
            return found
        self.d[(scope, key)] = StoredResponse(request_hash, 0, {})
        return None

    def store(self, scope: str, key: str, status_code: int, body: dict) -> None:
        old = self.d.get((scope, key))
        self.d[(scope, key)] = StoredResponse(old.request_hash if old else "", status_code, body)


class FastUnitOfWork(AbstractUnitOfWork):
    """One transaction on a FastStore. An instance may be entered again once it has been
    left (the twin reuses one: building the repositories for every use case was a
    measurable share of a simulated order), never while it is open."""

    def __init__(self, store: FastStore) -> None:
        self.store = store
        self.undo: list = []
        self.active = False
        self.products = FastProducts(store)
        self.nodes = FastNodes(store, self.undo)
        self.channels = FastChannels(store)
        self.inventory = FastInventory(store, self.undo)
        self.supply = FastSupply(store, self.undo)
        self.orders = FastOrders(store, self.undo)
        self.idempotency = FastIdempotency(store)  # type: ignore[assignment]
        self.velocity = MemoryVelocity(store.velocity)
        self.priority = MemoryPriorityReads(store.orders.values)
        self.care = FastCare(store.care, store, lambda: self.orders)
        self.notifications = MemoryNotifications(store.notify, self._record, self._channels_of,
                                                 self._outbox_items)
        self._events_seen = 0

    def _outbox_items(self) -> list:
        """What the databases' trigger on order_events does, for the events staged since
        the last look (only when the store keeps timelines)."""
        staged = self.orders.staged
        if not self.store.keep_events or len(staged) == self._events_seen:
            return []
        new, self._events_seen = staged[self._events_seen:], len(staged)
        return [item for oid, evs in new for e in evs
                if (item := item_from_event(oid, e.type, e.actor, e.data, e.at)) is not None]

    def _record(self, order_id, type_, actor, at, data, reason) -> None:  # noqa: ANN001
        self.orders.staged.append((order_id, [Event(EventType(type_), actor, at, data, reason)]))

    def _channels_of(self, email: str) -> set[str]:
        return {o.channel for o in self.store.orders.values() if o.customer.email == email}

    def __enter__(self) -> FastUnitOfWork:
        if self.active:
            raise RuntimeError("this unit of work is already open; nested use would share it")
        self.active = True
        self.undo.clear()
        return self

    def __exit__(self, *args: object) -> None:
        try:
            self.rollback()
        finally:
            self.active = False

    def commit(self) -> None:
        self.notifications.commit()  # before the orders' events are taken from staging
        self._events_seen = 0
        self.orders.commit()
        self.velocity.commit()
        self.care.commit()
        self.undo.clear()

    def rollback(self) -> None:
        undo = self.undo
        if undo:
            for fn, args in reversed(undo):
                fn(*args)
            undo.clear()
        self.orders.rollback()
        self.velocity.rollback()
        self.care.rollback()
        self.notifications.rollback()
        self._events_seen = 0


__all__ = ["FastStore", "FastUnitOfWork", "OrderFilter"]

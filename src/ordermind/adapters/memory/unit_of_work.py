from __future__ import annotations

from dataclasses import dataclass, field

from ordermind.services.notifications import item_from_event
from ordermind.services.unit_of_work import AbstractUnitOfWork

from .care import CareState, MemoryCare
from .notifications import MemoryNotifications, NotifyState
from .overlay import Overlay
from .priority_reads import MemoryPriorityReads
from .repositories import (
    MemoryChannels,
    MemoryIdempotency,
    MemoryInventory,
    MemoryNodes,
    MemoryOrders,
    MemoryProducts,
    MemorySupply,
)
from .velocity import MemoryVelocity


@dataclass
class MemoryStore:
    """Everything committed so far; shared by the units of work made from it."""

    products: dict = field(default_factory=dict)
    nodes: dict = field(default_factory=dict)
    node_load: dict = field(default_factory=dict)
    channels: dict = field(default_factory=dict)
    inventory: dict = field(default_factory=dict)
    supply: dict = field(default_factory=dict)
    orders: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    idempotency: dict = field(default_factory=dict)
    movements: list = field(default_factory=list)
    order_seq: list = field(default_factory=lambda: [0])
    velocity: list = field(default_factory=list)
    notify: NotifyState = field(default_factory=NotifyState)
    care: CareState = field(default_factory=CareState)  # exceptions, delay scores, ...


class MemoryUnitOfWork(AbstractUnitOfWork):
    def __init__(self, store: MemoryStore | None = None) -> None:
        self.store = store or MemoryStore()
        self.committed = False
        self._layers: list[Overlay] = []

    def _layer(self, data: dict) -> Overlay:
        layer = Overlay(data)
        self._layers.append(layer)
        return layer

    def __enter__(self) -> MemoryUnitOfWork:
        s = self.store
        self._layers = []
        self.products = MemoryProducts(self._layer(s.products))
        self.nodes = MemoryNodes(self._layer(s.nodes), self._layer(s.node_load))
        self.channels = MemoryChannels(self._layer(s.channels))
        self.inventory = MemoryInventory(self._layer(s.inventory), s.movements)
        self.supply = MemorySupply(self._layer(s.supply))
        self.orders = MemoryOrders(self._layer(s.orders), s.events, s.order_seq)
        self.idempotency = MemoryIdempotency(self._layer(s.idempotency))
        self.velocity = MemoryVelocity(s.velocity)
        self.priority = MemoryPriorityReads(self.orders.data.values)
        self.notifications = MemoryNotifications(s.notify, self._record, self._channels_of,
                                                 self._outbox_items)
        self._events_seen = 0
        self.care = MemoryCare(s.care, self.orders, lambda: s.products, s.nodes.values)
        return self

    def _outbox_items(self) -> list:
        """What the databases' trigger on order_events does: the milestones among the
        events staged since the last look, as outbox items."""
        staged = self.orders.staged_events
        new, self._events_seen = staged[self._events_seen:], len(staged)
        return [item for oid, ev in new if (item := item_from_event(
            oid, ev["type"], ev["actor"], ev["data"], ev["at"])) is not None]

    def _record(self, order_id, type_, actor, at, data, reason) -> None:  # noqa: ANN001
        self.orders.staged_events.append((order_id, {
            "type": type_, "actor": actor, "at": at, "reason": reason,
            "status_before": None, "status_after": None, "data": data}))

    def _channels_of(self, email: str) -> set[str]:
        return {o.channel for o in self.store.orders.values() if o.customer.email == email}

    def commit(self) -> None:
        for layer in self._layers:
            layer.commit()
        self.notifications.commit()  # before the orders' events are taken from staging
        self.orders.commit()
        self.velocity.commit()
        self._events_seen = 0
        self.care.commit()
        self.committed = True

    def rollback(self) -> None:
        for layer in self._layers:
            layer.rollback()
        if hasattr(self, "orders"):
            self.orders.staged_events.clear()
            self.velocity.rollback()
            self.care.rollback()
            self.notifications.rollback()
            self._events_seen = 0

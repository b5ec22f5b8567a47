from __future__ import annotations

from dataclasses import dataclass, field

from ordermind.services.unit_of_work import AbstractUnitOfWork

from .overlay import Overlay
from .repositories import (
    MemoryChannels,
    MemoryIdempotency,
    MemoryInventory,
    MemoryNodes,
    MemoryOrders,
    MemoryProducts,
    MemorySupply,
)


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
        return self

    def commit(self) -> None:
        for layer in self._layers:
            layer.commit()
        self.orders.commit()
        self.committed = True

    def rollback(self) -> None:
        for layer in self._layers:
            layer.rollback()
        if hasattr(self, "orders"):
            self.orders.staged_events.clear()

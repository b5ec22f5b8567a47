"""The in-memory unit of work: service tests without a database, and the digital twin,
which simulates a million orders and so must not copy them.

It hands out the stored objects themselves (`store.py` holds them, with the indexes the
twin reads) and every write logs its undo: inserts, index entries, stock, products, nodes,
channels, supply, idempotency keys; an order loaded in the unit of work is put back from a
shallow image of its parts taken on first load (`fast_orders.snapshot`). Events, velocity
records, notifications and order care are staged until commit. So a unit of work left
without commit leaves nothing behind, and the conflicts are the databases' (the contract
suite, tests/integration/contract, runs the same tests on all three). Single-threaded:
the API never uses it.
"""

from __future__ import annotations

from ordermind.domain.events import Event, EventType
from ordermind.services.notifications import item_from_event
from ordermind.services.ports import IntakeRepository, MonitoringRepository, PlanningRepository
from ordermind.services.unit_of_work import AbstractUnitOfWork, OrderFilter

from .audit import MemoryAudit
from .care import FastCare
from .experiments import MemoryExperiments
from .fast_catalog import FastChannels, FastNodes, FastProducts, Undo
from .fast_orders import FastOrders
from .fast_stock import FastIdempotency, FastInventory, FastSupply
from .notifications import MemoryNotifications
from .priority_reads import MemoryPriorityReads
from .store import FastStore
from .tax_rates import MemoryTaxRates
from .velocity import MemoryVelocity


class FastUnitOfWork(AbstractUnitOfWork):
    """One transaction on a FastStore. An instance may be entered again once it has been
    left (the twin reuses one: building the repositories for every use case was a
    measurable share of a simulated order), never while it is open."""

    # The memory repositories themselves: commit and rollback reach past their ports.
    products: FastProducts
    nodes: FastNodes
    channels: FastChannels
    inventory: FastInventory
    supply: FastSupply
    orders: FastOrders
    idempotency: FastIdempotency
    velocity: MemoryVelocity
    priority: MemoryPriorityReads
    care: FastCare
    notifications: MemoryNotifications
    audit: MemoryAudit
    tax_rates: MemoryTaxRates
    experiments: MemoryExperiments
    # Not implemented in memory: intake, planning and monitoring (`services.ports`). They
    # are declared with their ports' types but never set, so reading one here raises
    # AttributeError: documents, forecasts, proposals and alerts need a database (a review
    # decision on this store is applied to the order but not recorded; `services.reviews`
    # checks for the attribute).
    intake: IntakeRepository
    planning: PlanningRepository
    monitoring: MonitoringRepository

    def __init__(self, store: FastStore) -> None:
        self.store = store
        self.undo: Undo = []
        self.active = False
        self.products = FastProducts(store, self.undo)
        self.nodes = FastNodes(store, self.undo)
        self.channels = FastChannels(store, self.undo)
        self.inventory = FastInventory(store, self.undo)
        self.supply = FastSupply(store, self.undo)
        self.orders = FastOrders(store, self.undo)
        self.idempotency = FastIdempotency(store, self.undo)
        self.velocity = MemoryVelocity(store.velocity)
        self.priority = MemoryPriorityReads(store.orders.values)
        self.care = FastCare(store.care, store, lambda: self.orders)
        self.notifications = MemoryNotifications(
            store.notify, self._record, self._channels_of, self._outbox_items
        )
        self.audit = MemoryAudit(store.audit, self.undo)
        self.tax_rates = MemoryTaxRates(store.tax_rates, self.undo)
        self.experiments = MemoryExperiments(
            store.experiments, self.undo, store.orders.get, lambda: self.orders.staged
        )
        self._events_seen = 0

    def _outbox_items(self) -> list:
        """What the databases' trigger on order_events does, for the events staged since
        the last look (only when the store keeps timelines)."""
        staged = self.orders.staged
        if not self.store.keep_events or len(staged) == self._events_seen:
            return []
        new, self._events_seen = staged[self._events_seen :], len(staged)
        return [
            item
            for oid, evs in new
            for e in evs
            if (item := item_from_event(oid, e.type, e.actor, e.data, e.at)) is not None
        ]

    def _record(self, order_id, type_, actor, at, data, reason) -> None:
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
        self.experiments.commit()  # likewise: the assignments come from the staged events
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

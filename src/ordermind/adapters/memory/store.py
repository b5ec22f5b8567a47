"""What the in-memory store holds: the committed state every `FastUnitOfWork` made on it
shares, with the indexes the twin reads on every order (stock by SKU, orders by shipment,
return, external id and back-ordered SKU). The repositories change it in place and log
how to undo each change; see `fast.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ordermind.domain.catalog import Product, TaxClass
from ordermind.domain.channels import Channel
from ordermind.domain.network import InboundSupply, InventoryPosition, Node
from ordermind.domain.orders import Order
from ordermind.services.audit import AuditEntry
from ordermind.services.unit_of_work import StoredResponse

from .care import CareState, archive_order
from .experiments import ExperimentState
from .notifications import NotifyState


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
    sorted_views: dict[str, tuple] = field(default_factory=dict)  # see `fast_catalog`
    velocity: list = field(default_factory=list)
    # Customer notifications. Milestones reach the outbox from the timeline only when
    # timelines are kept (keep_events); `services.notifications.enqueue` works either way.
    notify: NotifyState = field(default_factory=NotifyState)
    care: CareState = field(default_factory=CareState)  # exceptions, delay scores, ...
    audit: list[AuditEntry] = field(default_factory=list)  # configuration changes
    # tax rates: country (or "*", the defaults) -> tax class -> basis points
    tax_rates: dict[str, dict[TaxClass, int]] = field(default_factory=dict)
    experiments: ExperimentState = field(default_factory=ExperimentState)  # live pilots

    @property
    def inventory(self) -> dict[tuple[str, str], InventoryPosition]:
        """(node, sku) -> position, keyed as the databases' inventory table (a view)."""
        return {(node, sku): p for sku, at in self.stock.items() for node, p in at.items()}

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
        return self.drop(order_id)

    def drop(self, order_id: int) -> Order | None:
        """Remove an order and its indexes, archiving nothing (undoing its insert)."""
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

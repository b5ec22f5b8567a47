"""The ports the services need: repositories and a unit of work that rolls back unless
committed. `adapters/db` implements them on SQLAlchemy, `adapters/memory` in memory,
except the few in `services.ports` that only the databases implement."""

from __future__ import annotations

import abc
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.fences import RingFence
from ordermind.domain.network import InboundSupply, InventoryPosition, Node
from ordermind.domain.orders import Order
from ordermind.domain.tax import Rates, TaxRateTable
from ordermind.notifications.store import NotificationRepository
from ordermind.services.assistant_store import AssistantRepository
from ordermind.services.audit import AuditRepository
from ordermind.services.care_store import CareRepository
from ordermind.services.experiment_store import ExperimentRepository
from ordermind.services.ports import IntakeRepository, MonitoringRepository, PlanningRepository
from ordermind.services.privacy import PrivacyRepository


@dataclass(frozen=True)
class OrderFilter:
    status: str | None = None
    channel: str | None = None
    sku: str | None = None
    customer: str | None = None
    q: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


@dataclass(frozen=True)
class StoredResponse:
    request_hash: str
    status_code: int
    body: dict


class ProductRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, sku: str) -> Product | None: ...
    @abc.abstractmethod
    def get_many(self, skus: Iterable[str]) -> dict[str, Product]: ...
    @abc.abstractmethod
    def upsert(self, product: Product) -> None: ...
    @abc.abstractmethod
    def sku_of_gtin(self, gtin: str) -> str | None:
        """The SKU that carries this GTIN, if any (a GTIN names one product)."""

    @abc.abstractmethod
    def page(self, after: str | None, limit: int) -> list[Product]:
        """Products by SKU, the `limit` after the SKU `after` (from the first when None)."""


class NodeRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, code: str) -> Node | None: ...
    @abc.abstractmethod
    def all(self) -> list[Node]: ...
    @abc.abstractmethod
    def upsert(self, node: Node) -> None: ...
    @abc.abstractmethod
    def lines_taken(self, days: dict[str, date]) -> dict[str, int]:
        """Order lines each node has taken on a day (node code -> that node's local date);
        nodes that took none are left out."""

    @abc.abstractmethod
    def load_on(self, days: Collection[date]) -> dict[tuple[str, date], int]:
        """(node, day) -> order lines the node took that day, for the days given (a node's
        day is its own calendar day); pairs with none left out."""

    @abc.abstractmethod
    def take_lines(self, taken: Iterable[tuple[str, date, int]]) -> None:
        """Add (node, local date, lines) to what each node has taken that day, when the
        unit of work commits (never if it rolls back). The database adds it just after
        the commit, outside the order's transaction: orders placed at the same moment
        may each see the count before the others' lines, so a node can end its day a
        few lines over capacity, never a backlog over it."""


class ChannelRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, code: str) -> Channel | None: ...
    @abc.abstractmethod
    def all(self) -> list[Channel]: ...
    @abc.abstractmethod
    def upsert(self, channel: Channel) -> None: ...


class TaxRateRepository(abc.ABC):
    """Tax rates by ship-to country (`DEFAULT_ROW` for the defaults) and tax class."""

    DEFAULT_ROW = "*"

    @abc.abstractmethod
    def table(self, country: str | None = None) -> TaxRateTable:
        """The stored rates: the defaults (built-in ones for classes none is stored for)
        and every country's own, or only `country`'s when given."""

    @abc.abstractmethod
    def replace(self, country: str, rates: Rates, actor: str) -> None:
        """Make `rates` the country's own (or, with DEFAULT_ROW, the defaults'), dropping
        the classes it does not list."""


class InventoryRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, node: str, sku: str) -> InventoryPosition | None: ...
    @abc.abstractmethod
    def find(self, sku: str | None = None, node: str | None = None) -> list[InventoryPosition]:
        """Positions of one SKU, one node, both or (neither given) all, by SKU then node."""

    @abc.abstractmethod
    def set(self, node: str, sku: str, on_hand: int, safety_stock: int) -> InventoryPosition:
        """Set counted stock. Refuses (returns None-free error) if on_hand < reserved."""

    @abc.abstractmethod
    def adjust(self, node: str, sku: str, delta: int) -> InventoryPosition | None:
        """Atomically add delta to on_hand unless that takes it below 0 or below reserved;
        None when refused."""

    @abc.abstractmethod
    def try_reserve(self, node: str, sku: str, qty: int, fences: Sequence[RingFence] = ()) -> bool:
        """Atomically reserve qty only if available (on_hand - reserved - safety_stock),
        less what `fences` (those kept for other channels at this node and SKU) keep back,
        covers it."""

    @abc.abstractmethod
    def unreserve(self, node: str, sku: str, qty: int) -> None: ...
    @abc.abstractmethod
    def consume(self, node: str, sku: str, qty: int) -> None:
        """Units leave the node: on_hand and reserved both drop."""

    @abc.abstractmethod
    def available(self, skus: Iterable[str]) -> dict[str, dict[str, int]]:
        """sku -> node -> available units, only positive ones."""

    @abc.abstractmethod
    def record_movement(self, node: str, sku: str, delta: int, reason: str, actor: str) -> None: ...


class SupplyRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, supply: InboundSupply) -> InboundSupply: ...
    @abc.abstractmethod
    def find(self, sku: str | None = None, open_only: bool = True) -> list[InboundSupply]:
        """Inbound supply of one SKU or (None) all, soonest first; only what is not yet
        received unless open_only is False."""

    @abc.abstractmethod
    def get(self, supply_id: int) -> InboundSupply | None: ...
    @abc.abstractmethod
    def mark_received(self, supply_id: int) -> None: ...


class OrderRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, order: Order) -> None:
        """Insert a new order with its lines, allocations and pending events; sets order.id."""

    @abc.abstractmethod
    def get(self, order_id: int) -> Order | None: ...
    @abc.abstractmethod
    def save(self, order: Order) -> None:
        """Write back a loaded order; raises Conflict if someone else saved it meanwhile."""

    def lock(self, order_id: int) -> None:  # noqa: B027 - a no-op unless a store needs it
        """Keep others from saving the order until this unit of work ends; a use case that
        changes many orders locks each before reading it, instead of redoing all of them
        whenever one was saved by someone else meanwhile. (A store whose writers run one
        at a time has nothing to do.)"""

    @abc.abstractmethod
    def find_by_external_id(self, channel: str, external_id: str) -> Order | None: ...
    @abc.abstractmethod
    def page(self, flt: OrderFilter, cursor: int | None, limit: int) -> list[Order]:
        """Orders matching flt, newest first: the `limit` with ids below `cursor` (from
        the newest when None)."""

    @abc.abstractmethod
    def with_backorders(self, sku: str, limit: int) -> list[int]:
        """Ids of orders with back-ordered units of sku, oldest first."""

    @abc.abstractmethod
    def with_unreleased_at(self, node: str, sku: str | None, limit: int) -> list[int]:
        """Ids of orders holding allocated (unreleased) units at node, newest first."""

    @abc.abstractmethod
    def order_id_for_shipment(self, shipment_id: str) -> int | None: ...
    @abc.abstractmethod
    def order_id_for_return(self, rma_id: str) -> int | None: ...
    @abc.abstractmethod
    def events(self, order_id: int) -> list[dict]: ...
    @abc.abstractmethod
    def active_holds(self, reason: str | None, limit: int) -> list[tuple[int, str]]:
        """(order_id, hold_id) of active holds, oldest first: the review queue."""


@dataclass(frozen=True)
class CustomerHistory:
    orders: int  # placed and not cancelled
    spend: int  # their totals, minor units
    segment: str | None = None  # as the customer record has it


class PriorityReadRepository(abc.ABC):
    """What ranking waiting orders reads (`services.priority`)."""

    @abc.abstractmethod
    def customer_history(self, emails: Collection[str]) -> dict[str, CustomerHistory]:
        """e-mail -> the customer's orders and spend (non-draft, not cancelled) and
        segment; customers the store does not know left out."""

    @abc.abstractmethod
    def waiting_at(self, node: str, limit: int) -> list[int]:
        """Ids of orders not on hold with allocated (unreleased) units at node, earliest
        promise first (none last), then oldest: the candidates of a release wave."""

    @abc.abstractmethod
    def released_lines_at(self, node: str) -> int:
        """Order lines released to node and not yet shipped: the work on its floor."""


class IdempotencyRepository(abc.ABC):
    @abc.abstractmethod
    def claim(self, scope: str, key: str, request_hash: str) -> StoredResponse | None:
        """Claim the key for this request. Returns the stored response when the key was
        used before (the caller then answers with it), None when this request owns it."""

    @abc.abstractmethod
    def store(self, scope: str, key: str, status_code: int, body: dict) -> None: ...


@dataclass(frozen=True, slots=True)
class VelocityRecord:
    """One identity of one order, as the fraud screen's velocity windows count it."""

    kind: str  # customer | email | device | ip | card | address
    key: str
    at: float  # epoch seconds of the order
    value: int  # order total, minor units
    peer: str  # the linked identity (the card of an e-mail, the buyer of a device...)


class VelocityRepository(abc.ABC):
    """The orders every identity placed lately, shared by every worker and host."""

    @abc.abstractmethod
    def recent(self, identities: Mapping[str, str], since: datetime) -> list[VelocityRecord]:
        """Records of these (kind -> key) identities at or after `since`."""

    @abc.abstractmethod
    def lock(self, identities: Mapping[str, str]) -> None:
        """Hold these identities until the unit of work ends, so two orders of one buyer
        placed at the same moment are screened one after the other, each seeing the
        other's record (a no-op where writers are serialised anyway)."""

    @abc.abstractmethod
    def record(self, order_id: int, records: Iterable[VelocityRecord]) -> None: ...

    @abc.abstractmethod
    def prune(self, before: datetime) -> int:
        """Forget records older than `before`; how many were dropped."""


@dataclass(frozen=True)
class PlacementQuery:
    """What placing an order reads before it decides anything."""

    skus: frozenset[str]
    days: frozenset[date]  # every node's possible local date now (UTC date +/- 1)
    identities: tuple[tuple[str, str], ...] = ()  # (kind, key) for the velocity windows
    since: datetime | None = None  # the oldest velocity record that can count


@dataclass(frozen=True)
class PlacementReads:
    products: dict[str, Product]
    stock: dict[str, dict[str, int]]  # sku -> node -> free units (positive only)
    load: dict[tuple[str, date], int]  # (node, day) -> lines taken
    velocity: list[VelocityRecord] = field(default_factory=list)

    def lines_taken(self, days: Mapping[str, date]) -> dict[str, int]:
        """Lines each node took on its own day (nodes that took none left out)."""
        return {code: n for code, day in days.items() if (n := self.load.get((code, day)))}


class AbstractUnitOfWork(abc.ABC):
    products: ProductRepository
    nodes: NodeRepository
    channels: ChannelRepository
    inventory: InventoryRepository
    supply: SupplyRepository
    orders: OrderRepository
    idempotency: IdempotencyRepository
    velocity: VelocityRepository
    notifications: NotificationRepository  # customer notifications: outbox, messages
    priority: PriorityReadRepository  # customer history and release-wave candidates
    care: CareRepository  # order care: exceptions, delay scores, fix decisions
    audit: AuditRepository  # who changed which configuration (`services.audit`)
    tax_rates: TaxRateRepository  # tax by ship-to country and tax class (`services.tax`)
    experiments: ExperimentRepository  # live experiments and their orders' groups
    # The ports only the databases implement (`services.ports`):
    intake: IntakeRepository  # received documents, buyer cross-reference, review decisions
    planning: PlanningRepository  # demand history, forecasts, replenishment proposals
    monitoring: MonitoringRepository  # the placed-order stream and its alerts
    privacy: PrivacyRepository  # a customer's rows: erasure, export; retention purges
    assistant: AssistantRepository  # conversations, agents and cases (the agent desk)

    def __enter__(self) -> AbstractUnitOfWork:
        return self

    def placement_reads(self, query: PlacementQuery) -> PlacementReads:
        """Everything placing an order reads, at once. This composes the repositories; a
        store can answer it in one round trip instead (PostgreSQL does)."""
        velocity = []
        if query.identities and query.since is not None:
            self.velocity.lock(dict(query.identities))
            velocity = self.velocity.recent(dict(query.identities), query.since)
        return PlacementReads(
            products=self.products.get_many(query.skus),
            stock=self.inventory.available(query.skus),
            load=self.nodes.load_on(query.days),
            velocity=velocity,
        )

    def __exit__(self, *args: object) -> None:
        self.rollback()

    @abc.abstractmethod
    def commit(self) -> None: ...

    @abc.abstractmethod
    def rollback(self) -> None: ...

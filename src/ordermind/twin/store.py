"""Where a simulation runs: the twin is given its store, it does not build one.

A `TwinStore` is a unit-of-work factory (every use case of the run goes through it) and,
depending on the kind of store, what the simulation reads beside it:

- memory mode: the in-memory store itself (`MemoryStore`), read directly where a unit of
  work would keep a rollback image for nothing, and from which finished orders are dropped
  once they are KPI facts, so memory stays flat over a simulated year;
- database mode: the store's own KPI facts, read when the run is over; the whole history
  stays in the database.

The simulation, `run_scenario`, `compare` and the demo take a `StoreFor`: what makes the
store for a scenario (a memory store keeps the timelines only when order care runs), so
each run, and each seed of a comparison, gets a fresh one. The adapters make them:
`adapters/memory/twin_store.in_memory` (a module-level function, so that it pickles by name
to the worker processes of a parallel comparison) and `adapters/db/twin_store.on_database`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ordermind.domain.catalog import Product
from ordermind.domain.network import InventoryPosition
from ordermind.domain.orders import Order
from ordermind.services.unit_of_work import AbstractUnitOfWork

if TYPE_CHECKING:
    import pandas as pd

    from .scenario import Scenario


class MemoryStore(Protocol):
    """The committed state of an in-memory store, as the simulation reads it."""

    orders: dict[int, Order]
    products: dict[str, Product]
    stock: dict[str, dict[str, InventoryPosition]]  # sku -> node -> position

    def actors_of(self, order_id: int) -> set[str]:
        """Everyone who acted on the order."""
        ...

    def forget(self, order_id: int) -> Order | None:
        """Drop a finished order (and its indexes) from the store."""
        ...


@dataclass(frozen=True)
class TwinStore:
    uow: Callable[[], AbstractUnitOfWork]
    memory: MemoryStore | None = None  # memory mode
    facts: Callable[[], pd.DataFrame] | None = None  # database mode: the store's KPI facts

    def __post_init__(self) -> None:
        if (self.memory is None) == (self.facts is None):
            raise ValueError("a twin store is either in memory or has its KPI facts")


StoreFor = Callable[["Scenario"], TwinStore]

"""A store for the order-care services on each back end: the in-memory store with a new
unit of work per use case, and as the twin uses it (one unit of work entered again and
again), SQLite and PostgreSQL (real migrations); with a snapshot of everything it holds,
to prove that an evaluation rolled back leaves nothing behind."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import orjson
import pytest
from sqlalchemy import Engine, select

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.tables import metadata
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.adapters.memory import FastStore, FastUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer
from ordermind.services import inventory as inv
from ordermind.services import ordering
from ordermind.services.commands import OrderLineInput, PlaceOrder

LONDON = Address("Ann Buyer", "1 High St", "London", "EC1A 1AA", "GB", lat=51.52, lon=-0.10)
PLACES = {"LDN": (51.5, -0.12), "LDN2": (51.5, -0.12), "MAN": (53.48, -2.24), "EDI": (55.95, -3.19)}


@dataclass
class CareStore:
    kind: str
    factory: Callable
    snapshot: Callable[[], object]
    engine: Engine | None = None

    def commit(self, use_case, *args, **kw):
        with self.factory() as uow:
            out = use_case(uow, *args, **kw)
            uow.commit()
        return out

    def read(self, fn):
        with self.factory() as uow:
            return fn(uow)

    def seed(
        self, stock: dict[tuple[str, str], int], nodes=("LDN", "MAN", "EDI"), weight_g: int = 500
    ) -> None:
        def seed(uow) -> None:
            for code in nodes:
                lat, lon = PLACES[code]
                inv.upsert_node(uow, Node(code=code, name=code, lat=lat, lon=lon))
            for sku in sorted({s for _, s in stock}):
                inv.upsert_product(uow, Product(sku=sku, name=sku, price=1000, weight_g=weight_g))
            for (node, sku), qty in stock.items():
                inv.set_stock(uow, node, sku, qty, 0, "test")

        self.commit(seed)

    def place(self, *lines: tuple[str, int], email: str = "ann@example.com"):
        cmd = PlaceOrder(
            channel="web",
            currency="EUR",
            customer=Customer(email, "Ann"),
            ship_to=LONDON,
            lines=[OrderLineInput(s, q) for s, q in lines],
        )
        return self.commit(ordering.place_order, cmd, "test")

    def set_active(self, code: str, active: bool) -> None:
        def change(uow) -> None:
            node = uow.nodes.get(code)
            node.active = active
            uow.nodes.upsert(node)

        self.commit(change)


def _sql_snapshot(engine: Engine) -> dict:
    """Every row of every table, in key order (JSON in a canonical form)."""
    out = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            keys = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(select(table).order_by(*keys)).all()
            out[table.name] = [
                tuple(
                    orjson.dumps(v, option=orjson.OPT_SORT_KEYS, default=str)
                    if isinstance(v, dict | list)
                    else v
                    for v in r
                )
                for r in rows
            ]
    return out


@pytest.fixture(params=["memory", "fast", "sqlite", "postgresql"])
def care_store(request: pytest.FixtureRequest):
    kind = request.param
    if kind in ("memory", "fast"):
        fast = FastStore()

        def fast_snapshot() -> dict:
            state = {k: v for k, v in vars(fast).items() if k != "sorted_views"}  # a cache
            return copy.deepcopy(state)

        if kind == "memory":  # a new unit of work per use case, as on the databases
            yield CareStore(kind, lambda: FastUnitOfWork(fast), fast_snapshot)
            return
        uow = FastUnitOfWork(fast)  # the twin's way: one unit of work, entered again
        yield CareStore(kind, lambda: uow, fast_snapshot)
        return
    url = request.getfixturevalue("migrated_url")(kind)
    engine = make_engine(url)
    yield CareStore(kind, lambda: SqlUnitOfWork(engine), lambda: _sql_snapshot(engine), engine)
    engine.dispose()

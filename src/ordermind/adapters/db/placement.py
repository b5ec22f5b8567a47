"""The unit of work for placing an order: read everything first, decide in Python, then
write in one short step.

On PostgreSQL that is two round trips in the common case: one statement reads the
products, free stock, the nodes' load, the buyer's velocity records, the network's
configuration version, any answer stored for the Idempotency-Key and the next order id;
one call of the `om_place_order` function (migration 0011) then reserves every line
(conditionally, in the global lock order), inserts the order with its lines,
allocations, holds, events, customer, velocity records and node load, and stores the
idempotency answer, atomically, in autocommit (no BEGIN/COMMIT round trips). Row locks
are held only while that one statement runs, so orders for the same hot SKU no longer
queue behind each other's network round trips.

On SQLite the reads run in a read transaction (no writer lock) and the writes in one
`BEGIN IMMEDIATE` transaction opened when the order is added, so the writer lock is
held for the inserts only, not for the planning.

The reads are optimistic: if stock was taken, the key claimed by a concurrent twin, or
the buyer's velocity records moved between the read and the write, the write changes
nothing and raises `TryAgain`; the caller (`retry.with_retries`) then runs the whole
placement again from fresh reads. Orders under ring fences (whose reservation depends
on the free units at that instant) take the SQLite-style write transaction on
PostgreSQL too.

Only what `services.ordering.place_order` does is supported; anything else raises."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import cache
from types import SimpleNamespace
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, TextClause, select, text
from sqlalchemy.dialects.postgresql import psycopg as postgresql_psycopg
from sqlalchemy.exc import DBAPIError

from ordermind.domain.errors import Conflict
from ordermind.domain.fences import RingFence, usable
from ordermind.domain.network import InventoryPosition
from ordermind.domain.orders import Order
from ordermind.services.unit_of_work import (
    IdempotencyRepository,
    InventoryRepository,
    OrderFilter,
    OrderRepository,
    PlacementQuery,
    PlacementReads,
    StoredResponse,
    VelocityRecord,
    VelocityRepository,
)

from . import hot_statements as hot
from . import tables as t
from .catalog_repos import _product
from .order_rows import (
    allocation_rows,
    customer_row,
    event_rows,
    header_row,
    hold_rows,
    line_rows,
)
from .retry import TryAgain, sqlstate
from .unit_of_work import SqlUnitOfWork
from .velocity_repo import identity_lock_keys, records_of

_STOCK_TAKEN, _EXTERNAL_ID_TAKEN, _VELOCITY_MOVED = "OM001", "OM002", "OM003"
# The node load rows an order adds to are chosen at random among these (see migration 0011).
LOAD_SHARDS = 8

_READ_PG = text("""
SELECT
  (SELECT coalesce(json_agg(p), '[]'::json) FROM products p WHERE p.sku = ANY(:skus))
    AS products,
  (SELECT coalesce(json_agg(json_build_array(i.sku, i.node,
                                             i.on_hand - i.reserved - i.safety_stock)),
                   '[]'::json)
     FROM inventory i
    WHERE i.sku = ANY(:skus) AND i.on_hand - i.reserved - i.safety_stock > 0) AS stock,
  (SELECT coalesce(json_agg(json_build_array(l.node, l.day, l.lines)), '[]'::json)
     FROM (SELECT node, day, sum(lines) AS lines FROM node_daily_load
            WHERE day = ANY(:days) GROUP BY node, day) l WHERE l.lines > 0) AS load,
  (SELECT coalesce(json_agg(json_build_array(v.kind, v.key, extract(epoch FROM v.at),
                                             v.value, v.peer)), '[]'::json)
     FROM unnest(CAST(:kinds AS text[]), CAST(:keys AS text[])) AS w(kind, key)
     -- one index range per identity (kind, key, at), whatever the table's size
     CROSS JOIN LATERAL (SELECT * FROM velocity_events e
                          WHERE e.kind = w.kind AND e.key = w.key AND e.at >= :since) v
  ) AS velocity,
  (SELECT version FROM config_versions WHERE name = 'network') AS network,
  (SELECT version FROM config_versions WHERE name = 'keys') AS keys,
  (SELECT json_build_array(k.request_hash, k.status_code, k.response)
     FROM idempotency_keys k WHERE k.scope = :scope AND k.key = :key) AS replay,
  nextval(pg_get_serial_sequence('orders', 'id')) AS order_id
""")

_WRITE_PG = text("SELECT om_place_order(CAST(:p AS jsonb))")


@cache
def _driver_sql(statement: TextClause) -> str:
    """The statement as the driver takes it (`%(name)s` parameters), rendered once."""
    return str(statement.compile(dialect=postgresql_psycopg.dialect()))


def _driver_row(conn: Connection, statement: TextClause, params: dict[str, Any]) -> Any:
    """The one row `statement` answers, executed on the connection's driver cursor.

    The two statements of every order return one row of a few values: what SQLAlchemy's
    execute adds around the driver (compiled-cache look-up, execution context, result
    metadata built from the cursor's description, row objects) was a sixth of a worker's
    CPU per order. `Connection._cursor_execute` is SQLAlchemy's own path for such
    statements (its sequences and defaults use it): the connection's events still see
    the statement, and a driver error is reported, and a dropped connection invalidated,
    exactly as `execute` would."""
    if conn.dispatch.before_cursor_execute or conn.dispatch.after_cursor_execute:
        # someone watches statements with their execution context (tracing's SQL spans
        # keep theirs on it, and this path has none): SQLAlchemy's whole execute
        return conn.execute(statement, params).one()
    sql = _driver_sql(statement)
    cursor = conn.connection.cursor()
    try:
        conn._cursor_execute(cursor, sql, params)
        try:
            return cursor.fetchone()
        except Exception as exc:  # (the driver's error, reported as SQLAlchemy reports it)
            conn._handle_dbapi_exception(exc, sql, params, cursor, None)
            raise  # not reached: the handler raises
    finally:
        cursor.close()


_ik = t.idempotency_keys


def _json(value: object) -> Any:
    """A json column or aggregate, decoded (a driver may hand it back already decoded):
    whatever shape the statement built."""
    return orjson.loads(value) if isinstance(value, str | bytes) else value


class KeysChanged(Exception):
    """The API keys changed since the caller's key was cached: verify it afresh."""


class KeysCheck:
    """The `keys` version an API key was verified at (auth.KeyVerifier's cache), confirmed
    by the placement's own first read instead of a round trip of its own: the read
    returns the version beside everything else, and a version that moved (a key created,
    revoked, expired or deleted anywhere) raises `KeysChanged` before anything was
    decided or written, so the caller verifies the key afresh and starts again. Nothing
    is written while the version is unconfirmed (`commit` refuses)."""

    def __init__(self, version: int) -> None:
        self.version = version
        self.confirmed = False

    def settle(self, read: int | None) -> None:
        if read != self.version:
            raise KeysChanged(f"the keys moved from version {self.version} to {read}")
        self.confirmed = True


class PlacementUnitOfWork(SqlUnitOfWork):
    """See the module docstring. `query` is what the placement will read; with it, the
    Idempotency-Key look-up rides on the same round trip as everything else."""

    def __init__(
        self,
        engine: Engine,
        query: PlacementQuery | None = None,
        keys: KeysCheck | None = None,
    ) -> None:
        super().__init__(engine)
        self.query = query
        self.keys = keys  # confirmed by the PostgreSQL read (SQLite: never, see KeysCheck)
        self.pg = self.pg_engine(engine)
        self.reads: PlacementReads | None = None
        self.replay: StoredResponse | None = None
        self.order_id: int | None = None  # preallocated (PostgreSQL)
        self.key: tuple[str, str, str] | None = None  # (scope, key, request hash) claimed
        self.response: tuple[int, dict] | None = None
        self.reservations: list[tuple[str, str, int, tuple[RingFence, ...]]] = []
        self.order: Order | None = None
        self.velocity_records: list[VelocityRecord] = []
        self.writing = False  # a write transaction is open (SQLite; fenced on PostgreSQL)

    @staticmethod
    def pg_engine(engine: Engine) -> bool:
        return engine.dialect.name == "postgresql"

    # -- the unit of work ----------------------------------------------------------
    def __enter__(self) -> PlacementUnitOfWork:
        conn = self.engine.connect()
        if self.pg:
            # Each statement is its own transaction: no BEGIN/COMMIT round trips.
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        else:
            conn = conn.execution_options(ordermind_readonly=True)
            conn.begin()  # a read transaction: one snapshot, no writer lock
        self._repositories(conn)
        self.sql_inventory, self.sql_orders = self.inventory, self.orders
        self.sql_idempotency, self.sql_velocity = self.idempotency, self.velocity
        self.inventory = _Inventory(self)
        self.orders = _Orders(self)
        self.idempotency = _Idempotency(self)
        self.velocity = _Velocity(self)
        return self

    def __exit__(self, *args: object) -> None:
        self.nodes.pending.clear()  # counted only with a committed order
        super().__exit__(*args)

    def commit(self) -> None:
        conn = self.conn
        assert conn is not None
        if self.keys is not None and not self.keys.confirmed:
            raise KeysChanged("the API key was not confirmed before the order was written")
        if self.writing:
            self._take_lines_in_transaction()
            conn.commit()
            self.writing = False
        elif self.order is not None:
            self._write_in_one_statement()
        self.nodes.pending.clear()

    def rollback(self) -> None:
        super().rollback()
        self.writing = False

    # -- reads ---------------------------------------------------------------------
    def placement_reads(self, query: PlacementQuery) -> PlacementReads:
        if self.reads is None or query != self.query:
            self.query = query
            self._read(None)
        assert self.reads is not None
        return self.reads

    def _read(self, key: tuple[str, str] | None) -> None:
        q = self.query
        assert q is not None, "give the placement query when the key is claimed first"
        if self.pg:
            self._read_pg(q, key)
        else:
            self._read_sqlite(q, key)

    def _read_pg(self, q: PlacementQuery, key: tuple[str, str] | None) -> None:
        assert self.conn is not None
        ids = list(q.identities)
        products, stock_rows, load, velocity, network, keys, replay, order_id = _driver_row(
            self.conn,
            _READ_PG,
            {
                "skus": sorted(q.skus),
                "days": sorted(q.days),
                "kinds": [k for k, _ in ids],
                "keys": [v[:255] for _, v in ids],
                "since": q.since or datetime.max.replace(tzinfo=None),
                "scope": key[0] if key else None,
                "key": key[1] if key else None,
            },
        )
        if self.keys is not None:
            self.keys.settle(keys)  # before anything is decided on the key's word
        self.versions.seen(network)
        self.order_id = order_id
        stock: dict[str, dict[str, int]] = {}
        for sku, node, free in _json(stock_rows):
            stock.setdefault(sku, {})[node] = free
        self.reads = PlacementReads(
            products={p["sku"]: _product(SimpleNamespace(**p)) for p in _json(products)},
            stock=stock,
            load={(n, date.fromisoformat(d)): lines for n, d, lines in _json(load)},
            velocity=[
                VelocityRecord(k, v, float(at), value, peer)
                for k, v, at, value, peer in _json(velocity)
            ],
        )
        if replay is not None:
            h, status, body = _json(replay)
            self.replay = StoredResponse(h, status, _json(body))

    def _read_sqlite(self, q: PlacementQuery, key: tuple[str, str] | None) -> None:
        velocity = []
        if q.identities and q.since is not None:
            velocity = self.sql_velocity.recent(dict(q.identities), q.since)
        self.reads = PlacementReads(
            products=self.products.get_many(q.skus),
            stock=self.sql_inventory.available(q.skus),
            load=self.nodes.load_on(q.days),
            velocity=velocity,
        )
        if key is not None:
            self.replay = self._stored(*key)

    def _stored(self, scope: str, key: str) -> StoredResponse | None:
        assert self.conn is not None
        row = self.conn.execute(
            select(_ik.c.request_hash, _ik.c.status_code, _ik.c.response).where(
                _ik.c.scope == scope, _ik.c.key == key
            )
        ).first()
        return None if row is None else StoredResponse(*row)

    # -- writes --------------------------------------------------------------------
    def free(self, node: str, sku: str) -> int:
        """Free units by the read, less what this placement has planned to take."""
        assert self.reads is not None
        taken = sum(q for n, s, q, _ in self.reservations if n == node and s == sku)
        return self.reads.stock.get(sku, {}).get(node, 0) - taken

    def add_order(self, order: Order) -> None:
        if self.order is not None:
            raise TypeError("a placement unit of work places one order")
        self.order = order
        if self.pg and not any(f for *_, f in self.reservations):
            if self.order_id is None:
                assert self.conn is not None
                self.order_id = self.conn.execute(
                    text("SELECT nextval(pg_get_serial_sequence('orders', 'id'))")
                ).scalar_one()
            order.id = self.order_id
            return  # written at commit, in one statement
        self._open_write_transaction()
        self.sql_orders.add(order)

    def _open_write_transaction(self) -> None:
        """Claim the key, check the velocity read, reserve (all conditional, in the global
        lock order) in a short write transaction that stays open until commit."""
        conn = self.conn
        assert conn is not None
        if self.pg:
            if conn.in_transaction():
                conn.commit()  # SQLAlchemy's marker of the autocommit reads; sends nothing
            conn.execution_options(isolation_level=conn.default_isolation_level)
        else:
            conn.rollback()  # end the read transaction; BEGIN IMMEDIATE takes the writer lock
            conn.execution_options(ordermind_readonly=False)
        conn.begin()
        self.writing = True
        if self.key is not None:
            scope, key, digest = self.key
            if self.sql_idempotency.claim(scope, key, digest) is not None:
                raise TryAgain("the Idempotency-Key was claimed by a concurrent request")
        self._check_velocity()
        for node, sku, qty, fences in sorted(self.reservations, key=lambda r: (r[0], r[1])):
            if not self.sql_inventory.try_reserve(node, sku, qty, fences):
                raise TryAgain(f"stock of {sku} at {node} was taken")

    def _check_velocity(self) -> None:
        q, reads = self.query, self.reads
        if q is None or reads is None or not q.identities or q.since is None:
            return
        identities = dict(q.identities)
        self.sql_velocity.lock(identities)
        if len(self.sql_velocity.recent(identities, q.since)) != len(reads.velocity):
            raise TryAgain("the buyer placed another order meanwhile")

    def _take_lines_in_transaction(self) -> None:
        pending = sorted(self.nodes.pending.items())
        rows = [{"node": n, "day": d, "lines": k} for (n, d), k in pending]
        self.nodes.pending.clear()
        if rows:
            assert self.conn is not None
            self.conn.execute(hot.take_lines(self.conn), rows)

    def _write_in_one_statement(self) -> None:
        order = self.order
        assert order is not None and self.conn is not None
        assert order.id is not None  # preallocated when the order was added
        q = self.query
        payload: dict = {
            "reserve": sorted([n, s, qty] for n, s, qty, _ in self.reservations),
            "order": {**header_row(order), "id": order.id, "version": order.version},
            "lines": line_rows(order),
            "allocs": allocation_rows(order),
            "holds": hold_rows(order),
            "events": event_rows(order),
            "customer": customer_row(order),
            "velocity": records_of(order.id, self.velocity_records),
            "load": [[n, d, k] for (n, d), k in sorted(self.nodes.pending.items())],
            "shard": random.randrange(LOAD_SHARDS),
        }
        if self.key is not None:
            scope, key, digest = self.key
            status, body = self.response or (0, {})
            payload["idem"] = {
                "scope": scope,
                "key": key,
                "request_hash": digest,
                "status_code": status,
                "response": body,
                "created_at": order.created_at,
            }
        if q is not None and q.identities and q.since is not None and self.reads is not None:
            keys = identity_lock_keys(dict(q.identities))
            payload["vcheck"] = {
                "locks": keys,
                "kinds": [k for k, _ in q.identities],
                "keys": [v[:255] for _, v in q.identities],
                "since": q.since,
                "seen": len(self.reads.velocity),
            }
        try:
            (outcome,) = _driver_row(
                self.conn,
                _WRITE_PG,
                {"p": orjson.dumps(payload, default=str, option=orjson.OPT_NON_STR_KEYS).decode()},
            )
        except DBAPIError as exc:
            state = sqlstate(exc)
            if state in (_STOCK_TAKEN, _VELOCITY_MOVED):
                raise TryAgain(str(exc.orig).splitlines()[0]) from None
            if state == _EXTERNAL_ID_TAKEN:
                raise self._external_id_conflict(order) from None
            raise
        if outcome == "key_taken":
            raise TryAgain("the Idempotency-Key was claimed by a concurrent request")
        order.events.clear()

    def _external_id_conflict(self, order: Order) -> Conflict:
        assert self.conn is not None
        o = t.orders.c
        existing = self.conn.execute(
            select(o.id).where(o.channel == order.channel, o.external_id == order.external_id)
        ).scalar()
        return Conflict(
            f"channel {order.channel} already has order OM{existing or 0:08d} with "
            f"external_id {order.external_id!r}",
            order_id=existing,
        )


def _not_here(what: str) -> TypeError:
    return TypeError(f"{what} is not part of placing an order; use SqlUnitOfWork")


class _Inventory(InventoryRepository):
    """Reservations planned against the read, made for real at the write."""

    def __init__(self, work: PlacementUnitOfWork) -> None:
        self.work = work

    def try_reserve(self, node: str, sku: str, qty: int, fences: Sequence[RingFence] = ()) -> bool:
        w = self.work
        if w.writing or w.order is not None:
            raise _not_here("reserving after the order was added")
        if usable(w.free(node, sku), fences) < qty:
            return False
        w.reservations.append((node, sku, qty, tuple(fences)))
        return True

    def unreserve(self, node: str, sku: str, qty: int) -> None:
        w = self.work
        for i, (n, s, q, _) in enumerate(w.reservations):
            if (n, s, q) == (node, sku, qty):
                del w.reservations[i]
                return
        raise RuntimeError(f"cannot unreserve {qty} of {sku} at {node}: not reserved here")

    def available(self, skus: Iterable[str]) -> dict[str, dict[str, int]]:
        w = self.work
        wanted = set(skus)
        if w.reads is None or w.query is None or not wanted <= w.query.skus:
            return w.sql_inventory.available(wanted)
        out: dict[str, dict[str, int]] = {}
        for sku in wanted:
            for node in w.reads.stock.get(sku, {}):
                if (free := w.free(node, sku)) > 0:
                    out.setdefault(sku, {})[node] = free
        return out

    def get(self, node: str, sku: str) -> InventoryPosition | None:
        return self.work.sql_inventory.get(node, sku)

    def find(self, sku: str | None = None, node: str | None = None) -> list[InventoryPosition]:
        return self.work.sql_inventory.find(sku, node)

    def set(self, node: str, sku: str, on_hand: int, safety_stock: int) -> InventoryPosition:
        raise _not_here("a stock count")

    def adjust(self, node: str, sku: str, delta: int) -> InventoryPosition | None:
        raise _not_here("a stock adjustment")

    def consume(self, node: str, sku: str, qty: int) -> None:
        raise _not_here("shipping")

    def record_movement(self, node: str, sku: str, delta: int, reason: str, actor: str) -> None:
        raise _not_here("a stock movement")


class _Orders(OrderRepository):
    def __init__(self, work: PlacementUnitOfWork) -> None:
        self.work = work
        self.sql = work.sql_orders

    def add(self, order: Order) -> None:
        self.work.add_order(order)

    def save(self, order: Order) -> None:
        w = self.work
        if order is not w.order:
            raise _not_here("changing another order")
        if w.writing:
            self.sql.save(order)
        # else: the order is written whole at commit, from its state then

    def get(self, order_id: int) -> Order | None:
        return self.sql.get(order_id)

    def find_by_external_id(self, channel: str, external_id: str) -> Order | None:
        return self.sql.find_by_external_id(channel, external_id)

    def page(self, flt: OrderFilter, cursor: int | None, limit: int) -> list[Order]:
        return self.sql.page(flt, cursor, limit)

    def with_backorders(self, sku: str, limit: int) -> list[int]:
        return self.sql.with_backorders(sku, limit)

    def with_unreleased_at(self, node: str, sku: str | None, limit: int) -> list[int]:
        return self.sql.with_unreleased_at(node, sku, limit)

    def order_id_for_shipment(self, shipment_id: str) -> int | None:
        return self.sql.order_id_for_shipment(shipment_id)

    def order_id_for_return(self, rma_id: str) -> int | None:
        return self.sql.order_id_for_return(rma_id)

    def events(self, order_id: int) -> list[dict]:
        return self.sql.events(order_id)

    def active_holds(self, reason: str | None, limit: int) -> list[tuple[int, str]]:
        return self.sql.active_holds(reason, limit)


class _Idempotency(IdempotencyRepository):
    def __init__(self, work: PlacementUnitOfWork) -> None:
        self.work = work

    def claim(self, scope: str, key: str, request_hash: str) -> StoredResponse | None:
        w = self.work
        if w.reads is None:
            w._read((scope, key))
        else:
            w.replay = w._stored(scope, key)
        if w.replay is not None:
            return w.replay
        w.key = (scope, key, request_hash)
        return None

    def store(self, scope: str, key: str, status_code: int, body: dict) -> None:
        w = self.work
        w.response = (status_code, body)
        if w.writing:
            w.sql_idempotency.store(scope, key, status_code, body)


class _Velocity(VelocityRepository):
    def __init__(self, work: PlacementUnitOfWork) -> None:
        self.work = work

    def recent(self, identities: Mapping[str, str], since: datetime) -> list[VelocityRecord]:
        return self.work.sql_velocity.recent(identities, since)

    def lock(self, identities: Mapping[str, str]) -> None:
        """Checked at the write instead (see `_check_velocity` and om_place_order)."""

    def record(self, order_id: int, records: Iterable[VelocityRecord]) -> None:
        w = self.work
        if w.writing:
            w.sql_velocity.record(order_id, records)
        else:
            w.velocity_records.extend(records)

    def prune(self, before: datetime) -> int:
        raise _not_here("pruning velocity records")

"""Statements on the order-placement path, built once per dialect.

Building a Core statement with `.values(**row)` coerces every value and computes a cache key
on each call (a sixth of the CPU an order costs); these are built once with bound
parameters and executed with plain dicts.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Connection, and_, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from . import tables as t

inv = t.inventory


def _insert(name: str, table):
    """INSERT that takes ON CONFLICT, for the dialect named."""
    return (postgresql if name == "postgresql" else sqlite).insert(table)


@cache
def _insert_order(name: str):
    return (
        _insert(name, t.orders)
        .on_conflict_do_nothing(index_elements=["channel", "external_id"])
        .returning(t.orders.c.id)
    )


@cache
def _insert_customer(name: str, with_segment: bool):
    stmt = _insert(name, t.customers)
    # A customer keeps its first record; a segment given later (a consumer who turns out to
    # be a business) updates it.
    if with_segment:
        return stmt.on_conflict_do_update(
            index_elements=["email"], set_={"segment": stmt.excluded.segment}
        )
    return stmt.on_conflict_do_nothing(index_elements=["email"])


def insert_order(conn: Connection):
    return _insert_order(conn.dialect.name)


def insert_customer(conn: Connection, with_segment: bool):
    return _insert_customer(conn.dialect.name, with_segment)


@cache
def _claim_key(name: str):
    ik = t.idempotency_keys
    return (
        _insert(name, ik)
        .on_conflict_do_nothing(index_elements=["scope", "key"])
        .returning(ik.c.key)
    )


def claim_key(conn: Connection):
    return _claim_key(conn.dialect.name)


_ik = t.idempotency_keys
# SET comes from the parameters (status_code, response); the keys bind under other names.
STORE_RESPONSE = update(_ik).where(_ik.c.scope == bindparam("sc"), _ik.c.key == bindparam("k"))

# The atomic reservation (DESIGN principle 3): one conditional update.
RESERVE = (
    update(inv)
    .where(
        and_(
            inv.c.node == bindparam("n"),
            inv.c.sku == bindparam("s"),
            inv.c.on_hand - inv.c.reserved - inv.c.safety_stock >= bindparam("q"),
        )
    )
    .values(reserved=inv.c.reserved + bindparam("q"))
)

_free = (inv.c.on_hand - inv.c.reserved - inv.c.safety_stock).label("available")
AVAILABLE = select(inv.c.sku, inv.c.node, _free).where(
    inv.c.sku.in_(bindparam("skus", expanding=True)), _free > 0
)

PRODUCTS = select(t.products).where(t.products.c.sku.in_(bindparam("skus", expanding=True)))

_load = t.node_daily_load
LINES_TAKEN = (
    select(_load.c.node, _load.c.day, func.sum(_load.c.lines).label("lines"))
    .where(_load.c.day.in_(bindparam("days", expanding=True)))
    .group_by(_load.c.node, _load.c.day)
)


@cache
def _take_lines(name: str):
    stmt = _insert(name, _load)
    return stmt.on_conflict_do_update(
        index_elements=["node", "day", "shard"], set_={"lines": _load.c.lines + stmt.excluded.lines}
    )


def take_lines(conn: Connection):
    """Add to a node's lines of the day (executed with node, day, lines; shard 0 unless
    given)."""
    return _take_lines(conn.dialect.name)

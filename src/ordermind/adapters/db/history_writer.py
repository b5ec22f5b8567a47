"""Closed historical orders (`importers.historical.HistOrder`) written in bulk, with their
real timestamps.

A history import does not replay the services (the past already happened, and the stock
it moved is gone): each order is rebuilt as a domain `Order` with its buckets, shipments
and timeline, so its status is *derived* by the domain, and then written with a handful
of multi-row INSERTs per chunk. Key: (channel, external_id); orders already there are
skipped, which makes an import idempotent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from sqlalchemy import Engine, insert, select

from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.importers.historical import HistOrder
from ordermind.services.audit import SYSTEM, AuditEntry, snapshot

from . import tables as t
from .audit_repo import SqlAudit
from .sql import upsert

ACTOR = "import"


@dataclass
class ImportResult:
    read: int = 0
    inserted: int = 0
    skipped: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)


def _shipment_id(order: HistOrder, node: str) -> str:
    digest = hashlib.sha1(f"{order.channel}|{order.external_id}|{node}".encode()).hexdigest()
    return "shp_h" + digest[:24]


def _events(h: HistOrder, oid: int, status: str) -> list[dict]:
    def ev(type_: str, at: datetime, after: str, data: dict | None = None) -> dict:
        return {
            "order_id": oid,
            "type": type_,
            "actor": f"{ACTOR}:{h.channel}",
            "reason": None,
            "status_before": None,
            "status_after": after,
            "data": data or {},
            "created_at": at,
        }

    out = [
        ev(
            "order.placed",
            h.created_at,
            "placed",
            {"lines": [{"sku": ln.sku, "quantity": ln.quantity} for ln in h.lines]},
        )
    ]
    if h.released_at:
        out.append(ev("order.released", h.released_at, "released"))
    for s in h.shipments:
        out.append(ev("order.shipped", s.shipped_at, "shipped", {"node": s.node}))
        if s.delivered_at:
            out.append(ev("order.delivered", s.delivered_at, "delivered", {"node": s.node}))
    if h.cancelled_at:
        out.append(ev("order.cancelled", h.cancelled_at, "cancelled"))
    if h.closed_at:
        out.append(ev("order.closed", h.closed_at, "closed"))
    out[-1]["status_after"] = status
    return out


def write_history(
    db: Engine,
    orders: Iterable[HistOrder],
    *,
    products: Iterable[Product] = (),
    nodes: Iterable[Node] = (),
    chunk: int = 2000,
    progress: Callable[[int], None] | None = None,
    actor: str = SYSTEM,
) -> ImportResult:
    """Insert orders not yet present (by channel + external_id), plus the products and
    nodes they reference (existing ones are left as they are)."""
    result = ImportResult()
    _ensure_catalog(db, list(products), list(nodes), actor)
    for batch in _chunks(iter(orders), chunk):
        result.read += len(batch)
        with db.begin() as conn:
            by_channel: dict[str, set[str]] = {}
            for h in batch:
                by_channel.setdefault(h.channel, set()).add(h.external_id)
            known = set()
            for channel, ext in by_channel.items():
                known |= {
                    (channel, e)
                    for e in conn.execute(
                        select(t.orders.c.external_id).where(
                            t.orders.c.channel == channel, t.orders.c.external_id.in_(sorted(ext))
                        )
                    ).scalars()
                }
            fresh = [h for h in batch if (h.channel, h.external_id) not in known]
            result.skipped += len(batch) - len(fresh)
            if fresh:
                _insert(conn, fresh)
                result.inserted += len(fresh)
        if progress:
            progress(len(batch))
    return result


def _insert(conn, fresh: list[HistOrder]) -> None:
    statuses = [h.status() for h in fresh]
    conn.execute(
        insert(t.orders),
        [
            {
                "channel": h.channel,
                "external_id": h.external_id,
                "currency": h.currency,
                "customer_email": h.customer_email,
                "customer_name": h.customer_name,
                "ship_to": h.ship_to,
                "requested_delivery_date": None,
                "promised_delivery_date": h.promised_date,
                "draft": False,
                "status": st,
                "total": sum((ln.quantity - ln.cancelled) * ln.unit_price for ln in h.lines),
                "sourcing": h.sourcing,
                "created_at": h.created_at,
                "updated_at": max(
                    [h.created_at]
                    + [e for s in h.shipments for e in (s.shipped_at, s.delivered_at) if e]
                ),
                "closed_at": h.closed_at,
                "version": 0,
            }
            for h, st in zip(fresh, statuses, strict=True)
        ],
    )
    ids = {}
    for channel in {h.channel for h in fresh}:
        ext = [h.external_id for h in fresh if h.channel == channel]
        ids.update(
            {
                (channel, e): i
                for e, i in conn.execute(
                    select(t.orders.c.external_id, t.orders.c.id).where(
                        t.orders.c.channel == channel, t.orders.c.external_id.in_(ext)
                    )
                )
            }
        )
    lines, allocs, ships, events = [], [], [], []
    for h, st in zip(fresh, statuses, strict=True):
        oid = ids[(h.channel, h.external_id)]
        for no, ln in enumerate(h.lines, 1):
            shipped = sum(s.lines.get(ln.sku, 0) for s in h.shipments)
            delivered = sum(s.lines.get(ln.sku, 0) for s in h.shipments if s.delivered_at)
            lines.append(
                {
                    "order_id": oid,
                    "line_no": no,
                    "sku": ln.sku,
                    "unit_price": ln.unit_price,
                    "ordered": ln.quantity,
                    "allocated": ln.allocated,
                    "backordered": 0,
                    "released": ln.released,
                    "shipped": shipped,
                    "delivered": delivered,
                    "cancelled": ln.cancelled,
                    "returned": 0,
                }
            )
            if ln.node and (ln.allocated or ln.released):
                allocs.append(
                    {
                        "order_id": oid,
                        "line_no": no,
                        "node": ln.node,
                        "sku": ln.sku,
                        "allocated": ln.allocated,
                        "released": ln.released,
                    }
                )
        line_no = {ln.sku: no for no, ln in enumerate(h.lines, 1)}
        for s in h.shipments:
            ships.append(
                {
                    "id": _shipment_id(h, s.node),
                    "order_id": oid,
                    "node": s.node,
                    "carrier": s.carrier,
                    "service": None,
                    "tracking": None,
                    "packages": 1,
                    "lines": [[line_no[sku], sku, q] for sku, q in s.lines.items()],
                    "shipped_at": s.shipped_at,
                    "delivered_at": s.delivered_at,
                }
            )
        events += _events(h, oid, st)
    conn.execute(insert(t.order_lines), lines)
    for table, rows in ((t.allocations, allocs), (t.shipments, ships), (t.order_events, events)):
        if rows:
            conn.execute(insert(table), rows)
    customers = {h.customer_email: h for h in fresh}
    conn.execute(
        upsert(conn, t.customers).on_conflict_do_nothing(index_elements=["email"]),
        [
            {"email": e, "name": h.customer_name, "segment": None, "created_at": h.created_at}
            for e, h in customers.items()
        ],
    )


def _ensure_catalog(
    db: Engine, products: list[Product], nodes: list[Node], actor: str = SYSTEM
) -> None:
    from ordermind.domain.clock import utcnow

    now = utcnow()
    with db.begin() as conn:
        for rows, table, key in (
            (
                [
                    {
                        "sku": p.sku,
                        "name": p.name,
                        "gtin": p.gtin,
                        "price": p.price,
                        "currency": p.currency,
                        "weight_g": p.weight_g,
                        "length_mm": p.length_mm,
                        "width_mm": p.width_mm,
                        "height_mm": p.height_mm,
                        "tax_class": str(p.tax_class),
                        "category": p.category,
                        "active": p.active,
                        "updated_at": now,
                    }
                    for p in products
                ],
                t.products,
                "sku",
            ),
            (
                [
                    {
                        "code": n.code,
                        "name": n.name,
                        "kind": str(n.kind),
                        "country": n.country,
                        "postal_code": n.postal_code,
                        "lat": n.lat,
                        "lon": n.lon,
                        "daily_capacity": n.daily_capacity,
                        "handling_cost": n.handling_cost,
                        "can_ship": n.can_ship,
                        "can_pickup": n.can_pickup,
                        "priority": n.priority,
                        "active": n.active,
                        "updated_at": now,
                    }
                    for n in nodes
                ],
                t.nodes,
                "code",
            ),
        ):
            kind = "product" if table is t.products else "node"
            for part in _chunks(iter(rows), 1000):
                made = set(
                    conn.execute(
                        upsert(conn, table)
                        .on_conflict_do_nothing(index_elements=[key])
                        .returning(table.c[key]),
                        part,
                    ).scalars()
                )
                # each product and node the import adds is a configuration change, traced
                # as any other (in the same transaction); existing ones are not touched
                SqlAudit(conn).add_many(
                    AuditEntry(
                        actor=actor,
                        action=f"{kind}.created",
                        resource_type=kind,
                        resource_id=str(row[key]),
                        before=None,
                        after=snapshot({k: v for k, v in row.items() if k != "updated_at"}),
                        at=now,
                        request_id=None,
                    )
                    for row in part
                    if row[key] in made
                )


def _chunks(it: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(it, size)):
        yield batch

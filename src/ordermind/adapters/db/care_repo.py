"""Order history for delay risk: the store's orders as plain care records.

One read of orders (promised date, ship-to, created_at), their lines with the product's
category and weight, shipments (node, carrier, service, shipped_at, delivered_at), the
nodes they were allocated to, and the release and cancellation times from the timeline.
Every non-draft order is returned (open ones make the nodes' queues); training keeps the
delivered ones with a promise.

Mapping: the promise is the end of promised_delivery_date (UTC); a leg per node (a
shipment's node, else an allocation's), its lane origin the node itself; the destination
is the ship-to region, else its city; lane distance from node and ship-to coordinates when
both are known. An order is delivered when every shipment is, at the last delivery.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Engine, func, select

from ordermind.care.delay_features import Leg, OrderState, Outcome

from . import tables as t
from .sql import aware


def _deadline(day) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day, time(0), tzinfo=UTC) + timedelta(days=1)


def order_history(
    engine: Engine, until: datetime | None = None, since: datetime | None = None
) -> tuple[list[OrderState], dict[str, Outcome]]:
    """States as placed and outcomes of every non-draft order created before ``until``
    (and at or after ``since``, when given)."""
    o, ol, p, sh, al, ev = (
        t.orders,
        t.order_lines,
        t.products,
        t.shipments,
        t.allocations,
        t.order_events,
    )
    ids = select(o.c.id).where(o.c.draft.is_(False))
    if until is not None:
        ids = ids.where(o.c.created_at < until)
    if since is not None:
        ids = ids.where(o.c.created_at >= since)
    with engine.connect().execution_options(ordermind_readonly=True) as conn:
        headers = conn.execute(
            select(
                o.c.id,
                o.c.created_at,
                o.c.promised_delivery_date,
                o.c.ship_to,
                o.c.total,
                o.c.sourcing,
            )
            .where(o.c.id.in_(ids))
            .order_by(o.c.id)
        ).all()
        lines: dict[int, list[tuple[str | None, int, int | None]]] = {}
        for oid, cat, qty, weight in conn.execute(
            select(ol.c.order_id, p.c.category, ol.c.ordered, p.c.weight_g)
            .select_from(ol.outerjoin(p, p.c.sku == ol.c.sku))
            .where(ol.c.order_id.in_(ids))
            .order_by(ol.c.order_id, ol.c.line_no)
        ):
            lines.setdefault(oid, []).append((cat, int(qty), weight))
        shipments: dict[int, list] = {}
        for r in conn.execute(
            select(
                sh.c.order_id,
                sh.c.node,
                sh.c.carrier,
                sh.c.service,
                sh.c.shipped_at,
                sh.c.delivered_at,
            )
            .where(sh.c.order_id.in_(ids))
            .order_by(sh.c.order_id, sh.c.shipped_at)
        ):
            shipments.setdefault(r.order_id, []).append(r)
        allocated: dict[int, list[str]] = {}
        for oid, node, _ in conn.execute(
            select(al.c.order_id, al.c.node, func.sum(al.c.allocated))
            .where(al.c.order_id.in_(ids))
            .group_by(al.c.order_id, al.c.node)
            .order_by(al.c.order_id, func.sum(al.c.allocated).desc(), al.c.node)
        ):
            allocated.setdefault(oid, []).append(node)
        moments: dict[tuple[int, str], datetime] = {}
        for oid, kind, at in conn.execute(
            select(ev.c.order_id, ev.c.type, func.min(ev.c.created_at))
            .where(ev.c.order_id.in_(ids), ev.c.type.in_(("order.released", "order.cancelled")))
            .group_by(ev.c.order_id, ev.c.type)
        ):
            moments[(oid, kind)] = aware(at)
        places = {
            code: (lat, lon)
            for code, lat, lon in conn.execute(select(t.nodes.c.code, t.nodes.c.lat, t.nodes.c.lon))
        }
    states: list[OrderState] = []
    outcomes: dict[str, Outcome] = {}
    for h in headers:
        key = str(h.id)
        ship_to = h.ship_to or {}
        ships = shipments.get(h.id, [])
        nodes = list(dict.fromkeys([s.node for s in ships] + allocated.get(h.id, [])))
        first_ship = {s.node: s for s in reversed(ships)}
        legs = tuple(
            Leg(
                node=n,
                origin_region=n,
                carrier=first_ship[n].carrier if n in first_ship else None,
                service=first_ship[n].service if n in first_ship else None,
                shipped_at=aware(first_ship[n].shipped_at) if n in first_ship else None,
            )
            for n in nodes
        )
        got = lines.get(h.id, [])
        cats = tuple(c for c, qty, _ in got for _ in range(min(qty, 50)) if c)
        weights = [w * q for _, q, w in got if w]
        cost = ((h.sourcing or {}).get("cost") or {}).get("shipping")
        states.append(
            OrderState(
                order_id=key,
                placed_at=aware(h.created_at),
                promised_by=_deadline(h.promised_delivery_date),
                legs=legs,
                dest_region=ship_to.get("region") or ship_to.get("city"),
                dest_country=ship_to.get("country"),
                categories=cats,
                item_count=sum(q for _, q, _ in got) or None,
                weight_g=float(sum(weights)) if weights else None,
                order_value=h.total / 100.0 if h.total is not None else None,
                shipping_cost=cost / 100.0 if isinstance(cost, int | float) else None,
                distance_km=_distance(places.get(nodes[0]) if nodes else None, ship_to),
            )
        )
        delivered = [aware(s.delivered_at) for s in ships]
        outcomes[key] = Outcome(
            order_id=key,
            released_at=moments.get((h.id, "order.released")),
            handed_off_at=aware(ships[0].shipped_at) if ships else None,
            delivered_at=max(delivered) if delivered and None not in delivered else None,
            cancelled_at=moments.get((h.id, "order.cancelled")),
        )
    return states, outcomes


def _distance(node: tuple[float | None, float | None] | None, ship_to: dict) -> float | None:
    from ordermind.sourcing.geo import haversine_km

    lat, lon = ship_to.get("lat"), ship_to.get("lon")
    if node is None or lat is None or lon is None:
        return None
    node_lat, node_lon = node
    if node_lat is None or node_lon is None:
        return None
    return haversine_km(node_lat, node_lon, float(lat), float(lon))

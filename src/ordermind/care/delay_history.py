"""One order of the store as delay history: its state as placed and its outcome, the
pair the delay model is trained on and the lane tables are fitted to.

The in-memory store (`adapters/memory/care.py`) and the digital twin map their orders
with `delay_record`, as `adapters/db/care_repo.order_history` maps the database's, so a
model trained on either history sees the same records.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta

from ordermind.domain.orders import Order

from .delay_features import Leg, OrderState, Outcome, utc


def _deadline(day) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day, time(0), tzinfo=UTC) + timedelta(days=1)


def delay_record(
    order: Order,
    released_at: datetime | None,
    cancelled_at: datetime | None,
    products: Mapping,
    places: Mapping[str, tuple[float | None, float | None]],
) -> tuple[OrderState, Outcome]:
    """One order as delay history (state as placed, outcome), mapped as the database's
    `order_history` maps its orders: a leg per node (a shipment's, else an allocation's),
    its lane origin the node itself; the promise is the end of the promised day; delivered
    when every shipment is."""
    from ordermind.sourcing.geo import haversine_km

    ships = sorted(order.shipments, key=lambda s: utc(s.shipped_at))
    nodes = list(
        dict.fromkeys(
            [s.node for s in ships] + [a.node for ln in order.lines for a in ln.allocations]
        )
    )
    first = {s.node: s for s in reversed(ships)}
    legs = tuple(
        Leg(
            node=n,
            origin_region=n,
            carrier=first[n].carrier if n in first else None,
            service=first[n].service if n in first else None,
            shipped_at=utc(first[n].shipped_at) if n in first else None,
        )
        for n in nodes
    )
    cats: list[str] = []
    weight, items = 0.0, 0
    for ln in order.lines:
        prod = products.get(ln.sku)
        items += ln.ordered
        if prod is not None:
            if prod.category:
                cats += [prod.category] * min(ln.ordered, 50)
            weight += (prod.weight_g or 0) * ln.ordered
    to = order.ship_to
    cost = ((order.sourcing or {}).get("cost") or {}).get("shipping")
    distance = None
    node_lat, node_lon = places.get(nodes[0], (None, None)) if nodes else (None, None)
    if node_lat is not None and node_lon is not None and to.lat is not None and to.lon is not None:
        distance = haversine_km(node_lat, node_lon, to.lat, to.lon)
    key = str(order.id)
    state = OrderState(
        order_id=key,
        placed_at=utc(order.created_at),
        promised_by=_deadline(order.promised_delivery_date),
        legs=legs,
        dest_region=to.region or to.city,
        dest_country=to.country,
        categories=tuple(cats),
        item_count=items or None,
        weight_g=weight or None,
        order_value=order.total / 100.0,
        shipping_cost=cost / 100.0 if isinstance(cost, int | float) else None,
        distance_km=distance,
    )
    arrived = [s.delivered_at for s in ships]
    outcome = Outcome(
        order_id=key,
        released_at=released_at,
        handed_off_at=utc(ships[0].shipped_at) if ships else None,
        delivered_at=utc(max(arrived)) if arrived and None not in arrived else None,
        cancelled_at=cancelled_at,
    )
    return state, outcome

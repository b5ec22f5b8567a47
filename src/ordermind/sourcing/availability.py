"""Availability per fulfilment option: how many units, and the earliest promised date.

Backs `GET /v1/availability?skus=&postal_code=&country=` (or lat/lon): per SKU, for
ship_to_home (warehouses and drop-ship suppliers), ship_from_store (stores that ship) and
pick_up_in_store (pick-up stores within the context's radius), the units promisable now,
the units including inbound supply, and the earliest date `quantity` units can be
delivered (or be ready for pick-up) from one node, using inbound supply by its ETA."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from .atp import NodeAtp
from .cost import SourcingContext, default_context
from .legs import legs_for
from .promise import delivery_date, local_time, ship_date_from_inbound
from .types import Location, NodeInfo, SourcingRequest

OPTIONS = ("ship_to_home", "ship_from_store", "pick_up_in_store")


@dataclass
class OptionAvailability:
    quantity: int = 0  # promisable now
    quantity_with_inbound: int = 0
    earliest_date: date | None = None  # for the asked quantity from a single node
    node: str | None = None  # the node behind earliest_date
    from_inbound: bool = False  # earliest_date relies on supply still in transit
    stores: list[dict] = field(default_factory=list)  # pick-up: nearby stores

    def as_dict(self) -> dict:
        d = asdict(self)
        d["earliest_date"] = self.earliest_date.isoformat() if self.earliest_date else None
        return d


def _option(node: NodeInfo) -> str | None:
    if node.kind == "store":
        return "ship_from_store" if node.can_ship else None
    return "ship_to_home" if node.can_ship else None


def availability(
    skus: list[str],
    location: Location | None,
    nodes: dict[str, NodeInfo],
    table: dict[str, dict[str, NodeAtp]],
    *,
    quantity: int = 1,
    order_time: datetime | None = None,
    service_level: str | None = None,
    context: SourcingContext | None = None,
) -> dict:
    """{"location_precision": ..., "skus": {sku: {option: OptionAvailability}}}."""
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    ctx = context or default_context()
    now = order_time or datetime.now()
    service = service_level or ctx.service_level
    probe = SourcingRequest([], location, {}, nodes)
    legs = legs_for(probe, ctx, location, now, service)
    out: dict[str, dict[str, OptionAvailability]] = {}
    for sku in skus:
        per = {opt: OptionAvailability() for opt in OPTIONS}
        for code, atp in table.get(sku, {}).items():
            leg = legs.get(code)
            if leg is None:
                continue  # inactive or unknown node
            node = leg.node
            opts = [_option(node)]
            near = location is not None and leg.km <= ctx.pickup_radius_km
            if node.kind == "store" and node.can_pickup and near:
                opts.append("pick_up_in_store")
            for opt in opts:
                if opt is None:
                    continue
                pickup = opt == "pick_up_in_store"
                when, inbound = _date(atp, quantity, now, leg, ctx, pickup)
                o = per[opt]
                o.quantity += atp.on_hand
                o.quantity_with_inbound += atp.total()
                if when is not None and (o.earliest_date is None or when < o.earliest_date):
                    o.earliest_date, o.node, o.from_inbound = when, code, inbound
                if pickup:
                    o.stores.append(
                        {
                            "node": code,
                            "distance_km": round(leg.km, 1),
                            "quantity": atp.on_hand,
                            "ready_date": when.isoformat() if when else None,
                        }
                    )
        per["pick_up_in_store"].stores.sort(key=lambda s: s["distance_km"])
        out[sku] = per
    return {
        "location_precision": location.precision if location else "unknown",
        "quantity": quantity,
        "skus": out,
    }


def _date(
    atp: NodeAtp, quantity: int, now: datetime, leg, ctx: SourcingContext, pickup: bool
) -> tuple[date | None, bool]:
    if atp.on_hand >= quantity:  # (`date_for` answers today: the leg's dates)
        return (leg.shipped if pickup else leg.delivery), False
    local = local_time(now, leg.node.timezone)  # the node's own clock and calendar
    when = atp.date_for(quantity, local.date())
    if when is None:
        return None, False
    shipped = ship_date_from_inbound(when, local, ctx.profile_for(leg.node))
    if pickup:
        return shipped, True
    return delivery_date(shipped, leg.zone.transit_days, ctx.carrier_calendar), True

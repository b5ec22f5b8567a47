"""Per-destination facts about every node (distance, zone, dates, unit costs), cached.

Everything here depends on the destination, the order's day and cut-off slot and the
service level, never on the order's lines, so a cache keyed on those makes the per-order
work of the strategies a handful of dictionary look-ups per candidate node."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime

from .cost import Breakdown, SourcingContext
from .geo import haversine_km, resolve_location
from .promise import delivery_date, ship_date
from .rates import ZoneRate
from .types import Location, NodeInfo, SourcingRequest

_CACHE_LIMIT = 20_000


class Legs(dict):
    """code -> Leg, plus derived node filters cached with it."""

    __slots__ = ("derived",)

    def __init__(self):
        super().__init__()
        self.derived: dict = {}


class Shipping(dict):
    """code -> Leg of the nodes allowed to ship, plus the same legs ranked by their cheapest
    package (built once, on first use) so a search can find the cheapest few it holds
    without sorting them."""

    __slots__ = ("_by_open0", "_by_open_lb", "on_time")

    def __init__(self):
        super().__init__()
        self.on_time: dict = {}  # latest delivery date -> the legs meeting it
        self._by_open0: list[tuple] | None = None
        self._by_open_lb: list[tuple] | None = None

    def by_open0(self) -> list[tuple]:
        """(open0, code) ascending."""
        if self._by_open0 is None:
            self._by_open0 = sorted((leg.open0, c) for c, leg in self.items())
        return self._by_open0

    def by_open_lb(self) -> list[tuple]:
        """(open_lb, code) ascending."""
        if self._by_open_lb is None:
            self._by_open_lb = sorted((leg.open_lb, c) for c, leg in self.items())
        return self._by_open_lb


def least(ranked: list[tuple], among, count: int) -> list:
    """The `count` smallest values of `ranked` ((value, code) ascending) whose code is in
    `among` (fewer if `among` holds fewer)."""
    out = []
    for v, c in ranked:
        if c in among:
            out.append(v)
            if len(out) == count:
                break
    return out


class Leg:
    """One node shipping to one destination."""

    __slots__ = ("code", "node", "km", "zone", "shipped", "delivery", "fixed", "unit_labour",
                 "per_gram", "co2_per_g", "price", "zkey", "open0", "open_lb", "twin", "twin_id",
                 "int_labour", "group")

    def __init__(self, node: NodeInfo, km: float, zone: ZoneRate, shipped: date,
                 delivery: date, ctx: SourcingContext):
        p = ctx.params
        self.code = node.code
        self.node = node
        self.km = km
        self.zone = zone
        self.shipped = shipped
        self.delivery = delivery
        self.fixed = node.handling_cost + p.package_penalty  # penalty removed once per plan
        self.unit_labour = p.store_labour_per_unit if node.kind == "store" else 0
        factor = p.emission_factors.get(zone.mode, 0.0)
        self.co2_per_g = factor * km * p.road_factor / 1e6  # kg CO2e per gram shipped
        self.per_gram = self.co2_per_g * p.carbon_price_per_kg
        # Precomputed for the search's hot loops:
        self.price = zone.fast_price  # package price by weight
        self.zkey = id(zone)  # legs in one zone charge the same price per weight
        bands = zone.band_costs
        self.open0 = self.fixed + bands[0]  # the cheapest package this leg can ship
        # A lower bound on opening a package here with any line in it (labour included),
        # valid when no package is cheaper than the first band and labour is not negative.
        sound = bands[0] >= 0 and self.unit_labour >= 0 and all(
            a <= b for a, b in zip(bands, bands[1:], strict=False))
        self.open_lb = self.open0 if sound else float("-inf")
        self.int_labour = type(self.unit_labour) is int  # labour sums are exact in any order
        # Legs with equal twin keys (and overtime) cost the same for any package.
        self.twin = (self.fixed, self.unit_labour, self.per_gram, id(zone))
        self.twin_id = self.twin  # a small int standing for `twin`, set by `legs_for`
        # Dominance group when every node has zero overtime and room for the whole order
        # (see `cover._undominated`): twins in a subadditive zone, else the node alone.
        self.group: tuple = (self.twin_id, 0) if zone.subadditive else (self.code,)


def destination(request: SourcingRequest) -> tuple[Location | None, list[str]]:
    """Where the order goes, falling back to the country centroid; flags what was assumed."""
    to = request.ship_to
    if to is not None:
        exact = to.precision in ("exact", "postal")
        return to, [] if exact else [f"location_precision:{to.precision}"]
    located = resolve_location(request.ship_to_country) if request.ship_to_country else None
    if located is not None:
        return located, ["location_precision:country"]
    return None, ["location_unknown"]


def _cutoff_slot(ctx: SourcingContext, nodes: dict[str, NodeInfo], t: datetime) -> int:
    cuts = ctx.cache.get("cutoffs")
    if cuts is None:
        cuts = sorted({ctx.profile(n.code, n.kind).cutoff for n in nodes.values()})
        ctx.cache["cutoffs"] = cuts
    return bisect_right(cuts, t.time())


def legs_for(request: SourcingRequest, ctx: SourcingContext, dest: Location | None,
             order_time: datetime, service: str) -> Legs:
    nodes = request.nodes
    ref = ctx.cache.get("nodes")
    if ref is not nodes and ref != nodes:
        ctx.cache.clear()  # the network changed: every cached fact may be stale
        ctx.cache["nodes"] = nodes
    elif ref is not nodes:
        ctx.cache["nodes"] = nodes
    slot = _cutoff_slot(ctx, nodes, order_time)
    key = (None if dest is None else (dest.lat, dest.lon), service, order_time.date(), slot)
    legs_cache = ctx.cache.setdefault("legs", {})
    legs = legs_cache.get(key)
    if legs is not None:
        return legs
    if len(legs_cache) > _CACHE_LIMIT:
        legs_cache.clear()
    legs = Legs()
    twins: dict[tuple, int] = {}  # equal twin keys, one number (within these legs)
    unknown_km = ctx.params.unknown_distance_km
    for node in nodes.values():
        if not node.active:
            continue
        if dest is None or node.lat is None or node.lon is None:
            km = unknown_km
        else:
            km = haversine_km(dest.lat, dest.lon, node.lat, node.lon)
        zone = ctx.rates.zone_for(service, km * ctx.params.road_factor)
        shipped = ship_date(order_time, ctx.profile(node.code, node.kind))
        leg = legs[node.code] = Leg(node, km, zone, shipped,
                                    delivery_date(shipped, zone.transit_days,
                                                  ctx.carrier_calendar), ctx)
        leg.twin_id = twins.setdefault(leg.twin, len(twins))
        if zone.subadditive:
            leg.group = (leg.twin_id, 0)
    legs_cache[key] = legs
    return legs


def overtime_per_line(node: NodeInfo, used: int, ctx: SourcingContext) -> int:
    if node.daily_capacity <= 0:
        return 0
    busy = used >= ctx.params.overtime_threshold * node.daily_capacity
    return ctx.params.overtime_per_line if busy else 0


def unit_weight(line, ctx: SourcingContext) -> int:
    return line.weight_g if line.weight_g > 0 else ctx.params.default_unit_weight_g


def evaluate(allocations: list[tuple[int, str, int]], request: SourcingRequest,
             legs: dict[str, Leg], ctx: SourcingContext) -> tuple[Breakdown, date | None]:
    """Full cost breakdown and delivery date (the latest package) of an allocation."""
    by_no = {line.line_no: line for line in request.lines}
    default_weight = ctx.params.default_unit_weight_g
    per_node: dict[str, list[int]] = {}  # node -> [weight_g, units, lines]
    for line_no, code, qty in allocations:
        acc = per_node.get(code)
        if acc is None:
            acc = per_node[code] = [0, 0, 0]
        w = by_no[line_no].weight_g
        acc[0] += qty * (w if w > 0 else default_weight)  # unit_weight(line, ctx)
        acc[1] += qty
        acc[2] += 1
    params = ctx.params
    used = request.capacity_used
    # Nothing used today (and a positive threshold): no node is on overtime.
    busy_possible = bool(used) or params.overtime_threshold <= 0
    # Summed in locals, in the same order as the fields would be.
    shipping = handling = labour = overtime = carbon = carbon_kg = 0.0
    latest: date | None = None
    for code, (grams, units, nlines) in per_node.items():
        leg = legs[code]
        node = leg.node
        shipping += leg.price(grams)
        handling += node.handling_cost
        labour += units * leg.unit_labour
        if busy_possible:
            overtime += nlines * overtime_per_line(node, used.get(code, 0), ctx)
        carbon_kg += grams * leg.co2_per_g
        carbon += grams * leg.per_gram
        latest = leg.delivery if latest is None or leg.delivery > latest else latest
    b = Breakdown(shipping, handling, params.package_penalty * max(0, len(per_node) - 1),
                  labour, overtime, carbon, carbon_kg, len(per_node))
    return b, latest

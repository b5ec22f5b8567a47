"""Per-destination facts about every node (distance, zone, dates, unit costs), cached.

Everything here depends on the destination, the order's day and cut-off slot (per node
time zone when the order time is timezone-aware) and the service level, never on the
order's lines, so a cache keyed on those makes the per-order work of the strategies a
handful of dictionary look-ups per candidate node. Building a destination's legs is split
so that a cold destination costs little: ship dates are computed once per (local day,
cut-off slot) for the whole network, delivery dates once per (ship date, transit days),
distances, zones and cost constants once per destination (shared by every order time),
and a leg whose ship date did not change is reused rather than rebuilt."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection
from datetime import date, datetime, time
from math import asin, cos, radians, sin, sqrt
from typing import Any, NamedTuple

from .cost import Breakdown, CostParams, SourcingContext
from .geo import EARTH_RADIUS_KM, resolve_location
from .promise import NodeProfile, delivery_date, local_time, ship_day
from .rates import ZoneRate
from .types import LineRequest, Location, NodeInfo, SourcingRequest

_CACHE_LIMIT = 20_000


Ranked = list[tuple[float, str]]  # (value, code) ascending


class Legs(dict[str, "Leg"]):
    """code -> Leg, plus derived node filters cached with it (`derived`) and with every
    Legs to the same destination and service level (`shared`: facts that do not depend on
    the order's time, such as which nodes may ship and their ranking by cheapest package)."""

    __slots__ = ("derived", "shared")

    def __init__(self, shared: dict[Any, Any] | None = None):
        super().__init__()
        self.derived: dict[Any, Shipping] = {}
        self.shared: dict[Any, Any] = {} if shared is None else shared


class Shipping(dict[str, "Leg"]):
    """code -> Leg of the nodes allowed to ship, plus the same legs ranked by their cheapest
    package (built once per destination, on first use) so a search can find the cheapest
    few it holds without sorting them."""

    __slots__ = ("_by_open0", "_by_open_lb", "on_time", "_shared", "_key")

    def __init__(
        self,
        legs: dict[str, Leg] | None = None,
        codes: Collection[str] = (),
        shared: dict[Any, Any] | None = None,
        key: object = None,
    ):
        if legs is None:
            super().__init__()
        else:
            super().__init__(zip(codes, map(legs.__getitem__, codes), strict=True))
        self.on_time: dict[date, dict[str, Leg]] = {}  # latest delivery date -> legs meeting it
        self._by_open0: Ranked | None = None
        self._by_open_lb: Ranked | None = None
        # Rankings depend on the nodes and their zones only: shared across order times.
        self._shared: dict[Any, Any] = {} if shared is None else shared
        self._key = key

    def by_open0(self) -> Ranked:
        """(open0, code) ascending."""
        if self._by_open0 is None:
            k = ("open0", self._key)
            got = self._shared.get(k) if self._key is not None else None
            if got is None:
                got = sorted((leg.open0, c) for c, leg in self.items())
                if self._key is not None:
                    self._shared[k] = got
            self._by_open0 = got
        return self._by_open0

    def by_open_lb(self) -> Ranked:
        """(open_lb, code) ascending."""
        if self._by_open_lb is None:
            k = ("open_lb", self._key)
            got = self._shared.get(k) if self._key is not None else None
            if got is None:
                got = sorted((leg.open_lb, c) for c, leg in self.items())
                if self._key is not None:
                    self._shared[k] = got
            self._by_open_lb = got
        return self._by_open_lb


def shipping_legs(legs: Legs, excluded: frozenset[str], allow_store: bool) -> Shipping:
    """The legs of the nodes allowed to ship (not excluded, stores only if allowed)."""
    key = (excluded, allow_store)
    out = legs.derived.get(key)
    if out is None:
        codes = legs.shared.get(key)
        if codes is None:
            codes = legs.shared[key] = [
                c
                for c, leg in legs.items()
                if leg.node.can_ship
                and c not in excluded
                and (allow_store or leg.node.kind != "store")
            ]
        out = legs.derived[key] = Shipping(legs, codes, legs.shared, key)
    return out


def least(ranked: Ranked, among: Collection[str], count: int) -> list[float]:
    """The `count` smallest values of `ranked` ((value, code) ascending) whose code is in
    `among` (fewer if `among` holds fewer)."""
    out: list[float] = []
    for v, c in ranked:
        if c in among:
            out.append(v)
            if len(out) == count:
                break
    return out


class NodeZone:
    """Leg constants that depend on the node and its zone only (cached per pair): fixed:
    handling + package penalty (the penalty is removed once per plan); unit_labour: per
    unit picked; price: package price by weight (`zone.fast_price`); zkey: legs in one zone
    charge the same price per weight; open0: the cheapest package this leg can ship;
    open_lb: a lower bound on opening a package here with any line in it (labour
    included), or -inf; int_labour: labour sums are exact in any order."""

    __slots__ = ("zone", "fixed", "unit_labour", "price", "zkey", "open0", "open_lb", "int_labour")

    zone: ZoneRate  # (kept here so that its id, `zkey`, stays unique while cached)
    fixed: int
    unit_labour: int
    price: Callable[[int], int]
    zkey: int
    open0: int
    open_lb: float
    int_labour: bool

    def __init__(self, node: NodeInfo, zone: ZoneRate, params: CostParams):
        self.zone = zone
        self.fixed = fixed = node.handling_cost + params.package_penalty
        self.unit_labour = unit_labour = params.store_labour_per_unit if node.kind == "store" else 0
        self.price = zone.fast_price
        self.zkey = id(zone)
        bands = zone.band_costs
        self.open0 = open0 = fixed + bands[0]
        # `open_lb` is valid when no package is cheaper than the first band and labour is
        # not negative.
        sound = (
            bands[0] >= 0
            and unit_labour >= 0
            and all(a <= b for a, b in zip(bands, bands[1:], strict=False))
        )
        self.open_lb = open0 if sound else float("-inf")
        self.int_labour = type(unit_labour) is int


class Leg:
    """One node shipping to one destination (built by `legs_for`)."""

    __slots__ = (
        "code",
        "node",
        "km",
        "zone",
        "terms",
        "fixed",
        "unit_labour",
        "co2_per_g",
        "per_gram",
        "price",
        "zkey",
        "open0",
        "open_lb",
        "int_labour",
        "twin_id",
        "group",
        "shipped",
        "delivery",
    )

    # code, node: the node; km: great-circle distance; zone: its rate zone; terms: the
    # `NodeZone` constants, also one attribute each (fixed ... int_labour, see there);
    # co2_per_g: kg CO2e per gram shipped, per_gram: its price; twin_id: a small int, equal
    # for legs of one destination that cost the same for any package (equal fixed,
    # labour, per-gram price and zone) with equal overtime; group: the dominance group
    # when every node has zero overtime and room for the whole order (see
    # `cover._undominated`): twins in a subadditive zone, else the node alone;
    # shipped / delivery: the promise dates (None / unset until `legs_for` dates the leg).
    code: str
    node: NodeInfo
    km: float
    zone: ZoneRate
    terms: NodeZone
    fixed: int
    unit_labour: int
    co2_per_g: float
    per_gram: float
    price: Callable[[int], int]
    zkey: int
    open0: int
    open_lb: float
    int_labour: bool
    twin_id: int
    group: tuple[int, int] | tuple[str]
    shipped: date | None
    delivery: date

    def __init__(
        self,
        node: NodeInfo,
        km: float,
        terms: NodeZone,
        co2_per_g: float,
        per_gram: float,
        twin_id: int,
        shipped: date | None = None,
        delivery: date | None = None,
    ):
        self.code = code = node.code
        self.node = node
        self.km = km
        self.terms = terms
        self.zone = zone = terms.zone
        self.fixed = terms.fixed
        self.unit_labour = terms.unit_labour
        self.price = terms.price
        self.zkey = terms.zkey
        self.open0 = terms.open0
        self.open_lb = terms.open_lb
        self.int_labour = terms.int_labour
        self.co2_per_g = co2_per_g
        self.per_gram = per_gram
        self.twin_id = twin_id
        self.group = (twin_id, 0) if zone.subadditive else (code,)
        self.shipped = shipped
        if delivery is not None:
            self.delivery = delivery

    def redated(self, shipped: date, delivery: date) -> Leg:
        """A copy with other promise dates."""
        return Leg(
            self.node,
            self.km,
            self.terms,
            self.co2_per_g,
            self.per_gram,
            self.twin_id,
            shipped,
            delivery,
        )


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


class NetNode:
    """An active node with what every destination's leg needs from it."""

    __slots__ = ("node", "coords", "profile", "tz")

    def __init__(self, node: NodeInfo, profile: NodeProfile, tz: int):
        self.node = node
        lat, lon = node.lat, node.lon
        # (lat, lon, cos(lat)); None without coordinates
        self.coords = None if lat is None or lon is None else (lat, lon, cos(radians(lat)))
        self.profile = profile
        self.tz = tz  # index of its time zone in `Network.zones`


class Network(NamedTuple):
    """The active nodes (in `nodes` order), the distinct time zones and every node's
    cut-off, ascending: cached until the network changes."""

    nodes: list[NetNode]
    zones: tuple[str, ...]
    cutoffs: list[time]


def _network(ctx: SourcingContext, nodes: dict[str, NodeInfo]) -> Network:
    zones: dict[str, int] = {}
    net = []
    for node in nodes.values():
        if not node.active:
            continue
        net.append(
            NetNode(
                node,
                ctx.profile_for(node),
                zones.setdefault(node.timezone, len(zones)),
            )
        )
    cuts = sorted({ctx.profile_for(n).cutoff for n in nodes.values()})
    got = ctx.cache["network"] = Network(net, tuple(zones), cuts)
    return got


def _geography(
    ctx: SourcingContext, net: list[NetNode], dest: Location | None, service: str
) -> list[Leg]:
    """Per active node, its leg to one destination without the dates (`shipped` None)."""
    if not net:
        return []
    params = ctx.params
    unknown_km = params.unknown_distance_km
    road = params.road_factor
    carbon_price = params.carbon_price_per_kg
    factors = params.emission_factors
    limits, zones = ctx.rates.zones(service)
    last = len(zones) - 1
    per_zone: dict[tuple[str, int], NodeZone] = ctx.cache.setdefault("node_zone", {})
    twins: dict[tuple[int, int, float, int], int] = {}  # equal twin keys, one number
    lat1 = lon1 = cos1 = 0.0
    if dest is not None:
        lat1, lon1 = dest.lat, dest.lon
        cos1 = cos(radians(lat1))
    out = []
    for entry in net:
        node, coords = entry.node, entry.coords
        if dest is None or coords is None:
            km = unknown_km
        else:  # `geo.haversine_km(lat1, lon1, lat2, lon2)`, the same operations in order
            lat2, lon2, cos2 = coords
            a = (
                sin(radians(lat2 - lat1) / 2) ** 2
                + cos1 * cos2 * sin(radians(lon2 - lon1) / 2) ** 2
            )
            km = 2 * EARTH_RADIUS_KM * asin(sqrt(a if a < 1.0 else 1.0))  # (min(1.0, a))
        i = bisect_left(limits, km * road)
        zone = zones[i if i < last else last]  # `rates.zone_for`
        terms = per_zone.get((node.code, id(zone)))
        if terms is None:
            terms = per_zone[(node.code, id(zone))] = NodeZone(node, zone, params)
        co2_per_g = factors.get(zone.mode, 0.0) * km * road / 1e6
        per_gram = co2_per_g * carbon_price
        twin_id = twins.setdefault(
            (terms.fixed, terms.unit_labour, per_gram, terms.zkey), len(twins)
        )
        out.append(Leg(node, km, terms, co2_per_g, per_gram, twin_id))
    return out


def _ship_dates(ctx: SourcingContext, net: list[NetNode], stamp: tuple[date, int]) -> list[date]:
    """Per active node, its ship date for an order placed on `stamp` = (local day, cut-off
    slot): ship dates depend on the node's profile and the order time only."""
    cache: dict[tuple[date, int], list[date]] = ctx.cache.setdefault("ship_dates", {})
    got = cache.get(stamp)
    if got is None:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        day, slot = stamp
        # At or after a node's cut-off exactly when that cut-off is among the first `slot`.
        last = ctx.cache["network"].cutoffs[slot - 1] if slot else None
        by_profile: dict[int, date] = {}
        got = []
        for entry in net:
            profile = entry.profile
            shipped = by_profile.get(id(profile))
            if shipped is None:
                late = last is not None and profile.cutoff <= last
                shipped = by_profile[id(profile)] = ship_day(day, late, profile)
            got.append(shipped)
        cache[stamp] = got
    return got


def legs_for(
    request: SourcingRequest,
    ctx: SourcingContext,
    dest: Location | None,
    order_time: datetime,
    service: str,
) -> Legs:
    """Every active node's leg to `dest` for an order placed at `order_time` (naive:
    node-local at every node; timezone-aware: converted to each node's time zone)."""
    nodes = request.nodes
    cache = ctx.cache
    ref = cache.get("nodes")
    if ref is not nodes:
        if ref != nodes:
            cache.clear()  # the network changed: every cached fact may be stale
        cache["nodes"] = nodes
    network = cache.get("network") or _network(ctx, nodes)
    cuts = network.cutoffs
    where = (None if dest is None else (dest.lat, dest.lon), service)
    naive = order_time.tzinfo is None
    if naive:  # (local day, cut-off slot)
        stamp = (order_time.date(), bisect_right(cuts, order_time.time()))
        key: tuple[object, object] = (where, stamp)
    else:  # one (local day, cut-off slot) per time zone, in `zones` order
        stamps = tuple(
            (t.date(), bisect_right(cuts, t.time()))
            for t in (local_time(order_time, z) for z in network.zones)
        )
        key = (where, stamps)
    legs_cache = cache.get("legs")
    if legs_cache is None:
        legs_cache = cache["legs"] = {}
    legs = legs_cache.get(key)
    if legs is not None:
        return legs
    if len(legs_cache) > _CACHE_LIMIT:
        legs_cache.clear()
    geo_cache = cache.setdefault("geography", {})
    got = geo_cache.get(where)
    if got is None:
        if len(geo_cache) > _CACHE_LIMIT:
            geo_cache.clear()
        got = geo_cache[where] = (_geography(ctx, network.nodes, dest, service), {})
    geo, shared = got
    if naive:
        ships = _ship_dates(ctx, network.nodes, stamp)
    else:
        per_zone = [_ship_dates(ctx, network.nodes, s) for s in stamps]
        ships = [per_zone[entry.tz][i] for i, entry in enumerate(network.nodes)]
    deliveries = cache.setdefault("deliveries", {})  # (shipped, transit days) -> delivered
    if len(deliveries) > _CACHE_LIMIT:
        deliveries.clear()
    carrier = ctx.carrier_calendar
    legs = Legs(shared)
    # A leg never changes once dated: the first dating of each node's leg to this
    # destination is kept and shared by every later order time giving the same ship date
    # (fewer objects to build and for the garbage collector to walk).
    for proto, shipped in zip(geo, ships, strict=True):
        if proto.shipped == shipped:
            legs[proto.code] = proto
            continue
        transit = proto.zone.transit_days
        delivery = deliveries.get((shipped, transit))
        if delivery is None:
            delivery = deliveries[(shipped, transit)] = delivery_date(shipped, transit, carrier)
        if proto.shipped is None:  # (not yet in any Legs)
            proto.shipped = shipped
            proto.delivery = delivery
            legs[proto.code] = proto
        else:
            legs[proto.code] = proto.redated(shipped, delivery)
    legs_cache[key] = legs
    return legs


def overtime_per_line(node: NodeInfo, used: int, ctx: SourcingContext) -> int:
    if node.daily_capacity <= 0:
        return 0
    busy = used >= ctx.params.overtime_threshold * node.daily_capacity
    return ctx.params.overtime_per_line if busy else 0


def unit_weight(line: LineRequest, ctx: SourcingContext) -> int:
    return line.weight_g if line.weight_g > 0 else ctx.params.default_unit_weight_g


def evaluate(
    allocations: list[tuple[int, str, int]],
    request: SourcingRequest,
    legs: dict[str, Leg],
    ctx: SourcingContext,
) -> tuple[Breakdown, date | None]:
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
    b = Breakdown(
        shipping,
        handling,
        params.package_penalty * max(0, len(per_node) - 1),
        labour,
        overtime,
        carbon,
        carbon_kg,
        len(per_node),
    )
    return b, latest


def whole_load(request: SourcingRequest, ctx: SourcingContext) -> tuple[int, int, int]:
    """(grams, units, lines) of the whole order in one package, summed as `evaluate` does."""
    default_weight = ctx.params.default_unit_weight_g
    grams = units = nlines = 0
    for line in request.lines:
        qty, w = line.quantity, line.weight_g
        grams += qty * (w if w > 0 else default_weight)
        units += qty
        nlines += 1
    return grams, units, nlines


def _whole_terms(
    code: str,
    load: tuple[int, int, int],
    request: SourcingRequest,
    legs: dict[str, Leg],
    ctx: SourcingContext,
) -> tuple[float, float, int, float, float, float, float]:
    """`evaluate`'s sums for every line in full at one node, from the order's `whole_load`
    (the same figures to the last bit): shipping, handling, package penalty, labour,
    overtime, carbon, carbon kg."""
    grams, units, nlines = load
    leg = legs[code]
    params = ctx.params
    used = request.capacity_used
    overtime = 0.0
    if used or params.overtime_threshold <= 0:
        overtime += nlines * overtime_per_line(leg.node, used.get(code, 0), ctx)
    return (
        0.0 + leg.price(grams),
        0.0 + leg.node.handling_cost,
        params.package_penalty * 0,
        0.0 + units * leg.unit_labour,
        overtime,
        0.0 + grams * leg.per_gram,
        0.0 + grams * leg.co2_per_g,
    )


def evaluate_whole(
    code: str,
    load: tuple[int, int, int],
    request: SourcingRequest,
    legs: dict[str, Leg],
    ctx: SourcingContext,
) -> tuple[Breakdown, date]:
    """`evaluate` of the whole order at one node: a rule strategy prices its choice and
    two runners-up from the same load."""
    return Breakdown(*_whole_terms(code, load, request, legs, ctx), 1), legs[code].delivery


def whole_total(
    code: str,
    load: tuple[int, int, int],
    request: SourcingRequest,
    legs: dict[str, Leg],
    ctx: SourcingContext,
) -> tuple[float, date]:
    """`evaluate_whole(...)[0].total` and the delivery date, without the breakdown."""
    shipping, handling, penalty, labour, overtime, carbon, _ = _whole_terms(
        code, load, request, legs, ctx
    )
    # Summed in the order of `Breakdown.total`.
    return shipping + handling + penalty + labour + overtime + carbon, legs[code].delivery

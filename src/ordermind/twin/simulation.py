"""The simulation: day by day, it drives the same services the API uses (place, hold,
release, ship, deliver, return, receive supply) in simulated time (`use_clock`).

It runs on the store it is given (`store.TwinStore`). In memory mode finished orders are
turned into KPI facts and dropped, so memory stays flat over a simulated year; database mode
leaves the whole history in the store.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Callable
from contextlib import nullcontext
from datetime import UTC, date, datetime, timedelta

from ordermind.domain.clock import use_clock
from ordermind.domain.errors import DomainError
from ordermind.domain.network import InboundSupply, SupplyKind
from ordermind.domain.orders import Address, Customer, HoldReason, Order, OrderStatus
from ordermind.kpis.facts import OrderFact, facts_from_orders
from ordermind.services import care as care_svc
from ordermind.services import fulfilment as ful
from ordermind.services import inventory as inv
from ordermind.services import ordering, reviews
from ordermind.services import priority as prio
from ordermind.services import returns as ret
from ordermind.services.commands import (
    CancelOrder,
    OrderLineInput,
    PlaceHold,
    PlaceOrder,
    ReceiveReturn,
    RequestReturn,
    ShipLines,
)
from ordermind.services.ids import sequential_ids, use_ids

from . import world
from .care import TwinCare
from .demand import OrderSpec, day_orders, make_catalog, rng
from .heap import frozen_between_days
from .policies import ForecastReplenishment, ModelRisk
from .scenario import Scenario
from .store import MemoryStore, StoreFor

ACTOR = world.ACTOR
REVIEWER = "user:fraud-reviewer"  # a person: held orders are not touchless
CARRIER = f"carrier:{ACTOR}"
SUPPLY_STREAM = 3


class Simulation:
    def __init__(self, scenario: Scenario, store_for: StoreFor, *, labels: bool = False) -> None:
        self.s = scenario
        store = store_for(scenario)
        if store.memory is None and scenario.policy.care != "none":
            raise ValueError("order care runs in the twin's memory mode only (no --database)")
        self.store: MemoryStore | None = store.memory  # None: database mode
        self.uow = store.uow
        self.store_facts = store.facts  # database mode: the store's KPI facts, after the run
        self.skus = make_catalog(scenario)
        self.family = {k.sku: k.family for k in self.skus}
        self.return_rate = {f.name: f.return_rate for f in scenario.catalog.families}
        self.carriers = {c.code: c for c in scenario.carriers}
        self.now = datetime.combine(scenario.start, datetime.min.time(), UTC)
        self.midnight = (0, self.now)  # (day, its midnight): `at` is called for every order
        self.channel_specs = {c.code: c for c in scenario.channels}
        self.channel_actor = {c.code: f"channel:{c.code}" for c in scenario.channels}
        self.specs: dict[int, OrderSpec] = {}
        self.queues: dict[str, deque[int]] = defaultdict(deque)
        self.agenda: dict[int, list[tuple]] = defaultdict(list)  # day -> [(what, ...)]
        self.backordered: set[int] = set()
        self.demand: dict[tuple[str, str], float] = {}  # (node, sku) -> smoothed units a day
        self.today_units: dict[tuple[str, str], int] = defaultdict(int)
        self.facts: list[OrderFact] = []
        self.daily: list[dict] = []
        self.labels: list[tuple] | None = [] if labels else None
        self.errors: dict[str, int] = defaultdict(int)
        self.seq = 0
        self.placed = 0
        self.day = 0
        # The promise first made (what OTIF and lateness are measured against, however a
        # care fix moves it later), release and cancellation times (delay history).
        self.first_promise: dict[int, date | None] = {}
        self.released_at: dict[int, datetime] = {}
        self.cancelled_at: dict[int, datetime] = {}
        self.lateness: list[tuple[int, datetime, datetime | None]] = []
        self.upgrade_cost = 0.0  # minor units care fixes added by faster carrier services
        self.care = TwinCare(self)
        self.planner = ForecastReplenishment(self)
        self.risk = ModelRisk(self)
        self.risk_trained_on = scenario.care.warmup_days
        self.home = {i: world.nearest_node(scenario, r) for i, r in enumerate(scenario.regions)}
        self.unit_cost = self.planner.unit_cost
        self.stock_value: list[float] = []
        self.rule_reviews: list[int] = []  # days the order-up-to rule reviewed stock
        # Care figures cover orders placed once the care warm-up is over (every policy
        # alike: the warm-up is the same run of days whether care watches or not).
        self.measured_from = datetime.combine(scenario.start, datetime.min.time(), UTC) + timedelta(
            days=scenario.care.warmup_days
        )

    # -- plumbing -----------------------------------------------------------------
    def at(self, day: int, minute: float) -> None:
        if self.midnight[0] != day:
            start = datetime.combine(self.s.start, datetime.min.time(), UTC)
            self.midnight = (day, start + timedelta(days=day))
        self.now = self.midnight[1] + timedelta(minutes=minute)

    def midnight_of(self, day: int) -> datetime:
        return datetime.combine(self.s.start, datetime.min.time(), UTC) + timedelta(days=day)

    def peek(self, oid: int) -> Order | None:
        """Read an order without changing it. In memory mode straight from the store: a
        unit of work would keep an image of the order to roll back to, for nothing."""
        if self.store is not None:
            return self.store.orders.get(oid)
        with self.uow() as uow:
            return uow.orders.get(oid)

    def call(self, fn: Callable, *args, **kw):
        """One use case in one unit of work; a domain refusal is counted, not fatal."""
        with self.uow() as uow:
            try:
                out = fn(uow, *args, **kw)
            except DomainError as exc:
                self.errors[type(exc).__name__] += 1
                return None
            uow.commit()
            return out

    def run(self, progress: Callable[[int], None] | None = None) -> Simulation:
        # Memory mode makes next to no cyclic garbage: no collector during the run (see
        # `heap`). The database mode's ORM sessions do make some, so it keeps collecting.
        # Memory mode numbers shipments, invoices and returns with a counter (a run is
        # reproducible to the id); a database may already hold ids from an earlier run.
        ids = use_ids(sequential_ids()) if self.store is not None else nullcontext()
        with (
            use_clock(lambda: self.now),
            ids,
            frozen_between_days(collect=self.store is None) as day_done,
        ):
            self.demand = world.build(self.s, self.skus, self.uow)
            for day in range(self.s.days):
                self.step(day)
                day_done()
                if progress:
                    progress(day)
            self.at(self.s.days, 0)
            self.finish()
        return self

    # -- one day ------------------------------------------------------------------
    def step(self, day: int) -> None:
        self.day = day
        self.disruptions(day)
        todo = self.agenda.pop(day, [])
        self.at(day, 360)
        for item in [x for x in todo if x[0] == "receive"]:
            self.receive(item[1])
        self.release_backorders()
        scans = self.care.scan_minutes(day)
        for minute in (m for m in scans if m < 540):
            self.at(day, minute)
            self.care.step(self.now)
        self.at(day, 540)
        for item in [x for x in todo if x[0] == "review"]:
            self.review(*item[1:])
        handlers: dict[str, Callable[..., None]] = {
            "deliver": self.deliver,
            "return": self.give_back,
            "refund": self.refund,
            "scan": self.carrier_scan,
        }
        for item in sorted((x for x in todo if x[0] in handlers), key=lambda x: x[1]):
            self.at(day, item[1])
            handlers[item[0]](*item[2:])
        specs = day_orders(self.s, self.skus, day, self.seq)
        self.seq += len(specs)
        self.risk.screen(specs, self.midnight_of(day))
        for spec in specs:
            self.at(day, spec.minute)
            self.place(spec)
        self.at(day, 1350)
        shipped = self.ship_wave(day)
        for minute in (m for m in scans if 1350 < m < 1400):
            self.at(day, minute)
            self.care.step(self.now)
        self.at(day, 1400)
        if day + 1 == self.risk_trained_on:
            self.risk.train()
        if self.planner.ready(day):
            if (day - self.s.policy.forecast_warmup_days) % self.s.policy.forecast_review_days == 0:
                self.planner.replenish(day)
        elif self.s.policy.replenishment != "none" and day % self.s.policy.review_days == 0:
            self.replenish(day)
        # Work scheduled during the day for the day itself (a cancelled or refunded order
        # retires "in 0 days") lands after `todo` was taken: retire it now and carry
        # anything else to tomorrow, so that no order is left in the store for good.
        late = self.agenda.pop(day, [])
        for item in [x for x in todo + late if x[0] == "retire"]:
            self.retire(item[1])
        for item in late:
            if item[0] != "retire":
                self.agenda[day + 1].append(item)
        self.daily.append(
            {
                "day": day,
                "date": (self.s.start + timedelta(days=day)).isoformat(),
                "orders": len(specs),
                "shipped_lines": shipped,
                "queued": sum(len(q) for q in self.queues.values()),
                "backordered_orders": len(self.backordered),
                "stockouts": self.stockouts(),
                "inventory_value": round(self.stock_value[-1] / 100, 2),  # major units, at cost
                **self.delivery_tally(todo),
            }
        )

    def disruptions(self, day: int) -> None:
        """What the OMS is told today: a node down or back (outage), a node's announced
        lower capacity (slowdown), the delays carriers announce (the care scorer's)."""
        told = {
            d.node
            for d in self.s.disruptions
            if d.node is not None  # a node outage or slowdown names its node
            and (d.kind == "node_outage" or (d.kind == "node_slowdown" and d.announced))
            and day in (d.start_day, d.start_day + d.days)
        }
        for code in sorted(told):
            spec = next(n for n in self.s.nodes if n.code == code)
            announced = [
                d
                for d in self.s.disruptions
                if d.kind == "node_slowdown" and d.node == code and d.announced and d.active(day)
            ]
            self.at(day, 0)
            self.call(
                inv.upsert_node,
                world.node_of(
                    spec,
                    active=not self.down(code, day),
                    capacity=self.capacity(spec, day, announced) if announced else None,
                ),
            )
        self.care.delays.clear()
        for d in self.s.disruptions:
            if d.kind == "carrier_delay" and d.active(day):
                key = d.carrier or "*"
                self.care.delays[key] = self.care.delays.get(key, 0.0) + d.extra_days

    def down(self, node: str, day: int) -> bool:
        return any(
            d.kind == "node_outage" and d.node == node and d.active(day) for d in self.s.disruptions
        )

    def capacity(self, spec, day: int, slowdowns=None) -> int:
        """Order lines the node can ship today: its capacity over any slowdown's factor."""
        cap = float(spec.capacity)
        for d in slowdowns if slowdowns is not None else self.s.disruptions:
            if d.kind == "node_slowdown" and d.node == spec.code and d.active(day):
                cap /= d.factor
        return int(cap)

    # -- orders ---------------------------------------------------------------------
    def place(self, spec: OrderSpec) -> None:
        region = self.s.regions[spec.region]
        channel = self.channel_specs[spec.channel]
        cmd = PlaceOrder(
            channel=spec.channel,
            currency="EUR",
            customer=Customer(spec.customer, None, spec.segment),
            ship_to=Address(
                spec.customer.split("@")[0],
                "1 High Street",
                region.name,
                "AB1 2CD",
                region.country,
                lat=region.lat,
                lon=region.lon,
            ),
            lines=[OrderLineInput(sku, qty) for sku, qty in spec.lines],
            requested_delivery_date=(self.now + timedelta(days=channel.promise_days)).date(),
        )
        order = self.call(ordering.place_order, cmd, self.channel_actor[spec.channel])
        if order is None:
            return
        oid = order.id
        self.placed += 1
        self.specs[oid] = spec
        self.first_promise[oid] = order.promised_delivery_date or order.requested_delivery_date
        record = self.planner.record if self.planner.on else None
        for line in order.lines:
            for a in line.allocations:
                self.today_units[(a.node, line.sku)] += a.allocated
                if record:
                    record(spec.day, a.node, line.sku, a.allocated)
            if line.backordered:
                self.backordered.add(oid)
                if record:  # owed demand counts at the node that serves the order
                    home = next(
                        (a.node for ln in order.lines for a in ln.allocations if a.allocated),
                        self.home[spec.region],
                    )
                    record(spec.day, home, line.sku, line.backordered)
        if self.labels is not None:
            self.labels.append(
                (
                    oid,
                    spec.day,
                    spec.minute,
                    spec.channel,
                    spec.customer,
                    sum(q for _, q in spec.lines),
                    round(spec.score, 4),
                    int(spec.fraud),
                )
            )
        if spec.u_cancel < self.s.cancel_rate:
            self.call(
                ordering.cancel_order,
                CancelOrder(oid, "customer changed their mind"),
                f"channel:{spec.channel}",
            )
            self.cancelled_at[oid] = self.now
            self.retire_later(oid, 0)
        elif self.risk.hold(spec):
            got = self.call(ful.place_hold, PlaceHold(oid, HoldReason.FRAUD, "risk score"), "risk")
            if got is not None:
                self.agenda[self.day + self.s.fraud.review_days].append(("review", oid, got[1].id))
        elif any(a.allocated for ln in order.lines for a in ln.allocations):
            self.release(oid)

    def release(self, oid: int) -> None:
        order = self.call(ful.release_order, oid, ACTOR)
        if order is None:
            return
        self.released_at.setdefault(oid, self.now)
        for line in order.lines:
            for a in line.allocations:
                if a.released and (not self.queues[a.node] or self.queues[a.node][-1] != oid):
                    self.queues[a.node].append(oid)

    def review(self, oid: int, hold_id: str) -> None:
        """A person decides the hold (`services.reviews`: the decision is recorded, and is
        what a risk model trained on the store's reviewed orders learns from)."""
        if self.specs[oid].fraud:
            self.call(reviews.decide, oid, hold_id, "reject", "fraud confirmed", REVIEWER)
            self.cancelled_at[oid] = self.now
            self.backordered.discard(oid)
            self.retire_later(oid, 0)
        else:
            order = self.call(reviews.decide, oid, hold_id, "approve", "genuine", REVIEWER)
            if order is not None and any(a.allocated for ln in order.lines for a in ln.allocations):
                self.release(oid)

    def release_backorders(self) -> None:
        for oid in sorted(self.backordered):
            order = self.peek(oid)
            if order is None or order.status in (OrderStatus.CANCELLED, OrderStatus.CLOSED):
                self.backordered.discard(oid)
                continue
            if not any(ln.backordered for ln in order.lines):
                self.backordered.discard(oid)
            if (
                any(a.allocated for ln in order.lines for a in ln.allocations)
                and not order.active_holds
            ):
                self.release(oid)

    # -- fulfilment -----------------------------------------------------------------
    def carrier_of(self, oid: int) -> world.Carrier:
        shares = [c.share for c in self.s.carriers]
        return world.pick(self.s.carriers, shares, self.specs[oid].u_carrier)

    def wave_order(self, node: str, queue: deque[int], capacity: int) -> list[int]:
        """The order the node takes its queue in today. When it cannot ship everything,
        the channels' priority policy decides (`services.priority`: FIFO by promise, or
        dynamic); when it can, the order makes no difference and the queue stands."""
        peeked = [(oid, o) for oid in queue if (o := self.peek(oid)) is not None]
        orders = [o for _, o in peeked]
        lines = sum(
            1
            for o in orders
            for ln in o.lines
            for a in ln.allocations
            if a.node == node and a.released
        )
        if lines <= capacity:
            return list(queue)
        transit = {oid: self.carrier_of(oid).transit_days for oid, _ in peeked}
        with self.uow() as uow:
            ranked = prio.in_priority_order(uow, orders, self.now, transit_days=transit)
        return [o.id for o, _ in ranked]  # type: ignore[misc]

    def ship_wave(self, day: int) -> int:
        total = 0
        for n in self.s.nodes:
            if self.down(n.code, day):
                continue
            queue, left = self.queues[n.code], self.capacity(n, day)
            if not queue or left <= 0:
                continue
            todo = self.wave_order(n.code, queue, left)
            taken: set[int] = set()
            for oid in todo:
                if left <= 0:
                    break
                taken.add(oid)
                order = self.peek(oid)
                lines = (
                    [
                        (ln.sku, a.released)
                        for ln in order.lines
                        for a in ln.allocations
                        if a.node == n.code and a.released
                    ]
                    if order
                    else []
                )
                if not lines:
                    continue
                spec = self.specs[oid]
                carrier = self.carrier_of(oid)
                express = (order.sourcing or {}).get("service_level") == "express"  # type: ignore[union-attr]
                got = self.call(ful.ship, ShipLines(oid, n.code, lines, carrier.code), ACTOR)
                if got is None:
                    continue
                left -= len(lines)
                total += len(lines)
                transit = world.transit_days(carrier, spec.z_transit) * (
                    carrier.express_factor if express else 1.0
                ) + sum(
                    d.extra_days
                    for d in self.s.disruptions
                    if d.kind == "carrier_delay"
                    and d.active(day)
                    and d.carrier in (None, carrier.code)
                )
                arrive = 1350 + transit * 1440  # minutes after this day's midnight
                when = day + int(arrive // 1440)
                self.agenda[when].append(("deliver", max(480.0, arrive % 1440), got[1].id, oid))
                if self.care.on:  # the carrier scans each morning it is on the way
                    delayed = transit > world.transit_days(carrier, spec.z_transit) * (
                        carrier.express_factor if express else 1.0
                    )
                    for k in range(1, when - day + 1):
                        self.agenda[day + k].append(
                            (
                                "scan",
                                300.0,
                                got[1].id,
                                oid,
                                "delayed" if delayed and k == 1 else "in_transit",
                            )
                        )
            self.queues[n.code] = deque(oid for oid in queue if oid not in taken)
        return total

    def carrier_scan(self, shipment_id: str, oid: int, status: str) -> None:
        order = self.peek(oid)
        shipment = (
            next((x for x in order.shipments if x.id == shipment_id), None)
            if order is not None
            else None
        )
        if shipment is None or shipment.delivered_at is not None:
            return
        self.call(care_svc.record_scan, shipment_id, status, self.now, CARRIER, self.now)

    def deliver(self, shipment_id: str, oid: int) -> None:
        got = self.call(ful.deliver, shipment_id, CARRIER)
        if got is None or got[0].status is not OrderStatus.DELIVERED:
            return
        order, spec = got[0], self.specs[oid]
        surge = math.prod(
            d.factor for d in self.s.disruptions if d.kind == "returns_surge" and d.active(self.day)
        )
        rate = max(self.return_rate.get(self.family[ln.sku], 0.0) for ln in order.lines) * surge
        if spec.u_return < rate:
            lines = [(ln.sku, ln.shipped, "did not suit") for ln in order.lines if ln.shipped]
            self.agenda[self.day + 2 + int(spec.u_misc * 6)].append(("return", 660, oid, lines))
        else:
            self.retire_later(oid, self.s.return_window_days)

    def give_back(self, oid: int, lines: list) -> None:
        got = self.call(ret.request_return, RequestReturn(oid, lines), "channel:returns-portal")
        if got is None or self.call(ret.authorise_return, got[1].id, ACTOR) is None:
            self.retire_later(oid, 0)
            return
        self.agenda[self.day + 4].append(("refund", 600, oid, got[1].id))

    def refund(self, oid: int, rma_id: str) -> None:
        if self.call(ret.receive_return, ReceiveReturn(rma_id), ACTOR) is not None:
            self.call(ret.refund_return, rma_id, ACTOR)
        self.retire_later(oid, 0)

    def retire_later(self, oid: int, days: int) -> None:
        self.agenda[self.day + days].append(("retire", oid))

    def retire(self, oid: int) -> None:
        order = self.peek(oid)
        if order is not None and order.status is OrderStatus.DELIVERED:
            order = self.call(ordering.close_order, oid, ACTOR) or order
        self.specs.pop(oid, None)
        if self.store is not None and order is not None:
            actors = {oid: self.store.actors_of(oid)}
            self.care.keep(order)
            self.facts += self.measured(facts_from_orders([order], actors), [order])
            self.store.forget(oid)
            self.released_at.pop(oid, None)
            self.cancelled_at.pop(oid, None)

    def measured(self, facts: list[OrderFact], orders: list[Order]) -> list[OrderFact]:
        """Facts measured against the promise first made (a care fix that moves the
        promise does not make a late order on time), and each order's lateness data."""
        for fact, order in zip(facts, orders, strict=True):
            first = self.first_promise.pop(fact.order_id, fact.promised)
            fact.promised = first
            src = order.sourcing or {}
            if src.get("service_upgraded_from"):
                before = (src.get("cost") or {}).get("total") or 0
                self.upgrade_cost += max(
                    0.0, float(src.get("service_upgrade_cost") or 0) - float(before)
                )
            if (
                first is not None
                and fact.status != "cancelled"
                and fact.created_at >= self.measured_from
            ):
                deadline = datetime.combine(first, datetime.min.time(), UTC) + timedelta(days=1)
                arrived = fact.delivered_at
                if arrived is not None and arrived.tzinfo is None:
                    arrived = arrived.replace(tzinfo=UTC)
                self.lateness.append((fact.order_id, deadline, arrived))
        return facts

    # -- stock ------------------------------------------------------------------------
    def receive(self, supply_id: int) -> None:
        delay = [d for d in self.s.disruptions if d.kind == "supplier_delay" and d.active(self.day)]
        if delay:  # the supplier slips: this delivery comes later
            self.agenda[self.day + max(1, round(max(d.extra_days for d in delay)))].append(
                ("receive", supply_id)
            )
            return
        self.call(inv.receive_supply, supply_id, ACTOR)

    def supply_rng(self, day: int):
        return rng(self.s.seed, SUPPLY_STREAM, day)

    def replenish(self, day: int) -> None:
        """The rule: order up to cover + lead time of smoothed demand when below 60 %."""
        p, sup = self.s.policy, self.s.suppliers
        self.rule_reviews.append(day)
        r = self.supply_rng(day)
        with self.uow() as uow:
            positions = {(x.node, x.sku): x for x in uow.inventory.find()}
            open_in: dict[tuple[str, str], int] = defaultdict(int)
            for x in uow.supply.find():
                open_in[(x.node, x.sku)] += x.quantity
        for key in sorted(self.demand):
            rate = self.demand[key]
            pos = positions.get(key)
            have = (pos.on_hand - pos.reserved if pos else 0) + open_in[key]
            target = rate * (p.cover_days + sup.lead_time_days)
            if rate <= 0 or have > 0.6 * target:
                continue
            lead = max(1.0, r.normal(sup.lead_time_days, sup.lead_time_sd))
            supply = self.call(
                inv.add_supply,
                InboundSupply(
                    None,
                    SupplyKind.PURCHASE_ORDER,
                    key[1],
                    key[0],
                    math.ceil(target - have),
                    self.now + timedelta(days=lead),
                    source="supplier",
                ),
            )
            if supply is not None:
                self.agenda[day + max(1, round(lead))].append(("receive", supply.id))
        self._smooth_demand()

    def _smooth_demand(self) -> None:
        days = max(1, self.s.policy.review_days)
        for key in self.demand:
            seen = self.today_units.get(key, 0) / days
            self.demand[key] = 0.7 * self.demand[key] + 0.3 * seen
        self.today_units.clear()

    def stockouts(self) -> int:
        """Positions with nothing free today; also notes the stock's value at cost."""
        out, value = 0, 0.0
        cost = self.unit_cost
        with self.uow() as uow:
            for x in uow.inventory.find():
                if x.on_hand - x.reserved <= 0:
                    out += 1
                value += x.on_hand * cost.get(x.sku, 0)
        self.stock_value.append(value)
        return out

    def delivery_tally(self, todo: list) -> dict:
        return {"deliveries": sum(1 for x in todo if x[0] == "deliver")}

    def finish(self) -> None:
        if self.store is not None:
            actors = {oid: self.store.actors_of(oid) for oid in self.store.orders}
            orders = [o for o in self.store.orders.values() if not o.draft]
            self.facts += self.measured(facts_from_orders(orders, actors), orders)

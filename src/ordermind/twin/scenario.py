"""Scenarios: the network, demand, carriers, suppliers, disruptions and policies of one
simulated run, read from YAML (every field has a default, so a scenario states only what
differs)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

DISRUPTIONS = (
    "node_outage",
    "node_slowdown",
    "carrier_delay",
    "demand_surge",
    "returns_surge",
    "supplier_delay",
)
CARE_POLICIES = ("none", "rules", "model")
PRIORITY_POLICIES = ("fifo", "dynamic")
CARE_SCANS = ("morning", "night")
REPLENISHMENT_POLICIES = ("order_up_to", "forecast", "none")
RISK_POLICIES = ("rules", "model")


@dataclass
class Family:
    name: str
    share: float = 1.0  # of demand
    price: tuple[int, int] = (500, 5000)  # minor units, range
    weight_g: tuple[int, int] = (200, 2000)
    return_rate: float = 0.05


@dataclass
class Promotion:
    start_day: int
    days: int
    uplift: float = 2.0
    family: str | None = None  # None: the whole catalog


@dataclass
class Catalog:
    skus: int = 60
    families: list[Family] = field(
        default_factory=lambda: [
            Family("apparel", 0.4, (1500, 6000), (200, 900), 0.18),
            Family("home", 0.35, (800, 9000), (500, 5000), 0.05),
            Family("electronics", 0.25, (3000, 30000), (300, 2500), 0.08),
        ]
    )
    pareto: float = 1.1  # SKU popularity ~ rank^-pareto: a long, intermittent tail
    short_lifecycle_share: float = 0.1  # SKUs launched and retired within the run
    trend_per_year: float = 0.1  # +10 % a year
    weekly: list[float] = field(default_factory=lambda: [1.1, 1.0, 1.0, 1.0, 1.05, 0.9, 0.8])
    annual_amplitude: float = 0.15  # peak in late November
    promotions: list[Promotion] = field(default_factory=list)


@dataclass
class Region:
    name: str
    lat: float
    lon: float
    share: float = 1.0
    country: str = "GB"
    customers: int = 2000


@dataclass
class ChannelSpec:
    code: str
    share: float = 1.0
    promise_days: int = 3  # the delivery date quoted at checkout
    segment: str = "consumer"
    backorder_policy: str = "backorder"


@dataclass
class NodeSpec:
    code: str
    lat: float
    lon: float
    capacity: int = 500  # order lines shipped per day
    handling_cost: int = 150
    kind: str = "warehouse"
    country: str = "GB"
    stock_days: float = 21.0  # opening stock, in days of this node's expected demand


@dataclass
class Carrier:
    code: str
    share: float = 1.0
    transit_days: float = 2.0  # mean
    transit_sd: float = 0.8
    cost: int = 450  # minor units per package
    express_factor: float = 0.6  # transit of an order upgraded to express, x the usual


@dataclass
class Suppliers:
    lead_time_days: float = 7.0
    lead_time_sd: float = 2.0


@dataclass
class Fraud:
    rate: float = 0.01  # share of orders that are fraudulent (labelled in the output)
    review_days: int = 1  # a person reviews a held order after this long


@dataclass
class Disruption:
    kind: str
    start_day: int
    days: int = 3
    node: str | None = None  # node_outage, node_slowdown
    carrier: str | None = None  # carrier_delay (None: every carrier)
    extra_days: float = 3.0  # carrier_delay, supplier_delay
    # demand_surge, returns_surge: demand or returns x factor; node_slowdown: the node
    # ships its daily capacity / factor (staff off sick, a broken sorter)
    factor: float = 3.0
    family: str | None = None  # demand_surge (None: every family)
    # node_slowdown: the node also tells the OMS its lower capacity (its daily_capacity is
    # set to the cut one, so sourcing sends new orders elsewhere); False: only the floor
    # slows down and the OMS finds out from the orders that do not ship
    announced: bool = False

    def __post_init__(self) -> None:
        if self.kind not in DISRUPTIONS:
            raise ValueError(f"unknown disruption {self.kind!r}; known: {', '.join(DISRUPTIONS)}")
        if self.kind in ("node_outage", "node_slowdown") and not self.node:
            raise ValueError(f"{self.kind} needs the node it hits")
        if self.kind == "node_slowdown" and not self.factor >= 1:
            raise ValueError(
                "node_slowdown factor divides the node's capacity: 1 or more "
                f"(2 = half), got {self.factor}"
            )
        if self.days < 0:
            raise ValueError(f"a disruption lasts 0 days or more, got {self.days}")

    def active(self, day: int) -> bool:
        return self.start_day <= day < self.start_day + self.days


@dataclass
class Policy:
    sourcing_strategy: str = "default"  # a sourcing strategy name
    # order_up_to: the rule (order up to cover_days + lead time of smoothed demand when
    # below 60 % of it); forecast: ordermind.forecasting (twin.policies); none
    replenishment: str = "order_up_to"
    review_days: int = 7
    cover_days: float = 21.0  # order up to this many days of demand (+ lead time)
    service_level: float = 0.9  # forecast: the cycle service level (per review cycle)
    forecast_warmup_days: int = 14  # forecast: the rule orders until this much history
    # forecast: days between planning runs once it plans (a planner's automated run can
    # come round more often than the weekly manual review the rule stands for)
    forecast_review_days: int = 3
    forecast_history_days: int = 56  # forecast: days of history each forecast reads
    forecast_models: list[str] = field(
        default_factory=lambda: ["SeasonalNaive", "TSB", "WindowAverage"]
    )
    unit_cost_share: float = 0.5  # what a unit costs to buy, as a share of its price
    # rules: hold orders whose rule score reaches risk_threshold; model: the risk LightGBM
    # trained on the run's labelled warm-up orders (care.warmup_days) holds the
    # risk_review_rate share it scores highest (rules until then, or if it cannot train)
    risk: str = "rules"
    risk_threshold: float = 0.7
    risk_review_rate: float = 0.015
    # Order care (issue 13): none; rules (the delay scorer's rule fallback on lane timing
    # learnt from the run's own warm-up deliveries); model (a delay model trained on them)
    care: str = "none"
    # How waiting orders are taken (ship waves, back-orders): fifo by promise, or dynamic
    priority: str = "fifo"

    def __post_init__(self) -> None:
        if self.replenishment not in REPLENISHMENT_POLICIES:
            raise ValueError(
                f"unknown replenishment policy {self.replenishment!r}; one of "
                f"{', '.join(REPLENISHMENT_POLICIES)}"
            )
        if self.risk not in RISK_POLICIES:
            raise ValueError(
                f"unknown risk policy {self.risk!r}; one of {', '.join(RISK_POLICIES)}"
            )
        if self.care not in CARE_POLICIES:
            raise ValueError(
                f"unknown care policy {self.care!r}; one of {', '.join(CARE_POLICIES)}"
            )
        if self.priority not in PRIORITY_POLICIES:
            raise ValueError(
                f"unknown priority policy {self.priority!r}; one of {', '.join(PRIORITY_POLICIES)}"
            )


@dataclass
class CareSettings:
    """How order care runs in the twin when `policy.care` is not none."""

    warmup_days: int = 14  # care starts after these; the delay model learns from them
    scans: list[str] = field(default_factory=lambda: ["morning", "night"])  # 07:00, 23:00
    review_hours: float = 4.0  # a person decides an exception waiting for one this late
    touch_cost: int = 300  # minor units a person's touch costs (the all-in cost per order)
    # CarePolicy overrides (`ordermind.care.policy.CarePolicy.from_mapping`)
    policy: dict = field(default_factory=dict)
    # exception types whose orders' customers are told of a delay as soon as one opens
    notify_on: list[str] = field(
        default_factory=lambda: [
            "predicted_late",
            "release_sla",
            "backorder_past_promise",
            "node_outage",
        ]
    )

    def __post_init__(self) -> None:
        unknown = sorted(set(self.scans) - set(CARE_SCANS))
        if unknown:
            raise ValueError(
                f"unknown care scan(s) {', '.join(unknown)}; known: {', '.join(CARE_SCANS)}"
            )
        from ordermind.care.policy import EXCEPTION_TYPES

        bad = sorted(set(self.notify_on) - set(EXCEPTION_TYPES))
        if bad:
            raise ValueError(f"care.notify_on: unknown exception type(s) {', '.join(bad)}")
        if self.warmup_days < 1 or self.review_hours < 0:
            raise ValueError("care needs warmup_days >= 1 and review_hours >= 0")


@dataclass
class Scenario:
    name: str = "scenario"
    start: date = date(2025, 1, 6)
    days: int = 60
    seed: int = 7
    orders_per_day: float = 300.0
    lines_per_order: float = 1.4  # mean
    cancel_rate: float = 0.01  # customers cancelling before release
    return_window_days: int = 14
    catalog: Catalog = field(default_factory=Catalog)
    regions: list[Region] = field(
        default_factory=lambda: [
            Region("london", 51.51, -0.13, 0.4),
            Region("north", 53.48, -2.24, 0.35),
            Region("scotland", 55.86, -4.25, 0.25),
        ]
    )
    channels: list[ChannelSpec] = field(
        default_factory=lambda: [
            ChannelSpec("web", 0.55),
            ChannelSpec("app", 0.25),
            ChannelSpec("marketplace", 0.15, promise_days=4),
            ChannelSpec("b2b", 0.05, promise_days=5, segment="business"),
        ]
    )
    nodes: list[NodeSpec] = field(
        default_factory=lambda: [
            NodeSpec("DC-SOUTH", 52.04, -0.76, 400),
            NodeSpec("DC-NORTH", 53.80, -1.55, 300),
            NodeSpec("ST-GLA", 55.86, -4.25, 60, 250, "store", stock_days=10),
        ]
    )
    carriers: list[Carrier] = field(
        default_factory=lambda: [
            Carrier("royalmail", 0.6, 0.8, 0.4, 380),
            Carrier("dpd", 0.4, 0.6, 0.25, 520),
        ]
    )
    suppliers: Suppliers = field(default_factory=Suppliers)
    fraud: Fraud = field(default_factory=Fraud)
    disruptions: list[Disruption] = field(default_factory=list)
    policy: Policy = field(default_factory=Policy)
    care: CareSettings = field(default_factory=CareSettings)

    def __post_init__(self) -> None:
        nodes = {n.code for n in self.nodes}
        carriers = {c.code for c in self.carriers}
        for d in self.disruptions:
            if d.node is not None and d.node not in nodes:
                raise ValueError(
                    f"{d.kind} names unknown node {d.node!r}; nodes: {', '.join(sorted(nodes))}"
                )
            if d.carrier is not None and d.carrier not in carriers:
                raise ValueError(
                    f"{d.kind} names unknown carrier {d.carrier!r}; carriers: "
                    f"{', '.join(sorted(carriers))}"
                )


def _build(cls: Any, data: Any) -> Any:
    """Plain YAML data into the dataclass tree, rejecting unknown keys."""
    if isinstance(cls, type) and is_dataclass(cls):
        if not isinstance(data, dict):
            raise ValueError(f"{cls.__name__} expects a mapping, got {data!r}")
        hints = get_type_hints(cls)
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"{cls.__name__}: unknown key(s) {', '.join(sorted(unknown))}")
        built = {}
        for k, v in data.items():
            try:
                built[k] = _build(hints[k], v)
            except ValueError as exc:
                raise ValueError(f"{k}: {exc}") from None
        return cls(**built)
    origin = get_origin(cls)
    if origin is list:
        (item,) = get_args(cls)
        if not isinstance(data, list):
            raise ValueError(f"expected a list, got {data!r}")
        return [_build(item, v) for v in data]
    if origin is tuple:
        if not isinstance(data, list | tuple):
            raise ValueError(f"expected a list of values, got {data!r}")
        return tuple(data)
    if cls is date and isinstance(data, str):
        return date.fromisoformat(data)
    args = [a for a in get_args(cls) if a is not type(None)]
    if args and data is not None:
        return _build(args[0], data)
    return data


def scenario_from_dict(data: dict) -> Scenario:
    return _build(Scenario, data or {})


def load_scenario(path: str | Path) -> Scenario:
    import yaml

    text = Path(path).read_text(encoding="utf-8")
    scenario = scenario_from_dict(yaml.safe_load(text) or {})
    if scenario.name == "scenario":
        scenario.name = Path(path).stem
    return scenario

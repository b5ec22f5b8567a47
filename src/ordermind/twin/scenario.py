"""Scenarios: the network, demand, carriers, suppliers, disruptions and policies of one
simulated run, read from YAML (every field has a default, so a scenario states only what
differs)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

DISRUPTIONS = ("node_outage", "carrier_delay", "demand_surge", "returns_surge",
               "supplier_delay")


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
    families: list[Family] = field(default_factory=lambda: [
        Family("apparel", 0.4, (1500, 6000), (200, 900), 0.18),
        Family("home", 0.35, (800, 9000), (500, 5000), 0.05),
        Family("electronics", 0.25, (3000, 30000), (300, 2500), 0.08)])
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
    node: str | None = None  # node_outage
    carrier: str | None = None  # carrier_delay (None: every carrier)
    extra_days: float = 3.0  # carrier_delay, supplier_delay
    factor: float = 3.0  # demand_surge, returns_surge
    family: str | None = None  # demand_surge (None: every family)

    def __post_init__(self) -> None:
        if self.kind not in DISRUPTIONS:
            raise ValueError(f"unknown disruption {self.kind!r}; known: {', '.join(DISRUPTIONS)}")

    def active(self, day: int) -> bool:
        return self.start_day <= day < self.start_day + self.days


@dataclass
class Policy:
    sourcing_strategy: str = "default"  # a sourcing strategy name
    replenishment: str = "order_up_to"  # order_up_to | none
    review_days: int = 7
    cover_days: float = 21.0  # order up to this many days of demand (+ lead time)
    risk_threshold: float = 0.7  # hold orders whose fraud score reaches this


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
    regions: list[Region] = field(default_factory=lambda: [
        Region("london", 51.51, -0.13, 0.4), Region("north", 53.48, -2.24, 0.35),
        Region("scotland", 55.86, -4.25, 0.25)])
    channels: list[ChannelSpec] = field(default_factory=lambda: [
        ChannelSpec("web", 0.55), ChannelSpec("app", 0.25),
        ChannelSpec("marketplace", 0.15, promise_days=4),
        ChannelSpec("b2b", 0.05, promise_days=5, segment="business")])
    nodes: list[NodeSpec] = field(default_factory=lambda: [
        NodeSpec("DC-SOUTH", 52.04, -0.76, 400), NodeSpec("DC-NORTH", 53.80, -1.55, 300),
        NodeSpec("ST-GLA", 55.86, -4.25, 60, 250, "store", stock_days=10)])
    carriers: list[Carrier] = field(default_factory=lambda: [
        Carrier("royalmail", 0.6, 2.0, 0.8, 380), Carrier("dpd", 0.4, 1.3, 0.5, 520)])
    suppliers: Suppliers = field(default_factory=Suppliers)
    fraud: Fraud = field(default_factory=Fraud)
    disruptions: list[Disruption] = field(default_factory=list)
    policy: Policy = field(default_factory=Policy)


def _build(cls: Any, data: Any) -> Any:
    """Plain YAML data into the dataclass tree, rejecting unknown keys."""
    if is_dataclass(cls):
        if not isinstance(data, dict):
            raise ValueError(f"{cls.__name__} expects a mapping, got {data!r}")
        hints = get_type_hints(cls)
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"{cls.__name__}: unknown key(s) {', '.join(sorted(unknown))}")
        return cls(**{k: _build(hints[k], v) for k, v in data.items()})
    origin = get_origin(cls)
    if origin is list:
        (item,) = get_args(cls)
        return [_build(item, v) for v in data]
    if origin is tuple:
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

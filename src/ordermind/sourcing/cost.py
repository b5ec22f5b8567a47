"""Cost model (profitable-to-promise) and the configuration every strategy shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from ordermind.domain.clock import utcnow

from .calendars import node_profile
from .promise import NodeProfile, WorkCalendar
from .rates import RateTable, configured_rate_table
from .types import NodeInfo

# kg CO2e per tonne-km; typical published freight averages, override per deployment.
DEFAULT_EMISSION_FACTORS = {"road": 0.105, "rail": 0.028, "sea": 0.016, "air": 1.13}


@dataclass(frozen=True)
class CostParams:
    """Money in minor units of one currency."""

    package_penalty: int = 250  # per package beyond the first (extra box, extra delivery)
    store_labour_per_unit: int = 120  # picking in a store costs shop-floor time
    overtime_threshold: float = 0.85  # share of daily capacity already used today ...
    overtime_per_line: int = 150  # ... above which each further line costs overtime
    carbon_price_per_kg: float = 0.0  # minor units per kg CO2e; 0 = carbon not priced
    emission_factors: dict[str, float] = field(
        default_factory=lambda: dict(DEFAULT_EMISSION_FACTORS)
    )
    road_factor: float = 1.25  # road distance / great-circle distance
    default_unit_weight_g: int = 500  # for products without a weight
    unknown_distance_km: float = 1000.0  # assumed when the destination cannot be located
    backorder_penalty_per_unit: int = 20_000  # batch optimiser: leaving a unit unfilled


_rates: RateTable | None = None


def _configured_rates() -> RateTable:
    """The operator's table (ORDERMIND_RATE_TABLE) or the shipped one, read once."""
    global _rates
    if _rates is None:
        _rates = configured_rate_table()
    return _rates


@dataclass
class SourcingContext:
    """Static configuration plus caches; build once and reuse across requests."""

    rates: RateTable = field(default_factory=_configured_rates)
    params: CostParams = field(default_factory=CostParams)
    profiles: dict[str, NodeProfile] = field(default_factory=dict)  # node code -> profile
    warehouse_profile: NodeProfile = field(default_factory=NodeProfile)
    store_profile: NodeProfile = field(
        default_factory=lambda: NodeProfile(processing_days=0, cutoff=time(12, 0))
    )
    supplier_profile: NodeProfile = field(
        default_factory=lambda: NodeProfile(processing_days=2, cutoff=time(12, 0))
    )
    carrier_calendar: WorkCalendar = field(default_factory=WorkCalendar)
    service_level: str = "standard"
    pickup_radius_km: float = 50.0
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def profile_for(self, node: NodeInfo) -> NodeProfile:
        """The node's working profile: its kind's default (or one set for its code) with
        the cut-off, processing days and public holidays the node configured."""
        base = self.profile(node.code, node.kind)
        if node.cutoff is None and node.processing_days is None and node.holidays is None:
            return base
        year = utcnow().year  # (the simulated clock's, in the twin)
        return node_profile(base, node.cutoff, node.processing_days, node.holidays, year)

    def profile(self, code: str, kind: str) -> NodeProfile:
        got = self.profiles.get(code)
        if got is not None:
            return got
        if kind == "store":
            return self.store_profile
        if kind == "supplier":
            return self.supplier_profile
        return self.warehouse_profile


_default: SourcingContext | None = None


def default_context() -> SourcingContext:
    global _default
    if _default is None:
        _default = SourcingContext()
    return _default


def use_configured_rate_table() -> RateTable:
    """Read the configured rate table now (at start-up: a bad file stops the app there,
    not at its first order) and make it every new context's default."""
    global _rates, _default
    _rates, _default = configured_rate_table(), None
    return _rates


@dataclass
class Breakdown:
    """Cost of a plan, by component; money in minor units, rounded at the end."""

    shipping: float = 0.0
    handling: float = 0.0
    package_penalty: float = 0.0
    labour: float = 0.0
    overtime: float = 0.0
    carbon: float = 0.0
    carbon_kg: float = 0.0
    packages: int = 0

    @property
    def total(self) -> float:
        return (
            self.shipping
            + self.handling
            + self.package_penalty
            + self.labour
            + self.overtime
            + self.carbon
        )

    def as_dict(self) -> dict:
        return {
            "total": round(self.total),
            "shipping": round(self.shipping),
            "handling": round(self.handling),
            "package_penalty": round(self.package_penalty),
            "labour": round(self.labour),
            "overtime": round(self.overtime),
            "carbon": round(self.carbon),
            "carbon_kg": round(self.carbon_kg, 3),
            "packages": self.packages,
        }

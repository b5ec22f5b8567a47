from __future__ import annotations

import math
from dataclasses import dataclass, field

from .catalog import validate_code
from .errors import ValidationFailed
from .fences import RingFence
from .orders import BackorderPolicy

# How a channel's waiting orders are ordered (back-orders when stock arrives, release
# waves): `fifo` by promise date then age, or `dynamic` by the priority score of
# `ordermind.care.priority`, whose factors the weights name.
PRIORITY_POLICIES = ("fifo", "dynamic")
PRIORITY_FACTORS = (
    "promise_slack",
    "delay_risk",
    "segment",
    "lifetime_value",
    "channel_sla",
    "order_age",
)


@dataclass
class Channel:
    """A sales channel and the rules its orders follow, with the stock fenced for it."""

    code: str
    name: str | None = None
    backorder_policy: BackorderPolicy = BackorderPolicy.BACKORDER
    sourcing_strategy: str = "default"
    ring_fences: tuple[RingFence, ...] = ()
    priority: str = "fifo"
    # factor -> weight, overriding the defaults of `ordermind.care.priority` (0 switches
    # a factor off); factors not named keep their default weight.
    priority_weights: dict[str, float] = field(default_factory=dict)
    ship_sla_hours: int = 48  # the channel's promise to hand orders to a carrier
    # whether orders placed with the channel's own key may carry their own unit prices
    price_override: bool = False

    def __post_init__(self) -> None:
        validate_code(self.code, "channel code")
        if self.priority not in PRIORITY_POLICIES:
            raise ValidationFailed(
                f"unknown priority policy {self.priority!r}; one of {', '.join(PRIORITY_POLICIES)}"
            )
        unknown = sorted(set(self.priority_weights) - set(PRIORITY_FACTORS))
        if unknown:
            raise ValidationFailed(
                f"unknown priority factor(s) {', '.join(unknown)}; known: "
                f"{', '.join(PRIORITY_FACTORS)}"
            )
        for name, weight in self.priority_weights.items():
            if (
                isinstance(weight, bool)
                or not isinstance(weight, int | float)
                or not math.isfinite(weight)
                or not 0 <= weight <= 100
            ):
                raise ValidationFailed(f"priority weight {name} must be a number from 0 to 100")
        self.priority_weights = {k: float(v) for k, v in self.priority_weights.items()}
        if not 1 <= self.ship_sla_hours <= 24 * 90:
            raise ValidationFailed("ship_sla_hours must be from 1 to 2160")
        self.ring_fences = tuple(self.ring_fences)
        seen = set()
        for f in self.ring_fences:
            if f.channel != self.code:
                raise ValidationFailed(f"a fence of channel {self.code} names channel {f.channel}")
            if (f.node, f.sku) in seen:
                raise ValidationFailed(f"two fences for node {f.node}, SKU {f.sku or 'all'}")
            seen.add((f.node, f.sku))

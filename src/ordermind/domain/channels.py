from __future__ import annotations

from dataclasses import dataclass

from .catalog import validate_code
from .errors import ValidationFailed
from .fences import RingFence
from .orders import BackorderPolicy


@dataclass
class Channel:
    """A sales channel and the rules its orders follow, with the stock fenced for it."""

    code: str
    name: str | None = None
    backorder_policy: BackorderPolicy = BackorderPolicy.BACKORDER
    sourcing_strategy: str = "default"
    ring_fences: tuple[RingFence, ...] = ()

    def __post_init__(self) -> None:
        validate_code(self.code, "channel code")
        self.ring_fences = tuple(self.ring_fences)
        seen = set()
        for f in self.ring_fences:
            if f.channel != self.code:
                raise ValidationFailed(f"a fence of channel {self.code} names channel {f.channel}")
            if (f.node, f.sku) in seen:
                raise ValidationFailed(f"two fences for node {f.node}, SKU {f.sku or 'all'}")
            seen.add((f.node, f.sku))

"""Ring fences: stock at a node kept for one channel (store walk-ins, a marketplace).

Other channels may only use the free units beyond the fence; the fenced channel may use
everything. A fence keeps a share of the free units and/or a fixed quantity, the larger of
the two, so a share protects a busy store and a quantity protects the last few units.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .catalog import validate_code
from .errors import ValidationFailed


@dataclass(frozen=True)
class RingFence:
    """Units at `node` kept for `channel`; `sku` None = every SKU at the node."""

    node: str
    channel: str
    share: float = 0.0
    quantity: int = 0
    sku: str | None = None

    def __post_init__(self) -> None:
        validate_code(self.node, "fence node")
        validate_code(self.channel, "fence channel")
        if self.sku is not None:
            validate_code(self.sku, "fence SKU")
        if not 0.0 <= self.share <= 1.0 or math.isnan(self.share):
            raise ValidationFailed(f"fence share {self.share} must lie between 0 and 1")
        if self.quantity < 0:
            raise ValidationFailed(f"fence quantity {self.quantity} must not be negative")
        if self.share == 0 and self.quantity == 0:
            raise ValidationFailed("a fence keeps a share or a quantity (or both)")

    def covers(self, node: str, sku: str) -> bool:
        return self.node == node and self.sku in (None, sku)


def against(fences: Iterable[RingFence], channel: str | None) -> list[RingFence]:
    """The fences that hold stock back from `channel`: those kept for other channels."""
    return [f for f in fences if f.channel != channel]


def covering(fences: Iterable[RingFence], node: str, sku: str) -> list[RingFence]:
    """The fences that hold back units of `sku` at `node`."""
    return [f for f in fences if f.covers(node, sku)]


def kept(fences: Iterable[RingFence], free: int) -> int:
    """Free units the given fences keep back (never more than are free)."""
    if free <= 0:
        return 0
    total = sum(max(f.quantity, math.ceil(f.share * free)) for f in fences)
    return min(total, free)


def usable(free: int, fences: Iterable[RingFence]) -> int:
    """Free units a channel may take once the fences against it are kept."""
    return max(free, 0) - kept(fences, free)

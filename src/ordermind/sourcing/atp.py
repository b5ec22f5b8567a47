"""Available-to-promise: what each node (and the network) can promise, now and by date.

ATP on hand = on_hand - reserved - safety_stock, minus what ring fences keep for other
channels. Inbound supply (purchase orders, transfers) adds units from its ETA on, after
the node's receiving time. Inputs are duck-typed: the domain's InventoryPosition and
InboundSupply work as they are, and so do the small dataclasses below."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from ordermind.domain.fences import RingFence, against, usable


@dataclass(frozen=True)
class Position:
    node: str
    sku: str
    on_hand: int
    reserved: int = 0
    safety_stock: int = 0


@dataclass(frozen=True)
class Inbound:
    node: str
    sku: str
    quantity: int
    eta: date | datetime
    received: bool = False


@dataclass
class NodeAtp:
    on_hand: int  # promisable now, for the asking channel
    inbound: list[tuple[date, int]] = field(default_factory=list)  # (eta, qty), by date

    def total(self) -> int:
        return self.on_hand + sum(q for _, q in self.inbound)

    def date_for(self, quantity: int, today: date) -> date | None:
        """Earliest date the node holds `quantity` units (today if on hand), else None."""
        have = self.on_hand
        if have >= quantity:
            return today
        for eta, qty in self.inbound:
            have += qty
            if have >= quantity:
                return max(eta, today)
        return None


def atp_table(
    positions, inbound=(), fences=(), channel: str | None = None, as_of: date | None = None
) -> dict[str, dict[str, NodeAtp]]:
    """sku -> node -> NodeAtp for the asking channel."""
    by_key: dict[tuple[str, str | None], list[RingFence]] = defaultdict(list)
    for f in fences:
        by_key[(f.node, f.sku)].append(f)
    out: dict[str, dict[str, NodeAtp]] = defaultdict(dict)
    for p in positions:
        free = max(0, p.on_hand - p.reserved - p.safety_stock)
        here = by_key.get((p.node, p.sku), []) + by_key.get((p.node, None), [])
        out[p.sku][p.node] = NodeAtp(usable(free, against(here, channel)) if here else free)
    for s in inbound:
        if getattr(s, "received", False) or s.quantity <= 0:
            continue
        eta = s.eta.date() if isinstance(s.eta, datetime) else s.eta
        if as_of is not None:
            eta = max(eta, as_of)  # overdue supply is expected any time now
        out[s.sku].setdefault(s.node, NodeAtp(0)).inbound.append((eta, s.quantity))
    for per_node in out.values():
        for a in per_node.values():
            a.inbound.sort()
    return dict(out)


def network_atp(
    table: dict[str, dict[str, NodeAtp]], sku: str, nodes: set[str] | None = None
) -> tuple[int, int]:
    """(units promisable now, units including inbound) across the network or `nodes`."""
    now = total = 0
    for code, a in table.get(sku, {}).items():
        if nodes is None or code in nodes:
            now += a.on_hand
            total += a.total()
    return now, total


def stock_view(table: dict[str, dict[str, NodeAtp]]) -> dict[str, dict[str, int]]:
    """The on-hand ATP as the strategies' `stock` (sku -> node -> units > 0)."""
    return {
        sku: {n: a.on_hand for n, a in per.items() if a.on_hand > 0} for sku, per in table.items()
    }

"""Replenishment proposals: rebalance between nodes first, then buy what is still missing.

Input is the output of :func:`~ordermind.forecasting.policy.inventory_policy`. A node is short
when its inventory position is below its reorder point; it then needs enough to reach its
order-up-to level. A node has surplus above its own order-up-to level plus a cushion. Surplus
moves to shortages of the same SKU (largest shortage first) before any purchase order; the
remaining need becomes a supplier PO line rounded up to the MOQ and the pack size.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from .policy import PolicyRow


@dataclass(frozen=True)
class SupplierTerms:
    sku: str
    supplier_id: str
    moq: int = 1  # minimum order quantity per PO line
    pack_size: int = 1  # orders come in multiples of this
    unit_cost_minor: int = 0  # integer minor units
    currency: str = "EUR"


@dataclass(frozen=True)
class TransferProposal:
    sku: str
    from_node: str
    to_node: str
    quantity: int
    reason: str


@dataclass(frozen=True)
class PurchaseOrderLine:
    sku: str
    node: str
    quantity: int
    need: int  # before MOQ / pack rounding
    unit_cost_minor: int
    reason: str


@dataclass
class PurchaseOrderProposal:
    supplier_id: str
    currency: str
    lines: list[PurchaseOrderLine] = field(default_factory=list)

    @property
    def total_minor(self) -> int:
        return sum(line.quantity * line.unit_cost_minor for line in self.lines)


@dataclass
class Proposals:
    transfers: list[TransferProposal]
    purchase_orders: list[PurchaseOrderProposal]
    unsourced: list[tuple[str, str, int]]  # (sku, node, qty) with no supplier terms


def order_quantity(need: float, moq: int, pack: int) -> int:
    """Smallest multiple of ``pack`` that covers ``need`` and the MOQ (0 when no need)."""
    if need <= 0:
        return 0
    pack = max(int(pack), 1)
    q = max(math.ceil(need - 1e-9), int(moq))
    return int(math.ceil(q / pack) * pack)


def propose(
    policy: list[PolicyRow],
    terms: list[SupplierTerms],
    *,
    surplus_cushion_days: float = 7.0,
    min_transfer: int = 1,
) -> Proposals:
    """Transfers between nodes, then one PO per supplier, from the policy rows."""
    by_sku: dict[str, list[PolicyRow]] = defaultdict(list)
    for row in policy:
        by_sku[row.sku].append(row)
    sup = {t.sku: t for t in terms}
    transfers: list[TransferProposal] = []
    pos: dict[str, PurchaseOrderProposal] = {}
    unsourced: list[tuple[str, str, int]] = []
    for sku, rows in sorted(by_sku.items()):
        need = {
            r.node: math.ceil(r.order_up_to - r.inventory_position) for r in rows if r.needs_order
        }
        # Surplus is measured in on-hand-like position above what the node itself will need.
        spare = {
            r.node: math.floor(
                r.inventory_position - r.order_up_to - surplus_cushion_days * r.daily_demand
            )
            for r in rows
            if not r.needs_order
        }
        spare = {n: q for n, q in spare.items() if q >= min_transfer}
        for to in sorted(need, key=lambda n: need[n], reverse=True):
            for frm in sorted(spare, key=lambda n: spare[n], reverse=True):
                if need[to] <= 0:
                    break
                q = min(need[to], spare[frm])
                if q < min_transfer:
                    continue
                transfers.append(
                    TransferProposal(
                        sku,
                        frm,
                        to,
                        int(q),
                        f"{to} below reorder point; {frm} holds {spare[frm]} above its own "
                        f"order-up-to level",
                    )
                )
                need[to] -= q
                spare[frm] -= q
        for node, q in sorted(need.items()):
            if q <= 0:
                continue
            t = sup.get(sku)
            if t is None:
                unsourced.append((sku, node, int(q)))
                continue
            qty = order_quantity(q, t.moq, t.pack_size)
            po = pos.setdefault(t.supplier_id, PurchaseOrderProposal(t.supplier_id, t.currency))
            po.lines.append(
                PurchaseOrderLine(
                    sku,
                    node,
                    qty,
                    int(q),
                    t.unit_cost_minor,
                    f"need {q} to reach order-up-to; MOQ {t.moq}, pack {t.pack_size} -> {qty}",
                )
            )
    return Proposals(transfers, sorted(pos.values(), key=lambda p: p.supplier_id), unsourced)

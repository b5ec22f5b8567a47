"""Domain objects to JSON-ready dicts (what the API answers)."""

from __future__ import annotations

from dataclasses import asdict

from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.network import InboundSupply, InventoryPosition, Node
from ordermind.domain.orders import Order


def order_view(o: Order, delay_risk: dict | None = None) -> dict:
    """`delay_risk`: the latest delay score (services.care.delay_risk), where read."""
    return {
        "id": o.id,
        "number": o.number,
        "status": str(o.status),
        "channel": o.channel,
        "external_id": o.external_id,
        "currency": o.currency,
        "total": o.total,
        "customer": {"email": o.customer.email, "name": o.customer.name},
        "ship_to": o.ship_to.as_dict(),
        "requested_delivery_date": o.requested_delivery_date,
        "promised_delivery_date": o.promised_delivery_date,
        "pickup_node": o.pickup_node,
        "lines": [
            {
                "line_no": ln.line_no,
                "sku": ln.sku,
                "unit_price": ln.unit_price,
                "status": str(ln.status),
                **ln.buckets(),
                "allocations": [
                    {
                        "node": a.node,
                        "quantity": a.quantity,
                        "allocated": a.allocated,
                        "released": a.released,
                    }
                    for a in ln.allocations
                ],
            }
            for ln in o.lines
        ],
        "holds": [
            {
                "id": h.id,
                "reason": str(h.reason),
                "note": h.note,
                "active": h.active,
                "placed_by": h.placed_by,
                "placed_at": h.placed_at,
                "released_at": h.released_at,
                "released_by": h.released_by,
                "resolution": h.resolution,
            }
            for h in o.holds
        ],
        "shipments": [shipment_view(o, s) for s in o.shipments],
        "returns": [return_view(o, r) for r in o.returns],
        "invoices": [{"id": i.id, "number": i.number, "total": i.total} for i in o.invoices],
        "sourcing": o.sourcing,
        "risk": o.risk,
        "created_at": o.created_at,
        "updated_at": o.updated_at,
        "version": o.version,
        "delay_risk": delay_risk,
    }


def priority_view(p) -> dict | None:
    """The order's priority: score 0-100, the channel's policy, the top reasons in words
    and every factor's part (None once the order no longer waits: shipped, closed...)."""
    return None if p is None else p.as_dict()


def shipment_view(o: Order, s) -> dict:
    return {
        "id": s.id,
        "order_id": o.id,
        "node": s.node,
        "carrier": s.carrier,
        "service": s.service,
        "tracking": s.tracking,
        "packages": s.packages,
        "lines": [{"sku": sl.sku, "quantity": sl.quantity} for sl in s.lines],
        "shipped_at": s.shipped_at,
        "delivered_at": s.delivered_at,
    }


def return_view(o: Order, r) -> dict:
    return {
        "id": r.id,
        "order_id": o.id,
        "status": str(r.status),
        "node": r.node,
        "refund_amount": r.refund_amount,
        "lines": [
            {
                "sku": rl.sku,
                "quantity": rl.quantity,
                "reason": rl.reason,
                "disposition": None if rl.disposition is None else str(rl.disposition),
            }
            for rl in r.lines
        ],
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }


def invoice_view(o: Order, i) -> dict:
    return {
        "id": i.id,
        "number": i.number,
        "order_id": o.id,
        "shipment_id": i.shipment_id,
        "currency": i.currency,
        "subtotal": i.subtotal,
        "tax": i.tax,
        "total": i.total,
        "issued_at": i.issued_at,
        "lines": [
            {"sku": il.sku, "quantity": il.quantity, "unit_price": il.unit_price, "tax": il.tax}
            for il in i.lines
        ],
    }


def product_view(p: Product) -> dict:
    return asdict(p) | {"tax_class": str(p.tax_class)}


def node_view(n: Node) -> dict:
    return asdict(n) | {"kind": str(n.kind)}


def channel_view(c: Channel) -> dict:
    return {
        "code": c.code,
        "name": c.name,
        "backorder_policy": str(c.backorder_policy),
        "sourcing_strategy": c.sourcing_strategy,
        "ring_fences": [
            {"node": f.node, "sku": f.sku, "share": f.share, "quantity": f.quantity}
            for f in c.ring_fences
        ],
        "priority": c.priority,
        "priority_weights": c.priority_weights,
        "ship_sla_hours": c.ship_sla_hours,
        "price_override": c.price_override,
    }


def position_view(p: InventoryPosition) -> dict:
    return {
        "node": p.node,
        "sku": p.sku,
        "on_hand": p.on_hand,
        "reserved": p.reserved,
        "safety_stock": p.safety_stock,
        "available": max(0, p.available),
    }


def supply_view(s: InboundSupply) -> dict:
    return {
        "id": s.id,
        "kind": str(s.kind),
        "sku": s.sku,
        "node": s.node,
        "quantity": s.quantity,
        "eta": s.eta,
        "source": s.source,
        "reference": s.reference,
        "received": s.received,
    }

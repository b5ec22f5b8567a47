"""Turning a chosen allocation into a plan that explains itself."""

from __future__ import annotations

from datetime import date

from .cost import Breakdown
from .frame import Frame
from .legs import evaluate, whole_total
from .types import SourcingPlan


def alternative(frame: Frame, allocations, reason: str, **detail) -> dict:
    """A rejected plan as the explanation shows it."""
    b, when = evaluate(list(allocations), frame.request, frame.legs, frame.ctx)
    return {
        "nodes": sorted({n for _, n, _ in allocations}),
        "cost": round(b.total),
        "promised_date": when.isoformat() if when else None,
        "reason": reason,
        **detail,
    }


def whole_alternative(
    frame: Frame, code: str, load: tuple[int, int, int], reason: str, **detail
) -> dict:
    """`alternative` for the whole order at one node (see `legs.evaluate_whole`)."""
    total, when = whole_total(code, load, frame.request, frame.legs, frame.ctx)
    return {
        "nodes": [code],
        "cost": round(total),
        "promised_date": when.isoformat(),
        "reason": reason,
        **detail,
    }


def found_alternative(frame: Frame, cost: float, nodes, reason: str) -> dict:
    """A rejected plan whose cost the search already knows (no re-evaluation)."""
    legs = frame.legs
    if len(nodes) == 1:
        (code,) = nodes
        when = legs[code].delivery
        nodes = [code]
    else:
        when = max(legs[c].delivery for c in nodes)
        nodes = sorted(nodes)
    return {
        "nodes": nodes,
        "cost": round(cost),
        "promised_date": when.isoformat(),
        "reason": reason,
    }


def finish(
    frame: Frame,
    strategy: str,
    allocations: list[tuple[int, str, int]],
    backordered: dict[int, int],
    explanation: dict,
    rejected: list[dict],
    flags: list[str] | None = None,
    evaluated: tuple[Breakdown, date | None] | None = None,
) -> SourcingPlan:
    """Cost breakdown, promise, the best two rejected alternatives and the flags
    (`evaluated`: the allocation's `evaluate`, when the caller already has it)."""
    r = frame.request
    flags = [*frame.flags, *flags] if flags else list(frame.flags)
    cost = when = None
    if allocations:
        b, when = evaluated or evaluate(allocations, r, frame.legs, frame.ctx)
        explanation["cost"] = breakdown = b.as_dict()
        cost = breakdown["total"]  # round(b.total)
        for alt in rejected:
            if alt["reason"] == "costlier":
                alt["costlier_by"] = alt["cost"] - cost
        if r.requested_date and when and when > r.requested_date and "promise_at_risk" not in flags:
            flags.append("promise_at_risk")
        if r.margin is not None and cost > r.margin:
            flags.append("unprofitable")
            explanation["margin"] = r.margin
    explanation["promised_date"] = when.isoformat() if when else None
    if r.requested_date:
        explanation["requested_date"] = r.requested_date.isoformat()
    explanation["service_level"] = frame.service
    explanation["rejected"] = rejected[:2]
    if frame.dest is not None:
        explanation["location_precision"] = frame.dest.precision
    if backordered:
        explanation["backordered"] = {str(k): v for k, v in backordered.items()}
    explanation["flags"] = flags
    return SourcingPlan(allocations, backordered, strategy, explanation, cost, when, flags)

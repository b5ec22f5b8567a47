"""The `cost` strategy: minimum total fulfilment cost among plans that keep the promise."""

from __future__ import annotations

from .explain import alternative, finish, found_alternative
from .frame import Frame
from .search import SearchResult, search
from .searchtypes import LineScan, Reuse, SearchContext
from .types import SourcingPlan, SourcingRequest


def cost(request: SourcingRequest) -> SourcingPlan:
    frame = Frame(request)
    r = frame.request
    sc = SearchContext(frame)
    held: list[LineScan] = []
    res, flags = candidates(sc, held=held)
    if res.truncated:
        flags.append("search_truncated")
    if not res.best or (r.ship_complete and res.backordered):
        why = (
            "ship complete: no single node has the whole order"
            if r.ship_complete
            else "no allowed node has stock"
        )
        return finish(
            frame, "cost", [], {ln.line_no: ln.quantity for ln in r.lines}, {"rule": why}, [], flags
        )
    best = res.best[0]
    others = list(res.best[1:])
    if len(others) < 2 and len(r.lines) > 1:  # one line: every holder was costed already
        # Pruning left few runners-up: plans without the chosen nodes (single nodes, else
        # a greedy cover) are the natural "why not elsewhere" answer.
        # (With the first scan at hand `search` leaves the chosen nodes out itself.)
        more = search(
            sc if held else sc.without(best.nodes),
            latest=r.requested_date,
            k=2 - len(others),
            exhaustive=False,
            reuse=Reuse(held, best.nodes) if held else None,
        )
        if not more.backordered or len(more.backordered) <= len(res.backordered):
            others += [f for f in more.best if all(f.nodes != o.nodes for o in others)]
    rejected = [
        found_alternative(frame, f.cost, f.nodes, "costlier")
        for f in sorted(others, key=lambda f: f.cost)[:2]
    ]
    if res.excluded:
        rejected = _cheaper_but_excluded(frame, res, best.cost) + rejected
    explanation = {
        "rule": "minimum total cost that meets the promise",
        "chosen": sorted(best.nodes),
        "runner_up": rejected[0]["nodes"] if rejected else None,
    }
    return finish(
        frame, "cost", list(best.allocations), res.backordered, explanation, rejected, flags
    )


def candidates(
    sc: SearchContext, k: int = 3, held: list[LineScan] | None = None
) -> tuple[SearchResult, list[str]]:
    """The cheapest plans keeping the promise; if none keeps it, the cheapest plans at all
    (flagged promise_at_risk). `held`: see `search` (filled by the first search only)."""
    r = sc.request
    res = search(sc, latest=r.requested_date, k=k, held=held)
    flags: list[str] = []
    if r.requested_date is not None and (not res.best or res.backordered):
        # Nothing keeps the promise: take the cheapest plan anyway, and say so.
        slow = search(sc, k=k)
        if slow.best and (not res.best or _units(slow) > _units(res)):
            slow.excluded = res.excluded
            res = slow
            flags.append("promise_at_risk")
    return res, flags


def _units(res: SearchResult) -> int:
    return sum(q for f in res.best[:1] for _, _, q in f.allocations)


def _cheaper_but_excluded(frame: Frame, res: SearchResult, best_cost: float) -> list[dict]:
    """Single nodes holding the whole order, left out for capacity or promise, that would
    have been cheaper: the first thing an operator asks about."""
    r = frame.request
    out = []
    for code, why in res.excluded.items():
        allocs = [(ln.line_no, code, ln.quantity) for ln in r.lines]
        detail = {}
        if why == "capacity":
            node = frame.legs[code].node
            detail = {
                "daily_capacity": node.daily_capacity,
                "used_today": r.capacity_used.get(code, 0),
            }
        alt = alternative(frame, allocs, why, **detail)
        if alt["cost"] < best_cost:
            out.append(alt)
    out.sort(key=lambda a: a["cost"])
    return out[:2]

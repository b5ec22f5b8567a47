"""The search's first step: which nodes may ship each line, whole or in part.

Two scans of the stock: `scan_idle` for the common case (every node idle with room, no
prices), kept lean, and `scan_general` for nodes with today's work (capacity, overtime) or
the batch optimiser's prices. Both give the lines to place (`LineScan`), the options of the
lines no single node can ship whole, what no node can supply (back-ordered) and the nodes
holding every line but left out, with the reason."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from .legs import Leg, Shipping
from .options import pricing_options, split_options
from .searchtypes import LineScan, Option, Reuse, SearchContext


class Scan(NamedTuple):
    """What a scan hands the rest of the search (built once per search)."""

    todo: list[LineScan]  # the lines to place, in order (lines nothing can ship left out)
    splits: dict[int, list[Option]]  # index in `todo` -> how to split a line no node holds
    extra: dict[int, list[Option]]  # pricing only: partial takes and splits of any line
    backordered: dict[int, int]  # line_no -> units no node can supply
    excluded: dict[str, str]  # holders of every line left out: "too_slow_for_promise" | "capacity"
    cap: Mapping[str, int]  # lines each node may still take today
    ot: Mapping[str, float]  # overtime (plus any shadow price) per line at each node
    exu: dict[tuple[int, str], float]  # pricing only: (line_no, node) -> extra per unit


def on_time(allowed: Mapping[str, Leg], latest: date) -> Mapping[str, Leg]:
    """The legs that deliver by `latest` (kept with a ranked `Shipping`, one per date)."""
    cache = allowed.on_time if type(allowed) is Shipping else None
    got = cache.get(latest) if cache is not None else None
    if got is None:
        got = {c: leg for c, leg in allowed.items() if not leg.delivery > latest}
        if cache is not None:
            cache[latest] = got
    return got


def _in_every_line(
    excluded: dict[str, str], wholes: list[list[str]], excls: dict[int, set[str]]
) -> dict[str, str]:
    """Only the left-out nodes holding every line whole (as a holder kept or left out)."""
    none: set[str] = set()
    return {
        c: why
        for c, why in excluded.items()
        if all(c in w or c in excls.get(i, none) for i, w in enumerate(wholes))
    }


def scan_idle(
    sc: SearchContext, latest: date | None, held: list[LineScan] | None, reuse: Reuse | None
) -> Scan:
    """`sc.idle`: every node idle (all daily capacities positive, zero overtime) and no
    prices. The nodes fast enough for `latest`, the rest named when they hold a line
    whole. `held`: filled with each line's `LineScan`; `reuse`: such a scan of a superset
    of the nodes, filtered instead of scanning the stock again."""
    request, allowed, base, default_weight = sc.request, sc.allowed, sc.base, sc.default_weight
    if base is None:
        raise ValueError("an idle scan needs the shared capacities")
    stock = request.stock
    fast = allowed if latest is None else on_time(allowed, latest)
    slow_too = fast is not allowed and len(fast) < len(allowed)
    cap, ot = base.capacity, base.overtime
    exu: dict[tuple[int, str], float] = {}
    excluded: dict[str, str] = {}
    backordered: dict[int, int] = {}
    todo: list[LineScan] = []
    splits: dict[int, list[Option]] = {}
    wholes: list[list[str]] = []  # per line, for `_in_every_line`
    excls: dict[int, set[str]] = {}  # per line with nodes left out
    for i_line, line in enumerate(request.lines):
        qty = line.quantity
        uw = line.weight_g if line.weight_g > 0 else default_weight  # unit_weight(line, ctx)
        partial: list[tuple[str, int]] = []
        if reuse is not None:  # the same scan, minus the nodes left out since
            _line, _uw, _g, whole0, partial0, slow0 = reuse.held[i_line]
            drop = reuse.dropped
            whole = [code for code in whole0 if code not in drop]
            if partial0:
                partial = [p for p in partial0 if p[0] not in drop]
            slow = [code for code in slow0 if code not in drop] if slow0 else slow0
        else:
            items = stock.get(line.sku, {}).items()
            whole = (
                [code for code, have in items if have >= qty and code in fast]
                if qty > 0
                else [code for code, have in items if have >= qty and have > 0 and code in fast]
            )
            if len(whole) < len(items):
                partial = [(code, have) for code, have in items if 0 < have < qty and code in fast]
            slow = (
                [
                    code
                    for code, have in items
                    if have >= qty and have > 0 and code in allowed and code not in fast
                ]
                if slow_too
                else None
            )
        scanned = (line, uw, qty * uw, whole, partial, slow)
        if held is not None:
            held.append(scanned)
        wholes.append(whole)
        if slow:
            for code in slow:
                excluded[code] = "too_slow_for_promise"
            excls[i_line] = set(slow)
        if not whole:
            split, short = split_options(line.line_no, qty, uw, partial, allowed, ot, exu)
            if short:
                backordered[line.line_no] = short
            if not split:
                continue
            splits[len(todo)] = split
        todo.append(scanned)
    if excluded:
        excluded = _in_every_line(excluded, wholes, excls)
    return Scan(todo, splits, {}, backordered, excluded, cap, ot, exu)


def scan_general(sc: SearchContext, latest: date | None) -> Scan:
    """Any network: every stocked node is checked for capacity (`sc.base` None: today's
    work from the request's `capacity_used`, with overtime and the shadow price per line;
    else `base`'s, read-only) and for the promise date, and priced."""
    request, allowed, base, default_weight = sc.request, sc.allowed, sc.base, sc.default_weight
    ot_cost, ot_share = sc.overtime_cost, sc.overtime_share
    unit_extra, line_extra, skip_cost = sc.pricing
    used = request.capacity_used
    stock = request.stock
    cap: dict[str, int] = {} if base is None else base.capacity
    ot: dict[str, float] = {} if base is None else base.overtime
    exu: dict[tuple[int, str], float] = {}
    excluded: dict[str, str] = {}
    backordered: dict[int, int] = {}
    todo: list[LineScan] = []
    splits: dict[int, list[Option]] = {}
    extra: dict[int, list[Option]] = {}
    holders: list[tuple[str, int]] = []  # pricing only: every node with some of the line
    wholes: list[list[str]] = []
    excls: dict[int, set[str]] = {}
    for i_line, line in enumerate(request.lines):
        qty = line.quantity
        whole: list[str] = []
        partial: list[tuple[str, int]] = []
        for code, have in stock.get(line.sku, {}).items():
            leg = allowed.get(code)
            if leg is None or have <= 0:
                continue
            if base is None:
                c = cap.get(code)
                if c is None:
                    node = leg.node
                    u = used.get(code, 0) if used else 0
                    c = cap[code] = node.daily_capacity - u
                    ot[code] = ot_cost if u and u >= ot_share * node.daily_capacity else 0
                    if line_extra:
                        ot[code] += line_extra.get(code, 0.0)
            else:
                c = cap[code]
            why = (
                "capacity"
                if c <= 0
                else (
                    "too_slow_for_promise" if latest is not None and leg.delivery > latest else None
                )
            )
            if why is not None:
                if have >= qty:
                    excluded[code] = why
                    excls.setdefault(i_line, set()).add(code)
                continue
            if unit_extra:
                exu[(line.line_no, code)] = unit_extra.get((line.sku, code), 0.0)
            if have >= qty:
                whole.append(code)
            else:
                partial.append((code, have))
            if skip_cost is not None:
                holders.append((code, have))
        wholes.append(whole)
        uw = line.weight_g if line.weight_g > 0 else default_weight  # unit_weight(line, ctx)
        if skip_cost is not None and holders:
            extra[len(todo)] = pricing_options(line, uw, holders, allowed, ot, exu, skip_cost)
            holders = []
        if not whole:
            split, short = split_options(line.line_no, qty, uw, partial, allowed, ot, exu)
            if short:
                backordered[line.line_no] = short
            if not split:
                continue
            splits[len(todo)] = split
        todo.append((line, uw, qty * uw, whole, partial, None))
    if excluded:
        excluded = _in_every_line(excluded, wholes, excls)
    return Scan(todo, splits, extra, backordered, excluded, cap, ot, exu)

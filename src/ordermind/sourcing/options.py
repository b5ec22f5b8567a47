"""Per-line options beyond "the whole line from one node": splits, pricing variants,
and a greedy first plan for the branch-and-bound."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .legs import Leg
from .searchtypes import Option, Part, Record
from .types import LineRequest

_PAIR_POOL = 8  # nodes considered per split line


def greedy_cover(
    opts_sorted: Sequence[list[Option]],
    allowed: Mapping[str, Leg],
    cap: Mapping[str, int],
    penalty: int,
    limit: int,
    record: Record,
) -> None:
    """A good first plan: repeatedly open the node holding most uncovered lines."""
    todo = set(range(len(opts_sorted)))
    pick: dict[int, Option] = {}
    while todo:
        count: dict[str, int] = {}
        for j in todo:
            for _var, _alone, parts in opts_sorted[j]:
                if len(parts) == 1:
                    c = parts[0][0]  # (its node)
                    count[c] = count.get(c, 0) + 1
        if not count:
            for j in todo:
                pick[j] = opts_sorted[j][0]
            break
        best = max(
            count, key=lambda c: (count[c], -allowed[c].fixed - allowed[c].zone.band_costs[0])
        )
        for j in list(todo):
            for o in opts_sorted[j]:
                parts = o[2]
                if len(parts) == 1 and parts[0][0] == best:
                    pick[j] = o
                    todo.discard(j)
                    break
    weight: dict[str, int] = {}
    lines: dict[str, int] = {}
    cost: float = -penalty
    for var, _alone, parts in pick.values():
        cost += var
        for code, _q, g, _n in parts:
            weight[code] = weight.get(code, 0) + g
            lines[code] = lines.get(code, 0) + 1
    if len(weight) > limit or any(lines[c] > cap[c] for c in lines):
        return
    for code, g in weight.items():
        leg = allowed[code]
        cost += leg.fixed + leg.zone.price(g)
    allocs = tuple((no, code, q) for _v, _a, parts in pick.values() for code, q, _g, no in parts)
    record(cost, allocs, frozenset(weight))


def pricing_options(
    line: LineRequest,
    uw: int,
    holders: list[tuple[str, int]],
    allowed: Mapping[str, Leg],
    ot: Mapping[str, float],
    exu: Mapping[tuple[int, str], float],
    skip_cost: float,
) -> list[Option]:
    """For the batch optimiser's pricing: split any line over two nodes, or take what one
    node has and leave the rest unfilled (at `skip_cost` per unit)."""
    qty, no = line.quantity, line.line_no

    def cost(code: str, q: int) -> float:
        leg = allowed[code]
        return q * (leg.unit_labour + exu.get((no, code), 0.0)) + q * uw * leg.per_gram + ot[code]

    def alone(code: str, q: int) -> float:
        leg = allowed[code]
        return leg.fixed + leg.zone.price(q * uw)

    pool = sorted(holders, key=lambda h: cost(h[0], 1) + alone(h[0], 1))[:6]
    opts: list[Option] = []
    for a, have_a in pool:
        if have_a < qty:
            v = cost(a, have_a) + skip_cost * (qty - have_a)
            opts.append((v, v + alone(a, have_a), ((a, have_a, have_a * uw, no),)))
        for b, have_b in pool:
            if a == b:
                continue
            for x in range(max(1, qty - have_b), min(have_a, qty - 1) + 1):
                v = cost(a, x) + cost(b, qty - x)
                opts.append(
                    (
                        v,
                        v + alone(a, x) + alone(b, qty - x),
                        ((a, x, x * uw, no), (b, qty - x, (qty - x) * uw, no)),
                    )
                )
    return opts


def split_options(
    line_no: int,
    qty: int,
    uw: int,
    partial: list[tuple[str, int]],
    allowed: Mapping[str, Leg],
    overtime: Mapping[str, float],
    exu: Mapping[tuple[int, str], float],
) -> tuple[list[Option], int]:
    """Ways to cover a line no single node can (pairs of nodes, else a greedy fill), and
    the units no node has left over for it."""

    def per_unit(item: tuple[str, int]) -> float:
        leg = allowed[item[0]]
        take = min(item[1], qty)
        return (leg.fixed + leg.zone.price(take * uw)) / take + leg.unit_labour

    pool = sorted(partial, key=per_unit)
    opts: list[Option] = []

    def option(takes: list[tuple[str, int]]) -> Option:
        parts: list[Part] = []
        var = alone = 0.0
        for code, q in takes:
            leg = allowed[code]
            g = q * uw
            v = (
                q * (leg.unit_labour + exu.get((line_no, code), 0.0))
                + g * leg.per_gram
                + overtime[code]
            )
            var += v
            alone += v + leg.fixed + leg.zone.price(g)
            parts.append((code, q, g, line_no))
        return var, alone, tuple(parts)

    top = pool[:_PAIR_POOL]
    for a, have_a in top:
        for b, have_b in top:
            if a != b and have_a + have_b >= qty and have_a >= have_b:
                opts.append(option([(a, have_a), (b, qty - have_a)]))
    if opts:
        return opts, 0
    takes, left = [], qty
    for code, have in pool:
        if left == 0:
            break
        q = min(have, left)
        takes.append((code, q))
        left -= q
    return ([option(takes)] if takes else []), left

"""Exact search over plans of two or three packages when every line ships whole.

Nodes are taken in ascending order of their cheapest possible package, so the loops stop
as soon as the cheapest conceivable pair (or triple) costs more than the best plan so far.
Coverage is a bitmask test; only feasible node sets are costed, each over every way of
giving the lines they share to one node or the other."""

from __future__ import annotations

from itertools import product


def small_sets(todo, allowed, cap, ot, exu, penalty: int, limit: int, record, best,
               want_alternatives: bool = False) -> None:
    """`todo`: per line (line, unit weight, grams, codes holding it whole); `record(cost,
    allocations, nodes)` keeps the plans; `best()` the cheapest cost so far (inf if none);
    `want_alternatives`: cost the greedy plan even when it cannot win (for explanations)."""
    n = len(todo)
    full = (1 << n) - 1
    mask: dict[str, int] = {}
    lightest: dict[str, tuple[int, int]] = {}  # node -> (fewest grams, fewest units) it serves
    for j, t in enumerate(todo):
        bit = 1 << j
        g, q = t[2], t[0].quantity
        for code in t[3]:
            mask[code] = mask.get(code, 0) | bit
            lo = lightest.get(code)
            lightest[code] = (g, q) if lo is None else (min(lo[0], g), min(lo[1], q))
    # The least a node can add to a plan: its package with its lightest line in it.
    floor = {}
    for code in _undominated(mask, allowed, cap, ot, n, todo, exu):
        leg = allowed[code]
        g, q = lightest[code]
        floor[code] = leg.fixed + leg.zone.price(g) + q * leg.unit_labour + ot[code]
    nodes = sorted(floor, key=lambda c: (floor[c], c))
    open0 = [floor[c] for c in nodes]
    m = len(nodes)
    hopeless = m < 2 or open0[0] + open0[1] - penalty >= best()
    if hopeless and not want_alternatives:
        return  # no two packages can beat the plan in hand
    # A first plan from a greedy cover makes the bounds below bite from the start.
    left, greedy = full, []
    while left:
        code = max(nodes, key=lambda c: bin(mask[c] & left).count("1"))
        if not mask[code] & left:
            break
        greedy.append(code)
        left &= ~mask[code]
    if not left and 1 < len(greedy) <= limit:
        _cost_set(todo, tuple(greedy), allowed, cap, ot, exu, penalty, record)
    if hopeless:
        return
    if limit >= 2:
        for i in range(m):
            if open0[i] + (open0[0] if i else open0[1] if m > 1 else 0) - penalty >= best():
                break
            mi = mask[nodes[i]]
            for j in range(i + 1, m):
                if open0[i] + open0[j] - penalty >= best():
                    break
                if mi | mask[nodes[j]] == full:
                    _cost_set(todo, (nodes[i], nodes[j]), allowed, cap, ot, exu, penalty,
                              record, best())
    if limit >= 3 and m >= 3 and open0[0] + open0[1] + open0[2] - 2 * penalty < best():
        for i in range(m):
            if open0[i] + open0[0] + open0[1] - 2 * penalty >= best():
                break
            for j in range(i + 1, m):
                if open0[i] + open0[j] + open0[0] - 2 * penalty >= best():
                    break
                mij = mask[nodes[i]] | mask[nodes[j]]
                if mij == full:
                    continue  # a pair already covers: costed above
                for h in range(j + 1, m):
                    if open0[i] + open0[j] + open0[h] - 2 * penalty >= best():
                        break
                    if mij | mask[nodes[h]] == full:
                        _cost_set(todo, (nodes[i], nodes[j], nodes[h]), allowed, cap, ot,
                                  exu, penalty, record, best())


def _undominated(mask: dict[str, int], allowed, cap, ot, n: int, todo, exu) -> list[str]:
    """Drop nodes another node beats on every count: same costs (opening, labour, carbon,
    overtime, zone prices, shadow prices), capacity for the whole order, and every line the
    first holds.
    Swapping the first for the second never costs more; if both are in a plan, merging
    them never costs more either, provided the zone's prices are subadditive."""
    groups: dict[tuple, list[str]] = {}
    for code in mask:
        leg = allowed[code]
        if not leg.zone.subadditive or cap[code] < n:
            groups[(code,)] = [code]  # not provably replaceable: keep on its own
            continue
        key = (leg.fixed, leg.unit_labour, leg.per_gram, ot[code], id(leg.zone))
        if exu:  # shadow prices differ per node: twins must share them too
            key += tuple(exu.get((t[0].line_no, code)) for t in todo)
        groups.setdefault(key, []).append(code)
    keep = []
    for codes in groups.values():
        if len(codes) == 1:
            keep.append(codes[0])
            continue
        codes.sort(key=lambda c: (-bin(mask[c]).count("1"), c))
        kept_masks: list[int] = []
        for c in codes:
            mc = mask[c]
            if any(mc | km == km for km in kept_masks):
                continue  # a kept twin already holds every line this one holds
            kept_masks.append(mc)
            keep.append(c)
    return keep


def _cost_set(todo, codes, allowed, cap, ot, exu, penalty, record, bound=None) -> None:
    """Cheapest way to ship every line from exactly these nodes (each used at least once)."""
    choices = [[c for c in codes if c in t[3]] for t in todo]
    if bound is not None:
        # Lines only one of the nodes holds must go there: if that alone (plus the
        # cheapest possible package at each other node) is no better, skip the set.
        forced = dict.fromkeys(codes, 0)
        lb = -penalty
        for t, ch in zip(todo, choices, strict=True):
            if len(ch) == 1:
                forced[ch[0]] += t[2]
                lb += t[0].quantity * allowed[ch[0]].unit_labour
        for code, g in forced.items():
            leg = allowed[code]
            lb += leg.fixed + (leg.zone.price(g) if g else leg.zone.band_costs[0])
        if lb >= bound:
            return
    best_cost, best_pick = float("inf"), None
    for pick in product(*choices):
        if len(set(pick)) < len(codes):
            continue
        weight: dict[str, int] = {}
        lines: dict[str, int] = {}
        cost = -penalty
        for t, code in zip(todo, pick, strict=True):
            leg = allowed[code]
            line = t[0]
            cost += line.quantity * leg.unit_labour + t[2] * leg.per_gram + ot[code]
            if exu:
                cost += line.quantity * exu[(line.line_no, code)]
            weight[code] = weight.get(code, 0) + t[2]
            lines[code] = lines.get(code, 0) + 1
        if any(lines[c] > cap[c] for c in lines):
            continue
        for code, g in weight.items():
            leg = allowed[code]
            cost += leg.fixed + leg.zone.price(g)
        if cost < best_cost:
            best_cost, best_pick = cost, pick
    if best_pick is not None:
        record(best_cost, tuple((t[0].line_no, c, t[0].quantity)
                                for t, c in zip(todo, best_pick, strict=True)), frozenset(codes))

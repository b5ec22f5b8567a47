"""Exact search over plans of two or three packages when every line ships whole.

Nodes are taken in ascending order of their cheapest possible package, so the loops stop
as soon as the cheapest conceivable pair (or triple) costs more than the best plan so far.
Coverage is a bitmask test; only feasible node sets are costed, each over every way of
giving the lines they share to one node or the other."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import product

from .legs import Leg, Shipping, least
from .searchtypes import LineScan, Record

inf = float("inf")

# (Every function here takes the lines as `Sequence[LineScan]` but reads only the line, its
# grams and its whole holders: positions 0, 2 and 3.)
Lines = Sequence[LineScan]
Legs = Mapping[str, Leg]
PerNode = Mapping[str, int]
Overtime = Mapping[str, float]
ShadowPrices = Mapping[tuple[int, str], float]  # (line_no, node) -> per unit


def _floor(todo: Lines, mc: int, leg: Leg, ot: float, light: dict[int, tuple[int, int]]) -> float:
    """The least a node can add to a plan: its package with its lightest line in it.
    `light` caches (fewest grams, fewest units) per lines mask."""
    lo = light.get(mc)
    if lo is None:
        held = [t for j, t in enumerate(todo) if mc >> j & 1]
        lo = light[mc] = (min([t[2] for t in held]), min([t[0].quantity for t in held]))
    return leg.fixed + leg.price(lo[0]) + lo[1] * leg.unit_labour + ot


def _greedy(
    todo: Lines,
    mask: dict[str, int],
    full: int,
    allowed: Legs,
    cap: PerNode,
    ot: Overtime,
    exu: ShadowPrices,
    penalty: int,
    limit: int,
    record: Record,
    n: int,
    uniform: bool = False,
) -> None:
    """The greedy cover `small_sets` starts from, costed as an alternative: repeatedly the
    node covering most uncovered lines, ties to the cheapest floor (then code) among nodes
    no twin dominates. A node's dominating twin covers at least as much, so only the
    nodes covering most need the dominance test and a floor."""
    light: dict[int, tuple[int, int]] = {}
    # Nodes by the lines they hold: each step counts a few distinct masks, not every node.
    # (Which node wins is the least (floor, code) among the candidates: their order in
    # `cands` does not matter.)
    by_mask: dict[int, list[str]] = {}
    for c, mc in mask.items():
        same = by_mask.get(mc)
        if same is None:
            by_mask[mc] = [c]
        else:
            same.append(c)
    left = full
    greedy: list[str] = []
    while left:
        most: int = 0
        tops: list[int] = []
        for mc in by_mask:
            k = (mc & left).bit_count()
            if k > most:
                most, tops = k, [mc]
            elif k == most and k:
                tops.append(mc)
        if not most or (most == n and not greedy):
            break  # (a node holding every line: the cover is one package, nothing to cost)
        cands = {c: mc for mc in tops for c in by_mask[mc]}
        # At the first step every candidate holds as many lines as any other, so none holds
        # a strict superset of another's: a dominated one only has a twin with the same
        # lines, the same floor and a smaller code, which wins the `min` anyway.
        # A floor is never below the leg's `open_lb` plus overtime: skip the nodes whose
        # bound already exceeds the best floor found.
        best_floor = inf
        code: str | None = None
        for c in (
            cands if not greedy else _undominated(cands, allowed, cap, ot, n, todo, exu, uniform)
        ):
            leg = allowed[c]
            o = ot[c]
            if leg.open_lb + o > best_floor:
                continue
            f = _floor(todo, cands[c], leg, o, light)
            if f < best_floor or (f == best_floor and (code is None or c < code)):
                best_floor, code = f, c
        if code is None:
            raise ValueError("no node to cover the lines left")
        greedy.append(code)
        left &= ~mask[code]
    if not left and 1 < len(greedy) <= limit:
        _cost_set(todo, tuple(greedy), allowed, cap, ot, exu, penalty, record, mask=mask)


def line_masks(todo: Lines) -> dict[str, int]:
    """Node -> bit mask of the lines (positions in `todo`) it holds whole."""
    mask: dict[str, int] = dict.fromkeys(todo[0][3], 1) if todo else {}
    get = mask.get
    bit = 2
    for t in todo[1:]:
        for code in t[3]:
            mask[code] = get(code, 0) | bit
        bit <<= 1
    return mask


def small_sets(
    todo: Lines,
    allowed: Legs,
    cap: PerNode,
    ot: Overtime,
    exu: ShadowPrices,
    penalty: int,
    limit: int,
    record: Record,
    best: Callable[[], float],
    want_alternatives: bool = False,
    mask: dict[str, int] | None = None,
    uniform: bool = False,
) -> None:
    """`todo`: per line (line, unit weight, grams, codes holding it whole); `record(cost,
    allocations, nodes)` keeps the plans; `best()` the cheapest cost so far (inf if none);
    `want_alternatives`: cost the greedy plan even when it cannot win (for explanations);
    `mask`: `line_masks(todo)` if already at hand; `uniform`: every node has zero overtime,
    room for every line and no shadow prices (and `allowed` may rank its legs)."""
    n = len(todo)
    full = (1 << n) - 1
    if mask is None:
        mask = line_masks(todo)
    b = best()
    hopeless = b == -inf  # no plan in hand to beat: only the greedy cover is wanted
    if not hopeless:
        # Cheap test first: every package costs at least its leg's `open_lb` plus overtime,
        # so when the two cheapest of those cannot beat the plan in hand, neither can the
        # exact floors below (which only the pair and triple loops need).
        if uniform and isinstance(allowed, Shipping):
            two = least(allowed.by_open_lb(), mask, 2)
            lo1, lo2 = two if len(two) == 2 else (two + [inf, inf])[:2]
        else:
            lo1 = lo2 = inf
            for code in mask:
                v = allowed[code].open_lb + ot[code]
                if v < lo2:
                    if v < lo1:
                        lo1, lo2 = v, lo1
                    else:
                        lo2 = v
        hopeless = lo2 == inf or lo1 + lo2 - penalty >= b
    if hopeless:
        if want_alternatives:
            _greedy(todo, mask, full, allowed, cap, ot, exu, penalty, limit, record, n, uniform)
        return
    # The least a node can add to a plan: its package with its lightest line in it.
    light: dict[int, tuple[int, int]] = {}  # mask -> (fewest grams, fewest units) it serves
    ranked = []
    for code in _undominated(mask, allowed, cap, ot, n, todo, exu, uniform):
        mc = mask[code]  # `_floor`, inline
        lo = light.get(mc)
        if lo is None:
            held = [t for j, t in enumerate(todo) if mc >> j & 1]
            lo = light[mc] = (min([t[2] for t in held]), min([t[0].quantity for t in held]))
        leg = allowed[code]
        ranked.append((leg.fixed + leg.price(lo[0]) + lo[1] * leg.unit_labour + ot[code], code))
    ranked.sort()
    nodes = [c for _, c in ranked]
    open0 = [f for f, _ in ranked]
    masks = [mask[c] for c in nodes]
    m = len(nodes)
    hopeless = m < 2 or open0[0] + open0[1] - penalty >= b
    if hopeless and not want_alternatives:
        return  # no two packages can beat the plan in hand
    # A first plan from a greedy cover makes the bounds below bite from the start.
    # (A node holding every line makes the greedy cover a single package: nothing to cost.)
    left, greedy = (0 if full in masks else full), []
    while left:
        pick: str | None = None
        most = -1
        for c, mc in zip(nodes, masks, strict=True):  # the first node covering most
            k = (mc & left).bit_count()
            if k > most:
                pick, most = c, k
        if pick is None:
            raise ValueError("max() arg is an empty sequence")
        if not mask[pick] & left:
            break
        greedy.append(pick)
        left &= ~mask[pick]
    if not left and 1 < len(greedy) <= limit:
        _cost_set(todo, tuple(greedy), allowed, cap, ot, exu, penalty, record, mask=mask)
        b = best()
    if hopeless:
        return
    if limit >= 2:
        # The bound of `_cost_set` for a pair, inline: grams and units per set of lines
        # (grams summed in line order, as there); labour sums need exact (integer) terms.
        exact = type(penalty) is int and all(type(t[0].quantity) is int for t in todo)
        # (By doubling: a mask whose highest line is j sums the mask without j, plus j.)
        gsum, qsum = [0], [0]
        for t in todo:
            g, q = t[2], t[0].quantity
            gsum += [x + g for x in gsum]
            qsum += [x + q for x in qsum]
        legs = [allowed[c] for c in nodes]
        o0, o1 = open0[0], (open0[1] if m > 1 else 0)
        for i in range(m):
            oi = open0[i]
            if oi + (o0 if i else o1) - penalty >= b:
                break
            mi = masks[i]
            li = legs[i]
            for j in range(i + 1, m):
                if oi + open0[j] - penalty >= b:
                    break
                mj = masks[j]
                if mi | mj == full:
                    lj = legs[j]
                    if exact and li.int_labour and lj.int_labour:
                        oa, ob = mi & ~mj, mj & ~mi  # lines only one of the two holds
                        lb = -penalty + qsum[oa] * li.unit_labour + qsum[ob] * lj.unit_labour
                        g = gsum[oa]
                        lb += li.open0 if not g else li.fixed + li.price(g)
                        g = gsum[ob]
                        lb += lj.open0 if not g else lj.fixed + lj.price(g)
                        if lb >= b:
                            continue
                        bound = None  # checked
                    else:
                        bound = b
                    _cost_set(
                        todo,
                        (nodes[i], nodes[j]),
                        allowed,
                        cap,
                        ot,
                        exu,
                        penalty,
                        record,
                        bound,
                        mask,
                    )
                    b = best()
    if limit >= 3 and m >= 3 and open0[0] + open0[1] + open0[2] - 2 * penalty < b:
        for i in range(m):
            if open0[i] + open0[0] + open0[1] - 2 * penalty >= b:
                break
            for j in range(i + 1, m):
                if open0[i] + open0[j] + open0[0] - 2 * penalty >= b:
                    break
                mij = masks[i] | masks[j]
                if mij == full:
                    continue  # a pair already covers: costed above
                for h in range(j + 1, m):
                    if open0[i] + open0[j] + open0[h] - 2 * penalty >= b:
                        break
                    if mij | masks[h] == full:
                        _cost_set(
                            todo,
                            (nodes[i], nodes[j], nodes[h]),
                            allowed,
                            cap,
                            ot,
                            exu,
                            penalty,
                            record,
                            b,
                            mask,
                        )
                        b = best()


def _undominated(
    mask: dict[str, int],
    allowed: Legs,
    cap: PerNode,
    ot: Overtime,
    n: int,
    todo: Lines,
    exu: ShadowPrices,
    uniform: bool = False,
) -> list[str]:
    """Drop nodes another node beats on every count: same costs (opening, labour, carbon,
    overtime, zone prices, shadow prices), capacity for the whole order, and every line the
    first holds.
    Swapping the first for the second never costs more; if both are in a plan, merging
    them never costs more either, provided the zone's prices are subadditive.
    Within a group of such twins a node is kept when no twin holds a strict superset of its
    lines and no twin with a smaller code holds exactly its lines."""
    groups: dict[tuple[object, ...], dict[int, str]] = {}  # twin key -> mask -> least code
    if uniform:  # the same keys, precomputed per leg (zero overtime, room everywhere)
        for code, mc in mask.items():
            key = allowed[code].group
            g = groups.get(key)
            if g is None:
                groups[key] = {mc: code}
            else:
                c0 = g.get(mc)
                if c0 is None or code < c0:
                    g[mc] = code
        mask = {}
    for code, mc in mask.items():
        leg = allowed[code]
        if not leg.zone.subadditive or cap[code] < n:
            groups[(code,)] = {mc: code}  # not provably replaceable: keep on its own
            continue
        twin: tuple[object, ...] = (leg.twin_id, ot[code])  # (ids stand for twin keys)
        if exu:  # shadow prices differ per node: twins must share them too
            twin += tuple(exu.get((t[0].line_no, code)) for t in todo)
        g = groups.get(twin)
        if g is None:
            groups[twin] = {mc: code}
        else:
            c0 = g.get(mc)
            if c0 is None or code < c0:
                g[mc] = code
    keep: list[str] = []
    for g in groups.values():
        if len(g) == 1:
            keep.extend(g.values())
            continue
        for mc, code in g.items():
            for other in g:
                if mc | other == other and mc != other:
                    break  # a twin holds every line this one holds, and more
            else:
                keep.append(code)
    return keep


def _cost_set(
    todo: Lines,
    codes: tuple[str, ...],
    allowed: Legs,
    cap: PerNode,
    ot: Overtime,
    exu: ShadowPrices,
    penalty: int,
    record: Record,
    bound: float | None = None,
    mask: Mapping[str, int] | None = None,
) -> None:
    """Cheapest way to ship every line from exactly these nodes (each used at least once).
    `mask`: node -> bit mask of the lines (positions in `todo`) it holds whole."""
    if mask is None:
        raise TypeError("_cost_set needs the line masks")
    ms = [mask[c] for c in codes]
    if bound is not None:
        # Lines only one of the nodes holds must go there: if that alone (plus the
        # cheapest possible package at each other node) is no better, skip the set.
        only = []
        for i, mc in enumerate(ms):
            rest = 0
            for h, mh in enumerate(ms):
                if h != i:
                    rest |= mh
            only.append(mc & ~rest)
        forced = dict.fromkeys(codes, 0)
        lb = -penalty
        for j, t in enumerate(todo):
            for c, oc in zip(codes, only, strict=True):
                if oc >> j & 1:
                    forced[c] += t[2]
                    lb += t[0].quantity * allowed[c].unit_labour
                    break
        for code, g in forced.items():
            leg = allowed[code]
            lb += leg.open0 if not g else leg.fixed + leg.price(g)
        if lb >= bound:
            return
    n = len(todo)
    if len(codes) == 2 and not exu and _pair(todo, codes, ms, allowed, cap, ot, penalty, record, n):
        return
    # Per line, the nodes that may ship it with the line's variable cost there (as the
    # cost below adds it: labour + carbon + overtime, then any shadow price).
    choices = []
    for j, t in enumerate(todo):
        line = t[0]
        q, g = line.quantity, t[2]
        opts = []
        for c, mc in zip(codes, ms, strict=True):
            if mc >> j & 1:
                leg = allowed[c]
                opts.append(
                    (
                        c,
                        q * leg.unit_labour + g * leg.per_gram + ot[c],
                        q * exu[(line.line_no, c)] if exu else None,
                        g,
                    )
                )
        choices.append(opts)
    check_cap = any(cap[c] < n for c in codes)  # else no node can run out of lines
    best_cost, best_pick = float("inf"), None
    k = len(codes)
    for pick in product(*choices):
        weight: dict[str, int] = {}
        cost: float = -penalty
        for code, var, extra, g in pick:
            cost += var
            if extra is not None:
                cost += extra
            weight[code] = weight.get(code, 0) + g
        if len(weight) < k:
            continue
        if check_cap:
            lines: dict[str, int] = {}
            for p in pick:
                lines[p[0]] = lines.get(p[0], 0) + 1
            if any(lines[c] > cap[c] for c in lines):
                continue
        for code, g in weight.items():
            leg = allowed[code]
            cost += leg.fixed + leg.price(g)
        if cost < best_cost:
            best_cost, best_pick = cost, pick
    if best_pick is not None:
        record(
            best_cost,
            tuple(
                (t[0].line_no, p[0], t[0].quantity) for t, p in zip(todo, best_pick, strict=True)
            ),
            frozenset(codes),
        )


def _pair(
    todo: Lines,
    codes: tuple[str, ...],
    ms: list[int],
    allowed: Legs,
    cap: PerNode,
    ot: Overtime,
    penalty: int,
    record: Record,
    n: int,
) -> bool:
    """`_cost_set` for two nodes when every term of the cost is a whole number (no carbon
    price, integer labour, overtime and penalty) and neither node can run out of lines:
    the sum is then exact in any order, so each way of splitting the shared lines is
    costed from running sums instead of line by line. Same picks in the same order, the
    first cheapest wins, as there. False (nothing done) when the conditions do not hold."""
    a, b = codes
    la, lb = allowed[a], allowed[b]
    oa, ob = ot[a], ot[b]
    if not (
        type(penalty) is int
        and la.int_labour
        and lb.int_labour
        and type(oa) is int
        and type(ob) is int
        and la.per_gram == 0
        and lb.per_gram == 0
        and type(la.fixed) is int
        and type(lb.fixed) is int
        and cap[a] >= n
        and cap[b] >= n
    ):
        return False
    ma, mb = ms
    base = -penalty + la.fixed + lb.fixed
    ga = gb = 0  # grams forced to a, to b
    shared = []  # (grams, variable cost at a, at b) of lines both hold, in line order
    for j, t in enumerate(todo):
        g, q = t[2], t[0].quantity
        if type(g) is not int or type(q) is not int:
            return False
        at_a, at_b = ma >> j & 1, mb >> j & 1
        if not at_a and not at_b:
            return True  # a line neither holds: no plan from these two
        if at_a and at_b:
            shared.append((g, q * la.unit_labour + oa, q * lb.unit_labour + ob))
        elif at_a:
            ga += g
            base += q * la.unit_labour + oa
        else:
            gb += g
            base += q * lb.unit_labour + ob
    # Per way of splitting the shared lines, in `product` order (the first shared line
    # slowest; a before b): the grams going to a and the variable cost.
    to_a, var = [0], [0]
    for g, va, vb in shared:
        to_a = [w for w0 in to_a for w in (w0 + g, w0)]
        var = [v for v0 in var for v in (v0 + va, v0 + vb)]
    total = sum(g for g, _va, _vb in shared)
    last = len(to_a) - 1
    pa, pb = la.price, lb.price
    best, best_x = None, -1
    # A node left without a line makes no plan of two packages: a holds a line of its own
    # or gets a shared one (every split but the last), b likewise (every split but the
    # first).
    own_a, own_b, s = bool(ma & ~mb), bool(mb & ~ma), len(shared)
    for x, w in enumerate(to_a):
        if not (own_a or (s and x != last)) or not (own_b or (s and x)):
            continue
        cost = base + var[x] + pa(ga + w) + pb(gb + total - w)
        if best is None or cost < best:
            best, best_x = cost, x
    if best is None:
        return True
    pick, i = [], 0
    for j, t in enumerate(todo):
        at_a, at_b = ma >> j & 1, mb >> j & 1
        if at_a and at_b:
            code = b if best_x >> (s - 1 - i) & 1 else a
            i += 1
        else:
            code = a if at_a else b
        pick.append((t[0].line_no, code, t[0].quantity))
    record(float(best), tuple(pick), frozenset(codes))
    return True

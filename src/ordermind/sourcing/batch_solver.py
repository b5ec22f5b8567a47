"""The column model behind batch re-sourcing: one plan (column) per order, shared stock
and capacity rows. LP relaxation (GLOP) for shadow prices and for rounding large waves;
CP-SAT for the exact integer choice when the coupled part is small enough."""

from __future__ import annotations

INF = float("inf")


def rows(wave, cols):
    """Per (sku, node) the (column, units) using it; per node the columns shipping there."""
    sku_of = {(o.order_id, ln.line_no): ln.sku for o in wave for ln in o.lines}
    use: dict[tuple[str, str], list[tuple[int, int]]] = {}
    lines_at: dict[str, list[int]] = {}
    for i, (oid, allocs, _) in enumerate(cols):
        for line_no, code, qty in allocs:
            use.setdefault((sku_of[(oid, line_no)], code), []).append((i, qty))
            lines_at.setdefault(code, []).append(i)
    return use, lines_at


def binding(wave, cols, stock, nodes, used0):
    """Only rows the columns can actually overfill need a constraint."""
    use, lines_at = rows(wave, cols)
    stock_rows = {}
    for key, terms in use.items():
        have = stock.get(key[0], {}).get(key[1], 0)
        if sum(q for _, q in terms) > have:
            stock_rows[key] = (terms, have)
    cap_rows = {}
    for code, ids in lines_at.items():
        cap = max(0, nodes[code].daily_capacity - used0.get(code, 0))
        if len(ids) > cap:
            cap_rows[code] = ([(i, 1) for i in ids], cap)
    return stock_rows, cap_rows


def coupled(cols, stock_rows, cap_rows) -> list[str]:
    """Orders with a column on a row that can overfill; every other order simply takes
    its cheapest column, whatever the rest do."""
    hot = {i for terms, _ in stock_rows.values() for i, _ in terms}
    hot.update(i for terms, _ in cap_rows.values() for i, _ in terms)
    return sorted({cols[i][0] for i in hot})  # sorted: same answer on every run


def lp(cols, by_order, stock_rows, cap_rows, linked):
    """LP relaxation over the coupled orders: (values, order duals, unit prices, line
    prices, objective) or None."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    lam = {i: solver.NumVar(0.0, 1.0, "") for oid in linked for i in by_order[oid]}
    conv = {}
    for oid in linked:
        ct = conv[oid] = solver.Constraint(1.0, 1.0)
        for i in by_order[oid]:
            ct.SetCoefficient(lam[i], 1.0)
    cons = {}
    for kind, table in (("unit", stock_rows), ("line", cap_rows)):
        for key, (terms, limit) in table.items():
            ct = cons[(kind, key)] = solver.Constraint(-INF, float(limit))
            for i, q in terms:
                ct.SetCoefficient(lam[i], float(q))
    obj = solver.Objective()
    for i, v in lam.items():
        obj.SetCoefficient(v, float(cols[i][2]))
    obj.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    unit: dict[tuple[str, str], float] = {}
    line: dict[str, float] = {}
    for (kind, key), ct in cons.items():
        if ct.dual_value() < -1e-9:
            (unit if kind == "unit" else line)[key] = -ct.dual_value()
    return (
        {i: v.solution_value() for i, v in lam.items()},
        {oid: ct.dual_value() for oid, ct in conv.items()},
        unit,
        line,
        obj.Value(),
    )


def duals(wave, cols, by_order, stock, nodes, used0):
    """(order duals, price per unit at (sku, node), price per line at node) or None."""
    stock_rows, cap_rows = binding(wave, cols, stock, nodes, used0)
    linked = coupled(cols, stock_rows, cap_rows)
    got = lp(cols, by_order, stock_rows, cap_rows, linked)
    if got is None:
        return None
    order = {oid: min(cols[i][2] for i in ids) for oid, ids in by_order.items()}
    order.update(got[1])
    return order, got[2], got[3]


def solve(wave, cols, by_order, stock, nodes, used0, time_limit_s, hint, max_exact=12_000):
    """One column per order minimising the total within stock and capacity. Exact CP-SAT
    (seeded with `hint`, a feasible choice) when the coupled columns number at most
    `max_exact`; otherwise LP rounding. Returns ({order: column}, status, lower bound)."""
    stock_rows, cap_rows = binding(wave, cols, stock, nodes, used0)
    linked = coupled(cols, stock_rows, cap_rows)
    chosen = {
        oid: min(ids, key=lambda i: cols[i][2])
        for oid, ids in by_order.items()
        if oid not in linked
    }
    free = sum(cols[i][2] for i in chosen.values())
    if not linked:
        return chosen, "optimal", free
    n_cols = sum(len(by_order[oid]) for oid in linked)
    if n_cols > max_exact:
        got = lp(cols, by_order, stock_rows, cap_rows, linked)
        if got is None:
            return None, None, None
        chosen.update(_round(got[0], cols, by_order, stock_rows, cap_rows, linked, hint))
        return chosen, "lp_rounded", free + got[4]
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    x = {i: m.new_bool_var("") for oid in linked for i in by_order[oid]}
    for oid in linked:
        m.add_exactly_one(x[i] for i in by_order[oid])
    for terms, limit in list(stock_rows.values()) + list(cap_rows.values()):
        m.add(
            cp_model.LinearExpr.weighted_sum([x[i] for i, _ in terms], [q for _, q in terms])
            <= limit
        )
    ids = list(x)
    m.minimize(cp_model.LinearExpr.weighted_sum([x[i] for i in ids], [cols[i][2] for i in ids]))
    for oid in linked:
        m.add_hint(x[hint[oid]], True)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 2
    st = solver.solve(m)
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, None, None
    chosen.update(
        {oid: next(i for i in by_order[oid] if solver.boolean_value(x[i])) for oid in linked}
    )
    return (
        chosen,
        "optimal" if st == cp_model.OPTIMAL else "feasible",
        free + solver.best_objective_bound,
    )


def _round(values, cols, by_order, stock_rows, cap_rows, linked, hint) -> dict[str, int]:
    """Start from the feasible hint; move each order to the column the LP prefers when that
    is cheaper and still fits what the others leave (most certain moves first)."""
    room: dict[int, list] = {}  # column -> its (remaining capacity cell, units) pairs
    for table in (stock_rows, cap_rows):
        for terms, limit in table.values():
            cell = [limit]
            for i, q in terms:
                room.setdefault(i, []).append((cell, q))
    chosen = {oid: hint[oid] for oid in linked}
    for i in chosen.values():
        for cell, q in room.get(i, []):
            cell[0] -= q
    moves = []
    for oid in linked:
        best = max(by_order[oid], key=lambda i: (values[i], -cols[i][2]))
        gain = cols[chosen[oid]][2] - cols[best][2]
        if best != chosen[oid] and gain > 0:
            moves.append((-values[best], -gain, oid, best))
    for _, _, oid, best in sorted(moves):
        old = chosen[oid]
        for cell, q in room.get(old, []):
            cell[0] += q
        if all(cell[0] >= q for cell, q in room.get(best, [])):
            chosen[oid] = best
        for cell, q in room.get(chosen[oid], []):
            cell[0] -= q
    return chosen

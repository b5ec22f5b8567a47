"""The whole-number shortcut for costing a pair of nodes picks exactly what the line-by-line
loop over every split picks (same cost, same allocation, first cheapest on ties)."""

import random
from itertools import product
from types import SimpleNamespace

from ordermind.sourcing.cover import _cost_set
from ordermind.sourcing.rates import ZoneRate


def _zone(rng: random.Random) -> ZoneRate:
    limits = tuple(sorted(rng.sample(range(500, 20_000, 500), 3)))
    costs = tuple(sorted(rng.choice([300, 350, 400, 500, 650, 900]) for _ in limits))
    return ZoneRate("s", 1, 100.0, limits, costs, 1, "road")


def _leg(rng: random.Random, per_gram: float = 0.0) -> SimpleNamespace:
    zone = _zone(rng)
    labour = rng.choice([0, 0, 120])
    return SimpleNamespace(
        fixed=rng.choice([60, 180, 250]) + 250,
        unit_labour=labour,
        per_gram=per_gram,
        price=zone.fast_price,
        int_labour=True,
        open0=0,
        zone=zone,
    )


def _reference(todo, codes, mask, allowed, ot, penalty):
    """The loop `_cost_set` runs for any set of nodes."""
    choices = []
    for j, t in enumerate(todo):
        q, g = t[0].quantity, t[2]
        choices.append(
            [
                (c, q * allowed[c].unit_labour + g * allowed[c].per_gram + ot[c], g)
                for c in codes
                if mask[c] >> j & 1
            ]
        )
    best, best_pick = float("inf"), None
    for pick in product(*choices):
        weight: dict[str, int] = {}
        cost = -penalty
        for code, var, g in pick:
            cost += var
            weight[code] = weight.get(code, 0) + g
        if len(weight) < len(codes):
            continue
        for code, g in weight.items():
            cost += allowed[code].fixed + allowed[code].price(g)
        if cost < best:
            best, best_pick = cost, pick
    if best_pick is None:
        return None
    return best, tuple(
        (t[0].line_no, p[0], t[0].quantity) for t, p in zip(todo, best_pick, strict=True)
    )


def _keep(got: list):
    def record(cost, allocs, nodes):
        got.append((cost, allocs))

    return record


def test_pair_shortcut_matches_the_line_by_line_loop():
    rng = random.Random(5)
    checked = 0
    for _ in range(3000):
        n = rng.randint(1, 5)
        todo = []
        for j in range(n):
            line = SimpleNamespace(line_no=j + 1, quantity=rng.randint(1, 3))
            grams = line.quantity * rng.choice([50, 400, 900, 2500, 7000])
            todo.append((line, grams // line.quantity, grams, []))
        allowed = {"A": _leg(rng), "B": _leg(rng)}
        if rng.random() < 0.2:  # twins: ties between splits
            allowed["B"] = allowed["A"]
        mask = {"A": rng.randint(0, 2**n - 1), "B": rng.randint(0, 2**n - 1)}
        ot = {"A": rng.choice([0, 150]), "B": 0}
        cap = {"A": 10, "B": 10}
        got: list = []
        _cost_set(todo, ("A", "B"), allowed, cap, ot, {}, 250, _keep(got), mask=mask)
        want = _reference(todo, ("A", "B"), mask, allowed, ot, 250)
        assert got == ([] if want is None else [want])
        checked += want is not None
    assert checked > 500


def test_pair_with_carbon_priced_takes_the_general_loop():
    rng = random.Random(9)
    for _ in range(300):
        n = rng.randint(2, 4)
        todo = [(SimpleNamespace(line_no=j + 1, quantity=1), 700, 700, []) for j in range(n)]
        allowed = {"A": _leg(rng, 0.0013), "B": _leg(rng, 0.0021)}
        mask = {"A": rng.randint(1, 2**n - 1), "B": rng.randint(1, 2**n - 1)}
        ot = {"A": 0, "B": 0}
        got: list = []
        _cost_set(todo, ("A", "B"), allowed, {"A": 9, "B": 9}, ot, {}, 250, _keep(got), mask=mask)
        want = _reference(todo, ("A", "B"), mask, allowed, ot, 250)
        assert got == ([] if want is None else [want])

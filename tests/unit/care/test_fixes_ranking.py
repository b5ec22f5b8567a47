"""Fix candidates, their pricing, the rule order, the auto-apply policy and the ranker
(rule fallback, then the order it learns from operators' decisions) — pure."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ordermind.care import policy as p
from ordermind.care.exceptions import (
    Cover,
    DelayView,
    LineView,
    NetworkView,
    NodeAt,
    NodeState,
    OrderView,
    detect,
)
from ordermind.care.fixes import (
    Effects,
    Evaluated,
    Fix,
    FixContext,
    auto_decision,
    candidates,
    price,
    repairs,
    rule_order,
)
from ordermind.care.policy import CarePolicy
from ordermind.care.ranking import MIN_DECISIONS, DecisionRow, RankerCache, rank
from ordermind.sourcing import LineRequest, Location, NodeInfo

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
POLICY = CarePolicy()


def view(*lines: LineView, promised: date = date(2026, 3, 13)) -> OrderView:
    return OrderView(5, "web", "EUR", "allocated", NOW - timedelta(days=1), promised, lines)


def keys(fixes) -> list[str]:
    return [f.key for f in fixes]


def test_a_node_outage_offers_re_sourcing_away_from_it_then_the_customer_fixes() -> None:
    order = view(LineView(1, "A", 1000, 2, at=(NodeAt("LDN", allocated=2),)))
    net = NetworkView(NOW, {"LDN": NodeState("LDN", active=False)})
    [finding] = detect(order, net, POLICY)
    fixes = candidates(finding, order, net, FixContext())
    assert keys(fixes) == ["resource:LDN", "move_promise:2026-03-16", "cancel_line:all"]
    assert fixes[0].params == {"node": "LDN"}
    assert fixes[1].params["new_date"] == "2026-03-16"  # promise + 3 days (policy)


def test_a_back_order_offers_split_substitute_a_date_from_inbound_and_cancel() -> None:
    order = view(LineView(1, "B", 900, 3, backordered=3))
    eta = NOW + timedelta(days=6)
    net = NetworkView(NOW, {}, cover={(5, "B"): Cover(2, eta)})
    ctx = FixContext(
        available={"B": 1, "S1": 5, "S2": 2}, substitutes={"B": ["S2", "S1"]}, lead_days=2.0
    )
    [finding] = [f for f in detect(order, net, POLICY) if f.type == "backorder_uncovered"]
    fixes = candidates(finding, order, net, ctx)
    # S2 has only 2 free, fewer than the 3 ordered: not offered.
    assert keys(fixes) == [
        "split:B",
        "substitute:B:S1",
        "move_promise:2026-03-18",
        "cancel_line:B:3",
    ]
    assert fixes[-1].params == {"lines": [["B", 3]]}


def test_a_late_order_may_ship_faster_but_not_beyond_the_fastest_service() -> None:
    order = view(LineView(1, "A", 1000, 1, at=(NodeAt("LDN", released=1),)))
    net = NetworkView(NOW, {"LDN": NodeState("LDN")})
    finding = detect(order, net, POLICY, DelayView(0.9))[0]
    standard = candidates(finding, order, net, FixContext(service="standard"))
    assert "upgrade_service:express" in keys(standard)
    assert "resource:LDN" not in keys(standard)  # released units stay at their node
    express = candidates(finding, order, net, FixContext(service="express"))
    assert not any(f.type == "upgrade_service" for f in express)


def test_pricing_an_allocation_at_express_costs_more_and_arrives_no_later() -> None:
    nodes = {
        "LDN": NodeInfo("LDN", "warehouse", "GB", 51.5, -0.12),
        "EDI": NodeInfo("EDI", "warehouse", "GB", 55.95, -3.19, active=False),
    }
    lines = [LineRequest(1, "A", 2, 400)]
    to = Location(51.52, -0.1, "GB")
    standard = price(lines, [(1, "LDN", 2)], to, "GB", nodes, NOW, "standard")
    express = price(lines, [(1, "LDN", 2)], to, "GB", nodes, NOW, "express")
    assert express.cost > standard.cost and express.delivery <= standard.delivery
    far = price(lines, [(1, "EDI", 2)], to, "GB", nodes, NOW, "standard")  # down: still priced
    assert far.carbon_kg > standard.carbon_kg
    split = price(
        lines + [LineRequest(2, "B", 1, 400)],
        [(1, "LDN", 2), (2, "EDI", 1)],
        to,
        "GB",
        nodes,
        NOW,
        "standard",
    )
    assert split.packages == 2
    assert price(lines, [], to, "GB", nodes, NOW) is None


def ev(
    fix_type: str,
    resolves: bool = True,
    days: int | None = 0,
    cost: tuple = (500, 500),
    feasible: bool = True,
) -> Evaluated:
    return Evaluated(
        Fix(fix_type, f"{fix_type}:x", fix_type),
        Effects(
            feasible,
            None if feasible else "no",
            resolves,
            promise_delta_days=days,
            cost_before=cost[0],
            cost_after=cost[1],
        ),
    )


def test_rule_order_puts_what_keeps_the_promise_first_then_the_cheaper_and_cancelling_last():
    fixes = [
        ev("cancel_line"),
        ev("move_promise", days=3),
        ev("resource", days=1),
        ev("resource", feasible=False),
        ev("upgrade_service", resolves=False),
        ev("split", days=1, cost=(500, 700)),
    ]
    order = [fixes[i] for i in rule_order(fixes)]
    # The upgrade keeps the promise (repairs it for the customer); of the rest, which do
    # not, the cheaper first, then the smaller change of date; cancelling, then what
    # cannot be done, last.
    assert [(e.fix.type, e.effects.promise_delta_days) for e in order] == [
        ("upgrade_service", 0),
        ("resource", 1),
        ("move_promise", 3),
        ("split", 1),
        ("cancel_line", 0),
        ("resource", 0),
    ]
    assert [repairs(e) for e in order[:2]] == [True, False]


def test_an_upgrade_still_arriving_after_the_promise_ranks_below_telling_the_customer() -> None:
    late_upgrade = ev("upgrade_service", days=1, cost=(500, 1200))
    tell = ev("move_promise", days=2)
    in_time_upgrade = ev("upgrade_service", days=0, cost=(500, 1200))
    ranked = [[late_upgrade, tell][i].fix.type for i in rule_order([late_upgrade, tell])]
    assert ranked == ["move_promise", "upgrade_service"]
    # an upgrade that does get there by the promise repairs it: it goes first
    ranked = [[tell, in_time_upgrade][i].fix.type for i in rule_order([tell, in_time_upgrade])]
    assert ranked == ["upgrade_service", "move_promise"]


def test_the_auto_policy_applies_a_re_source_only_within_its_date_and_cost_limits() -> None:
    ok, why = auto_decision(POLICY, p.NODE_OUTAGE, ev("resource", cost=(1000, 1040)))
    assert ok and "within policy" in why
    ok, why = auto_decision(POLICY, p.NODE_OUTAGE, ev("resource", days=1))
    assert not ok and "move 1 days" in why
    ok, why = auto_decision(POLICY, p.NODE_OUTAGE, ev("resource", cost=(1000, 1060)))
    assert not ok and "6.0%" in why
    ok, why = auto_decision(POLICY, p.NODE_OUTAGE, ev("resource", resolves=False))
    assert not ok and "cause would remain" in why
    ok, why = auto_decision(POLICY, p.NODE_OUTAGE, ev("cancel_line"))
    assert not ok and "waits for a person" in why
    assert auto_decision(POLICY, p.REFUND_DUE, ev("refund_return"))[0]
    assert not auto_decision(POLICY, p.HOLD_AGEING, ev("release_hold"))[0]  # never by itself


def _decisions(n: int) -> list[DecisionRow]:
    """Operators who always move the promise rather than re-source, whatever it costs."""
    rows = []
    for i in range(n):
        rows.append(
            DecisionRow(i, p.NODE_OUTAGE, p.RESOURCE, ev("resource").effects.as_dict(), False)
        )
        rows.append(
            DecisionRow(
                i, p.NODE_OUTAGE, p.MOVE_PROMISE, ev("move_promise", days=2).effects.as_dict(), True
            )
        )
    return rows


def test_the_ranker_falls_back_to_the_rule_order_until_enough_decisions_exist() -> None:
    fixes = [ev("move_promise", days=2), ev("resource")]
    ranking = rank(p.NODE_OUTAGE, fixes, _decisions(MIN_DECISIONS - 1))
    assert ranking.ranker == "rules" and ranking.order == (1, 0)
    assert f"only {MIN_DECISIONS - 1} exception(s) decided" in ranking.as_dict()["reason"]


def test_the_learned_ranker_follows_what_operators_chose() -> None:
    fixes = [ev("move_promise", days=2), ev("resource"), ev("resource", feasible=False)]
    ranking = rank(p.NODE_OUTAGE, fixes, _decisions(MIN_DECISIONS + 5))
    assert ranking.ranker == "learned"
    assert ranking.order[0] == 0  # what people chose, though the rules prefer re-sourcing
    assert ranking.order[-1] == 2  # a fix that cannot be done stays last
    assert ranking.scores[0] > ranking.scores[1]
    assert ranking.as_dict()["decisions"] == MIN_DECISIONS + 5


def test_the_learned_ranker_needs_chosen_and_passed_over_fixes_to_tell_apart() -> None:
    only_dismissed = [
        DecisionRow(i, p.NODE_OUTAGE, p.RESOURCE, {}, False) for i in range(MIN_DECISIONS + 1)
    ]
    ranking = rank(p.NODE_OUTAGE, [ev("resource")], only_dismissed)
    assert ranking.ranker == "rules" and "tell apart" in ranking.as_dict()["reason"]


def test_the_ranker_is_fitted_again_only_when_the_store_holds_new_decisions() -> None:
    cache = RankerCache()
    reads: list[int] = []

    def load(n: int):
        def read() -> list[DecisionRow]:
            reads.append(n)
            return _decisions(n)

        return read

    fixes = [ev("move_promise", days=2), ev("resource")]
    few = cache.get(("db", MIN_DECISIONS - 1), load(MIN_DECISIONS - 1))
    assert rank(p.NODE_OUTAGE, fixes, few).ranker == "rules"
    assert cache.get(("db", MIN_DECISIONS - 1), load(MIN_DECISIONS - 1)) is few
    assert reads == [MIN_DECISIONS - 1] and cache.fits == 1  # no read, no fit the 2nd time
    learned = cache.get(("db", MIN_DECISIONS + 5), load(MIN_DECISIONS + 5))
    assert rank(p.NODE_OUTAGE, fixes, learned).ranker == "learned"
    assert cache.fits == 2 and reads == [MIN_DECISIONS - 1, MIN_DECISIONS + 5]

"""The twin's AI policies run ordermind's own modules (forecasting, risk), each beside its
rule twin, on the same random streams."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ordermind.adapters.memory.twin_store import in_memory
from ordermind.twin.run import policy_set, run_scenario
from ordermind.twin.scenario import Catalog, Policy, Scenario, scenario_from_dict
from ordermind.twin.simulation import Simulation


def small(**policy) -> Scenario:
    return Scenario(
        days=22,
        orders_per_day=90,
        catalog=Catalog(skus=15),
        policy=Policy(forecast_warmup_days=14, forecast_review_days=3, **policy),
    )


def test_forecast_replenishment_orders_what_the_forecasting_module_proposes() -> None:
    sim = Simulation(small(replenishment="forecast"), in_memory).run()
    runs = sim.planner.runs
    # every forecast_review_days once the history is long enough
    assert [r.day for r in runs] == [14, 17, 20]
    chosen = sum(runs[0].models.values())
    assert chosen == runs[0].series > 0
    # Every model named is one the forecaster chose among (its candidates or an ensemble)
    names = " ".join(runs[0].models)
    assert any(m in names for m in ("SeasonalNaive", "TSB", "WindowAverage"))
    # The rule reviews only the warm-up; the proposals are ordered from then on
    assert sim.rule_reviews == [0, 7]
    assert sum(r.purchase_lines for r in runs) > 0


def test_forecast_and_rule_replenishment_differ_on_the_same_orders() -> None:
    rule = Simulation(small(), in_memory).run()
    fc = Simulation(small(replenishment="forecast"), in_memory).run()
    assert rule.placed == fc.placed  # the same customers and baskets
    assert rule.planner.runs == []
    assert rule.rule_reviews == [0, 7, 14, 21]
    assert [d["orders"] for d in rule.daily] == [d["orders"] for d in fc.daily]
    assert [d["inventory_value"] for d in rule.daily[15:]] != [
        d["inventory_value"] for d in fc.daily[15:]
    ]


def test_the_risk_model_is_trained_on_the_warm_up_and_screens_afterwards() -> None:
    sc = small(risk="model", risk_review_rate=0.02)
    sc = replace(sc, fraud=replace(sc.fraud, rate=0.04), care=replace(sc.care, warmup_days=10))
    sim, kpis = run_scenario(sc, in_memory)
    assert sim.risk.model is not None, sim.risk.failure
    assert kpis["total"]["risk"] == "model"
    assert kpis["total"]["risk_model_auc"] > 0.8


def test_the_risk_model_falls_back_to_the_rules_without_enough_labels() -> None:
    sc = small(risk="model")
    sc = replace(sc, fraud=replace(sc.fraud, rate=0.0), care=replace(sc.care, warmup_days=5))
    sim, kpis = run_scenario(sc, in_memory)
    assert sim.risk.model is None
    assert kpis["total"]["risk"] == "rules (fallback)"
    assert "at least 5 fraud" in (sim.risk.failure or "")


def test_the_ai_set_keeps_the_scenario_and_swaps_every_policy() -> None:
    base = small()
    ai, rules = policy_set(base, ai=True, care="rules"), policy_set(base, ai=False)
    assert (ai.policy.replenishment, ai.policy.risk, ai.policy.sourcing_strategy) == (
        "forecast",
        "model",
        "cost",
    )
    assert (ai.policy.priority, ai.policy.care) == ("dynamic", "rules")
    assert (rules.policy.replenishment, rules.policy.risk) == ("order_up_to", "rules")
    assert ai.days == rules.days == base.days


@pytest.mark.parametrize(
    "policy, message",
    [
        ({"replenishment": "magic"}, "unknown replenishment policy 'magic'"),
        ({"risk": "oracle"}, "unknown risk policy 'oracle'"),
    ],
)
def test_an_unknown_policy_is_refused_by_name(policy: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        scenario_from_dict({"policy": policy})

from datetime import UTC, datetime, timedelta

import pytest

from ordermind.risk.assessment import RiskAssessor
from ordermind.risk.facts import OrderFacts
from ordermind.risk.registry import ModelRegistry, facts_to_rows, shadow_compare, train_from_facts

from .risk_synthetic import labelled_orders

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def risky(**kw) -> OrderFacts:
    base = dict(
        order_id="r1",
        placed_at=NOW,
        total_value=95_000,
        customer_id="cx",
        customer_email="cx@example.com",
        customer_created_at=NOW - timedelta(seconds=30),
        device_id="ring1",
        billing_country="DE",
        shipping_country="NG",
        attributes={"source": "Ads"},
    )
    base.update(kw)
    return OrderFacts(**base)


def safe() -> OrderFacts:
    return OrderFacts(
        order_id="s1",
        placed_at=NOW,
        total_value=5_000,
        customer_id="cs",
        customer_email="cs@example.com",
        customer_created_at=NOW - timedelta(days=90),
        prior_orders=5,
        device_id="devs",
        billing_country="DE",
        shipping_country="DE",
    )


@pytest.fixture(scope="module")
def trained():
    facts, labels = labelled_orders()
    return train_from_facts(facts, labels, n_estimators=60)


def test_without_a_model_a_flagged_order_is_held_by_the_rules_and_says_so():
    decision = RiskAssessor(None).assess(risky())
    assert decision.action == "hold" and decision.fallback_used
    assert decision.stage == "rules_fallback" and decision.model_version is None
    assert any("no risk model" in r for r in decision.reasons)
    assert "instant_order" in decision.rule_flags


def test_a_missing_model_directory_falls_back_to_the_rules(tmp_path):
    engine = RiskAssessor(tmp_path / "nowhere")
    assert engine.model is None
    assert engine.assess(risky()).fallback_used


def test_an_unflagged_order_is_approved_at_stage_one_without_the_model(trained, tmp_path):
    trained.save(tmp_path / "m")
    decision = RiskAssessor(tmp_path / "m").assess(safe())
    assert decision.action == "approve" and decision.stage == "screen"
    assert not decision.fallback_used


def test_the_model_holds_a_fraud_like_order_with_plain_word_factors(trained, tmp_path):
    trained.version = "v0042"
    trained.save(tmp_path / "m")
    decision = RiskAssessor(tmp_path / "m").assess(risky())
    assert decision.stage == "model" and decision.model_version == "v0042"
    assert decision.action in ("hold", "reject") and 0 <= decision.score <= 1
    assert decision.reasons[0].startswith("Fraud probability")
    assert any("(raises the risk)" in r for r in decision.reasons)


def test_a_model_that_fails_at_scoring_leaves_the_decision_to_the_rules(trained, tmp_path):
    trained.save(tmp_path / "m")
    engine = RiskAssessor(tmp_path / "m")
    engine.model.booster = None  # a corrupted model object
    decision = engine.assess(risky())
    assert decision.fallback_used and decision.action == "hold"
    assert any("model failed" in r for r in decision.reasons)


def test_assessed_orders_feed_the_velocity_windows():
    engine = RiskAssessor(None)
    for i in range(3):
        engine.assess(
            risky(
                order_id=f"a{i}",
                placed_at=NOW + timedelta(minutes=i),
                customer_email=f"z{i}@example.com",
                customer_id=f"z{i}",
            )
        )
    decision = engine.assess(risky(order_id="a9", placed_at=NOW + timedelta(minutes=5)))
    assert "velocity_device_1h" in decision.rule_flags


def test_calibrated_model_ranks_fraud_above_legitimate_orders(trained):
    validation = trained.metrics["validation"]
    assert validation["roc_auc"] > 0.9
    assert 0 < trained.hold_threshold <= trained.reject_threshold <= 1


def test_registry_versions_shadow_compares_and_promotes(trained, tmp_path):
    registry = ModelRegistry(tmp_path / "reg")
    first = registry.add(trained)
    facts, labels = labelled_orders(seed=11, n=400)
    candidate = train_from_facts(facts, labels, n_estimators=30)
    second = registry.add(candidate)
    assert (first, second) == ("v0001", "v0002") and registry.current_version() is None
    registry.promote(first)
    engine = RiskAssessor(tmp_path / "reg", shadow_dir=tmp_path / "reg" / "versions" / second)
    decision = engine.assess(risky())
    assert decision.model_version == "v0001" and decision.shadow_version == "v0002"
    assert decision.shadow_score is not None
    report = shadow_compare(
        registry.load(first), registry.load(second), facts_to_rows(facts), labels
    )
    assert 0 <= report.agreement <= 1 and report.candidate["roc_auc"] > 0.8
    registry.promote(second)
    assert registry.load().version == "v0002"
    engine.reload()
    assert engine.assess(risky(order_id="r2")).model_version == "v0002"
    assert set(registry.metrics()) == {"v0001", "v0002"}
    with pytest.raises(ValueError):
        registry.promote("v0099")


def test_training_refuses_too_few_labels():
    facts, labels = labelled_orders(n=40)
    with pytest.raises(ValueError, match="at least 5 fraud"):
        train_from_facts(facts, [0] * len(labels))

"""The delay model: trained, calibrated, saved and loaded, explained in plain words."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from ordermind.care.delay_features import feature_row
from ordermind.care.delay_model import DelayModel, ModelError, fit_platt, platt
from ordermind.care.delay_training import states_at_purchase, train_from_history


def _rows(history, model):
    states, outcomes = history
    return [feature_row(s, s.legs[0], model.lanes) for s in states_at_purchase(states, outcomes)]


def test_a_saved_model_loads_and_scores_exactly_the_same(history, model_dir) -> None:
    states, outcomes = history
    trained = train_from_history(states, outcomes)
    loaded = DelayModel.load(model_dir)
    rows = _rows(history, loaded)
    assert np.allclose(trained.predict(rows), loaded.predict(rows))
    assert trained.explain(rows[:20]) == loaded.explain(rows[:20])
    manifest = json.loads((model_dir / "manifest.json").read_text())
    assert manifest["kind"] == "delay-risk" and manifest["features"] == loaded.features
    assert manifest["training_period"][0].startswith("2025-01-06")
    assert {"roc_auc", "brier", "ece"} <= set(manifest["metrics"]["calibration_slice"])


def test_the_model_ranks_the_slow_lanes_and_the_slow_node_above_the_rest(history, model_dir):
    model = DelayModel.load(model_dir)
    states, outcomes = history
    late = [int(outcomes[s.order_id].delivered_at > s.promised_by) for s in states]
    probs = model.predict(_rows(history, model))
    from sklearn.metrics import roc_auc_score

    assert roc_auc_score(late, probs) > 0.8
    assert model.metrics["calibration_slice"]["roc_auc"] > 0.75


def test_top_factors_are_sentences_a_person_reads(history, model_dir) -> None:
    model = DelayModel.load(model_dir)
    for factors in model.explain(_rows(history, model)[:50]):
        assert 1 <= len(factors) <= 3
        for words in factors:
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", words), words  # no feature names
            assert words.endswith(("(raises the risk)", "(lowers the risk)"))
            assert "unknown" not in words and "nan" not in words.lower()


def test_calibration_maps_any_margin_into_zero_one_and_keeps_the_order() -> None:
    rng = np.random.default_rng(1)
    margins = rng.normal(0, 3, 500)
    labels = (rng.random(500) < 1 / (1 + np.exp(-margins))).astype(int)
    a, b = fit_platt(margins, labels)
    assert a > 0
    grid = np.linspace(-50, 50, 1001)
    probs = platt(grid, (a, b))
    assert np.all((probs >= 0) & (probs <= 1)) and np.all(np.diff(probs) >= 0)
    # Labels that fall as the margin rises would invert the ranking: refuse, keep identity.
    assert fit_platt(margins, 1 - labels) == (1.0, 0.0)


def test_the_calibration_weighs_the_rule_beside_the_model_by_how_each_held_out() -> None:
    rng = np.random.default_rng(2)
    rule = rng.normal(-2, 2, 2000)  # the rule's log-odds, which tell the labels here
    noise = rng.normal(0, 1, 2000)  # a booster whose margins tell nothing out of time
    labels = (rng.random(2000) < 1 / (1 + np.exp(-rule))).astype(int)
    a, b, c = fit_platt(noise, labels, rule)
    assert a > 0 and 0.7 < c < 1.3
    # An order the rule is sure of stays near-certain whatever the booster says.
    sure = platt(np.array([0.0]), (a, b, c), np.array([np.log(0.999 / 0.001)]))
    assert sure[0] > 0.95
    # A rule that runs against the labels gets no weight: the margins alone are calibrated.
    assert len(fit_platt(rule, labels, -rule)) == 2
    # Margins that run against the labels get none: the rule alone speaks.
    a, _, c = fit_platt(-rule, labels, rule)
    assert a == 0.0 and c > 0


def test_a_model_from_history_keeps_the_rules_certainty_for_an_order_past_its_slack(
    history,
) -> None:
    states, outcomes = history
    model = train_from_history(states, outcomes)
    assert model.metrics["rule_weight"] > 0
    rows = _rows(history, model)
    sure = [dict(r, rule_probability=0.999) for r in rows[:50]]
    calm = [dict(r, rule_probability=0.001) for r in rows[:50]]
    assert np.all(model.predict(sure) > model.predict(calm))


def test_too_few_late_orders_is_a_clear_error(history) -> None:
    states, outcomes = history
    on_time = [s for s in states if outcomes[s.order_id].delivered_at <= s.promised_by]
    with pytest.raises(ValueError, match="too few delivered orders"):
        train_from_history(
            on_time[:200]
            + [s for s in states if outcomes[s.order_id].delivered_at > s.promised_by][:4],
            outcomes,
        )


def test_a_directory_without_a_delay_model_is_refused_with_the_reason(tmp_path) -> None:
    with pytest.raises(ModelError, match="no delay model"):
        DelayModel.load(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps({"kind": "fraud", "format": 1}))
    with pytest.raises(ModelError, match="not a delay-risk model"):
        DelayModel.load(tmp_path)

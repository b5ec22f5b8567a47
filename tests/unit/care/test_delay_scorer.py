"""DelayScorer: the model where it can, the rule where it cannot, and which one spoke."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import timedelta

from ordermind.care import DelayScorer, Leg, NetworkState, NodeLoad
from ordermind.care.delay_rules import RULE_VERSION
from ordermind.care.delay_training import states_at_purchase


def test_without_a_model_the_rule_answers_and_every_score_says_so(history) -> None:
    states, outcomes = history
    scores = DelayScorer(None).score(states_at_purchase(states, outcomes)[:30])
    assert len(scores) == 30
    for s in scores:
        assert s.fallback_used and s.model_version == RULE_VERSION
        assert s.fallback_reason == "no delay model installed"
        assert 0 < s.late_probability < 1 and s.top_factors
    assert len({round(s.late_probability, 6) for s in scores}) > 3  # reacts to each order


def test_an_installed_model_answers_with_its_version(history, model_dir) -> None:
    states, outcomes = history
    scorer = DelayScorer(model_dir)
    scores = scorer.score(states_at_purchase(states, outcomes)[:30])
    assert all(not s.fallback_used and s.model_version == scorer.model.version for s in scores)
    assert all(s.model_version.startswith("delay-") for s in scores)


def test_a_broken_model_directory_falls_back_to_the_rule_with_the_reason(
    history, model_dir, tmp_path
) -> None:
    states, outcomes = history
    broken = tmp_path / "broken"
    shutil.copytree(model_dir, broken)
    (broken / "model.txt").unlink()
    [score] = DelayScorer(broken).score(states_at_purchase(states, outcomes)[:1])
    assert score.fallback_used and "model.txt is missing" in score.fallback_reason
    garbage = tmp_path / "garbage"
    shutil.copytree(model_dir, garbage)
    (garbage / "model.txt").write_text("not a booster")
    [score] = DelayScorer(garbage).score(states_at_purchase(states, outcomes)[:1])
    assert score.fallback_used and "cannot be read" in score.fallback_reason


def test_an_order_without_a_promise_goes_to_the_rule_and_the_rest_to_the_model(
    history, model_dir
) -> None:
    states, outcomes = history
    at_purchase = states_at_purchase(states, outcomes)[:3]
    mixed = [at_purchase[0], replace(at_purchase[1], promised_by=None), at_purchase[2]]
    scores = DelayScorer(model_dir).score(mixed)
    assert [s.fallback_used for s in scores] == [False, True, False]
    assert scores[1].late_probability == 0.0 and scores[1].model_version == RULE_VERSION


def test_a_carrier_delay_and_a_longer_queue_raise_the_risk(history, model_dir) -> None:
    states, outcomes = history
    state = replace(states_at_purchase(states, outcomes)[400], stage="placed")
    scorer = DelayScorer(model_dir)
    [calm] = scorer.score([state])
    [delayed] = scorer.score([state], NetworkState(carrier_delay_days={"*": 3.0}))
    assert delayed.late_probability > calm.late_probability
    # A passed promise is late for sure, whatever the model thinks.
    [past] = scorer.score([replace(state, as_of=state.promised_by + timedelta(hours=1))])
    assert past.late_probability == 1.0 and not past.fallback_used


def test_each_leg_is_scored_and_the_order_takes_its_riskiest(history, model_dir) -> None:
    states, outcomes = history
    state = states_at_purchase(states, outcomes)[10]
    two = replace(
        state,
        legs=(Leg("n1", "N", load=NodeLoad(0, 5, 20)), Leg("slow", "S", load=NodeLoad(12, 30, 20))),
    )
    [score] = DelayScorer(model_dir).score([two])
    assert len(score.legs) == 2 and {leg.node for leg in score.legs} == {"n1", "slow"}
    assert score.late_probability == max(leg.late_probability for leg in score.legs)


def test_the_manifest_is_small_plain_json(model_dir) -> None:
    manifest = json.loads((model_dir / "manifest.json").read_text())
    assert {"format", "version", "features", "training_period", "metrics"} <= set(manifest)


def test_a_model_whose_calibration_kept_only_the_rule_says_the_rules_words(
    history, model_dir, tmp_path
) -> None:
    states, outcomes = history
    rule_only = tmp_path / "rule-only"
    shutil.copytree(model_dir, rule_only)
    manifest = json.loads((rule_only / "manifest.json").read_text())
    manifest["calibration"].update(a=0.0, b=0.0, rule_weight=1.0)
    (rule_only / "manifest.json").write_text(json.dumps(manifest))
    open_orders = states_at_purchase(states, outcomes)[:20]
    model = DelayScorer(rule_only).score(open_orders)
    rule = DelayScorer(None, lanes=DelayScorer(rule_only).lanes).score(open_orders)
    for m, r in zip(model, rule, strict=True):
        assert not m.fallback_used and m.top_factors == r.top_factors
        assert abs(m.late_probability - r.late_probability) < 0.01

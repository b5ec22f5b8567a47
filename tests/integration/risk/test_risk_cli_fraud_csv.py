"""End to end on the shared fraud history: train, score, shadow, promote, audit via the CLI."""

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from ordermind.entrypoints.risk import app
from ordermind.risk.assessment import RiskAssessor
from ordermind.risk.registry import frame_facts

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "fraud"
CSV = DATA / "fraud_ecommerce_dev.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    if not CSV.exists():
        pytest.skip(f"shared data absent: {CSV}")
    path = tmp_path_factory.mktemp("fraud") / "sample.csv"
    pd.read_csv(CSV).head(4000).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def trained(sample) -> tuple[Path, pd.Series, str]:
    """Model dir, its scores of the sample, and the train command's output."""
    model_dir = sample.parent / "model"
    result = runner.invoke(
        app, ["train", "--data", str(sample), "--label", "class", "--out", str(model_dir)]
    )
    assert result.exit_code == 0, result.output
    scores_csv = sample.parent / "scores.csv"
    scored = runner.invoke(
        app, ["score", "--model", str(model_dir), "--data", str(sample), "--out", str(scores_csv)]
    )
    assert scored.exit_code == 0, scored.output
    return model_dir, pd.read_csv(scores_csv)["score"], result.output


def test_train_writes_a_versioned_model_with_its_metrics(trained):
    model_dir, _, output = trained
    assert (model_dir / "model.txt").exists() and (model_dir / "meta.json").exists()
    assert "validation roc_auc" in output


def test_score_gives_one_probability_per_row(trained):
    _, scores, _ = trained
    assert scores.name == "score" and len(scores) == 4000
    assert scores.between(0, 1).all()


def test_score_keeps_input_order_on_shuffled_unlabelled_rows(sample, trained, tmp_path):
    model_dir, scores, _ = trained
    shuffled = pd.read_csv(sample).sample(frac=1.0, random_state=3)
    shuffled_csv = tmp_path / "shuffled.csv"
    shuffled.drop(columns=["class"]).to_csv(shuffled_csv, index=False)
    out = tmp_path / "scores2.csv"
    assert (
        runner.invoke(
            app,
            ["score", "--model", str(model_dir), "--data", str(shuffled_csv), "--out", str(out)],
        ).exit_code
        == 0
    )
    again = pd.read_csv(out)["score"].to_numpy()
    assert again == pytest.approx(scores.to_numpy()[shuffled.index.to_numpy()])


def test_instant_signup_purchases_score_far_above_the_rest(sample, trained):
    _, scores, _ = trained
    frame = pd.read_csv(sample)
    gap = (
        pd.to_datetime(frame.purchase_time, format="%m/%d/%y %H:%M")
        - pd.to_datetime(frame.signup_time, format="%m/%d/%y %H:%M")
    ).dt.total_seconds()
    assert scores[gap < 60].median() > 5 * scores[gap > 86400].median()


def test_the_engine_holds_an_instant_purchase_with_the_models_reasons(sample, trained):
    model_dir, _, _ = trained
    frame = pd.read_csv(sample)
    facts = frame_facts(frame, "class")
    instant = next(f for f in facts if f.account_age_seconds() == 0)
    decision = RiskAssessor(model_dir).assess(instant)
    assert decision.stage == "model" and decision.action in ("hold", "reject")
    assert any("account age" in r for r in decision.reasons)


def test_registry_train_shadow_and_promote(sample, trained, tmp_path):
    model_dir, _, _ = trained
    registry = tmp_path / "registry"
    result = runner.invoke(
        app,
        ["train", "--data", str(sample), "--label", "class", "--out", str(registry), "--registry"],
    )
    assert result.exit_code == 0 and "v0001" in result.output
    shadow = runner.invoke(
        app,
        [
            "shadow",
            "--current",
            str(model_dir),
            "--candidate",
            str(registry / "versions" / "v0001"),
            "--data",
            str(sample),
            "--label",
            "class",
        ],
    )
    assert shadow.exit_code == 0, shadow.output
    assert "agreement" in shadow.output and "candidate: " in shadow.output
    promoted = runner.invoke(app, ["promote", "--registry", str(registry), "v0001"])
    assert promoted.exit_code == 0 and (registry / "CURRENT").read_text() == "v0001"
    assert runner.invoke(app, ["promote", "--registry", str(registry), "v0009"]).exit_code != 0


def test_audit_reports_rates_by_group_from_a_score_column(sample, tmp_path):
    frame = pd.read_csv(sample)
    frame["score"] = (frame["class"] == 1) | (frame["source"] == "Direct")
    path = tmp_path / "decisions.csv"
    frame.to_csv(path, index=False)
    result = runner.invoke(
        app,
        [
            "audit",
            "--data",
            str(path),
            "--group",
            "source",
            "--group",
            "sex",
            "--score",
            "score",
            "--threshold",
            "0.5",
            "--label",
            "class",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Direct" in result.output and "DISPARATE IMPACT" in result.output


def test_a_missing_label_column_is_a_clear_error(sample, tmp_path):
    result = runner.invoke(
        app, ["train", "--data", str(sample), "--label", "fraud", "--out", str(tmp_path / "m")]
    )
    assert result.exit_code != 0
    assert "fraud" in result.output

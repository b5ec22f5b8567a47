"""Stage 2: a LightGBM model with a calibrated probability and plain-word top factors.

A model is a directory holding ``model.txt`` (the LightGBM booster) and ``meta.json`` (feature
list, category levels, Platt calibration, thresholds, validation metrics). Training holds out
the most recent part of the rows (by time) to stop boosting, calibrate and measure, so the
reported metrics are out of time, not in-sample.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ordermind.risk.features import BASE_FEATURES, describe
from ordermind.risk.metrics import ranking_metrics

MAX_LEVELS = 50


@dataclass
class RiskModel:
    booster: Any  # lightgbm.Booster
    features: list[str]
    categories: dict[str, list[str]]  # categorical attribute -> levels (code = index)
    calibration: tuple[float, float]  # Platt: p = 1 / (1 + exp(-(a * margin + b)))
    hold_threshold: float
    reject_threshold: float
    version: str = "unsaved"
    metrics: dict[str, Any] = field(default_factory=dict)

    def matrix(self, rows: list[dict[str, Any]]) -> np.ndarray:
        out = np.full((len(rows), len(self.features)), np.nan)
        index = {name: j for j, name in enumerate(self.features)}
        for i, row in enumerate(rows):
            for name, value in row.items():
                j = index.get(name)
                if j is None or value is None:
                    continue
                levels = self.categories.get(name)
                if levels is not None:
                    code = _level_code(levels, value)
                    out[i, j] = np.nan if code is None else code
                else:
                    try:
                        out[i, j] = float(value)
                    except (TypeError, ValueError):
                        continue
        return out

    def predict(self, rows: list[dict[str, Any]]) -> np.ndarray:
        margin = self.booster.predict(self.matrix(rows), raw_score=True)
        a, b = self.calibration
        return 1.0 / (1.0 + np.exp(-(a * margin + b)))

    def explain(self, row: dict[str, Any], top: int = 3) -> list[str]:
        """The features that pushed this order's score up most, in plain words."""
        contrib = self.booster.predict(self.matrix([row]), pred_contrib=True)[0][:-1]
        order = np.argsort(-contrib)
        return [describe(self.features[j], row.get(self.features[j]), raises=True)
                for j in order[:top] if contrib[j] > 0]

    def save(self, directory: str | Path) -> Path:
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        self.booster.save_model(str(path / "model.txt"))
        meta = {
            "version": self.version, "features": self.features, "categories": self.categories,
            "calibration": list(self.calibration), "hold_threshold": self.hold_threshold,
            "reject_threshold": self.reject_threshold, "metrics": self.metrics,
        }
        (path / "meta.json").write_text(json.dumps(meta, indent=2, default=_json_default))
        return path

    @classmethod
    def load(cls, directory: str | Path) -> RiskModel:
        import lightgbm as lgb

        path = Path(directory)
        meta = json.loads((path / "meta.json").read_text())
        booster = lgb.Booster(model_file=str(path / "model.txt"))
        return cls(booster, meta["features"], meta["categories"], tuple(meta["calibration"]),
                   meta["hold_threshold"], meta["reject_threshold"], meta["version"],
                   meta.get("metrics", {}))


def _level_code(levels: list[str], value: Any) -> int | None:
    try:
        return levels.index(str(value))
    except ValueError:
        return None


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in meta.json")


def model_rows(feature_rows: list[dict[str, float]],
               attributes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Base features plus ``attr_<name>`` for every supplied attribute."""
    return [{**feats, **{f"attr_{k}": v for k, v in attrs.items()}}
            for feats, attrs in zip(feature_rows, attributes, strict=True)]


def train_model(
    rows: list[dict[str, Any]],
    labels: list[int] | np.ndarray,
    times: list[datetime],
    review_rate: float = 0.05,
    reject_probability: float = 0.9,
    holdout: float = 0.2,
    n_estimators: int = 400,
    seed: int = 7,
) -> RiskModel:
    """Fit on the oldest rows, early-stop/calibrate/measure on the newest ``holdout`` share."""
    import lightgbm as lgb
    from sklearn.linear_model import LogisticRegression

    y = np.asarray(labels, dtype=int)
    if y.sum() < 5 or (1 - y).sum() < 5:
        raise ValueError("training needs at least 5 fraud and 5 legitimate labelled orders")
    features, categories = _feature_space(rows)
    model = RiskModel(None, features, categories, (1.0, 0.0), 0.5, reject_probability)
    x = model.matrix(rows)
    order = np.argsort(np.asarray([t.timestamp() if t.tzinfo else
                                   t.replace(tzinfo=UTC).timestamp() for t in times]),
                       kind="stable")
    cut = int(len(order) * (1 - holdout))
    fit_idx, val_idx = order[:cut], order[cut:]
    usable_val = len(val_idx) > 0 and 0 < y[val_idx].sum() < len(val_idx)
    cat_idx = [features.index(c) for c in categories]
    params = {
        "objective": "binary", "learning_rate": 0.05, "num_leaves": 15,
        "min_data_in_leaf": max(5, min(40, len(fit_idx) // 50)), "feature_fraction": 0.8,
        "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0, "seed": seed,
        "num_threads": 2, "verbose": -1, "deterministic": True, "metric": "auc",
    }
    train_set = lgb.Dataset(x[fit_idx], y[fit_idx], feature_name=features,
                            categorical_feature=cat_idx or "auto", free_raw_data=False)
    callbacks = []
    valid_sets = []
    if usable_val:
        valid_sets = [lgb.Dataset(x[val_idx], y[val_idx], reference=train_set)]
        callbacks = [lgb.early_stopping(50, verbose=False)]
    booster = lgb.train(params, train_set, num_boost_round=n_estimators,
                        valid_sets=valid_sets, callbacks=callbacks)
    model.booster = booster
    metrics: dict[str, Any] = {"rows": len(y), "fraud_rate": float(y.mean()),
                               "trees": booster.current_iteration()}
    calib_idx = val_idx if usable_val else fit_idx
    margin = booster.predict(x[calib_idx], raw_score=True)
    platt = LogisticRegression(C=1e4).fit(margin.reshape(-1, 1), y[calib_idx])
    model.calibration = (float(platt.coef_[0][0]), float(platt.intercept_[0]))
    probs = model.predict([rows[i] for i in calib_idx])
    if usable_val:
        metrics["validation"] = ranking_metrics(y[val_idx], probs, review_rate)
    # Hold the top review_rate share of recent orders; reject only when nearly certain.
    model.hold_threshold = float(np.quantile(probs, 1 - review_rate))
    model.reject_threshold = max(reject_probability, model.hold_threshold)
    model.metrics = metrics
    return model


def _feature_space(rows: list[dict[str, Any]]) -> tuple[list[str], dict[str, list[str]]]:
    """Base features, then attributes: numeric if every value is a number, else categorical."""
    attr_values: dict[str, list[Any]] = {}
    for row in rows:
        for name, value in row.items():
            if name.startswith("attr_") and value is not None:
                attr_values.setdefault(name, []).append(value)
    features = list(BASE_FEATURES)
    categories: dict[str, list[str]] = {}
    for name in sorted(attr_values):
        values = attr_values[name]
        if all(isinstance(v, int | float) for v in values):
            if not all(isinstance(v, float) and math.isnan(v) for v in values):
                features.append(name)
            continue
        counts: dict[str, int] = {}
        for v in values:
            counts[str(v)] = counts.get(str(v), 0) + 1
        # Identifier-like text (mostly unique values) carries no pattern a model can reuse.
        if len(counts) > MAX_LEVELS or len(counts) > 0.5 * len(values):
            continue
        categories[name] = sorted(counts)
        features.append(name)
    return features, categories

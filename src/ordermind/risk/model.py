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
from typing import Any, Literal

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
        # One thread: waking an OpenMP pool costs more than scoring a few rows.
        margin = self.booster.predict(
            self.matrix(rows), raw_score=True, num_threads=1 if len(rows) < 1000 else 0
        )
        a, b = self.calibration
        return 1.0 / (1.0 + np.exp(-(a * margin + b)))

    def explain(self, row: dict[str, Any], top: int = 3) -> list[str]:
        """The features that pushed this order's score up most, in plain words."""
        contrib = self.booster.predict(self.matrix([row]), pred_contrib=True, num_threads=1)[0][:-1]
        order = np.argsort(-contrib)
        return [
            describe(self.features[j], row.get(self.features[j]), raises=True)
            for j in order[:top]
            if contrib[j] > 0
        ]

    def save(self, directory: str | Path) -> Path:
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        self.booster.save_model(str(path / "model.txt"))
        meta = {
            "version": self.version,
            "features": self.features,
            "categories": self.categories,
            "calibration": list(self.calibration),
            "hold_threshold": self.hold_threshold,
            "reject_threshold": self.reject_threshold,
            "metrics": self.metrics,
        }
        (path / "meta.json").write_text(json.dumps(meta, indent=2, default=_json_default))
        return path

    @classmethod
    def load(cls, directory: str | Path) -> RiskModel:
        import lightgbm as lgb

        path = Path(directory)
        meta = json.loads((path / "meta.json").read_text())
        booster = lgb.Booster(model_file=str(path / "model.txt"))
        return cls(
            booster,
            meta["features"],
            meta["categories"],
            tuple(meta["calibration"]),
            meta["hold_threshold"],
            meta["reject_threshold"],
            meta["version"],
            meta.get("metrics", {}),
        )


def _level_code(levels: list[str], value: Any) -> int | None:
    try:
        return levels.index(str(value))
    except ValueError:
        return None


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in meta.json")


def model_rows(
    feature_rows: list[dict[str, float]], attributes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Base features plus ``attr_<name>`` for every supplied attribute."""
    return [
        {**feats, **{f"attr_{k}": v for k, v in attrs.items()}}
        for feats, attrs in zip(feature_rows, attributes, strict=True)
    ]


def train_model(
    rows: list[dict[str, Any]],
    labels: list[int] | np.ndarray,
    times: list[datetime],
    review_rate: float = 0.05,
    reject_probability: float = 0.9,
    holdout: float = 0.2,
    n_estimators: int = 400,
    folds: int = 3,
    seed: int = 7,
) -> RiskModel:
    """Fit on all rows; choose the tree count and calibrate on out-of-fold predictions; report
    metrics of a twin fitted on the oldest rows and scored on the newest ``holdout`` share."""
    import lightgbm as lgb
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    y = np.asarray(labels, dtype=int)
    if y.sum() < 5 or (1 - y).sum() < 5:
        raise ValueError("training needs at least 5 fraud and 5 legitimate labelled orders")
    features, categories = _feature_space(rows)
    model = RiskModel(None, features, categories, (1.0, 0.0), 0.5, reject_probability)
    x = model.matrix(rows)
    cat_idx: list[int] | Literal["auto"] = [features.index(c) for c in categories] or "auto"
    params = {
        "objective": "binary",
        "learning_rate": 0.05,
        "num_leaves": 15,
        "min_data_in_leaf": max(5, min(40, len(y) // 50)),
        "feature_fraction": 0.8,
        "bagging_fraction": 0.8,
        "bagging_freq": 1,
        "lambda_l2": 1.0,
        "seed": seed,
        "num_threads": 2,
        "verbose": -1,
        "deterministic": True,
        "metric": "auc",
    }

    def fit(idx, rounds, valid_idx=None):
        data = lgb.Dataset(x[idx], y[idx], feature_name=features, categorical_feature=cat_idx)
        if valid_idx is None:
            return lgb.train(params, data, num_boost_round=rounds)
        valid = lgb.Dataset(x[valid_idx], y[valid_idx], reference=data)
        return lgb.train(
            params,
            data,
            num_boost_round=rounds,
            valid_sets=[valid],
            callbacks=[lgb.early_stopping(30, verbose=False)],
        )

    # Out-of-fold margins: an honest basis for the tree count, calibration and thresholds.
    k = int(min(folds, y.sum(), (1 - y).sum()))
    oof = np.zeros(len(y))
    best: list[int] = []
    for fit_idx, val_idx in StratifiedKFold(k, shuffle=True, random_state=seed).split(x, y):
        booster = fit(fit_idx, n_estimators, val_idx)
        best.append(booster.best_iteration or n_estimators)
        oof[val_idx] = booster.predict(
            x[val_idx], raw_score=True, num_iteration=booster.best_iteration or None
        )
    rounds = max(10, int(np.median(best)))
    platt = LogisticRegression(C=1e4).fit(oof.reshape(-1, 1), y)
    model.calibration = (float(platt.coef_[0][0]), float(platt.intercept_[0]))
    a, b = model.calibration
    probs = 1.0 / (1.0 + np.exp(-(a * oof + b)))
    metrics: dict[str, Any] = {
        "rows": len(y),
        "fraud_rate": float(y.mean()),
        "trees": rounds,
        "cross_validation": ranking_metrics(y, probs, review_rate),
    }
    # Out of time: the newest rows scored by a twin that never saw them.
    order = np.argsort([_ts(t) for t in times], kind="stable")
    cut = int(len(order) * (1 - holdout))
    old, new = order[:cut], order[cut:]
    if 0 < y[old].sum() < len(old) and len(new):
        twin = fit(old, rounds)
        metrics["validation"] = ranking_metrics(
            y[new], twin.predict(x[new], raw_score=True), review_rate
        )
    model.booster = fit(np.arange(len(y)), rounds)
    # Hold the top review_rate share of orders; reject only when nearly certain.
    model.hold_threshold = float(np.quantile(probs, 1 - review_rate))
    model.reject_threshold = max(reject_probability, model.hold_threshold)
    model.metrics = metrics
    return model


def _ts(t: datetime) -> float:
    return (t if t.tzinfo else t.replace(tzinfo=UTC)).timestamp()


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

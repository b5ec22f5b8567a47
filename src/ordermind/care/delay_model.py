"""The delay-risk model: a LightGBM binary classifier with Platt calibration and plain-word
top factors.

Training (:func:`train_delay_model`) orders the rows by the time their order was placed. The
newest ``calibration_share`` of them is held out: a booster fitted on the older rows is scored
on it, which both measures it out of time (ROC-AUC, PR-AUC, Brier) and fits the Platt curve
p = 1 / (1 + exp(-(a * margin + b))) on margins it never trained on. The installed booster
is then refitted on every row with the same settings (the newest orders matter most when
the network drifts) and keeps that curve.

A model directory holds ``model.txt`` (the booster), ``lanes.json`` (the lane table its
features and the rule fallback use) and ``manifest.json`` (format, version, features,
category levels, calibration, training period, metrics, parameters).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ordermind.care.delay_features import CATEGORICAL_FEATURES, FEATURES, describe
from ordermind.care.lanes import LaneTable

# Regions and SKU families reach the model as shrunk late shares (lane, node, family): with
# a few hundred late orders, raw levels are learnt by heart. They stay in the rows for words.
# Computed and explained, but left out of the model: on the time splits inside the Olist
# training period none of them moved the ROC-AUC (holidays, the node's hand-off punctuality
# against its deadline, the in-transit ratio), and a feature that does not earn its place
# only adds noise to a model that learns from a few hundred late orders. See
# benchmarks/results/care_delay.md.
UNUSED_FEATURES: tuple[str, ...] = (
    "holidays_in_handling",
    "holidays_in_promise",
    "node_handoff_vs_deadline_days",
    "network_in_transit_ratio",
)
MODEL_FEATURES: tuple[str, ...] = tuple(
    f
    for f in FEATURES
    if f not in ("origin_region", "dest_region", "sku_family") and f not in UNUSED_FEATURES
)

FORMAT = 1
KIND = "delay-risk"
MANIFEST, BOOSTER, LANES = "manifest.json", "model.txt", "lanes.json"
MAX_LEVELS = 40
MIN_LEVEL_ROWS = 10
PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.03,
    "num_leaves": 4,
    "min_data_in_leaf": 200,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 5.0,
    "cat_smooth": 20.0,
    "min_data_per_group": 50,
    "max_cat_threshold": 16,
    "num_threads": 1,
    "verbose": -1,
    "deterministic": True,
    "seed": 7,
}
ROUNDS = 300
RULE_CLIP = 1e-3  # the rule's probability is clipped to [RULE_CLIP, 1 - RULE_CLIP] for its log-odds
# Directions that hold for every lane and node: less slack, more late history, longer since
# the last scan never make an order safer. Constraining them keeps small data from learning
# the opposite by chance.
MONOTONE = {
    "rule_probability": 1,
    "margin_vs_p90_days": -1,
    "slack_days": -1,
    "lane_late_share": 1,
    "node_late_share": 1,
    "family_late_share": 1,
    "days_since_scan": 1,
    # More holidays before hand-off or promise, a node that hands off late, carriers
    # slower than usual or holding more than usual: never safer.
    "holidays_in_handling": 1,
    "holidays_in_promise": 1,
    "node_handoff_vs_deadline_days": 1,
    "dest_transit_slowdown": 1,
    "lane_recent_transit_days": 1,
    "network_in_transit_ratio": 1,
}
# Queues and load are left free: constraining them to "more never safer" cost 0.02 ROC-AUC
# on the splits inside the training period (there, weeks of higher intake were not the later
# ones), so the data, not the constraint, sets their direction.


class ModelError(ValueError):
    """A model directory that is missing, incomplete or of another kind."""


@dataclass
class DelayModel:
    booster: Any  # lightgbm.Booster
    features: list[str]
    categories: dict[str, list[str]]
    # (a, b) or (a, b, c): p = 1 / (1 + exp(-(a * margin + b + c * rule log-odds)))
    calibration: tuple[float, ...]
    lanes: LaneTable
    version: str = "unsaved"
    training_period: tuple[str, str] | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)

    def matrix(self, rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
        return encode(rows, self.features, self.categories)

    def margins(self, rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
        threads = 1 if len(rows) < 1000 else 0  # an OpenMP pool costs more than a few rows
        return self.booster.predict(self.matrix(rows), raw_score=True, num_threads=threads)

    def predict(self, rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
        return platt(self.margins(rows), self.calibration, rule_logits(rows))

    def explain(self, rows: Sequence[Mapping[str, Any]], top: int = 3) -> list[tuple[str, ...]]:
        """Per row, the features that moved its score most, in plain words."""
        contrib = self.booster.predict(
            self.matrix(rows), pred_contrib=True, num_threads=1 if len(rows) < 1000 else 0
        )
        out: list[tuple[str, ...]] = []
        for row, values in zip(rows, contrib, strict=True):
            out.append(explain_row(row, self.features, values[:-1], top, self.lanes))
        return out

    def save(self, directory: str | Path) -> Path:
        path = Path(directory)
        path.mkdir(parents=True, exist_ok=True)
        self.booster.save_model(str(path / BOOSTER))
        self.lanes.save(path / LANES)
        manifest = {
            "format": FORMAT,
            "kind": KIND,
            "version": self.version,
            "features": self.features,
            "categories": self.categories,
            "calibration": {
                "method": "platt",
                "a": self.calibration[0],
                "b": self.calibration[1],
                "rule_weight": self.calibration[2] if len(self.calibration) > 2 else 0.0,
            },
            "training_period": list(self.training_period) if self.training_period else None,
            "metrics": self.metrics,
            "params": self.params,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (path / MANIFEST).write_text(json.dumps(manifest, indent=2, default=_plain))
        return path

    @classmethod
    def load(cls, directory: str | Path) -> DelayModel:
        import lightgbm as lgb

        path = Path(directory)
        if not (path / MANIFEST).is_file():
            raise ModelError(f"no delay model in {path} (no {MANIFEST})")
        try:
            manifest = json.loads((path / MANIFEST).read_text())
        except json.JSONDecodeError as exc:
            raise ModelError(f"{path / MANIFEST} is not valid JSON: {exc}") from None
        if manifest.get("kind") != KIND or manifest.get("format") != FORMAT:
            raise ModelError(
                f"{path} holds a {manifest.get('kind')!r} model of format "
                f"{manifest.get('format')!r}, not a {KIND} model of format {FORMAT}"
            )
        for name in (BOOSTER, LANES):
            if not (path / name).is_file():
                raise ModelError(f"delay model in {path} is incomplete: {name} is missing")
        cal = manifest["calibration"]
        period = manifest.get("training_period")
        return cls(
            lgb.Booster(model_file=str(path / BOOSTER)),
            list(manifest["features"]),
            {k: list(v) for k, v in manifest["categories"].items()},
            (float(cal["a"]), float(cal["b"]), float(cal.get("rule_weight", 0.0))),
            LaneTable.load(path / LANES),
            manifest["version"],
            tuple(period) if period else None,
            manifest.get("metrics", {}),
            manifest.get("params", {}),
        )


def rule_logits(rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """The rule fallback's log-odds for each row (its ``rule_probability``; 0 when unknown)."""
    p = np.full(len(rows), 0.5)
    for i, row in enumerate(rows):
        try:
            value = float(row.get("rule_probability"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if math.isfinite(value):
            p[i] = value
    p = np.clip(p, RULE_CLIP, 1.0 - RULE_CLIP)
    return np.log(p / (1.0 - p))


def platt(
    margins: np.ndarray, calibration: tuple[float, ...], rule: np.ndarray | None = None
) -> np.ndarray:
    a, b = calibration[0], calibration[1]
    z = a * np.asarray(margins, dtype=float) + b
    if len(calibration) > 2 and calibration[2] and rule is not None:
        z = z + calibration[2] * np.asarray(rule, dtype=float)
    return 1.0 / (1.0 + np.exp(-z))


def fit_platt(
    margins: np.ndarray,
    labels: np.ndarray,
    rule: np.ndarray | None = None,
    weights: np.ndarray | None = None,
) -> tuple[float, ...]:
    """Logistic fit of the labels on the margins (and, given, the rule's log-odds beside
    them: the model's score and the rule's, weighed by how each held out of time); an
    increasing curve in each (the rule's alone when the margins ran backwards), or the
    identity on the margins."""
    from sklearn.linear_model import LogisticRegression

    m = np.asarray(margins, dtype=float).reshape(-1, 1)
    if rule is not None:
        r = np.asarray(rule, dtype=float).reshape(-1, 1)
        fit = LogisticRegression(C=1e4).fit(np.hstack([m, r]), labels, sample_weight=weights)
        a, c = float(fit.coef_[0][0]), float(fit.coef_[0][1])
        if a > 0 and c >= 0:
            return (a, float(fit.intercept_[0]), c)
        if a <= 0:  # the booster's margins did not hold out of time: the rule's alone
            fit = LogisticRegression(C=1e4).fit(r, labels, sample_weight=weights)
            if float(fit.coef_[0][0]) > 0:
                return (0.0, float(fit.intercept_[0]), float(fit.coef_[0][0]))
    fit = LogisticRegression(C=1e4).fit(m, labels, sample_weight=weights)
    a, b = float(fit.coef_[0][0]), float(fit.intercept_[0])
    return (a, b) if a > 0 else (1.0, 0.0)  # a falling curve would invert the ranking


def encode(
    rows: Sequence[Mapping[str, Any]],
    features: Sequence[str],
    categories: Mapping[str, Sequence[str]],
) -> np.ndarray:
    """Rows as a float matrix; categories as level codes, unknown levels and values as NaN."""
    out = np.full((len(rows), len(features)), np.nan)
    codes = {name: {lvl: i for i, lvl in enumerate(levels)} for name, levels in categories.items()}
    for j, name in enumerate(features):
        levels = codes.get(name)
        for i, row in enumerate(rows):
            value = row.get(name)
            if value is None:
                continue
            if levels is not None:
                code = levels.get(str(value))
                if code is not None:
                    out[i, j] = code
            else:
                try:
                    out[i, j] = float(value)
                except (TypeError, ValueError):
                    continue
    return out


def category_levels(
    rows: Sequence[Mapping[str, Any]], names: Sequence[str] = CATEGORICAL_FEATURES
) -> dict[str, list[str]]:
    """The most frequent levels of each categorical feature (rare ones stay unknown)."""
    out: dict[str, list[str]] = {}
    for name in names:
        counts: dict[str, int] = {}
        for row in rows:
            value = row.get(name)
            if value is not None:
                counts[str(value)] = counts.get(str(value), 0) + 1
        common = sorted(
            (c for c in counts if counts[c] >= MIN_LEVEL_ROWS), key=lambda c: (-counts[c], c)
        )[:MAX_LEVELS]
        if len(common) >= 2:
            out[name] = sorted(common)
    return out


def explain_row(
    row: Mapping[str, Any],
    features: Sequence[str],
    contrib: np.ndarray,
    top: int,
    lanes: LaneTable | None = None,
) -> tuple[str, ...]:
    order = np.argsort(-np.abs(contrib), kind="stable")
    seen: list[str] = []
    for j in order:
        if len(seen) >= top or abs(contrib[j]) < 1e-9:
            break
        value = row.get(features[j])
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue  # "not known yet" is no reason a person can act on
        words = describe(features[j], row, lanes)
        words += " (raises the risk)" if contrib[j] > 0 else " (lowers the risk)"
        if not any(words.split(" (")[0] == s.split(" (")[0] for s in seen):
            seen.append(words)
    return tuple(seen)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in {MANIFEST}")


def train_delay_model(
    rows: Sequence[Mapping[str, Any]],
    labels: Sequence[int],
    order_times: Sequence[datetime],
    lanes: LaneTable,
    *,
    weights: Sequence[float] | None = None,
    calibration_share: float = 0.2,
    features: Sequence[str] = MODEL_FEATURES,
    params: Mapping[str, Any] | None = None,
    rounds: int = ROUNDS,
    refit: bool = True,
    monotone: bool = True,
    version: str | None = None,
    min_late: int = 10,
    stack_rule: bool = True,
    half_life_days: float | None = None,
) -> DelayModel:
    """Fit, calibrate on the newest slice of the training rows, refit on all of them.

    With ``stack_rule`` the calibration takes the rule's log-odds beside the booster's
    margin, both fitted on the newest slice (out of time): where the booster's reading
    does not hold out of time the rule keeps its weight, and an order the rule is sure
    of (its slack used up) stays near-certain. ``half_life_days`` weighs older orders down
    (an order that many days older than the newest counts half)."""
    import lightgbm as lgb

    y = np.asarray(labels, dtype=int)
    if len(y) != len(rows) or len(y) != len(order_times):
        raise ValueError("rows, labels and order_times differ in length")
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    ts = np.array([t.timestamp() for t in order_times])
    # Weights sum to one per order, so these count orders, not re-scored rows.
    late, on_time = round(float(w[y == 1].sum())), round(float(w[y == 0].sum()))
    if late < min_late or on_time < min_late:
        raise ValueError(
            f"too few delivered orders to learn from: {late} late and {on_time} "
            f"on time (need {min_late} of each)"
        )
    cut = float(np.quantile(ts, 1.0 - calibration_share))
    old, new = np.flatnonzero(ts < cut), np.flatnonzero(ts >= cut)
    if y[old].sum() < 3 or y[new].sum() < 3 or len(set(y[new])) < 2:
        raise ValueError(
            "too few late orders on each side of the calibration cut: need late "
            "orders both before and in the newest "
            f"{calibration_share:.0%} of the training period"
        )
    feature_list = list(features)
    dropped: dict[str, str] = {}
    span = (ts.max() - ts.min()) / 86400.0
    if "month" in feature_list and span < 365:
        # Months the history never saw would all be read as its last one.
        feature_list.remove("month")
        dropped["month"] = f"training covers {span:.0f} days; a month feature needs a year"
    categories = category_levels(rows, [f for f in feature_list if f in CATEGORICAL_FEATURES])
    feature_list = [f for f in feature_list if f not in CATEGORICAL_FEATURES or f in categories]
    x = encode(rows, feature_list, categories)
    used = {
        **PARAMS,
        "min_data_in_leaf": max(20, min(PARAMS["min_data_in_leaf"], len(y) // 50)),
        **(params or {}),
    }
    if monotone:
        used["monotone_constraints"] = [MONOTONE.get(f, 0) for f in feature_list]
    cat_idx = [feature_list.index(c) for c in categories]

    fit_w = w if half_life_days is None else w * 0.5 ** ((ts.max() - ts) / 86400.0 / half_life_days)

    def fit(idx: np.ndarray) -> Any:
        data = lgb.Dataset(
            x[idx],
            y[idx],
            weight=fit_w[idx],
            feature_name=feature_list,
            categorical_feature=cat_idx or "auto",
            free_raw_data=False,
        )
        return lgb.train(used, data, num_boost_round=rounds)

    first = fit(old)
    held = first.predict(x[new], raw_score=True)
    rule = rule_logits([rows[int(i)] for i in new])
    calibration = fit_platt(held, y[new], rule if stack_rule else None)
    probs = platt(held, calibration, rule)
    metrics: dict[str, Any] = {
        "rows": len(y),
        "late_rate": float(np.average(y, weights=w)),
        "calibration_slice": {
            "from": datetime.fromtimestamp(cut, UTC).isoformat(),
            **probability_metrics(y[new], probs, w[new]),
        },
        "refit_on_all_rows": refit,
        "rule_weight": calibration[2] if len(calibration) > 2 else 0.0,
        "half_life_days": half_life_days,
        "dropped_features": dropped,
    }
    booster = fit(np.arange(len(y))) if refit else first
    start = datetime.fromtimestamp(float(ts.min()), UTC).isoformat(timespec="seconds")
    end = datetime.fromtimestamp(float(ts.max()), UTC).isoformat(timespec="seconds")
    version = version or "delay-" + datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return DelayModel(
        booster,
        feature_list,
        categories,
        calibration,
        lanes,
        version,
        (start, end),
        metrics,
        {**used, "rounds": rounds},
    )


def probability_metrics(
    labels: Sequence[int] | np.ndarray,
    probs: Sequence[float] | np.ndarray,
    weights: Sequence[float] | np.ndarray | None = None,
    bins: int = 10,
    top_share: float = 0.1,
) -> dict[str, float]:
    """ROC-AUC, PR-AUC, Brier, expected calibration error, late share in the top decile."""
    from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

    y = np.asarray(labels, dtype=int)
    p = np.asarray(probs, dtype=float)
    w = None if weights is None else np.asarray(weights, dtype=float)
    both = 0 < y.sum() < len(y)
    k = max(1, int(round(top_share * len(y))))
    top = np.argsort(-p, kind="stable")[:k]
    return {
        "rows": int(len(y)),
        "late_rate": float(np.average(y, weights=w)) if len(y) else math.nan,
        "roc_auc": float(roc_auc_score(y, p, sample_weight=w)) if both else math.nan,
        "pr_auc": float(average_precision_score(y, p, sample_weight=w)) if both else math.nan,
        "brier": float(brier_score_loss(y, p, sample_weight=w)) if len(y) else math.nan,
        "ece": expected_calibration_error(y, p, w, bins),
        "mean_probability": float(np.average(p, weights=w)) if len(y) else math.nan,
        "late_share_top_decile": float(y[top].mean()) if len(y) else math.nan,
    }


def expected_calibration_error(
    labels: np.ndarray, probs: np.ndarray, weights: np.ndarray | None = None, bins: int = 10
) -> float:
    """Weighted mean |observed late rate - mean probability| over equal-count bins."""
    if len(labels) == 0:
        return math.nan
    w = np.ones(len(labels)) if weights is None else weights
    order = np.argsort(probs, kind="stable")
    total = 0.0
    for chunk in np.array_split(order, min(bins, len(order))):
        if len(chunk) == 0:
            continue
        cw = w[chunk]
        gap = abs(np.average(labels[chunk], weights=cw) - np.average(probs[chunk], weights=cw))
        total += cw.sum() * gap
    return float(total / w.sum())

"""Model lifecycle: train from labelled rows, version, compare in shadow, promote.

Registry layout::

    ROOT/versions/v0001/{model.txt,meta.json}
    ROOT/versions/v0002/...
    ROOT/CURRENT            # the promoted version's name

Reviewer decisions become labels: give :func:`train_from_frame` a DataFrame with one column
per :class:`OrderFacts` field (see :mod:`ordermind.risk.history` for accepted names) plus the
label column (1 = fraud confirmed / rejected by the reviewer, 0 = approved).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ordermind.risk.facts import OrderFacts
from ordermind.risk.history import (
    attribute_columns,
    frame_to_facts,
    replay_features,
    resolve_mapping,
)
from ordermind.risk.metrics import ranking_metrics
from ordermind.risk.model import RiskModel, model_rows, train_model

if TYPE_CHECKING:
    import pandas as pd


def load_model(path: str | Path) -> RiskModel:
    """A model directory, or a registry root (its CURRENT version)."""
    path = Path(path)
    if (path / "meta.json").exists():
        return RiskModel.load(path)
    current = path / "CURRENT"
    if current.exists():
        return RiskModel.load(path / "versions" / current.read_text().strip())
    raise FileNotFoundError(f"no risk model in {path}")


def facts_to_rows(
    facts: list[OrderFacts], sku_norms: Mapping[str, float] | None = None
) -> list[dict[str, Any]]:
    """Model rows for orders, velocity replayed in time order (earlier orders only)."""
    feats, _ = replay_features(facts, sku_norms=sku_norms)
    return model_rows(feats, [f.attributes for f in facts])


def train_from_facts(
    facts: list[OrderFacts],
    labels: list[int],
    sku_norms: Mapping[str, float] | None = None,
    **kwargs,
) -> RiskModel:
    rows = facts_to_rows(facts, sku_norms)
    return train_model(rows, labels, [f.placed_at for f in facts], **kwargs)


def frame_facts(
    frame: pd.DataFrame, label: str | None, overrides: Mapping[str, str] | None = None
) -> list[OrderFacts]:
    mapping = resolve_mapping(list(frame.columns), label, overrides)
    return frame_to_facts(frame, mapping, attribute_columns(frame, mapping, label))


def train_from_frame(
    frame: pd.DataFrame, label: str, overrides: Mapping[str, str] | None = None, **kwargs
) -> RiskModel:
    """Train on a DataFrame of order facts plus a 0/1 label column."""
    if label not in frame.columns:
        raise ValueError(f"label column {label!r} is not in the data")
    labels = frame[label].astype(int).tolist()
    model = train_from_facts(frame_facts(frame, label, overrides), labels, **kwargs)
    model.metrics["label"] = label
    return model


def score_frame(
    model: RiskModel, frame: pd.DataFrame, overrides: Mapping[str, str] | None = None
) -> np.ndarray:
    """Calibrated probability per row, in input order. Columns the model never saw are ignored."""
    label = model.metrics.get("label")
    label = label if label in frame.columns else None
    return model.predict(facts_to_rows(frame_facts(frame, label, overrides)))


@dataclass
class ShadowReport:
    rows: int
    agreement: float  # share of orders where both models take the same hold/approve action
    score_correlation: float
    current: dict[str, float] | None  # ranking metrics, when labels are known
    candidate: dict[str, float] | None
    candidate_better: bool | None


def shadow_compare(
    current: RiskModel,
    candidate: RiskModel,
    rows: list[dict[str, Any]],
    labels: list[int] | None = None,
    review_rate: float = 0.05,
) -> ShadowReport:
    """Score the same orders with both models; report agreement and, with labels, metrics."""
    cur = current.predict(rows)
    cand = candidate.predict(rows)
    agree = float(np.mean((cur >= current.hold_threshold) == (cand >= candidate.hold_threshold)))
    corr = float(np.corrcoef(cur, cand)[0, 1]) if len(rows) > 1 else float("nan")
    if labels is None:
        return ShadowReport(len(rows), agree, corr, None, None, None)
    m_cur = ranking_metrics(labels, cur, review_rate)
    m_cand = ranking_metrics(labels, cand, review_rate)
    better = m_cand["average_precision"] >= m_cur["average_precision"]
    return ShadowReport(len(rows), agree, corr, m_cur, m_cand, bool(better))


class ModelRegistry:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def versions(self) -> list[str]:
        folder = self.root / "versions"
        return (
            sorted(p.name for p in folder.iterdir() if (p / "meta.json").exists())
            if folder.exists()
            else []
        )

    def add(self, model: RiskModel) -> str:
        """Store a new version (not promoted); returns its name."""
        existing = self.versions()
        number = int(existing[-1][1:]) + 1 if existing else 1
        model.version = f"v{number:04d}"
        model.save(self.root / "versions" / model.version)
        return model.version

    def current_version(self) -> str | None:
        path = self.root / "CURRENT"
        return path.read_text().strip() if path.exists() else None

    def load(self, version: str | None = None) -> RiskModel:
        version = version or self.current_version()
        if version is None:
            raise FileNotFoundError(f"no promoted risk model in {self.root}")
        return RiskModel.load(self.root / "versions" / version)

    def promote(self, version: str) -> None:
        if version not in self.versions():
            raise ValueError(f"unknown model version {version!r}")
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(version)
        tmp.replace(self.root / "CURRENT")  # atomic switch for running readers

    def metrics(self) -> dict[str, dict[str, Any]]:
        return {
            v: json.loads((self.root / "versions" / v / "meta.json").read_text())["metrics"]
            for v in self.versions()
        }

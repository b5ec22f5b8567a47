"""Ranking metrics shared by training, shadow comparison and the benchmark."""

from __future__ import annotations

import numpy as np


def recall_at_review_rate(labels: np.ndarray, scores: np.ndarray, rate: float) -> float:
    """Share of all fraud caught when reviewing the ``rate`` highest-scored orders."""
    labels = np.asarray(labels)
    k = max(1, int(round(rate * len(labels))))
    top = np.argsort(-np.asarray(scores), kind="stable")[:k]
    total = labels.sum()
    return float(labels[top].sum() / total) if total else float("nan")


def ranking_metrics(labels, scores, review_rate: float = 0.05) -> dict[str, float]:
    from sklearn.metrics import average_precision_score, roc_auc_score

    labels = np.asarray(labels, dtype=int)
    scores = np.asarray(scores, dtype=float)
    both = 0 < labels.sum() < len(labels)
    return {
        "rows": int(len(labels)),
        "fraud_rate": float(labels.mean()) if len(labels) else float("nan"),
        "roc_auc": float(roc_auc_score(labels, scores)) if both else float("nan"),
        "average_precision": float(average_precision_score(labels, scores))
        if both
        else float("nan"),
        f"recall_at_{int(review_rate * 100)}pct_review": recall_at_review_rate(
            labels, scores, review_rate
        ),
    }

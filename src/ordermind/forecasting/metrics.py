"""Forecast error metrics (M5-style RMSSE, MASE, WAPE, bias, interval coverage)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def naive_scales(train: pd.DataFrame, season: int = 1) -> pd.DataFrame:
    """Per-series in-sample scales: mean squared / absolute ``season``-step naive difference.

    RMSSE uses the one-step squared scale (M5); MASE the seasonal absolute one.
    """
    t = train.sort_values(["unique_id", "ds"])
    g = t.groupby("unique_id")["y"]
    d1 = g.diff()
    ds = g.diff(season)
    out = pd.DataFrame(
        {
            "mse_scale": (d1**2).groupby(t["unique_id"]).mean(),
            "mae_scale": ds.abs().groupby(t["unique_id"]).mean(),
        }
    )
    # A constant series has zero naive error: avoid dividing by zero, keep it comparable.
    level = g.mean().abs().clip(lower=1e-9)
    out["mse_scale"] = out["mse_scale"].where(out["mse_scale"] > 0, level**2)
    out["mae_scale"] = out["mae_scale"].where(out["mae_scale"] > 0, level)
    return out.fillna({"mse_scale": 1.0, "mae_scale": 1.0})


def per_series_errors(frame: pd.DataFrame, col: str, scales: pd.DataFrame) -> pd.DataFrame:
    """``frame`` has ``unique_id, y, <col>``; returns per-series mse, mae, rmsse, mase."""
    f = frame[["unique_id", "y", col]].dropna()
    e = f["y"] - f[col]
    agg = pd.DataFrame({"unique_id": f["unique_id"], "se": e**2, "ae": e.abs()})
    g = agg.groupby("unique_id").agg(mse=("se", "mean"), mae=("ae", "mean"), n=("se", "size"))
    sc = scales.reindex(g.index)
    g["rmsse"] = np.sqrt(g["mse"] / sc["mse_scale"])
    g["mase"] = g["mae"] / sc["mae_scale"]
    return g


def summary(
    frame: pd.DataFrame,
    col: str,
    scales: pd.DataFrame,
    lo: str | None = None,
    hi: str | None = None,
) -> dict[str, float]:
    """Headline metrics for one model over all series: means of per-series RMSSE/MASE,
    pooled MAE, WAPE and bias (mean(yhat - y) / mean(y)), interval coverage when given."""
    f = frame.dropna(subset=["y", col])
    ps = per_series_errors(f, col, scales)
    tot = f["y"].abs().sum()
    out = {
        "mae": float((f["y"] - f[col]).abs().mean()),
        "rmsse": float(ps["rmsse"].mean()),
        "mase": float(ps["mase"].mean()),
        "wape": float((f["y"] - f[col]).abs().sum() / tot) if tot else float("nan"),
        "bias": float((f[col] - f["y"]).sum() / tot) if tot else float("nan"),
    }
    if lo and hi and lo in f and hi in f:
        out["coverage"] = float(((f["y"] >= f[lo]) & (f["y"] <= f[hi])).mean())
    return out


def weighted_rmsse(
    frame: pd.DataFrame, col: str, scales: pd.DataFrame, weights: pd.Series
) -> float:
    """M5's per-level WRMSSE: per-series RMSSE weighted by each series' share of ``weights``
    (M5 uses sales value over the last 28 training days), so that the error on the SKUs that
    carry the business counts more than on the long tail."""
    ps = per_series_errors(frame.dropna(subset=["y", col]), col, scales)
    w = weights.reindex(ps.index).fillna(0.0).clip(lower=0)
    return float((ps["rmsse"] * w).sum() / w.sum()) if w.sum() > 0 else float("nan")

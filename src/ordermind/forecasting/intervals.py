"""Prediction intervals that are never zero-width.

The forecaster's intervals are the serving model's own backtest residual quantiles
(conformally widened). When a series has no backtest (too short), the quantiles of its
in-sample seasonal-naive residuals stand in; when those are zero too (a constant series,
a series that never sold), a minimum width is applied and reported: a zero-width 80%
interval claims a certainty no demand history gives.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

Z80, Z95 = 1.2816, 1.9600


def insample_offsets(hist: pd.DataFrame, season: int, qs: Sequence[float]) -> pd.DataFrame:
    """Per series: quantiles ``qs`` of ``y_t - y_{t-season}`` (lag 1 when too short)."""
    t = hist.sort_values(["unique_id", "ds"])
    g = t.groupby("unique_id")["y"]
    size = g.transform("size")
    lag = np.where(size > season, season, 1)
    r = pd.Series(np.nan, index=t.index)
    for k in sorted(set(lag.tolist())):
        rows = lag == k
        r[rows] = (t["y"] - g.shift(k))[rows]
    r = pd.DataFrame({"unique_id": t["unique_id"], "r": r}).dropna()
    ids = pd.Index(t["unique_id"].unique())
    if r.empty:
        return pd.DataFrame(0.0, index=ids, columns=list(qs))
    q = r.groupby("unique_id")["r"].quantile(list(qs)).unstack()
    return q.reindex(ids).fillna(0.0)


def minimum_half_width(hist: pd.DataFrame) -> pd.Series:
    """Half-width of the narrowest 80% interval worth showing, per series: a tenth of its
    mean level, and at least one unit for count data (a tenth of the file's typical
    non-zero value otherwise)."""
    y = hist["y"].dropna()
    integral = bool(len(y)) and bool(np.allclose(y, np.round(y)))
    nonzero = y[y != 0].abs()
    unit = 1.0 if integral or nonzero.empty else 0.1 * float(nonzero.median())
    level = hist.groupby("unique_id")["y"].mean().abs().fillna(0.0)
    return np.maximum(0.1 * level, unit)


def enforce_width(
    fc: pd.DataFrame, half80: pd.Series, nonneg: bool, constant: pd.Index | None = None
) -> pd.Series:
    """Widen rows whose 80% interval is (nearly) zero to at least ``half80`` either side,
    and keep the 95% interval wider than the 80% one. Series in ``constant`` (no variation
    in their history: nothing to learn an error from, their own or borrowed) get exactly
    the minimum width. Returns the mask of rows set to the minimum."""
    floor = fc["unique_id"].map(half80).fillna(1.0).to_numpy()
    width = (fc["yhat_hi_80"] - fc["yhat_lo_80"]).to_numpy()
    thin = width < 0.01 * floor
    forced = fc["unique_id"].isin(constant if constant is not None else []).to_numpy()
    if thin.any() or forced.any():
        y = fc["yhat"].to_numpy()
        lo = y - floor
        lo = np.maximum(lo, 0.0) if nonneg else lo
        new_lo = np.where(forced, lo, np.minimum(fc["yhat_lo_80"].to_numpy(), lo))
        new_hi = np.where(forced, y + floor, np.maximum(fc["yhat_hi_80"].to_numpy(), y + floor))
        thin |= forced
        fc.loc[thin, "yhat_lo_80"] = new_lo[thin]
        fc.loc[thin, "yhat_hi_80"] = new_hi[thin]
        fc.loc[forced, "yhat_lo_95"] = np.inf  # recomputed from the 80% one below
        fc.loc[forced, "yhat_hi_95"] = -np.inf
    ratio = Z95 / Z80
    y = fc["yhat"].to_numpy()
    hi95 = y + (fc["yhat_hi_80"].to_numpy() - y) * ratio
    lo95 = y - (y - fc["yhat_lo_80"].to_numpy()) * ratio
    lo95 = np.maximum(lo95, 0.0) if nonneg else lo95
    # Only where the 95% interval is not already the wider one (calibrated ones are).
    fix = thin | (fc["yhat_hi_95"].to_numpy() < fc["yhat_hi_80"].to_numpy())
    fix |= fc["yhat_lo_95"].to_numpy() > fc["yhat_lo_80"].to_numpy()
    fc.loc[fix, "yhat_hi_95"] = np.maximum(fc["yhat_hi_95"].to_numpy(), hi95)[fix]
    fc.loc[fix, "yhat_lo_95"] = np.minimum(fc["yhat_lo_95"].to_numpy(), lo95)[fix]
    return pd.Series(thin, index=fc.index)

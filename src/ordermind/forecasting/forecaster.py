"""The forecaster: rolling-origin backtest, per-series choice, empirical intervals.

``forecast(history, h)`` is the one call the services layer needs. Every series gets the
candidate (a single model or the CV-chosen ensemble) that had the lowest backtest error, its
prediction intervals from that candidate's own backtest residuals, and a record of both.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .history import impute_censored
from .metrics import naive_scales, per_series_errors
from .models import FAST_MODELS, candidate_forecasts, pandas_freq, season_length_for

log = logging.getLogger(__name__)
ENSEMBLE = "Ensemble"
OUT_COLUMNS = [
    "unique_id",
    "ds",
    "yhat",
    "yhat_lo_80",
    "yhat_hi_80",
    "yhat_lo_95",
    "yhat_hi_95",
    "model",
]


@dataclass
class ForecastResult:
    """``forecasts``: OUT_COLUMNS. ``selection``: one row per series with ``model``,
    ``backtest_rmsse``, ``backtest_mae``, ``backtest_rmse`` (per period, the error sigma the
    inventory policy uses) and ``n_backtest`` points. ``backtest``: the long CV frame."""

    forecasts: pd.DataFrame
    selection: pd.DataFrame
    backtest: pd.DataFrame
    ensemble_members: list[str] = field(default_factory=list)
    interval_widening: dict[int, float] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def _model_cols(frame: pd.DataFrame) -> list[str]:
    skip = {"unique_id", "ds", "y", "cutoff", "censored"}
    return [c for c in frame.columns if c not in skip]


def backtest(
    history: pd.DataFrame,
    h: int,
    *,
    freq: str = "D",
    season: int | None = None,
    n_windows: int = 2,
    models: Sequence[str] = FAST_MODELS,
    holidays: Sequence[pd.Timestamp] = (),
    engine: object | None = None,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rolling-origin CV: ``n_windows`` cutoffs ``h`` apart ending ``h`` before the last date.

    Each window refits every model on data up to its cutoff only (no leakage). Censored
    actuals (``censored`` column) are blanked so they never count as errors.
    """
    season = season or season_length_for(freq)
    hist = history if "censored" in history else impute_censored(history, season)
    offset = pd.tseries.frequencies.to_offset(pandas_freq(freq))
    last = hist["ds"].max()
    min_len = min(season, 13) + 1
    frames, failed = [], {}
    for w in range(n_windows, 0, -1):
        cutoff = last - offset * (h * w)
        train = hist[hist["ds"] <= cutoff]
        size = train.groupby("unique_id")["ds"].transform("size")
        train = train[size >= min_len]
        if train.empty:
            continue
        run = candidate_forecasts(
            train.drop(columns="censored"),
            h,
            freq=freq,
            season=season,
            models=models,
            holidays=holidays,
            engine=engine,
        )
        failed.update(run.failed)
        actual = hist[(hist["ds"] > cutoff)][["unique_id", "ds", "y", "censored"]]
        f = run.forecasts.merge(actual, on=["unique_id", "ds"], how="inner")
        f.loc[f["censored"], "y"] = np.nan
        frames.append(f.drop(columns="censored").assign(cutoff=cutoff))
    if not frames:
        return pd.DataFrame(columns=["unique_id", "ds", "y", "cutoff"]), failed
    return pd.concat(frames, ignore_index=True), failed


def add_ensemble(cv: pd.DataFrame, scales: pd.DataFrame, top: int = 3) -> list[str]:
    """Add an equal-weight combination of the ``top`` models with the best mean CV RMSSE.

    Combinations of a few good forecasts are the most reliable gain in the M competitions;
    which ones to combine is read from the backtest, never from the future.
    """
    cols = [c for c in _model_cols(cv) if c != ENSEMBLE]
    score = {c: per_series_errors(cv, c, scales)["rmsse"].mean() for c in cols}
    members = sorted(score, key=lambda c: score[c])[:top]
    cv[ENSEMBLE] = cv[members].mean(axis=1)
    return members


def choose(
    cv: pd.DataFrame,
    scales: pd.DataFrame,
    default: str,
    margin: float = 0.1,
) -> pd.DataFrame:
    """Per series: the candidate with the lowest CV MSE, unless it beats ``default`` by less
    than ``margin`` (a short backtest is noisy; switching needs real evidence)."""
    cols = _model_cols(cv)
    errs = {c: per_series_errors(cv, c, scales) for c in cols}
    mse = pd.DataFrame({c: e["mse"] for c, e in errs.items()})
    best = mse.idxmin(axis=1)
    d = mse[default]
    keep_default = mse.min(axis=1) > d * (1 - margin)
    chosen = best.where(~keep_default, default)
    rows = []
    for uid, m in chosen.items():
        e = errs[m].loc[uid]
        rows.append((uid, m, e["rmsse"], e["mae"], float(np.sqrt(e["mse"])), int(e["n"])))
    return pd.DataFrame(
        rows,
        columns=[
            "unique_id",
            "model",
            "backtest_rmsse",
            "backtest_mae",
            "backtest_rmse",
            "n_backtest",
        ],
    )


def _interval_offsets(
    cv: pd.DataFrame, selection: pd.DataFrame, levels: Sequence[int], scale: pd.Series
) -> pd.DataFrame:
    """Residual quantiles per series from its chosen candidate; series without enough
    backtest points use the pooled residuals of all series, rescaled to their level."""
    m = cv.merge(selection[["unique_id", "model"]], on="unique_id")
    m["pred"] = m.to_numpy()[np.arange(len(m)), m.columns.get_indexer(m["model"])]
    m["r"] = m["y"] - m["pred"].astype(float)
    m = m.dropna(subset=["r"])
    qs = sorted({q for lv in levels for q in ((100 - lv) / 200, 1 - (100 - lv) / 200)})
    own = m.groupby("unique_id")["r"].quantile(qs).unstack() if len(m) else pd.DataFrame()
    counts = m.groupby("unique_id").size()
    own = own[counts.reindex(own.index, fill_value=0) >= 10] if len(own) else own
    m["rs"] = m["r"] / m["unique_id"].map(scale)
    pooled = m["rs"].quantile(qs) if len(m) else pd.Series(0.0, index=qs)
    ids = scale.index
    out = pd.DataFrame(
        np.outer(scale.reindex(ids).to_numpy(), pooled.to_numpy()), index=ids, columns=qs
    )
    if len(own):
        out.loc[own.index] = own.to_numpy()
    return out


def _calibrate(
    cv: pd.DataFrame, selection: pd.DataFrame, scale: pd.Series, levels: Sequence[int]
) -> dict[int, float]:
    """Width multiplier per level so that intervals built from the earlier backtest windows
    reach their nominal coverage on the last window (split conformal over time). Residuals
    of the model that *won* the backtest are optimistic; this corrects for it, on training
    data only."""
    cutoffs = sorted(cv["cutoff"].unique()) if "cutoff" in cv else []
    if len(cutoffs) < 2:
        return {lv: 1.0 for lv in levels}
    early, late = cv[cv["cutoff"] < cutoffs[-1]], cv[cv["cutoff"] == cutoffs[-1]]
    off = _interval_offsets(early, selection, levels, scale)
    m = late.merge(selection[["unique_id", "model"]], on="unique_id").dropna(subset=["y"])
    pred = pd.to_numeric(m.to_numpy()[np.arange(len(m)), m.columns.get_indexer(m["model"])])
    out = {}
    for lv in levels:
        a = (100 - lv) / 200
        lo = np.minimum(m["unique_id"].map(off[a]).fillna(0.0).to_numpy(), 0)
        hi = np.maximum(m["unique_id"].map(off[1 - a]).fillna(0.0).to_numpy(), 0)
        y = m["y"].to_numpy()
        best = 1.0
        for c in np.arange(0.5, 4.01, 0.05):
            best = float(c)
            if np.mean((y >= pred + c * lo) & (y <= pred + c * hi)) >= lv / 100:
                break
        out[lv] = best
    return out


def forecast(
    history: pd.DataFrame,
    h: int,
    *,
    freq: str = "D",
    season_length: int | None = None,
    models: Sequence[str] = FAST_MODELS,
    n_windows: int = 2,
    holidays: Sequence[pd.Timestamp] = (),
    future_exog: pd.DataFrame | None = None,
    engine: object | None = None,
    margin: float = 0.1,
) -> ForecastResult:
    """Forecast every series of ``history`` (``unique_id, ds, y``; NaN ``y`` = censored)."""
    from .gbm import series_scale

    season = season_length or season_length_for(freq)
    hist = impute_censored(history, season)
    scales = naive_scales(hist, season)
    cv, failed = backtest(
        hist,
        h,
        freq=freq,
        season=season,
        n_windows=n_windows,
        models=models,
        holidays=holidays,
        engine=engine,
    )
    run = candidate_forecasts(
        hist.drop(columns="censored"),
        h,
        freq=freq,
        season=season,
        models=models,
        holidays=holidays,
        future_exog=future_exog,
        engine=engine,
    )
    failed.update(run.failed)
    fc = run.forecasts
    members: list[str] = []
    available = [c for c in _model_cols(fc)]
    if len(cv):
        cv = cv[
            [c for c in cv.columns if c in available or c in ("unique_id", "ds", "y", "cutoff")]
        ]
        members = add_ensemble(cv, scales)
        fc[ENSEMBLE] = fc[members].mean(axis=1)
        selection = choose(cv, scales, default=ENSEMBLE, margin=margin)
    else:
        selection = pd.DataFrame(
            columns=[
                "unique_id",
                "model",
                "backtest_rmsse",
                "backtest_mae",
                "backtest_rmse",
                "n_backtest",
            ]
        )
    # Series too short to backtest get the seasonal naive (the documented fallback).
    ids = pd.Index(fc["unique_id"].unique())
    missing = ids.difference(selection["unique_id"])
    if len(missing):
        extra = pd.DataFrame(
            {
                "unique_id": missing,
                "model": "SeasonalNaive",
                "backtest_rmsse": np.nan,
                "backtest_mae": np.nan,
                "backtest_rmse": np.nan,
                "n_backtest": 0,
            }
        )
        selection = pd.concat([selection, extra], ignore_index=True) if len(selection) else extra
    fc = fc.merge(selection[["unique_id", "model"]], on="unique_id")
    scale = series_scale(hist, 8 * season)
    offsets = _interval_offsets(cv, selection, (80, 95), scale) if len(cv) else None
    widen = _calibrate(cv, selection, scale, (80, 95)) if len(cv) else {80: 1.0, 95: 1.0}
    picked = fc.to_numpy()[np.arange(len(fc)), fc.columns.get_indexer(fc["model"])]
    fc["yhat"] = pd.to_numeric(picked, errors="coerce")
    # A model that produced NaN for a series falls back to the seasonal naive, and says so.
    bad = fc["yhat"].isna()
    fc.loc[bad, "yhat"] = fc.loc[bad, "SeasonalNaive"]
    fc.loc[bad, "model"] = "SeasonalNaive (fallback)"
    label = f"{ENSEMBLE}({'+'.join(members)})"
    fc["model"] = fc["model"].replace(ENSEMBLE, label)
    selection["model"] = selection["model"].replace(ENSEMBLE, label)
    nonneg = bool((hist["y"] >= 0).all())
    for lv in (80, 95):
        a = (100 - lv) / 200
        lo = fc["unique_id"].map(offsets[a]).fillna(0.0) if offsets is not None else 0.0
        hi = fc["unique_id"].map(offsets[1 - a]).fillna(0.0) if offsets is not None else 0.0
        fc[f"yhat_lo_{lv}"] = fc["yhat"] + widen[lv] * np.minimum(lo, 0)
        fc[f"yhat_hi_{lv}"] = fc["yhat"] + widen[lv] * np.maximum(hi, 0)
        if nonneg:
            fc[f"yhat_lo_{lv}"] = fc[f"yhat_lo_{lv}"].clip(lower=0)
    return ForecastResult(
        fc[OUT_COLUMNS].reset_index(drop=True), selection, cv, members, widen, failed
    )

"""Backtest table for ``ordermind forecast evaluate``.

The last ``h`` periods are held out; every model and ordermind's own choice (which runs its
inner rolling-origin CV on the data before the hold-out only) forecast them. Intervals for
models without native ones are empirical residual quantiles from the same inner CV.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .forecaster import _model_cols, forecast
from .history import impute_censored
from .metrics import naive_scales, summary
from .models import FAST_MODELS, pandas_freq, season_length_for


def evaluate_models(
    history: pd.DataFrame,
    h: int,
    *,
    freq: str = "D",
    season_length: int | None = None,
    models: Sequence[str] = FAST_MODELS,
    n_windows: int = 2,
) -> dict[str, dict[str, float | None]]:
    season = season_length or season_length_for(freq)
    hist = impute_censored(history, season)
    offset = pd.tseries.frequencies.to_offset(pandas_freq(freq))
    cutoff = hist["ds"].max() - offset * h
    train, test = hist[hist["ds"] <= cutoff], hist[hist["ds"] > cutoff].copy()
    test.loc[test["censored"], "y"] = np.nan
    if train.empty or test.empty:
        raise ValueError("not enough history to hold out the last h periods")
    res = forecast(
        train.drop(columns="censored").assign(y=train["y"].where(~train["censored"])),
        h,
        freq=freq,
        season_length=season,
        models=models,
        n_windows=n_windows,
    )
    scales = naive_scales(train, season)
    from .models import candidate_forecasts

    cand = candidate_forecasts(
        train.drop(columns="censored"), h, freq=freq, season=season, models=models
    ).forecasts
    frame = (
        test[["unique_id", "ds", "y"]]
        .merge(cand, on=["unique_id", "ds"])
        .merge(res.forecasts, on=["unique_id", "ds"])
    )
    # Per-model intervals: that model's residual quantiles from the inner CV.
    cv = res.backtest
    table: dict[str, dict[str, float]] = {}
    for col in [c for c in _model_cols(cand) if c in cv.columns]:
        r = pd.DataFrame({"unique_id": cv["unique_id"], "r": cv["y"] - cv[col]}).dropna()
        q = r.groupby("unique_id")["r"].quantile([0.1, 0.9]).unstack()
        lo = frame["unique_id"].map(q[0.1]).fillna(0.0) if len(q) else 0.0
        hi = frame["unique_id"].map(q[0.9]).fillna(0.0) if len(q) else 0.0
        frame[f"{col}__lo"] = (frame[col] + np.minimum(lo, 0)).clip(lower=0)
        frame[f"{col}__hi"] = frame[col] + np.maximum(hi, 0)
        table[col] = summary(frame, col, scales, f"{col}__lo", f"{col}__hi")
    table["ordermind"] = summary(frame, "yhat", scales, "yhat_lo_80", "yhat_hi_80")
    ref = table.get("SeasonalNaive", {}).get("rmsse")
    out: dict[str, dict[str, float | None]] = {}
    for name, row in table.items():
        row["rmsse_vs_seasonal_naive"] = row["rmsse"] / ref if ref else float("nan")
        out[name] = {
            k: None if v is None or not np.isfinite(v) else round(float(v), 4)
            for k, v in row.items()
        }
    return out

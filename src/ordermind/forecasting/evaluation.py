"""Backtest table for ``ordermind forecast evaluate``.

The last ``h`` periods are held out; every model and ordermind's own choice (which runs its
inner rolling-origin CV on the data before the hold-out only) forecast them. Intervals for
models without native ones are empirical residual quantiles from the same inner CV.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .errors import InputError
from .exog import flag_columns
from .forecaster import _model_cols, forecast
from .frequency import Frequency, regularize, resolve_frequency, to_file_dates, to_model_dates
from .history import impute_censored
from .metrics import naive_scales, summary
from .models import FAST_MODELS, candidate_forecasts


def evaluate_models(
    history: pd.DataFrame,
    h: int,
    *,
    freq: str | Frequency | None = "D",
    season_length: int | None = None,
    models: Sequence[str] = FAST_MODELS,
    n_windows: int = 2,
    fill: str = "zero",
    flags: Sequence[str] | None = None,
) -> dict[str, dict[str, float | None]]:
    fr = freq if isinstance(freq, Frequency) else resolve_frequency(freq, history)
    use_flags = list(flag_columns(history) if flags is None else flags)
    reg = regularize(history, fr, fill=fill, flag_cols=tuple(use_flags))
    size = reg.history.groupby("unique_id").size()
    base = season_length or fr.season
    season = base if base > 1 and size.median() >= 2 * base else 1
    hist = impute_censored(reg.history, season)
    cutoff = hist["ds"].max() - fr.offset * h
    train, test = hist[hist["ds"] <= cutoff], hist[hist["ds"] > cutoff].copy()
    test.loc[test["censored"], "y"] = np.nan
    if train.empty or test.empty:
        raise InputError(
            f"not enough history to hold out the last {h} periods: lower --h "
            f"(the longest series has {int(size.max())})"
        )
    train_file = train.drop(columns="censored").assign(y=train["y"].where(~train["censored"]))
    train_file["ds"] = to_file_dates(train_file["ds"], fr)
    res = forecast(
        train_file,
        h,
        freq=fr,
        season_length=season_length,
        models=models,
        n_windows=n_windows,
        fill=fill,
        flags=use_flags,
    )
    mine = res.forecasts.assign(ds=to_model_dates(res.forecasts["ds"], fr))
    scales = naive_scales(train, season)
    known = test[["unique_id", "ds", *use_flags]] if use_flags else None
    cand = candidate_forecasts(
        train.drop(columns="censored"),
        h,
        freq=fr.alias,
        season=season,
        models=models,
        future_exog=known,
        flags=use_flags,
        closed=fr.closed_weekdays,
    ).forecasts
    frame = (
        test[["unique_id", "ds", "y"]]
        .merge(cand, on=["unique_id", "ds"])
        .merge(mine, on=["unique_id", "ds"])
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

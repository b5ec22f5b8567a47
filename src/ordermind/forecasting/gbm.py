"""Global LightGBM forecaster (mlforecast) with calendar, holiday, price and promotion features.

One model learns from every series at once, so a SKU with a short history borrows the
shape of the others. Targets are divided by each series' recent mean so that big and small
sellers share one scale, and a Tweedie objective fits the many zeros of intermittent demand.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

EXOG_CANDIDATES = ("price", "promo", "promotion", "discount", "on_promotion")
DEFAULT_PARAMS = dict(
    objective="tweedie",
    tweedie_variance_power=1.2,
    n_estimators=200,
    learning_rate=0.05,
    num_leaves=31,
    min_child_samples=100,
    subsample=0.8,
    subsample_freq=1,
    colsample_bytree=0.8,
    verbose=-1,
    n_jobs=1,
    random_state=0,
)


def _features(season: int, freq: str) -> tuple[list[int], dict, list[str]]:
    from mlforecast.lag_transforms import RollingMean

    from .models import freq_kind

    kind = freq_kind(freq)
    if kind == "D":
        lags = [7, 14, 21, 28]
        transforms = {1: [RollingMean(7), RollingMean(28)], 7: [RollingMean(4)]}
        dates = ["dayofweek", "day"]
    elif kind == "W":
        lags = [1, 2, 4]
        transforms = {1: [RollingMean(4), RollingMean(13)]}
        dates = ["month", "week"]
    else:
        lags = [1, 2, max(season, 3)]
        transforms = {1: [RollingMean(3), RollingMean(max(season, 3))]}
        dates = ["month"]
    return lags, transforms, dates


def series_scale(train: pd.DataFrame, lookback: int) -> pd.Series:
    """Recent mean demand per series (falls back to the full mean, then 1)."""
    t = train.sort_values(["unique_id", "ds"])
    recent = t.groupby("unique_id").tail(lookback).groupby("unique_id")["y"].mean()
    full = t.groupby("unique_id")["y"].mean()
    s = recent.where(recent > 0, full)
    return s.where(s > 0, 1.0).astype(float)


def lgbm_forecast(
    train: pd.DataFrame,
    h: int,
    *,
    freq: str = "D",
    season: int = 7,
    holidays: Sequence[pd.Timestamp] = (),
    future_exog: pd.DataFrame | None = None,
    params: dict | None = None,
    flags: Sequence[str] = (),
) -> pd.DataFrame:
    """``unique_id, ds, LightGBM`` for ``h`` steps after each series' last date.

    ``flags`` (holiday weeks, events) and price/promotion columns are features only when
    ``future_exog`` holds their values for the forecast periods."""
    import lightgbm as lgb
    from mlforecast import MLForecast

    from .models import pandas_freq

    wanted = [*EXOG_CANDIDATES, *[f for f in flags if f not in EXOG_CANDIDATES]]
    # Without future values a feature cannot be used to forecast.
    exog = [
        c
        for c in wanted
        if c in train.columns and future_exog is not None and c in future_exog.columns
    ]
    hol = pd.DatetimeIndex(holidays)
    scale = series_scale(train, 8 * season)
    data = train[["unique_id", "ds", "y", *exog]].copy()
    data["y"] = data["y"] / data["unique_id"].map(scale)
    data["known_holiday"] = data["ds"].isin(hol).astype(np.int8)
    lags, transforms, dates = _features(season, freq)
    # One thread: OpenMP threads spin-wait, and on a shared 2-core box a second one costs more
    # than it gives (measured: 10x slower under load); scale out with more series instead.
    chosen = {**DEFAULT_PARAMS, **(params or {})}
    if (data["y"] < 0).any() and chosen.get("objective") == "tweedie":
        # Tweedie needs y >= 0; net sales with returns (negative weeks) get squared error.
        chosen = {k: v for k, v in chosen.items() if k != "tweedie_variance_power"}
        chosen["objective"] = "regression"
    model = lgb.LGBMRegressor(**chosen)
    mf = MLForecast(
        models={"LightGBM": model},
        freq=pandas_freq(freq),
        lags=lags,
        lag_transforms=transforms,
        date_features=dates,
    )
    mf.fit(data, static_features=[], dropna=False)
    future = mf.make_future_dataframe(h)
    future["known_holiday"] = future["ds"].isin(hol).astype(np.int8)
    if exog and future_exog is not None:  # exog is empty without future_exog
        future = future.merge(
            future_exog[["unique_id", "ds", *exog]], on=["unique_id", "ds"], how="left"
        )
    out = mf.predict(h, X_df=future)
    out["LightGBM"] = out["LightGBM"] * out["unique_id"].map(scale)
    return out[["unique_id", "ds", "LightGBM"]]

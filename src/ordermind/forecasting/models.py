"""Candidate models: statsforecast locals, seasonal-profile variants and a global LightGBM.

``candidate_forecasts`` returns one wide frame ``unique_id, ds, <model>...`` of point forecasts;
a model that fails is left out and reported, never allowed to sink the whole run.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

SEASON_BY_FREQ = {"D": 7, "W": 52, "M": 12}
# WindowAverage's window per frequency family: four weeks of days, two months of weeks...
WINDOW_BY_KIND = {"D": 28, "B": 20, "W": 8, "M": 6, "Q": 4, "H": 24 * 7}
FAST_MODELS = (
    "SeasonalNaive",
    "ADIDA",
    "IMAPA",
    "TSB",
    "CrostonOptimized",
    "WindowAverage",
    "LightGBM",
)
ALL_MODELS = (*FAST_MODELS, "AutoETS", "AutoTheta", "AutoARIMA")
INTERMITTENT = {"ADIDA", "IMAPA", "TSB", "CrostonOptimized"}
# Flat (non-seasonal) forecasts that get a seasonal-profile twin, named "<model>+season".
FLAT = {"ADIDA", "IMAPA", "TSB", "CrostonOptimized", "WindowAverage"}


def season_length_for(freq: str) -> int:
    from .frequency import season_length_for as by_alias

    return by_alias(freq)


def pandas_freq(freq: str) -> str:
    """The pandas alias of ``freq``; the bare letters keep their historical meaning."""
    return {"D": "D", "W": "W-MON", "M": "MS"}.get(freq, freq)


def freq_kind(freq: str) -> str:
    from .frequency import kind_of

    try:
        return kind_of(pandas_freq(freq))
    except ValueError:
        return ""


class Unavailable:
    """statsforecast's fallback model: NaN, never a silent substitute. A model that fails
    for one series leaves a gap that the forecaster sees, reports and fills with that
    series' next-best candidate (statsforecast would otherwise hand back another model's
    numbers under the failed model's name)."""

    alias = "Unavailable"

    def new(self) -> Unavailable:
        return Unavailable()

    def forecast(self, h: int, y: np.ndarray, *args: object, **kwargs: object) -> dict:
        out = {"mean": np.full(h, np.nan)}
        for lv in kwargs.get("level") or ():  # type: ignore[attr-defined]
            out[f"lo-{lv}"] = np.full(h, np.nan)
            out[f"hi-{lv}"] = np.full(h, np.nan)
        if kwargs.get("fitted"):
            out["fitted"] = np.full(len(y), np.nan)
        return out


@dataclass
class CandidateRun:
    forecasts: pd.DataFrame
    failed: dict[str, str] = field(default_factory=dict)


def _stats_models(names: Sequence[str], season: int, window: int | None = None) -> list:
    from statsforecast import models as m

    build = {
        "SeasonalNaive": lambda: m.SeasonalNaive(season_length=season),
        "AutoETS": lambda: m.AutoETS(season_length=season),
        "AutoTheta": lambda: m.AutoTheta(season_length=season),
        "AutoARIMA": lambda: m.AutoARIMA(season_length=season),
        "ADIDA": lambda: m.ADIDA(),
        "IMAPA": lambda: m.IMAPA(),
        "TSB": lambda: m.TSB(alpha_d=0.1, alpha_p=0.1),
        "CrostonOptimized": lambda: m.CrostonOptimized(),
        "WindowAverage": lambda: m.WindowAverage(window_size=window or 4 * season),
    }
    return [build[n]() for n in names if n in build]


def _stats_forecast(
    train: pd.DataFrame,
    h: int,
    freq: str,
    season: int,
    names: Sequence[str],
    engine: object | None = None,
) -> pd.DataFrame:
    from statsforecast import StatsForecast

    window = WINDOW_BY_KIND.get(freq_kind(freq), 4 * season)
    if season == 1:
        # The group of series too short for their season: a window they all can fill.
        window = max(1, min(window, int(train.groupby("unique_id").size().min())))
    models = _stats_models(names, season, window)
    n_series = train["unique_id"].nunique()
    sf = StatsForecast(
        models=models,
        freq=pandas_freq(freq),
        n_jobs=-1 if n_series >= 300 else 1,
        fallback_model=Unavailable(),
    )
    data = train[["unique_id", "ds", "y"]]
    if engine is not None:
        # statsforecast's own fugue backend: same call, the frame lives on the cluster.
        import dask.dataframe as dd

        ddf = dd.from_pandas(data, npartitions=max(2, min(16, n_series // 200 + 1)))
        out = sf.forecast(df=ddf, h=h).compute()
        out["ds"] = pd.to_datetime(out["ds"])
        return out.reset_index(drop=True)
    return sf.forecast(df=data, h=h)


def seasonal_profile(
    train: pd.DataFrame, season: int, shrink: float = 10.0, lookback_seasons: int = 12
) -> pd.DataFrame:
    """Per-series seasonal index (mean 1) shrunk toward the global index.

    Shrinkage weight = n_nonzero / (n_nonzero + shrink): a SKU with a handful of sales borrows
    the shop's weekly rhythm (e.g. no dispatch on Saturdays) instead of its own noise.
    """
    t = train[["unique_id", "ds", "y"]].copy()
    t["pos"] = t.groupby("unique_id").cumcount()
    # Position of each row within the season counted back from the series end.
    t["k"] = (t.groupby("unique_id")["pos"].transform("max") - t["pos"]) % season
    span = t.groupby("unique_id")["pos"].transform("max") - t["pos"]
    t = t[span < lookback_seasons * season]
    g = t.groupby("k")["y"].mean()
    g_idx = (g / g.mean()).reindex(range(season), fill_value=1.0).fillna(1.0)
    per = t.groupby(["unique_id", "k"])["y"].mean().unstack(fill_value=0.0)
    per = per.reindex(columns=range(season), fill_value=0.0)
    means = per.mean(axis=1).replace(0, np.nan)
    own = per.div(means, axis=0).fillna(1.0)
    nz = t[t["y"] > 0].groupby("unique_id").size().reindex(per.index, fill_value=0)
    w = (nz / (nz + shrink)).to_numpy()[:, None]
    prof = w * own.to_numpy() + (1 - w) * g_idx.to_numpy()[None, :]
    prof = prof / prof.mean(axis=1, keepdims=True).clip(min=1e-9)
    return pd.DataFrame(prof, index=per.index, columns=range(season))


def _apply_profile(fc: pd.DataFrame, prof: pd.DataFrame, season: int) -> pd.Series:
    """Index for each forecast row: step j ahead sits at back-position (-j) mod season."""
    step = fc.groupby("unique_id").cumcount() + 1
    k = (-step) % season
    arr = prof.reindex(fc["unique_id"]).to_numpy()
    vals = arr[np.arange(len(fc)), k.to_numpy()]
    return pd.Series(np.nan_to_num(vals, nan=1.0), index=fc.index)


def flag_factor(train: pd.DataFrame, flag: str, min_flagged: int = 2) -> float:
    """Demand in flagged periods (a holiday week, an event) relative to the others, each
    series divided by its own mean first so the big sellers do not decide alone; 1 when
    the history has too few flagged periods to tell."""
    if flag not in train or int((train[flag] > 0).groupby(train["ds"]).any().sum()) < min_flagged:
        return 1.0
    level = train.groupby("unique_id")["y"].transform("mean")
    rel = (train["y"] / level.where(level > 0)).dropna()
    on = train.loc[rel.index, flag] > 0
    base = rel[~on].mean()
    if not np.isfinite(base) or base <= 0 or not on.any():
        return 1.0
    return float(np.clip(rel[on].mean() / base, 0.2, 5.0))


def holiday_factor(train: pd.DataFrame, holidays: Sequence[pd.Timestamp]) -> float:
    """Demand on holidays relative to ordinary days, from the shop's own history."""
    if not len(holidays):
        return 1.0
    is_h = train["ds"].isin(pd.DatetimeIndex(holidays))
    if not is_h.any():
        return 1.0
    base = train.loc[~is_h, "y"].mean()
    return float(train.loc[is_h, "y"].mean() / base) if base > 0 else 1.0


def closed_weekdays(train: pd.DataFrame, lookback_weeks: int = 12) -> list[int]:
    """Weekdays on which the business as a whole sold nothing in every one of the last
    ``lookback_weeks`` weeks (e.g. a shop that never dispatches on Saturdays).

    Read from the data, like a trading calendar: a level forecast spread over seven days
    would put demand on a day the shop is shut and too little on the days it trades.
    """
    total = train.groupby("ds")["y"].sum()
    if total.empty or not (total > 0).any():
        return []
    recent = total[total.index > total.index.max() - pd.Timedelta(weeks=lookback_weeks)]
    by_day = recent.groupby(recent.index.dayofweek)
    counts, sums = by_day.size(), by_day.sum()
    return sorted(int(d) for d in sums.index if sums[d] == 0 and counts[d] >= lookback_weeks // 2)


def _respect_closed_days(fc: pd.DataFrame, closed: Sequence[int], season: int) -> None:
    """Zero every forecast on closed weekdays; flat forecasts, whose level is the mean over
    all seven days, move that demand onto the open days so the weekly total is unchanged."""
    if not closed:
        return
    shut = fc["ds"].dt.dayofweek.isin(closed)
    lift = season / (season - len(closed))
    for col in [c for c in fc.columns if c not in ("unique_id", "ds")]:
        if col in FLAT:
            fc.loc[~shut, col] = fc.loc[~shut, col] * lift
        fc.loc[shut, col] = 0.0


def candidate_forecasts(
    train: pd.DataFrame,
    h: int,
    *,
    freq: str = "D",
    season: int | None = None,
    models: Sequence[str] = FAST_MODELS,
    holidays: Sequence[pd.Timestamp] = (),
    future_exog: pd.DataFrame | None = None,
    engine: object | None = None,
    lgbm_params: dict | None = None,
    flags: Sequence[str] = (),
    closed: Sequence[int] = (),
) -> CandidateRun:
    """Point forecasts of every candidate model for every series, ``h`` steps past its end.

    ``flags``: 0/1 columns of ``train`` (holiday weeks, events) whose future values are in
    ``future_exog``; the local models get a multiplicative factor read from the history,
    LightGBM uses them as features. ``closed``: weekdays a daily file has no rows for."""
    from .gbm import lgbm_forecast

    season = season or season_length_for(freq)
    failed: dict[str, str] = {}
    stat_names = [m for m in models if m != "LightGBM"]
    if "SeasonalNaive" not in stat_names:
        stat_names.insert(0, "SeasonalNaive")  # the reference and the fallback: always there
    factors = {f: flag_factor(train, f) for f in flags if f in train}
    local_train = train
    if any(v != 1.0 for v in factors.values()):
        # The local models see demand with the flagged periods' lift taken out (a naive
        # forecast must not repeat a holiday week as the new normal); it is put back below.
        lift = np.ones(len(train))
        for f, v in factors.items():
            lift[(train[f] > 0).to_numpy()] *= v
        local_train = train.assign(y=train["y"] / lift)
    fc = _stats_forecast(local_train, h, freq, season, stat_names, engine)
    fc = fc.sort_values(["unique_id", "ds"]).reset_index(drop=True)
    hol = pd.DatetimeIndex(holidays)
    is_hol = fc["ds"].isin(hol) if len(hol) else pd.Series(False, index=fc.index)
    factor = holiday_factor(train, hol)
    if season > 1:
        prof = seasonal_profile(local_train, season)
        idx = _apply_profile(fc, prof, season)
        for name in [c for c in fc.columns if c in FLAT]:
            fc[f"{name}+season"] = fc[name] * idx
    for col in [c for c in fc.columns if c not in ("unique_id", "ds")]:
        fc.loc[is_hol, col] = fc.loc[is_hol, col] * factor
    if flags and future_exog is not None:
        fut = fc[["unique_id", "ds"]].merge(
            future_exog[["unique_id", "ds", *flags]], on=["unique_id", "ds"], how="left"
        )
        mult = np.ones(len(fc))
        for flag in flags:
            on = fut[flag].fillna(0).to_numpy() > 0
            mult[on] *= factors.get(flag, 1.0)
        local = [c for c in fc.columns if c not in ("unique_id", "ds")]
        fc[local] = fc[local].mul(mult, axis=0)
    if "LightGBM" in models:
        try:
            g = lgbm_forecast(
                train,
                h,
                freq=freq,
                season=season,
                holidays=hol,
                future_exog=future_exog,
                params=lgbm_params,
                flags=flags,
            )
            fc = fc.merge(g, on=["unique_id", "ds"], how="left")
        except Exception as exc:  # a broken global model must not sink the local ones
            log.info("LightGBM failed: %s", exc)  # reported in the result's notes
            failed["LightGBM"] = str(exc)
    if freq_kind(freq) == "D":
        shut = sorted(set(closed_weekdays(train)) | set(closed))
        _respect_closed_days(fc, shut, 7)
    cols = [c for c in fc.columns if c not in ("unique_id", "ds")]
    fc[cols] = fc[cols].clip(lower=0) if (train["y"] >= 0).all() else fc[cols]
    return CandidateRun(fc, failed)

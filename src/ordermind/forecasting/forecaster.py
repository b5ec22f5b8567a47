"""The forecaster: rolling-origin backtest, per-series choice, empirical intervals.

``forecast(history, h)`` is the one call the services layer needs. Every series gets the
candidate (a single model or the CV-chosen ensemble) that had the lowest backtest error, its
prediction intervals from that candidate's own backtest residuals, and a record of both.
"""

from __future__ import annotations

import logging
import math
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import InputError
from .exog import (
    as_flag,
    flag_columns,
    future_flags,
    future_grid,
    holiday_periods,
    is_holiday_flag,
)
from .frequency import Frequency, regularize, resolve_frequency, snap, to_file_dates, to_model_dates
from .history import impute_censored
from .intervals import enforce_width, insample_offsets, minimum_half_width
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
    notes: list[str] = field(default_factory=list)
    frequency: Frequency | None = None


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
    flags: Sequence[str] = (),
    closed: Sequence[int] = (),
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rolling-origin CV: ``n_windows`` cutoffs ``h`` apart ending ``h`` before the last date.

    Each window refits every model on data up to its cutoff only (no leakage). Censored
    actuals (``censored`` column) are blanked so they never count as errors. Flag columns
    (holidays, events) are known in advance, so each window sees their actual values.
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
        known = hist[hist["ds"] > cutoff][["unique_id", "ds", *flags]] if flags else None
        run = candidate_forecasts(
            train.drop(columns="censored"),
            h,
            freq=freq,
            season=season,
            models=models,
            holidays=holidays,
            engine=engine,
            future_exog=known,
            flags=flags,
            closed=closed,
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


SELECTION_COLUMNS = [
    "unique_id",
    "model",
    "backtest_rmsse",
    "backtest_mae",
    "backtest_rmse",
    "n_backtest",
]


def choose(
    cv: pd.DataFrame,
    scales: pd.DataFrame,
    default: str,
    margin: float = 0.1,
) -> pd.DataFrame:
    """Per series: the candidate with the lowest CV MSE, unless it beats ``default`` by less
    than ``margin`` (a short backtest is noisy; switching needs real evidence). Column
    ``ranking`` lists every candidate best first: the order in which a failed one is
    replaced."""
    cols = _model_cols(cv)
    errs = {c: per_series_errors(cv, c, scales) for c in cols}
    mse = pd.DataFrame({c: e["mse"] for c, e in errs.items()})
    filled = mse.fillna(np.inf)
    best = filled.idxmin(axis=1)
    d = filled[default] if default in filled else pd.Series(np.inf, index=filled.index)
    keep_default = filled.min(axis=1) > d * (1 - margin)
    chosen = best.where(~keep_default, default)
    rows = []
    for uid, m in chosen.items():
        e = errs[m].reindex([uid]).iloc[0]
        order = [m, *[c for c in filled.loc[uid].sort_values().index if c != m]]
        rows.append((uid, m, e["rmsse"], e["mae"], float(np.sqrt(e["mse"])), e["n"], order))
    out = pd.DataFrame(rows, columns=[*SELECTION_COLUMNS, "ranking"])
    out["n_backtest"] = out["n_backtest"].fillna(0).astype(int)
    return out


def _pick(frame: pd.DataFrame, model: pd.Series) -> np.ndarray:
    """Row-wise value of the column named in ``model`` (NaN when there is no such column)."""
    idx = frame.columns.get_indexer(model)
    vals = frame.to_numpy()[np.arange(len(frame)), np.where(idx < 0, 0, idx)]
    out = pd.to_numeric(pd.Series(vals), errors="coerce").to_numpy(dtype=float)
    out[idx < 0] = np.nan
    return out


def _interval_offsets(
    cv: pd.DataFrame, selection: pd.DataFrame, levels: Sequence[int], scale: pd.Series
) -> tuple[pd.DataFrame, pd.Index]:
    """Residual quantiles per series from the model that serves it; series without enough
    backtest points use the pooled residuals of all series, rescaled to their level.
    Also returns the ids that had enough residuals of their own."""
    m = cv.merge(selection[["unique_id", "model"]], on="unique_id")
    m["r"] = m["y"] - _pick(m, m["model"])
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
    return out, pd.Index(own.index if len(own) else [])


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
    off, _ = _interval_offsets(early, selection, levels, scale)
    m = late.merge(selection[["unique_id", "model"]], on="unique_id").dropna(subset=["y"])
    pred = _pick(m, m["model"])
    keep = np.isfinite(pred)
    m, pred = m[keep], pred[keep]
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


def _ranking_for_untested(available: Sequence[str]) -> list[str]:
    """Order for series too short to backtest: the seasonal naive, then a recent mean."""
    first = [m for m in ("SeasonalNaive", "WindowAverage") if m in available]
    return [*first, *[m for m in available if m not in first]]


def _serve(fc: pd.DataFrame, selection: pd.DataFrame) -> tuple[pd.Series, dict[str, int]]:
    """Per series, the first candidate of its ranking that forecast every step: a model
    that failed for a series (NaN) hands it to the next best. Returns the served model per
    series and how many series each chosen model had to hand over."""
    cols = _model_cols(fc)
    finite = fc[cols].notna().groupby(fc["unique_id"]).all()
    served: dict[str, str] = {}
    replaced: Counter[str] = Counter()
    for uid, chosen, ranking in zip(
        selection["unique_id"], selection["model"], selection["ranking"], strict=True
    ):
        ok = finite.loc[uid]
        pick = next((m for m in ranking if m in ok.index and ok[m]), None)
        if pick is None:
            pick = next((c for c in cols if ok[c]), chosen)
        if pick != chosen:
            replaced[chosen] += 1
        served[uid] = pick
    return pd.Series(served), dict(replaced)


@dataclass
class _Group:
    forecasts: pd.DataFrame
    selection: pd.DataFrame
    backtest: pd.DataFrame
    members: list[str]
    widen: dict[int, float]
    failed: dict[str, str]
    notes: list[str]


def _forecast_group(
    hist: pd.DataFrame,
    h: int,
    fr: Frequency,
    season: int,
    *,
    models: Sequence[str],
    n_windows: int,
    holidays: pd.DatetimeIndex,
    future: pd.DataFrame | None,
    flags: Sequence[str],
    engine: object | None,
    margin: float,
) -> _Group:
    from .gbm import series_scale

    notes: list[str] = []
    hist = impute_censored(hist, season)
    scales = naive_scales(hist, season)
    common = dict(
        freq=fr.alias,
        season=season,
        models=models,
        holidays=holidays,
        engine=engine,
        flags=flags,
        closed=fr.closed_weekdays,
    )
    cv, failed = backtest(hist, h, n_windows=n_windows, **common)
    run = candidate_forecasts(
        hist.drop(columns="censored"),
        h,
        future_exog=future,
        **common,
    )
    failed.update(run.failed)
    fc = run.forecasts
    available = _model_cols(fc)
    members: list[str] = []
    if len(cv):
        keep = ("unique_id", "ds", "y", "cutoff")
        cv = cv[[c for c in cv.columns if c in available or c in keep]]
        members = add_ensemble(cv, scales)
        # Strict: a series missing a member has no ensemble and goes to its next best.
        fc[ENSEMBLE] = fc[members].mean(axis=1, skipna=False)
        selection = choose(cv, scales, default=ENSEMBLE, margin=margin)
    else:
        selection = pd.DataFrame(columns=[*SELECTION_COLUMNS, "ranking"])
    ids = pd.Index(fc["unique_id"].unique())
    missing = ids.difference(selection["unique_id"])
    if len(missing):
        order = _ranking_for_untested(_model_cols(fc))
        extra = pd.DataFrame(
            {
                "unique_id": missing,
                "model": order[0],
                "backtest_rmsse": np.nan,
                "backtest_mae": np.nan,
                "backtest_rmse": np.nan,
                "n_backtest": 0,
                "ranking": [order] * len(missing),
            }
        )
        selection = pd.concat([selection, extra], ignore_index=True) if len(selection) else extra
    # Which models failed for some series in the final fit (statsforecast hands back NaN).
    broken = fc[[c for c in available]].isna().groupby(fc["unique_id"]).any().sum()
    broken = broken[broken > 0]
    if len(broken):
        listed = ", ".join(f"{m} for {int(n)}" for m, n in broken.items())
        notes.append(f"models that failed for some series, left out for them: {listed}")
    served, replaced = _serve(fc, selection)
    selection["chosen"] = selection["model"]
    selection["model"] = selection["unique_id"].map(served)
    for chosen, n in replaced.items():
        notes.append(
            f"{chosen} (chosen by the backtest) failed for {n} series: each is served by its "
            "next-best candidate, marked '(fallback)' in the model column"
        )
    swapped = selection["model"] != selection["chosen"]
    for m in selection.loc[swapped, "model"].unique():
        rows = swapped & (selection["model"] == m)
        if m in cv.columns:
            e = per_series_errors(cv, m, scales).reindex(selection.loc[rows, "unique_id"])
            selection.loc[rows, "backtest_rmsse"] = e["rmsse"].to_numpy()
            selection.loc[rows, "backtest_mae"] = e["mae"].to_numpy()
            selection.loc[rows, "backtest_rmse"] = np.sqrt(e["mse"]).to_numpy()
    fc = fc.merge(selection[["unique_id", "model"]], on="unique_id")
    fc["yhat"] = _pick(fc, fc["model"])
    scale = series_scale(hist, 8 * season)
    lost = fc["yhat"].isna()
    if lost.any():  # no candidate forecast this series at all: its recent mean
        fc.loc[lost, "yhat"] = fc.loc[lost, "unique_id"].map(scale)
        fc.loc[lost, "model"] = "RecentMean"
        n_lost = fc.loc[lost, "unique_id"].nunique()
        notes.append(f"{n_lost} series got no model forecast: their recent mean is used")
    label = f"{ENSEMBLE}({'+'.join(members)})"
    fb = fc["unique_id"].map(selection.set_index("unique_id")["chosen"]) != fc["model"]
    fc["model"] = fc["model"].replace(ENSEMBLE, label)
    fc.loc[fb & ~lost, "model"] = fc.loc[fb & ~lost, "model"] + " (fallback)"
    selection["model"] = selection["model"].replace(ENSEMBLE, label)
    selection["chosen"] = selection["chosen"].replace(ENSEMBLE, label)
    # Intervals: the served model's own backtest residuals, else pooled ones, else in-sample.
    serving = selection[["unique_id"]].assign(model=selection["unique_id"].map(served))
    levels = (80, 95)
    qs = sorted({q for lv in levels for q in ((100 - lv) / 200, 1 - (100 - lv) / 200)})
    if len(cv):
        offsets, own = _interval_offsets(cv, serving, levels, scale)
        widen = _calibrate(cv, serving, scale, levels)
        source = pd.Series(
            np.where(ids.isin(own), "backtest residuals", "pooled backtest residuals"), index=ids
        )
    else:
        offsets = insample_offsets(hist, season, qs)
        widen = {lv: 1.0 for lv in levels}
        source = pd.Series("in-sample residuals", index=ids)
    nonneg = bool((hist["y"] >= 0).all())
    for lv in levels:
        a = (100 - lv) / 200
        lo = fc["unique_id"].map(offsets[a]).fillna(0.0)
        hi = fc["unique_id"].map(offsets[1 - a]).fillna(0.0)
        fc[f"yhat_lo_{lv}"] = fc["yhat"] + widen[lv] * np.minimum(lo, 0)
        fc[f"yhat_hi_{lv}"] = fc["yhat"] + widen[lv] * np.maximum(hi, 0)
        if nonneg:
            fc[f"yhat_lo_{lv}"] = fc[f"yhat_lo_{lv}"].clip(lower=0)
    distinct = hist.groupby("unique_id")["y"].nunique()
    constant = pd.Index(distinct.index[distinct <= 1])
    thin = enforce_width(fc, minimum_half_width(hist), nonneg, constant)
    floored = pd.Index(fc.loc[thin, "unique_id"].unique())
    source[floored] = source[floored] + " + minimum width"
    source[constant] = "minimum width (constant series)"
    selection["interval"] = selection["unique_id"].map(source)
    if len(constant):
        notes.append(
            f"{len(constant)} constant series: no error to learn an interval from, so theirs "
            "is the minimum width (10% of the level either side, at least one unit)"
        )
    if len(floored.difference(constant)):
        notes.append(
            f"{len(floored.difference(constant))} series had zero-width intervals from their "
            "residuals at some steps: widened there to the minimum width"
        )
    return _Group(fc, selection.drop(columns="ranking"), cv, members, widen, failed, notes)


def _warning_note(caught: Sequence[warnings.WarningMessage]) -> str | None:
    if not caught:
        return None
    kinds = Counter(
        f"{w.category.__name__}: {str(w.message).splitlines()[0][:120]}" for w in caught
    )
    top, n = kinds.most_common(1)[0]
    return (
        f"{len(caught)} library warning(s) of {len(kinds)} kind(s) were silenced "
        f"(most frequent, x{n}: {top})"
    )


def forecast(
    history: pd.DataFrame,
    h: int,
    *,
    freq: str | Frequency | None = "D",
    season_length: int | None = None,
    models: Sequence[str] = FAST_MODELS,
    n_windows: int = 2,
    holidays: Sequence[pd.Timestamp] = (),
    future_exog: pd.DataFrame | None = None,
    engine: object | None = None,
    margin: float = 0.1,
    fill: str = "zero",
    country: str | None = None,
    flags: Sequence[str] | None = None,
) -> ForecastResult:
    """Forecast every series of ``history`` (``unique_id, ds, y``; NaN ``y`` = censored).

    ``freq``: a pandas alias, or None to infer it (and its anchor) from the dates; the
    output dates stay on the input's grid. ``flags``: 0/1 event columns of ``history``
    (default: the ``is_holiday``-style columns found); their future values come from
    ``future_exog``, else from the public holidays of ``country``, else 0. Everything the
    forecaster had to assume or repair is in ``ForecastResult.notes``, once each.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = _forecast(
            history,
            h,
            freq=freq,
            season_length=season_length,
            models=models,
            n_windows=n_windows,
            holidays=holidays,
            future_exog=future_exog,
            engine=engine,
            margin=margin,
            fill=fill,
            country=country,
            flags=flags,
        )
    note = _warning_note(caught)
    if note:
        res.notes.append(note)
    return res


def _forecast(
    history: pd.DataFrame,
    h: int,
    *,
    freq: str | Frequency | None,
    season_length: int | None,
    models: Sequence[str],
    n_windows: int,
    holidays: Sequence[pd.Timestamp],
    future_exog: pd.DataFrame | None,
    engine: object | None,
    margin: float,
    fill: str,
    country: str | None,
    flags: Sequence[str] | None,
) -> ForecastResult:
    if history.empty:
        raise InputError("no demand history: nothing to forecast")
    fr = freq if isinstance(freq, Frequency) else resolve_frequency(freq, history)
    history = history.copy()
    found = flag_columns(history) if flags is None else list(flags)
    use_flags = []
    for f in found:
        v = as_flag(history[f]) if f in history else None
        if v is not None:
            history[f] = v
            use_flags.append(f)
    notes: list[str] = []
    if country and not any(is_holiday_flag(f) for f in use_flags):
        # No holiday column in the file: the country's calendar is one, past and future.
        periods = snap(to_model_dates(history["ds"], fr), fr)
        history["public_holiday"] = holiday_periods(periods, fr, country).to_numpy()
        use_flags.append("public_holiday")
        notes.append(
            f"public holidays of {country.upper()} used as a known event (column "
            "'public_holiday'): the file has no holiday column"
        )
    reg = regularize(history, fr, fill=fill, flag_cols=tuple(use_flags))
    notes += reg.notes
    hist = reg.history
    closed = fr.closed_weekdays
    # Closed weekdays are on the model grid but not in the output: forecast enough days.
    h_model = h + (math.ceil(h * len(closed) / (7 - len(closed))) + 1 if closed else 0)
    hol = pd.DatetimeIndex([])
    if len(holidays):
        days = to_model_dates(pd.Series(pd.DatetimeIndex(holidays)), fr)
        hol = pd.DatetimeIndex(snap(days, fr).unique())
    future = future_exog
    if use_flags:
        grid = future_grid(hist, h_model, fr)
        future, more = future_flags(grid, use_flags, fr, given=future_exog, country=country)
        notes += more
    base = season_length or fr.season
    size = hist.groupby("unique_id").size()
    long_ids = size.index[size >= 2 * base] if base > 1 else size.index
    short_ids = size.index.difference(long_ids)
    if len(short_ids):
        notes.append(
            f"{len(short_ids)} series have fewer than {2 * base} periods (two seasons of "
            f"{base}): forecast without that season"
        )
    groups = [(ids, s) for ids, s in ((long_ids, base), (short_ids, 1)) if len(ids)]
    parts = []
    for ids, season in groups:
        part_hist = hist[hist["unique_id"].isin(ids)]
        part_future = (
            future[future["unique_id"].isin(ids)]
            if future is not None and "unique_id" in future
            else future
        )
        parts.append(
            _forecast_group(
                part_hist,
                h_model,
                fr,
                season,
                models=models,
                n_windows=n_windows,
                holidays=hol,
                future=part_future,
                flags=use_flags,
                engine=engine,
                margin=margin,
            )
        )
    main = max(parts, key=lambda p: p.selection.shape[0])
    fc = pd.concat([p.forecasts for p in parts], ignore_index=True)
    fc["ds"] = to_file_dates(fc["ds"], fr)
    if closed:
        fc = fc[~fc["ds"].dt.dayofweek.isin(closed)]
    fc = fc.sort_values(["unique_id", "ds"]).groupby("unique_id").head(h)
    failed: dict[str, str] = {}
    for p, (_, season) in zip(parts, groups, strict=True):
        failed.update(p.failed)
        short = season == 1 and base > 1 and len(groups) > 1
        notes += [f"among the short series: {n}" if short else n for n in p.notes]
    for name, why in failed.items():
        first = str(why).strip().splitlines()[0][:160] if str(why).strip() else "error"
        notes.append(f"{name} failed and was left out: {first}")
    return ForecastResult(
        fc[OUT_COLUMNS].reset_index(drop=True),
        pd.concat([p.selection for p in parts], ignore_index=True).reset_index(drop=True),
        pd.concat(
            [p.backtest for p in parts if len(p.backtest)] or [main.backtest], ignore_index=True
        ),
        main.members,
        main.widen,
        failed,
        notes=list(dict.fromkeys(notes)),
        frequency=fr,
    )

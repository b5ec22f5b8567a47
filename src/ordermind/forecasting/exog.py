"""Holiday and event flags (``is_holiday``-style columns) and their values over the horizon.

A flag column is a 0/1 column whose name says holiday, event, promotion or closure
(``IsHoliday``, ``is_event``, ``promo``...). Its future values come, in this order, from the
file (rows after the last observed date, or a ``--future`` file), from the ``holidays``
library for the country given (holiday flags only), or are assumed 0 — and the output says
which.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .errors import InputError
from .frequency import Frequency, period_grid, snap, to_model_dates

FLAG_WORDS = ("holiday", "event", "promo", "promotion", "closed", "closure", "markdown")
_TRUE = {"1", "true", "t", "yes", "y", "1.0"}
_FALSE = {"0", "false", "f", "no", "n", "0.0", ""}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def is_holiday_flag(name: str) -> bool:
    return "holiday" in _norm(name)


def as_flag(values: pd.Series) -> pd.Series | None:
    """0/1 int8 when every value is boolean-like (True/False, 0/1, yes/no, empty), else None."""
    if pd.api.types.is_bool_dtype(values):
        return values.astype(np.int8)
    if pd.api.types.is_numeric_dtype(values):
        v = values.dropna()
        return values.fillna(0).astype(np.int8) if v.isin([0, 1]).all() else None
    text = values.astype("string").str.strip().str.lower().fillna("")
    if not text.isin(_TRUE | _FALSE).all():
        return None
    return text.isin(_TRUE).astype(np.int8)


def flag_columns(df: pd.DataFrame, exclude: Sequence[str] = ("unique_id", "ds", "y")) -> list[str]:
    """Columns that are holiday/event flags by name and 0/1 by value."""
    out = []
    for c in df.columns:
        if c in exclude:
            continue
        n = _norm(c)
        # By name only: an ``is_weekend`` column is a calendar fact, not an event to know.
        named = any(w in n for w in FLAG_WORDS)
        if named and as_flag(df[c]) is not None:
            out.append(c)
    return out


def holiday_calendar(country: str, years: range) -> pd.DatetimeIndex:
    """Public holidays of ``country`` (ISO code, optionally ``US-CA`` for a subdivision)."""
    import holidays

    code, _, subdiv = country.upper().partition("-")
    try:
        cal = holidays.country_holidays(code, subdiv=subdiv or None, years=list(years))
    except NotImplementedError:
        raise InputError(
            f"--country {country!r} is not a country the holidays library knows "
            "(use an ISO code such as US, GB, DE, or US-CA)"
        ) from None
    return pd.DatetimeIndex(sorted(pd.Timestamp(d) for d in cal))


def holiday_periods(labels: pd.Series, freq: Frequency, country: str) -> pd.Series:
    """1 for each model period (``labels``) that contains a public holiday of ``country``."""
    if labels.empty:
        return pd.Series([], dtype=np.int8)
    years = range(labels.min().year - 1, labels.max().year + 2)
    days = pd.Series(holiday_calendar(country, years))
    periods = set(snap(to_model_dates(days, freq), freq))
    return labels.isin(periods).astype(np.int8)


def future_grid(hist: pd.DataFrame, h: int, freq: Frequency) -> pd.DataFrame:
    """``unique_id, ds`` for the ``h`` model periods after each series' last date."""
    last = hist.groupby("unique_id")["ds"].max()
    return period_grid(last, None, freq, periods=h, after=True)


def future_flags(
    grid: pd.DataFrame,
    flags: Sequence[str],
    freq: Frequency,
    *,
    given: pd.DataFrame | None = None,
    country: str | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Flag values over ``grid`` (model dates) and one note per flag on where they came from.

    ``given``: rows ``unique_id, ds`` (file dates) with flag values for future periods; a
    value given for a date but not for a series is taken for every series on that date.
    """
    out = grid.copy()
    notes = []
    g = None
    if given is not None and len(given):
        g = given.copy()
        g["ds"] = snap(to_model_dates(pd.to_datetime(g["ds"]), freq), freq)
    for flag in flags:
        vals = pd.Series(np.nan, index=out.index)
        if g is not None and flag in g:
            per_row = g.groupby(["unique_id", "ds"])[flag].max()
            key = pd.MultiIndex.from_frame(out[["unique_id", "ds"]])
            vals = pd.Series(per_row.reindex(key).to_numpy(), index=out.index)
            per_date = g.groupby("ds")[flag].max()
            vals = vals.fillna(out["ds"].map(per_date))
        missing = vals.isna()
        source = "the file"
        if missing.any() and country and is_holiday_flag(flag):
            vals[missing] = holiday_periods(out.loc[missing, "ds"], freq, country).to_numpy()
            source = (
                f"the {country.upper()} public holiday calendar"
                if missing.all()
                else f"the file, else the {country.upper()} public holiday calendar"
            )
        elif missing.any():
            vals[missing] = 0
            hint = (
                " (pass --country to read holidays from a calendar)"
                if is_holiday_flag(flag)
                else ""
            )
            source = (
                "nowhere: assumed 0 over the horizon" + hint
                if missing.all()
                else "the file where given, else assumed 0" + hint
            )
        out[flag] = vals.astype(np.int8)
        notes.append(f"future values of {flag!r}: {source}")
    return out, notes

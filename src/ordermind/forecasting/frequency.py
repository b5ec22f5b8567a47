"""The frequency of a demand file: read from its dates, anchor kept, gaps made explicit.

A weekly file whose weeks end on Friday must be modelled on a Friday grid and forecast
Fridays; a monthly file dated on month ends must stay on month ends. ``infer_frequency``
reads the grid off the data (any pandas alias: ``D``, ``W-FRI``, ``MS``, ``ME``, ``QS-JAN``,
``h``...), ``regularize`` puts every series on it and says what it had to change.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset

from .errors import InputError

WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
SEASON_BY_KIND = {"D": 7, "B": 5, "W": 52, "M": 12, "Q": 4, "Y": 1, "H": 24}


class FrequencyError(InputError):
    """The dates do not say which grid they are on (one line, with the fix)."""


@dataclass(frozen=True)
class Frequency:
    """``alias``: the pandas alias the models run on. ``day_shift``: monthly dates on day k
    are modelled at month start and shifted back by k-1 days. ``closed_weekdays``: weekdays
    a daily file has no row for at all (the shop is shut); they are modelled as zero-demand
    days and left out of the output."""

    alias: str
    kind: str
    day_shift: int = 0
    closed_weekdays: tuple[int, ...] = ()

    @property
    def season(self) -> int:
        return SEASON_BY_KIND.get(self.kind, 1)

    @property
    def offset(self) -> pd.DateOffset:
        return to_offset(self.alias)

    def describe(self) -> str:
        words = {"D": "daily", "B": "business-daily", "W": "weekly", "M": "monthly"}
        words |= {"Q": "quarterly", "Y": "yearly", "H": "hourly"}
        text = f"{words.get(self.kind, 'regular')} ({self.alias}"
        if self.kind == "W":
            text += f", weeks ending {DAY_NAMES[WEEKDAYS.index(self.alias[-3:])]}"
        if self.day_shift:
            text += f", dated on day {self.day_shift + 1} of the month"
        if self.closed_weekdays:
            shut = ", ".join(DAY_NAMES[d] for d in self.closed_weekdays)
            text += f", closed on {shut}"
        return text + ")"


def kind_of(alias: str) -> str:
    """D, B, W, M, Q, Y, H or '' for the family a pandas alias belongs to."""
    off = to_offset(alias)
    o = pd.offsets
    families = (
        (o.Day, "D"),
        (o.BusinessDay, "B"),
        (o.Week, "W"),
        ((o.MonthBegin, o.MonthEnd), "M"),
        ((o.QuarterBegin, o.QuarterEnd), "Q"),
        ((o.YearBegin, o.YearEnd), "Y"),
        (o.Hour, "H"),
    )
    for cls, kind in families:
        if isinstance(off, cls) and off.n == 1:
            return kind
    return ""


def season_length_for(freq: str) -> int:
    """Seasonal period of an alias: 7 for days, 52 for weeks, 12 for months, ..."""
    short = {"D": "D", "W": "W", "M": "M"}
    if freq.upper() in short:
        return SEASON_BY_KIND[freq.upper()]
    try:
        return SEASON_BY_KIND.get(kind_of(freq), 1)
    except ValueError:
        return 1


def _dates(df: pd.DataFrame) -> pd.DataFrame:
    return df[["unique_id", "ds"]].drop_duplicates().sort_values(["unique_id", "ds"])


def _longest_series_dates(d: pd.DataFrame) -> pd.DatetimeIndex:
    uid = d.groupby("unique_id").size().idxmax()
    return pd.DatetimeIndex(d.loc[d["unique_id"] == uid, "ds"])


def _monthly(ds: pd.Series) -> Frequency:
    if (ds.dt.day == 1).mean() >= 0.6:
        return Frequency("MS", "M")
    if ds.dt.is_month_end.mean() >= 0.6:
        return Frequency("ME", "M")
    day = int(ds.dt.day.mode().iloc[0])
    return Frequency("MS", "M", day_shift=day - 1) if day <= 28 else Frequency("ME", "M")


def _anchored(ds: pd.Series, kind: str) -> Frequency:
    """Quarterly or yearly: start- or end-anchored, and on which month."""
    starts = (ds.dt.day == 1).mean() >= 0.6
    month = int(ds.dt.month.mode().iloc[0])
    if kind == "Q":
        anchor = MONTHS[(month - 1) % 3] if starts else MONTHS[(month % 3 + 11) % 12]
        return Frequency(f"QS-{anchor}" if starts else f"QE-{anchor}", "Q")
    return Frequency(f"YS-{MONTHS[month - 1]}" if starts else f"YE-{MONTHS[month - 1]}", "Y")


def _closed_weekdays(ds: pd.Series) -> tuple[int, ...]:
    """Weekdays a daily file never has a row for, when it spans at least three weeks."""
    if ds.max() - ds.min() < pd.Timedelta(days=21):
        return ()
    present = set(ds.dt.dayofweek.unique())
    closed = tuple(d for d in range(7) if d not in present)
    return closed if len(closed) < 7 else ()


def infer_frequency(df: pd.DataFrame, max_series: int = 2000) -> Frequency:
    """The grid of ``df`` (``unique_id, ds``), pooled over (at most ``max_series``) series."""
    ids = df["unique_id"].drop_duplicates()
    if len(ids) > max_series:  # the grid shows in a sample; a large file need not be sorted
        df = df[df["unique_id"].isin(ids.sample(max_series, random_state=0))]
    d = _dates(df)
    ds = d["ds"]
    gaps = d.groupby("unique_id")["ds"].diff().dropna()
    if gaps.empty:
        raise FrequencyError(
            "cannot infer the frequency: no series has two dates; pass --freq (e.g. D, W-FRI, MS)"
        )
    # A low quantile, not the median: a sparse file (rows only when something sold) has
    # many multi-period gaps, but its shortest regular gap is still the period.
    step = gaps.quantile(0.1) / pd.Timedelta(days=1)
    if step < 0.99:
        alias = pd.infer_freq(_longest_series_dates(d)) if len(ds) >= 3 else None
        if alias is None:
            raise FrequencyError(
                "cannot infer a regular sub-daily frequency from the dates; pass --freq (e.g. h)"
            )
        return Frequency(alias, kind_of(alias))
    if step <= 1.5:
        return Frequency("D", "D", closed_weekdays=_closed_weekdays(ds))
    if 5 <= step <= 9:
        weekday = int(ds.dt.dayofweek.mode().iloc[0])
        return Frequency(f"W-{WEEKDAYS[weekday]}", "W")
    if 27 <= step <= 32:
        return _monthly(ds)
    if 85 <= step <= 95:
        return _anchored(ds, "Q")
    if 360 <= step <= 370:
        return _anchored(ds, "Y")
    alias = pd.infer_freq(_longest_series_dates(d)) if len(_longest_series_dates(d)) >= 3 else None
    if alias is None:
        raise FrequencyError(
            f"cannot infer the frequency (dates about {step:.0f} days apart, irregular); "
            "pass --freq (e.g. D, W-FRI, MS)"
        )
    return Frequency(alias, kind_of(alias))


def _n_gaps(df: pd.DataFrame) -> int:
    if df.empty:
        return 0
    d = _dates(df)
    return int(len(d) - d["unique_id"].nunique())


def resolve_frequency(freq: str | None, df: pd.DataFrame) -> Frequency:
    """A user's ``--freq`` (None: infer) as a :class:`Frequency`. An unanchored ``W`` or
    ``M`` takes its anchor from the data, so ``W`` on a Friday file means ``W-FRI``."""
    if freq is None or not str(freq).strip():
        return infer_frequency(df)
    f = str(freq).strip()
    if f.upper() in ("W", "M", "D"):
        try:
            found = infer_frequency(df) if _n_gaps(df) >= 10 else None
        except FrequencyError:
            found = None
        if found is not None and found.kind == f.upper():
            return found
        if found is not None:
            raise FrequencyError(
                f"--freq {f} does not match the file's dates, which are {found.describe()}: "
                f"omit --freq, or pass --aggregate to sum the rows per {f}"
            )
        if f.upper() == "D":
            return Frequency("D", "D")
        return Frequency("W-MON", "W") if f.upper() == "W" else Frequency("MS", "M")
    try:
        to_offset(f)
    except ValueError:
        raise FrequencyError(
            f"--freq {f!r} is not a pandas frequency; use e.g. D, W-FRI, W-SUN, MS, ME, QS"
        ) from None
    kind = kind_of(f)
    try:
        # Only a file with enough dates can contradict the user's choice.
        found = infer_frequency(df) if _n_gaps(df) >= 10 else None
    except FrequencyError:
        found = None
    if found is not None and found.kind != kind:
        raise FrequencyError(
            f"--freq {f} does not match the file's dates, which are {found.describe()}: "
            f"omit --freq, or pass --aggregate to sum the rows per {f}"
        )
    if kind == "D":
        return Frequency("D", "D", closed_weekdays=_closed_weekdays(_dates(df)["ds"]))
    if kind == "M" and f.upper() in ("M", "MS"):
        return Frequency("MS", "M")
    return Frequency(f, kind)


def to_model_dates(ds: pd.Series, freq: Frequency) -> pd.Series:
    """Dates as the models see them (monthly day-k dates moved to the month start)."""
    return ds - pd.Timedelta(days=freq.day_shift) if freq.day_shift else ds


def to_file_dates(ds: pd.Series, freq: Frequency) -> pd.Series:
    return ds + pd.Timedelta(days=freq.day_shift) if freq.day_shift else ds


def snap(ds: pd.Series, freq: Frequency) -> pd.Series:
    """Each model date moved onto the grid: the period it belongs to. End-anchored grids
    (W-FRI, ME, QE) roll forward to the period's end, start-anchored ones (MS, QS) back."""
    if freq.kind in ("D", "B", "") or freq.kind == "H":
        return ds.dt.floor(freq.alias) if freq.kind in ("H", "") else ds.dt.normalize()
    off = freq.offset
    day = ds.dt.normalize()
    start_anchored = freq.alias.upper().startswith(("MS", "QS", "YS", "BMS", "BQS", "BYS"))
    move = off.rollback if start_anchored else off.rollforward
    # Per distinct date, not per row: a long file has few dates and many rows.
    target = {}
    for d in pd.DatetimeIndex(day.unique()):
        target[d] = d if off.is_on_offset(d) else move(d)
    return pd.to_datetime(day.map(target))


def period_grid(
    starts: pd.Series,
    end: pd.Timestamp | None,
    freq: Frequency,
    *,
    periods: int | None = None,
    after: bool = False,
) -> pd.DataFrame:
    """``unique_id, ds``: each series' periods from its start (``starts``: dates on the
    grid, indexed by id) to ``end``, or ``periods`` of them (``after``: beginning with the
    period after the start). Built from one date range for the whole file, not one per
    series: a file can hold tens of thousands."""
    if starts.empty:
        return pd.DataFrame({"unique_id": pd.Series([], dtype=object), "ds": pd.to_datetime([])})
    off = freq.offset
    first = starts.min()
    if periods is None:
        dates = pd.date_range(first, end, freq=off)
    else:
        span = len(pd.date_range(first, starts.max(), freq=off))
        dates = pd.date_range(first, periods=span + periods + 1, freq=off)
    pos = dates.searchsorted(starts.to_numpy()) + (1 if after else 0)
    counts = np.full(len(pos), periods) if periods is not None else len(dates) - pos
    counts = np.maximum(counts, 0)
    step = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return pd.DataFrame(
        {
            "unique_id": np.repeat(starts.index.to_numpy(), counts),
            "ds": dates[np.repeat(pos, counts) + step],
        }
    )


@dataclass
class Regularized:
    history: pd.DataFrame
    notes: list[str]


def regularize(
    df: pd.DataFrame,
    freq: Frequency,
    *,
    fill: str = "zero",
    end: pd.Timestamp | None = None,
    flag_cols: tuple[str, ...] = (),
) -> Regularized:
    """One row per series and period from its first date to the common end, in model dates.

    Off-grid dates are moved to their period (and summed with it); missing periods are
    filled with 0 (``fill='zero'``: a missing row of a sales file is no sale) or left
    unknown (``'missing'``: NaN, treated like a stock-out). Every change is reported.
    """
    notes: list[str] = []
    h = df.copy()
    h["ds"] = to_model_dates(h["ds"], freq)
    snapped = snap(h["ds"], freq)
    moved = int((snapped != h["ds"]).sum())
    if moved:
        notes.append(
            f"{moved} row(s) dated off the {freq.alias} grid were moved to their period "
            f"(e.g. {h.loc[snapped != h['ds'], 'ds'].iloc[0].date()} -> "
            f"{snapped[snapped != h['ds']].iloc[0].date()})"
        )
        h["ds"] = snapped
        agg: dict[str, str] = {"y": "sum", **{c: "max" for c in flag_cols}}
        extra = [c for c in h.columns if c not in ("unique_id", "ds", *agg)]
        agg |= {c: "last" for c in extra}
        # min_count=1: a period whose only rows were empty stays empty, not 0.
        ysum = h.groupby(["unique_id", "ds"])["y"].sum(min_count=1)
        h = h.groupby(["unique_id", "ds"], as_index=False).agg(agg)
        h["y"] = ysum.to_numpy()
    end_ts = pd.Timestamp(end) if end is not None else h["ds"].max()
    starts = h.groupby("unique_id")["ds"].min()
    lasts = h.groupby("unique_id")["ds"].max()
    grid = period_grid(starts, end_ts, freq)
    out = grid.merge(h, on=["unique_id", "ds"], how="left", indicator=True)
    absent = out["_merge"].eq("left_only")
    out = out.drop(columns="_merge")
    closed = out["ds"].dt.dayofweek.isin(freq.closed_weekdays) if freq.closed_weekdays else None
    after_end = out["ds"] > out["unique_id"].map(lasts)
    inner = absent & ~after_end & (~closed if closed is not None else True)
    tail = absent & after_end & (~closed if closed is not None else True)
    if closed is not None:
        out.loc[absent & closed, "y"] = 0.0
        days = ", ".join(DAY_NAMES[d] for d in freq.closed_weekdays)
        notes.append(
            f"the file has no rows on {days}: read as closed, modelled as zero demand and "
            "left out of the forecast"
        )
    value = 0.0 if fill == "zero" else np.nan
    what = "0 (no row = no demand)" if fill == "zero" else "unknown (treated like a stock-out)"
    if inner.any():
        n_series = out.loc[inner, "unique_id"].nunique()
        notes.append(
            f"filled {int(inner.sum())} missing period(s) in {n_series} series with {what}"
            + ("; pass --fill missing to treat them as unknown" if fill == "zero" else "")
        )
    if tail.any():
        n_series = out.loc[tail, "unique_id"].nunique()
        notes.append(
            f"{n_series} series end before {end_ts.date()}: extended with {what} to it so "
            "every forecast starts after the file's last date"
        )
    out.loc[inner | tail, "y"] = value
    for c in flag_cols:
        # A flag is a property of the date (a holiday week), not of the series: fill a
        # missing row's flag from the other series on that date.
        by_date = out.groupby("ds")[c].transform("max")
        out[c] = out[c].fillna(by_date).fillna(0).astype(np.int8)
    out["y"] = out["y"].astype(float)
    return Regularized(out.reset_index(drop=True), notes)

"""Reading a user's demand file: checked, with one clear line for each way it can be wrong.

Real files come with other column names, numbers written as text, the same date twice,
or as raw transactions (one row per invoice line). Each of those gets an
:class:`~ordermind.forecasting.errors.InputError` naming the problem and the fix; a raw
transaction file can instead be summed per series and period with ``aggregate``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import InputError
from .exog import as_flag, flag_columns
from .frequency import Frequency, snap, to_file_dates, to_model_dates

ID_SEP = "|"
# Column names that mark a file of transactions rather than of demand per period.
_TRANSACTION_WORDS = ("invoice", "transaction", "receipt", "orderid", "orderno", "basket")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


@dataclass
class SeriesFile:
    """``history``: ``unique_id, ds, y`` plus flag columns, observed rows (file dates).
    ``future``: rows after the last observed date that carry flag values (or None)."""

    history: pd.DataFrame
    future: pd.DataFrame | None
    flags: list[str]
    notes: list[str] = field(default_factory=list)


def _read_table(p: Path) -> pd.DataFrame:
    """The file as a frame. CSV cells are read as text (ids such as ``00123`` keep their
    zeros; numbers and dates are parsed, and checked, column by column). A CSV separated
    by semicolons is taken to write decimals with a comma; ``attrs['decimal_comma']``."""
    suffix = p.suffix.lower()
    try:
        if suffix in {".parquet", ".pq"}:
            return pd.read_parquet(p)
        if suffix in {".xlsx", ".xls"}:
            return pd.read_excel(p)
        opts: dict = dict(dtype=str, low_memory=False)
        try:
            df = pd.read_csv(p, **opts)
        except UnicodeDecodeError:
            opts["encoding"] = "latin-1"
            df = pd.read_csv(p, **opts)
        if df.shape[1] == 1 and ";" in str(df.columns[0]):  # a European CSV
            df = pd.read_csv(p, sep=";", **opts)
            df.attrs["decimal_comma"] = True
        return df
    except pd.errors.EmptyDataError:
        raise InputError(
            f"{p.name} is empty: it needs a header and one row per series and date"
        ) from None
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"cannot read {p.name}: {first}") from None


def _find(df: pd.DataFrame, name: str) -> str | None:
    if name in df.columns:
        return name
    lower = {str(c).strip().lower(): c for c in df.columns}
    return lower.get(name.strip().lower())


def _looks_transactional(df: pd.DataFrame) -> bool:
    names = [re.sub(r"[^a-z]", "", str(c).lower()) for c in df.columns]
    return any(w in n for n in names for w in _TRANSACTION_WORDS)


def _missing_columns_error(p: Path, df: pd.DataFrame, missing: list[str], role: dict) -> str:
    have = ", ".join(str(c) for c in df.columns[:12]) + (" ..." if df.shape[1] > 12 else "")
    if _looks_transactional(df):
        return (
            f"{p.name} looks like a raw transaction file (columns {have}), not demand per "
            "series and period: aggregate it first, or name its columns and pass --aggregate "
            "with --freq, e.g. --id-col StockCode --time-col InvoiceDate --target-col "
            "Quantity --aggregate --freq W-FRI"
        )
    flags = " ".join(f"--{role[m]} COLUMN" for m in missing)
    cols = ", ".join(repr(m) for m in missing)
    return f"{p.name}: no column {cols} (the file has {have}); name them with {flags}"


_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}")


def _day_first(text: pd.Series) -> bool:
    """31/01/2024 or 31.01.2024: day first when a first field exceeds 12 and no second does."""
    parts = text.dropna().str.extract(_DMY).dropna().astype(int)
    return bool(len(parts)) and bool((parts[0] > 12).any()) and not bool((parts[1] > 12).any())


def _parse_dates(values: pd.Series, col: str) -> pd.Series:
    raw = values
    if pd.api.types.is_datetime64_any_dtype(raw):
        ds = raw
    else:
        text = raw.astype("string").str.strip()
        with warnings.catch_warnings():  # pandas' "could not infer format": we check below
            warnings.simplefilter("ignore")
            try:
                ds = pd.to_datetime(text, errors="coerce", dayfirst=_day_first(text))
            except (ValueError, TypeError):
                ds = pd.Series(pd.NaT, index=raw.index)
            bad = ds.isna() & text.notna() & (text != "")
            if bad.any():  # a file mixing formats (2024-01-05 and 05/01/2024): try each row
                ds = pd.to_datetime(
                    text, errors="coerce", format="mixed", dayfirst=_day_first(text)
                )
                bad = ds.isna() & text.notna() & (text != "")
        if bad.any():
            i = bad.idxmax()
            raise InputError(
                f"column {col!r}: {int(bad.sum())} value(s) are not dates (e.g. {text[i]!r} "
                f"on line {int(i) + 2}); write dates as YYYY-MM-DD"
            )
        if ds.isna().any():
            i = ds.isna().idxmax()
            raise InputError(
                f"column {col!r}: {int(ds.isna().sum())} empty date(s) (e.g. line {int(i) + 2}); "
                "every row needs a date"
            )
    if getattr(ds.dt, "tz", None) is not None:
        ds = ds.dt.tz_localize(None)
    return pd.to_datetime(ds)


def _parse_numbers(values: pd.Series, col: str, decimal_comma: bool = False) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        raise InputError(
            f"column {col!r} holds True/False, not quantities: choose the demand column"
        )
    if pd.api.types.is_numeric_dtype(values):
        return values.astype(float)
    text = values.astype("string").str.strip()
    if decimal_comma:  # 1.234,5 -> 1234.5
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    empty = text.isna() | (text == "")
    # "1,234" and "1,234.5" are numbers written with thousands separators.
    clean = text.where(~text.fillna("").str.match(_THOUSANDS), text.str.replace(",", ""))
    y = pd.to_numeric(clean.where(~empty), errors="coerce")
    bad = y.isna() & ~empty
    if bad.any():
        i = bad.idxmax()
        raise InputError(
            f"column {col!r}: {int(bad.sum())} value(s) are not numbers (e.g. {text[i]!r} on "
            f"line {int(i) + 2}); fix them, or leave the cell empty for an unknown value"
        )
    return y.astype(float)


def _join_ids(df: pd.DataFrame, cols: Sequence[str]) -> pd.Series:
    out = df[cols[0]].astype(str).str.strip()
    for c in cols[1:]:
        out = out + ID_SEP + df[c].astype(str).str.strip()
    return out


def _partial_ends(
    raw_ds: pd.Series, periods: pd.Series, freq: Frequency
) -> tuple[set[pd.Timestamp], list[str]]:
    """Periods at either end of the file that the data covers only in part (a file that
    starts on a Wednesday, or stops at 10:59 on a Sunday): summed, they would read as a
    drop in demand."""
    off = freq.offset
    drop: set[pd.Timestamp] = set()
    notes: list[str] = []
    first, last = periods.min(), periods.max()
    start_anchored = freq.alias.upper().startswith(("MS", "QS", "YS"))
    if freq.kind in ("D", "H", ""):
        # A day is partial when the file stops before its end (data up to 10:59).
        into_day = raw_ds.max() - raw_ds.max().normalize()
        if freq.kind == "D" and pd.Timedelta(0) < into_day < pd.Timedelta(hours=20):
            drop.add(last)
        return drop, notes
    first_day = first if start_anchored else first - off + pd.Timedelta(days=1)
    last_day = last + off - pd.Timedelta(days=1) if start_anchored else last
    if raw_ds.min().normalize() > first_day:
        drop.add(first)
    if raw_ds.max().normalize() < last_day:
        drop.add(last)
    return drop, notes


def aggregate_transactions(
    df: pd.DataFrame, freq: Frequency, flags: Sequence[str]
) -> tuple[pd.DataFrame, list[str]]:
    """Sum ``y`` per series and period of ``freq``; drop the file's partial first/last period."""
    model = to_model_dates(df["ds"], freq)
    periods = snap(model, freq)
    drop, notes = _partial_ends(model, periods, freq)
    frame = df.assign(ds=periods)
    agg = {"y": "sum", **{f: "max" for f in flags}}
    out = frame.groupby(["unique_id", "ds"], as_index=False).agg(agg)
    notes.append(
        f"--aggregate: summed {len(df)} rows into {len(out)} series-periods "
        f"({out['unique_id'].nunique()} series, {freq.alias})"
    )
    if (df["y"] < 0).any():
        notes.append(
            f"{int((df['y'] < 0).sum())} negative rows (returns, cancellations) were netted in"
        )
    if drop:
        out = out[~out["ds"].isin(drop)]
        shown = ", ".join(
            str(to_file_dates(pd.Series([d]), freq).iloc[0].date()) for d in sorted(drop)
        )
        notes.append(f"dropped the partial period(s) at the file's ends: {shown}")
    out["ds"] = to_file_dates(out["ds"], freq)
    return out.reset_index(drop=True), notes


def read_series_file(
    path: str | Path,
    *,
    id_cols: Sequence[str] = ("unique_id",),
    time_col: str = "ds",
    target_col: str = "y",
    aggregate: Frequency | None = None,
) -> SeriesFile:
    """Read and check a long-format file; rename to ``unique_id, ds, y`` (+ flag columns)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    df = _read_table(p)
    if df.empty:
        raise InputError(f"{p.name} has a header but no rows")
    role = {time_col: "time-col", target_col: "target-col", **{c: "id-col" for c in id_cols}}
    found = {name: _find(df, name) for name in (*id_cols, time_col, target_col)}
    missing = [n for n, c in found.items() if c is None]
    if missing:
        raise InputError(_missing_columns_error(p, df, missing, role))
    ids = [str(found[c]) for c in id_cols]
    t, y = str(found[time_col]), str(found[target_col])
    out = pd.DataFrame(
        {
            "unique_id": _join_ids(df, ids),
            "ds": _parse_dates(df[t], t),
            "y": _parse_numbers(df[y], y, bool(df.attrs.get("decimal_comma"))),
        }
    )
    rest = df.drop(columns=[*ids, t, y])
    flags = flag_columns(rest, exclude=())
    for f in flags:
        out[f] = as_flag(rest[f])
    notes: list[str] = []
    if flags:
        notes.append(f"flag column(s) used as known events: {', '.join(flags)}")
    if aggregate is not None:
        out = out.dropna(subset=["y"])
        out, agg_notes = aggregate_transactions(out, aggregate, flags)
        notes += agg_notes
    else:
        _check_one_row_per_period(p, out, transactional=_looks_transactional(df))
    observed = out["y"].notna()
    if not observed.any():
        raise InputError(f"column {y!r} has no values: nothing to forecast from")
    last = out.loc[observed, "ds"].max()
    beyond = out["ds"] > last
    future = None
    if beyond.any():
        if flags:
            future = out.loc[beyond, ["unique_id", "ds", *flags]].reset_index(drop=True)
            notes.append(
                f"{int(beyond.sum())} row(s) after {last.date()} with no {y!r}: read as "
                "the future values of the flag columns"
            )
        else:
            notes.append(f"{int(beyond.sum())} row(s) after {last.date()} with no {y!r} ignored")
    hist = out.loc[~beyond].sort_values(["unique_id", "ds"]).reset_index(drop=True)
    return SeriesFile(hist, future, flags, notes)


def _check_one_row_per_period(p: Path, df: pd.DataFrame, *, transactional: bool) -> None:
    dup = df.duplicated(["unique_id", "ds"], keep=False)
    timed = (df["ds"] != df["ds"].dt.normalize()).mean()
    if dup.any():
        share = float(dup.mean())
        row = df[dup].iloc[0]
        if share > 0.2 or timed > 0.5 or transactional:
            raise InputError(
                f"{p.name} looks like a raw transaction file ({int(dup.sum())} rows share a "
                "series and timestamp): sum it to one row per series and period first, or "
                "pass --aggregate with --freq (e.g. --aggregate --freq W-FRI)"
            )
        raise InputError(
            f"{p.name}: {int(dup.sum())} rows repeat a series and date (e.g. {row['unique_id']} "
            f"on {row['ds']:%Y-%m-%d}); keep one row per series and date, or pass --aggregate "
            "to sum them"
        )
    if timed > 0.5:
        # Distinct timestamps at all times of day: orders, not demand per period.
        sizes = df.groupby("unique_id").size()
        longest = pd.DatetimeIndex(df.loc[df["unique_id"] == sizes.idxmax(), "ds"]).sort_values()
        if len(longest) < 3 or pd.infer_freq(longest) is None:
            raise InputError(
                f"{p.name} looks like a raw transaction file (timestamps at irregular times of "
                "day): sum it per series and period first, or pass --aggregate with --freq "
                "(e.g. --aggregate --freq D)"
            )

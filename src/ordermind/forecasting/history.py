"""Demand history: order lines -> long format ``unique_id, ds, y``, with censoring.

Everything here is pure pandas; the services layer reads the store and hands DataFrames in.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

# Levels of the hierarchy a planner asks for; each maps to the columns joined into unique_id.
LEVELS: dict[str, tuple[str, ...]] = {
    "sku_node": ("sku", "node"),
    "sku": ("sku",),
    "category": ("category",),
    "channel": ("channel",),
    "sku_channel": ("sku", "channel"),
}
ID_SEP = "|"


def _unique_id(df: pd.DataFrame, cols: Sequence[str]) -> pd.Series:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"demand lines lack column(s) {missing} needed for this level")
    out = df[cols[0]].astype(str)
    for c in cols[1:]:
        out = out + ID_SEP + df[c].astype(str)
    return out


def _daily(df: pd.DataFrame, cols: Sequence[str], freq: str, qty: str = "quantity") -> pd.DataFrame:
    ds = pd.to_datetime(df["ts"], utc=True).dt.tz_localize(None)
    period = ds.dt.to_period(freq).dt.start_time if freq != "D" else ds.dt.normalize()
    frame = pd.DataFrame({"unique_id": _unique_id(df, cols), "ds": period, "y": df[qty]})
    return frame.groupby(["unique_id", "ds"], as_index=False)["y"].sum()


def build_history(
    lines: pd.DataFrame,
    *,
    level: str = "sku_node",
    freq: str = "D",
    cancellations: pd.DataFrame | None = None,
    returns: pd.DataFrame | None = None,
    net_returns: bool = False,
    stockouts: pd.DataFrame | None = None,
    end: pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """Aggregate order-line demand to ``unique_id, ds, y`` at one level of the hierarchy.

    ``lines``: one row per ordered line, columns ``sku, node, ts, quantity`` (plus ``category``
    / ``channel`` for those levels). ``cancellations``: same columns, quantity cancelled before
    shipment; it is subtracted because a cancelled order never became demand we had to serve.
    ``returns``: returned quantity; demand *did* happen, so returns are ignored unless
    ``net_returns`` (e.g. when forecasting net sales for finance). Negative quantities inside
    ``lines`` (credit notes) are dropped: they are not demand.
    Series start at their first sale and are filled with zeros up to ``end`` (default: last
    date seen). ``stockouts`` (``unique_id, ds``) marks days without stock; their ``y`` is set
    to NaN (censored) so models never read them as zero demand — call :func:`impute_censored`
    before fitting.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; choose one of {sorted(LEVELS)}")
    cols = LEVELS[level]
    pos = lines[lines["quantity"] > 0]
    parts = [_daily(pos, cols, freq)]
    if cancellations is not None and len(cancellations):
        c = _daily(cancellations.assign(quantity=cancellations["quantity"].abs()), cols, freq)
        parts.append(c.assign(y=-c["y"]))
    if net_returns and returns is not None and len(returns):
        r = _daily(returns.assign(quantity=returns["quantity"].abs()), cols, freq)
        parts.append(r.assign(y=-r["y"]))
    agg = pd.concat(parts).groupby(["unique_id", "ds"], as_index=False)["y"].sum()
    # A cancellation can land on a later day than its order; never let it make demand negative.
    agg["y"] = agg["y"].clip(lower=0)
    # Series start at their first sale: a stray cancellation before it is not history.
    first = parts[0].groupby("unique_id")["ds"].min()
    agg = agg[agg["unique_id"].isin(first.index)]
    agg = agg[agg["ds"] >= agg["unique_id"].map(first)]
    hist = fill_gaps(agg, freq=freq, end=end)
    if stockouts is not None and len(stockouts):
        hist = mark_censored(hist, stockouts)
    return hist


def fill_gaps(
    df: pd.DataFrame,
    *,
    freq: str = "D",
    end: pd.Timestamp | str | None = None,
) -> pd.DataFrame:
    """Give every series one row per period from its first sale to ``end``; missing = 0."""
    if df.empty:
        return df[["unique_id", "ds", "y"]].copy()
    end_ts = pd.Timestamp(end) if end is not None else df["ds"].max()
    starts = df.groupby("unique_id")["ds"].min()
    offset = _offset(freq)
    frames = [
        pd.DataFrame({"unique_id": uid, "ds": pd.date_range(start, end_ts, freq=offset)})
        for uid, start in starts.items()
    ]
    grid = pd.concat(frames, ignore_index=True)
    out = grid.merge(df[["unique_id", "ds", "y"]], on=["unique_id", "ds"], how="left")
    out["y"] = out["y"].fillna(0.0).astype(float)
    return out


def _offset(freq: str) -> str:
    # Period starts for W/M so that file data dated at period start and order data agree.
    return {"D": "D", "W": "W-MON", "M": "MS"}.get(freq, freq)


def mark_censored(hist: pd.DataFrame, stockouts: pd.DataFrame) -> pd.DataFrame:
    """Set ``y`` to NaN on (unique_id, ds) rows flagged out of stock."""
    flags = stockouts[["unique_id", "ds"]].assign(_oos=True)
    flags["ds"] = pd.to_datetime(flags["ds"])
    out = hist.merge(flags.drop_duplicates(["unique_id", "ds"]), on=["unique_id", "ds"], how="left")
    out.loc[out["_oos"].eq(True), "y"] = np.nan
    return out.drop(columns="_oos")


def impute_censored(hist: pd.DataFrame, season_length: int = 7, window: int = 4) -> pd.DataFrame:
    """Replace censored (NaN) demand by what the series sells when it has stock.

    Each censored value becomes the mean of the uncensored values at the same season position
    over the surrounding ``window`` seasons (both sides: this is the past, we know it), falling
    back to the series' uncensored mean. The ``censored`` column keeps the flag for audit.
    """
    out = hist.sort_values(["unique_id", "ds"]).reset_index(drop=True)
    out["censored"] = out["y"].isna()
    if not out["censored"].any():
        return out
    pos = out.groupby("unique_id").cumcount() % max(season_length, 1)
    span = 2 * window + 1

    def fill(g: pd.Series) -> pd.Series:
        return g.rolling(span, center=True, min_periods=1).mean()

    same_pos = out.groupby([out["unique_id"], pos])["y"].transform(fill)
    series_mean = out.groupby("unique_id")["y"].transform("mean")
    out["y"] = out["y"].fillna(same_pos).fillna(series_mean).fillna(0.0)
    return out


def read_long(
    path: str | Path, *, id_col: str = "unique_id", time_col: str = "ds", target_col: str = "y"
) -> pd.DataFrame:
    """Read any long-format CSV or parquet file into ``unique_id, ds, y`` (extra columns kept,
    e.g. ``price``/``promo`` exogenous features)."""
    p = Path(path)
    df = pd.read_parquet(p) if p.suffix.lower() in {".parquet", ".pq"} else pd.read_csv(p)
    missing = [c for c in (id_col, time_col, target_col) if c not in df.columns]
    if missing:
        raise ValueError(
            f"{p.name}: missing column(s) {missing}; need {id_col}, {time_col}, {target_col}"
        )
    from .inputs import _parse_dates, _parse_numbers

    df = df.rename(columns={id_col: "unique_id", time_col: "ds", target_col: "y"})
    df["unique_id"] = df["unique_id"].astype(str)
    # Checked, not coerced: text in the demand column is an error, not a stock-out.
    df["ds"] = _parse_dates(df["ds"], time_col)
    df["y"] = _parse_numbers(df["y"], target_col)
    return df.sort_values(["unique_id", "ds"]).reset_index(drop=True)

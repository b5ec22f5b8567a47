"""Held-out accuracy and interval coverage on real weekly retail demand (weeks ending Friday)."""

from pathlib import Path

import pandas as pd
import pytest

from ordermind.forecasting.forecaster import forecast
from ordermind.forecasting.frequency import resolve_frequency
from ordermind.forecasting.inputs import aggregate_transactions, read_series_file
from ordermind.importers.online_retail import sales_lines

RETAIL = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "online-retail"
RETAIL = RETAIL / "online_retail.parquet"
H = 4


@pytest.fixture(scope="module")
def weekly():
    if not RETAIL.exists():
        pytest.skip(f"shared data absent: {RETAIL}")
    lines = sales_lines(RETAIL)
    week = resolve_frequency("W-FRI", pd.DataFrame({"unique_id": [], "ds": []}))
    out, _ = aggregate_transactions(lines, week, [])
    top = out.groupby("unique_id")["y"].sum().nlargest(300).index
    return out[out["unique_id"].isin(top)]


def test_weekly_online_retail_keeps_fridays_and_its_80pct_intervals_cover_the_holdout(weekly):
    cut = weekly["ds"].max() - pd.Timedelta(weeks=H)
    train, test = weekly[weekly["ds"] <= cut], weekly[weekly["ds"] > cut]
    res = forecast(train, H, freq=None)
    fc = res.forecasts
    assert res.frequency.alias == "W-FRI"
    assert (fc["ds"].dt.dayofweek == 4).all()
    assert set(fc["ds"]) == set(test["ds"])  # the forecast weeks are the held-out weeks
    assert (fc["yhat_hi_80"] > fc["yhat_lo_80"]).all()
    f = fc.merge(test, on=["unique_id", "ds"], how="left").fillna({"y": 0.0})
    coverage = float(((f["y"] >= f["yhat_lo_80"]) & (f["y"] <= f["yhat_hi_80"])).mean())
    print(f"80% coverage on {fc['unique_id'].nunique()} SKUs x {H} weeks: {coverage:.3f}")
    assert 0.6 <= coverage <= 0.95
    # And the point forecast beats the naive one (last training week) on absolute error.
    last = train.sort_values("ds").groupby("unique_id")["y"].last()
    naive_err = (f["y"] - f["unique_id"].map(last).fillna(0)).abs().mean()
    assert (f["y"] - f["yhat"]).abs().mean() < naive_err


def test_the_raw_file_read_with_aggregate_is_weekly_on_fridays_without_partial_weeks():
    if not RETAIL.exists():
        pytest.skip(f"shared data absent: {RETAIL}")
    week = resolve_frequency("W-FRI", pd.DataFrame({"unique_id": [], "ds": []}))
    f = read_series_file(
        RETAIL, id_cols=("StockCode",), time_col="InvoiceDate", target_col="Quantity",
        aggregate=week,
    )  # fmt: skip
    ds = f.history["ds"]
    assert (ds.dt.dayofweek == 4).all()
    # The file runs Wed 2010-12-01 .. Sun 2011-06-26: both end weeks are partial, dropped.
    assert ds.min() == pd.Timestamp("2010-12-10") and ds.max() == pd.Timestamp("2011-06-24")
    assert any("partial" in n for n in f.notes)

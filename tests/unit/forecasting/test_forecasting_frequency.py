"""Frequency and anchor are read from the data and kept in the output dates."""

import numpy as np
import pandas as pd
import pytest

from ordermind.forecasting.errors import InputError
from ordermind.forecasting.forecaster import forecast
from ordermind.forecasting.frequency import infer_frequency, resolve_frequency

FAST = ("SeasonalNaive", "ADIDA", "WindowAverage", "TSB")
WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]


def _panel(dates, n_series=3, seed=0, level=50.0):
    rng = np.random.default_rng(seed)
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "unique_id": f"s{i}",
                    "ds": dates,
                    "y": rng.poisson(level * (i + 1), len(dates)).astype(float),
                }
            )
            for i in range(n_series)
        ],
        ignore_index=True,
    )


def _assert_intervals_open(fc):
    assert (fc["yhat_hi_80"] > fc["yhat_lo_80"]).all()
    assert (fc["yhat_hi_95"] >= fc["yhat_hi_80"]).all()
    assert (fc["yhat_lo_95"] <= fc["yhat_lo_80"]).all()


@pytest.mark.parametrize("weekday", range(7))
def test_a_weekly_file_is_forecast_on_the_weekday_its_weeks_end(weekday):
    anchor = f"W-{WEEKDAYS[weekday]}"
    hist = _panel(pd.date_range("2022-01-03", periods=70, freq=anchor), seed=weekday)
    res = forecast(hist, 6, freq=None, models=FAST)
    assert res.frequency is not None and res.frequency.alias == anchor
    fc = res.forecasts
    assert (fc["ds"].dt.dayofweek == weekday).all()
    for _, g in fc.groupby("unique_id"):
        assert g["ds"].iloc[0] == hist["ds"].max() + pd.Timedelta(weeks=1)
        assert (g["ds"].diff().dropna() == pd.Timedelta(weeks=1)).all()
    assert len(fc) == 3 * 6 and fc["yhat"].notna().all()
    _assert_intervals_open(fc)


def test_an_unanchored_w_takes_the_anchor_of_the_data():
    hist = _panel(pd.date_range("2023-01-06", periods=30, freq="W-FRI"))
    assert resolve_frequency("W", hist).alias == "W-FRI"
    res = forecast(hist, 4, freq="W", models=FAST)
    assert (res.forecasts["ds"].dt.day_name() == "Friday").all()


def test_a_daily_file_without_sunday_rows_is_forecast_for_open_days_only():
    days = pd.date_range("2024-01-01", periods=91, freq="D")
    days = days[days.dayofweek != 6]
    hist = _panel(days)
    res = forecast(hist, 12, freq=None, models=FAST)
    assert res.frequency.closed_weekdays == (6,)
    fc = res.forecasts
    assert not (fc["ds"].dt.dayofweek == 6).any()
    assert fc.groupby("unique_id").size().eq(12).all()
    first = fc.groupby("unique_id")["ds"].min()
    assert (first == days.max() + pd.Timedelta(days=2)).all()  # the file ends on a Saturday
    assert any("no rows on Sunday" in n for n in res.notes)
    _assert_intervals_open(fc)


def test_a_daily_file_with_zero_sundays_forecasts_nothing_on_sunday():
    days = pd.date_range("2024-01-01", periods=98, freq="D")
    hist = _panel(days)
    hist.loc[hist["ds"].dt.dayofweek == 6, "y"] = 0.0
    res = forecast(hist, 14, freq=None, models=FAST)
    fc = res.forecasts
    assert len(fc) == 3 * 14
    assert (fc.loc[fc["ds"].dt.dayofweek == 6, "yhat"] == 0).all()
    assert (fc.loc[fc["ds"].dt.dayofweek != 6, "yhat"] > 0).all()


@pytest.mark.parametrize(
    ("alias", "check"),
    [
        ("MS", lambda ds: (ds.dt.day == 1).all()),
        ("ME", lambda ds: ds.dt.is_month_end.all()),
    ],
)
def test_monthly_files_keep_month_starts_or_month_ends(alias, check):
    hist = _panel(pd.date_range("2019-01-01", periods=40, freq=alias), level=200)
    res = forecast(hist, 6, freq=None, models=FAST)
    assert res.frequency.alias == alias
    fc = res.forecasts
    assert check(fc["ds"]) and fc.groupby("unique_id").size().eq(6).all()
    months = fc.groupby("unique_id")["ds"].apply(lambda s: s.dt.to_period("M").diff().iloc[1:])
    assert all(d.n == 1 for d in months)
    _assert_intervals_open(fc)


def test_monthly_dates_on_the_15th_stay_on_the_15th():
    dates = pd.date_range("2020-01-01", periods=36, freq="MS") + pd.Timedelta(days=14)
    res = forecast(_panel(dates), 3, freq=None, models=FAST)
    assert (res.forecasts["ds"].dt.day == 15).all()
    assert res.forecasts["ds"].min() == pd.Timestamp("2023-01-15")


def test_missing_weeks_are_filled_with_zero_and_reported():
    dates = pd.date_range("2023-01-06", periods=40, freq="W-FRI")
    hist = _panel(dates)
    gappy = hist.drop(index=hist.index[(hist["unique_id"] == "s1") & hist.index.isin([45, 46, 50])])
    res = forecast(gappy, 4, freq=None, models=FAST)
    assert res.frequency.alias == "W-FRI"
    assert any("filled 3 missing period(s) in 1 series with 0" in n for n in res.notes)
    assert res.forecasts["yhat"].notna().all()


def test_a_sparse_weekly_file_with_rows_only_for_sales_is_still_weekly():
    rng = np.random.default_rng(4)
    dates = pd.date_range("2023-01-02", periods=80, freq="W-TUE")
    hist = _panel(dates, n_series=4)
    hist = hist[rng.random(len(hist)) < 0.45]  # most weeks missing
    assert infer_frequency(hist).alias == "W-TUE"


def test_a_date_off_the_weekly_grid_is_moved_to_its_week():
    dates = pd.date_range("2023-01-06", periods=30, freq="W-FRI")
    hist = _panel(dates, n_series=1)
    hist.loc[10, "ds"] -= pd.Timedelta(days=1)  # a Thursday: the shop counted early
    res = forecast(hist, 2, freq=None, models=FAST)
    assert res.frequency.alias == "W-FRI"
    assert any("moved to their period" in n for n in res.notes)
    assert (res.forecasts["ds"].dt.dayofweek == 4).all()


def test_a_freq_that_contradicts_the_dates_is_refused_with_the_fix():
    hist = _panel(pd.date_range("2023-01-06", periods=30, freq="W-FRI"))
    with pytest.raises(InputError, match="aggregate"):
        resolve_frequency("D", hist)
    with pytest.raises(InputError, match="not a pandas frequency"):
        resolve_frequency("fortnightly", hist)


@pytest.mark.parametrize(
    ("dates", "alias", "closed"),
    [
        (pd.bdate_range("2024-01-01", periods=60), "D", (5, 6)),  # weekdays only
        (pd.date_range("2015-01-01", periods=20, freq="QS"), "QS-JAN", ()),
        (pd.date_range("2015-03-31", periods=20, freq="QE"), "QE-DEC", ()),
        (pd.date_range("2000-01-01", periods=12, freq="YS"), "YS-JAN", ()),
        (pd.date_range("2024-03-01", periods=200, freq="h"), "h", ()),
    ],
)
def test_other_grids_are_recognised(dates, alias, closed):
    got = infer_frequency(_panel(dates, n_series=2))
    assert got.alias == alias and got.closed_weekdays == closed


def test_an_hourly_file_is_forecast_by_the_hour():
    hist = _panel(pd.date_range("2024-03-01", periods=24 * 21, freq="h"), n_series=2)
    res = forecast(hist, 24, freq=None, models=FAST)
    fc = res.forecasts
    assert fc["ds"].min() == hist["ds"].max() + pd.Timedelta(hours=1)
    assert (
        fc.groupby("unique_id")["ds"]
        .apply(lambda s: s.diff().dropna().eq(pd.Timedelta(hours=1)).all())
        .all()
    )

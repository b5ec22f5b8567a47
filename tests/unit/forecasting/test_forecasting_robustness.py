"""Short, constant and failing series; flags; intervals that are never zero-width."""

import warnings

import numpy as np
import pandas as pd
import pytest

from ordermind.forecasting.forecaster import forecast

FAST = ("SeasonalNaive", "ADIDA", "WindowAverage", "TSB")


def _weekly(n_weeks=60, n_series=3, seed=0, start="2022-01-07"):
    rng = np.random.default_rng(seed)
    ds = pd.date_range(start, periods=n_weeks, freq="W-FRI")
    return pd.concat(
        [
            pd.DataFrame(
                {"unique_id": f"s{i}", "ds": ds, "y": rng.poisson(40 + 20 * i, n_weeks) * 1.0}
            )
            for i in range(n_series)
        ],
        ignore_index=True,
    )


def _open(fc):
    return bool((fc["yhat_hi_80"] > fc["yhat_lo_80"]).all()) and bool(
        (fc["yhat_hi_95"] > fc["yhat_lo_95"]).all()
    )


def test_short_series_are_forecast_without_a_single_warning_escaping():
    hist = _weekly()
    short = [
        pd.DataFrame({"unique_id": f"new{k}", "ds": hist["ds"].iloc[-k:], "y": 3.0 * k})
        for k in (1, 2, 3, 5)
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = forecast(pd.concat([hist, *short]), 4, freq=None, models=(*FAST, "LightGBM"))
    assert caught == []
    fc = res.forecasts
    assert fc["unique_id"].nunique() == 7 and fc["yhat"].notna().all()
    assert _open(fc)
    assert sum("library warning" in n for n in res.notes) <= 1  # reported once, not spammed


def test_a_model_that_fails_for_one_series_is_replaced_there_by_the_next_best(monkeypatch):
    from statsforecast.models import ADIDA

    original = ADIDA.forecast

    def breaks_on_the_big_series(self, **kwargs):  # statsforecast passes keywords only
        if kwargs["y"].mean() > 70:  # only series s2
            raise RuntimeError("optimiser did not converge")
        return original(self, **kwargs)

    monkeypatch.setattr(ADIDA, "forecast", breaks_on_the_big_series)
    hist = _weekly()
    res = forecast(hist, 4, freq=None, models=("ADIDA", "SeasonalNaive", "WindowAverage"))
    sel = res.selection.set_index("unique_id")
    assert "ADIDA" not in sel.loc["s2", "model"]
    fc = res.forecasts
    s2 = fc[fc["unique_id"] == "s2"]
    assert s2["yhat"].notna().all() and _open(s2)
    assert any("ADIDA for 1" in n for n in res.notes), res.notes
    # The other series keep ADIDA where the backtest liked it; nobody is marked without cause.
    others = fc[fc["unique_id"] != "s2"]
    assert not others["model"].str.contains("fallback").any()


def test_a_chosen_model_that_fails_hands_its_series_over_and_says_so(monkeypatch):
    """Every model but the seasonal naive produces nothing for s0 in the final fit (after a
    backtest in which they all worked): s0 is served by the seasonal naive, marked."""
    import ordermind.forecasting.forecaster as fcmod

    hist = _weekly()
    real = fcmod.candidate_forecasts

    def final_fit_fails_for_s0(train, *args, **kwargs):
        run = real(train, *args, **kwargs)
        if train["ds"].max() == hist["ds"].max():  # the final fit, not a backtest window
            f = run.forecasts
            broken = [c for c in f.columns if c not in ("unique_id", "ds", "SeasonalNaive")]
            f.loc[f["unique_id"] == "s0", broken] = np.nan
        return run

    monkeypatch.setattr(fcmod, "candidate_forecasts", final_fit_fails_for_s0)
    res = forecast(hist, 4, freq=None, models=FAST)
    sel = res.selection.set_index("unique_id")
    assert sel.loc["s0", "chosen"] != "SeasonalNaive"  # so a replacement was needed
    s0 = res.forecasts[res.forecasts["unique_id"] == "s0"]
    assert (s0["model"] == "SeasonalNaive (fallback)").all()
    assert s0["yhat"].notna().all() and _open(s0)
    assert any("failed for 1 series" in n and "next-best" in n for n in res.notes), res.notes


@pytest.mark.parametrize("value", [0.0, 7.0, 1234.5])
def test_a_constant_series_gets_a_minimum_interval_and_a_note(value):
    hist = _weekly(n_series=1)
    flat = pd.DataFrame({"unique_id": "flat", "ds": hist["ds"], "y": value})
    res = forecast(pd.concat([hist, flat]), 4, freq=None, models=FAST)
    f = res.forecasts[res.forecasts["unique_id"] == "flat"]
    assert (f["yhat"] == value).all()
    assert _open(f)
    half = f["yhat_hi_80"] - f["yhat"]
    assert (half >= max(1.0, 0.1 * value) - 1e-9).all()
    assert (f["yhat_lo_80"] >= 0).all()
    assert any("minimum width" in n for n in res.notes)
    sel = res.selection.set_index("unique_id")
    assert "minimum width" in sel.loc["flat", "interval"]


def test_a_series_with_a_single_row_still_gets_an_open_interval():
    one = pd.DataFrame(
        {
            "unique_id": ["a", "b", "b"],
            "ds": pd.to_datetime(["2024-03-01", "2024-02-02", "2024-03-01"]),
            "y": [5.0, 2.0, 4.0],
        }
    )
    res = forecast(one, 3, freq="W-FRI", models=FAST)
    assert res.forecasts.groupby("unique_id").size().eq(3).all()
    assert _open(res.forecasts)


def test_every_fallback_path_yields_open_intervals():
    """The whole population of awkward series in one file: each row's interval is open."""
    rng = np.random.default_rng(9)
    hist = _weekly(n_weeks=40, n_series=2)
    ds = hist["ds"].drop_duplicates()
    weird = [
        pd.DataFrame({"unique_id": "zeros", "ds": ds, "y": 0.0}),
        pd.DataFrame({"unique_id": "rare", "ds": ds, "y": (rng.random(len(ds)) < 0.05) * 3.0}),
        pd.DataFrame({"unique_id": "tiny", "ds": ds.iloc[-2:], "y": [1.0, 1.0]}),
        pd.DataFrame({"unique_id": "frac", "ds": ds, "y": 0.25}),
    ]
    res = forecast(pd.concat([hist, *weird]), 6, freq=None, models=(*FAST, "LightGBM"))
    assert res.forecasts["unique_id"].nunique() == 6
    assert _open(res.forecasts)


def _holiday_file(future_rows: bool):
    ds = pd.date_range("2021-01-01", periods=104, freq="W-FRI")
    hol = ds.isin(ds[ds.month == 12][-2:].append(ds[ds.month == 12][:2])) | (
        (ds.month == 11) & (ds.day >= 22) & (ds.day <= 28)
    )
    rng = np.random.default_rng(2)
    rows = []
    for i in range(4):
        y = rng.poisson(100, len(ds)) * np.where(hol, 2.0, 1.0)
        rows.append(pd.DataFrame({"unique_id": f"d{i}", "ds": ds, "y": y, "is_holiday": hol}))
    hist = pd.concat(rows, ignore_index=True)
    fut_ds = pd.date_range(ds[-1] + pd.Timedelta(weeks=1), periods=6, freq="W-FRI")
    future = pd.DataFrame(
        {
            "unique_id": np.repeat([f"d{i}" for i in range(4)], 6),
            "ds": np.tile(fut_ds, 4),
            "is_holiday": np.tile([0, 0, 1, 0, 0, 0], 4),
        }
    )
    return hist, (future if future_rows else None), fut_ds


def test_holiday_flags_given_for_the_horizon_lift_those_weeks():
    hist, future, fut_ds = _holiday_file(True)
    res = forecast(hist, 6, freq=None, models=FAST, future_exog=future)
    fc = res.forecasts
    on = fc["ds"] == fut_ds[2]
    assert fc.loc[on, "yhat"].mean() > 1.5 * fc.loc[~on, "yhat"].mean()
    assert any("'is_holiday': the file" in n for n in res.notes)


def test_holiday_flags_come_from_the_country_calendar_when_the_file_has_no_future():
    hist, _, _ = _holiday_file(False)
    res = forecast(hist, 8, freq=None, models=FAST, country="US")
    assert any("US public holiday calendar" in n for n in res.notes)
    fc = res.forecasts  # the horizon: New Year, MLK day, Presidents' day weeks
    assert fc["ds"].min() == pd.Timestamp("2022-12-30")
    assert (fc["yhat"] > 0).all()


def test_without_future_flags_or_a_country_the_flag_is_assumed_zero_and_said():
    hist, _, _ = _holiday_file(False)
    res = forecast(hist, 4, freq=None, models=FAST)
    assert any("assumed 0" in n and "--country" in n for n in res.notes)


def test_a_country_gives_a_file_without_holiday_column_its_public_holidays():
    import holidays

    ds = pd.date_range("2021-01-01", periods=110, freq="W-FRI")
    us = pd.DatetimeIndex(sorted(holidays.US(years=range(2020, 2024))))
    hol = np.array([((us > d - pd.Timedelta(days=7)) & (us <= d)).any() for d in ds])
    rng = np.random.default_rng(8)
    hist = pd.concat(
        [
            pd.DataFrame(
                {"unique_id": f"s{i}", "ds": ds, "y": rng.poisson(80, 110) * np.where(hol, 1.8, 1)}
            )
            for i in range(3)
        ]
    )
    res = forecast(hist, 10, freq=None, models=FAST, country="US")
    assert any("public holidays of US" in n for n in res.notes)
    fc = res.forecasts.groupby("ds")["yhat"].mean()
    holiday_week = pd.Timestamp("2023-02-24")  # Presidents' Day is Monday 2023-02-20
    assert holiday_week in fc.index
    assert fc[holiday_week] > 1.4 * fc.drop(holiday_week).median()


def test_a_horizon_longer_than_any_backtest_uses_in_sample_residuals_and_stays_open():
    hist = _weekly(n_weeks=20)
    res = forecast(hist, 30, freq=None, models=FAST)  # no window of 30 fits in 20 weeks
    assert res.backtest.empty
    assert set(res.selection["interval"]) == {"in-sample residuals"}
    assert _open(res.forecasts) and res.forecasts.groupby("unique_id").size().eq(30).all()


def test_a_series_no_model_can_forecast_gets_its_recent_mean_with_an_open_interval(monkeypatch):
    import ordermind.forecasting.forecaster as fcmod

    hist = _weekly()
    real = fcmod.candidate_forecasts

    def nothing_for_s1(train, *args, **kwargs):
        run = real(train, *args, **kwargs)
        f = run.forecasts
        f.loc[f["unique_id"] == "s1", [c for c in f.columns if c not in ("unique_id", "ds")]] = (
            np.nan
        )
        return run

    monkeypatch.setattr(fcmod, "candidate_forecasts", nothing_for_s1)
    res = forecast(hist, 4, freq=None, models=FAST)
    s1 = res.forecasts[res.forecasts["unique_id"] == "s1"]
    assert (s1["model"] == "RecentMean").all()
    recent = hist[hist["unique_id"] == "s1"]["y"].tail(8).mean()
    assert np.allclose(s1["yhat"], recent) and _open(s1)
    assert any("recent mean" in n for n in res.notes)

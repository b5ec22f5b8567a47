import numpy as np
import pandas as pd
import pytest

from ordermind.forecasting.forecaster import OUT_COLUMNS, forecast
from ordermind.forecasting.models import INTERMITTENT

STATS = ("SeasonalNaive", "ADIDA", "IMAPA", "TSB", "CrostonOptimized", "WindowAverage")


def _seasonal(n_series=3, days=140):
    ds = pd.date_range("2024-01-01", periods=days, freq="D")
    pattern = np.array([10, 12, 14, 13, 11, 3, 1], dtype=float)
    return pd.concat(
        [
            pd.DataFrame({"unique_id": f"s{i}", "ds": ds, "y": pattern[ds.dayofweek] * (i + 1)})
            for i in range(n_series)
        ],
        ignore_index=True,
    )


def test_seasonal_series_is_forecast_almost_exactly():
    hist = _seasonal()
    res = forecast(hist, 14, freq="D", models=(*STATS, "LightGBM"))
    fut = pd.date_range(hist["ds"].max() + pd.Timedelta(days=1), periods=14, freq="D")
    pattern = np.array([10, 12, 14, 13, 11, 3, 1], dtype=float)
    for i in range(3):
        got = res.forecasts[res.forecasts["unique_id"] == f"s{i}"]
        truth = pattern[fut.dayofweek] * (i + 1)
        assert np.abs(got["yhat"].to_numpy() - truth).max() < 0.01 * truth.mean()
    assert list(res.forecasts.columns) == OUT_COLUMNS
    f = res.forecasts
    assert (f["yhat_lo_95"] <= f["yhat_lo_80"]).all() and (f["yhat_lo_80"] <= f["yhat"]).all()
    assert (f["yhat"] <= f["yhat_hi_80"]).all() and (f["yhat_hi_80"] <= f["yhat_hi_95"]).all()


def test_intermittent_series_pick_an_intermittent_model():
    rng = np.random.default_rng(7)
    ds = pd.date_range("2024-01-01", periods=150, freq="D")
    frames = []
    for i in range(6):
        y = (rng.random(len(ds)) < 0.12) * rng.poisson(6, len(ds))
        frames.append(pd.DataFrame({"unique_id": f"i{i}", "ds": ds, "y": y.astype(float)}))
    res = forecast(
        pd.concat(frames), 28, freq="D", models=("SeasonalNaive", "AutoETS", *sorted(INTERMITTENT))
    )
    for label in res.selection["model"]:
        names = label.removeprefix("Ensemble(").rstrip(")").split("+")
        assert names and set(n for n in names if n != "season") <= INTERMITTENT | {"AutoETS"}
        assert any(n in INTERMITTENT for n in names), label
    assert res.selection["backtest_rmsse"].notna().all()


def test_censoring_keeps_stockout_days_from_dragging_the_forecast_down():
    ds = pd.date_range("2024-01-01", periods=84, freq="D")
    hist = pd.DataFrame({"unique_id": "A", "ds": ds, "y": 10.0})
    hist.loc[56:69, "y"] = 0.0  # two weeks with an empty shelf, sold nothing
    naive = forecast(hist, 7, models=STATS)
    censored = hist.copy()
    censored.loc[56:69, "y"] = np.nan
    fixed = forecast(censored, 7, models=STATS)
    assert fixed.forecasts["yhat"].mean() == pytest.approx(10.0, rel=0.02)
    assert naive.forecasts["yhat"].mean() < 9.5


def test_a_failing_model_is_reported_and_the_others_still_forecast(monkeypatch):
    import ordermind.forecasting.gbm as gbm

    def boom(*a, **k):
        raise RuntimeError("no trees today")

    monkeypatch.setattr(gbm, "lgbm_forecast", boom)
    res = forecast(_seasonal(1, 60), 7, models=("SeasonalNaive", "ADIDA", "LightGBM"))
    assert "LightGBM" in res.failed
    assert res.forecasts["yhat"].notna().all()
    assert not res.forecasts["model"].str.contains("LightGBM").any()


def test_a_series_too_short_for_two_seasons_is_forecast_without_the_season():
    hist = _seasonal(1, 70)
    short = pd.DataFrame(
        {
            "unique_id": "new",
            "ds": pd.date_range(hist["ds"].max() - pd.Timedelta(days=9), periods=10, freq="D"),
            "y": 5.0,
        }
    )
    res = forecast(pd.concat([hist, short]), 7, models=STATS)
    row = res.selection.set_index("unique_id").loc["new"]
    assert row["model"] == "SeasonalNaive"
    new = res.forecasts[res.forecasts["unique_id"] == "new"]
    assert new["yhat"].notna().all() and (new["yhat"] == 5.0).all()
    assert (new["yhat_hi_80"] > new["yhat_lo_80"]).all()  # constant, yet not zero-width
    assert any("fewer than 14 periods" in n for n in res.notes)

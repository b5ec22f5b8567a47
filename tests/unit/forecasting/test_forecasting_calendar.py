import numpy as np
import pandas as pd

from ordermind.forecasting.metrics import naive_scales, weighted_rmsse
from ordermind.forecasting.models import candidate_forecasts, closed_weekdays


def _shop_closed_on_saturdays(days=112, seed=3):
    rng = np.random.default_rng(seed)
    ds = pd.date_range("2024-01-01", periods=days, freq="D")
    frames = []
    for i in range(4):
        y = rng.poisson(5 + i, size=days).astype(float)
        y[ds.dayofweek == 5] = 0.0
        frames.append(pd.DataFrame({"unique_id": f"s{i}", "ds": ds, "y": y}))
    return pd.concat(frames, ignore_index=True)


def test_a_weekday_with_no_sales_anywhere_is_read_as_closed():
    hist = _shop_closed_on_saturdays()
    assert closed_weekdays(hist) == [5]
    # One sale on one Saturday means the shop does trade then.
    first_sat = hist.index[(hist["ds"].dt.dayofweek == 5)][-1]
    hist.loc[first_sat, "y"] = 1.0
    assert closed_weekdays(hist) == []


def test_flat_forecasts_keep_the_weekly_total_but_put_nothing_on_closed_days():
    hist = _shop_closed_on_saturdays()
    run = candidate_forecasts(hist, 14, freq="D", models=("SeasonalNaive", "WindowAverage"))
    fc = run.forecasts
    sat = fc["ds"].dt.dayofweek == 5
    assert (fc.loc[sat, ["SeasonalNaive", "WindowAverage"]] == 0).all().all()
    # WindowAverage(28) over the last four weeks, spread over the six open days.
    for uid, g in fc.groupby("unique_id"):
        tail = hist[hist["unique_id"] == uid].tail(28)["y"]
        assert np.allclose(g["WindowAverage"].sum(), tail.mean() * 14)


def test_weighted_rmsse_counts_the_heavy_series_more():
    ds = pd.date_range("2024-01-01", periods=10, freq="D")
    train = pd.DataFrame(
        {"unique_id": ["a"] * 10 + ["b"] * 10, "ds": list(ds) * 2, "y": [0, 2] * 5 + [0, 2] * 5}
    )
    scales = naive_scales(train)
    test = pd.DataFrame({"unique_id": ["a", "b"], "y": [1.0, 1.0], "f": [1.0, 3.0]})
    assert weighted_rmsse(test, "f", scales, pd.Series({"a": 1.0, "b": 0.0})) == 0.0
    both = weighted_rmsse(test, "f", scales, pd.Series({"a": 1.0, "b": 1.0}))
    heavy_b = weighted_rmsse(test, "f", scales, pd.Series({"a": 1.0, "b": 3.0}))
    assert 0 < both < heavy_b

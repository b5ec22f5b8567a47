import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from ordermind.entrypoints.forecasting import app

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
RETAIL = SHARED / "online-retail" / "online_retail.parquet"


def _weekly_file(tmp_path):
    """Store x department weekly sales: a yearly cycle plus noise, 3 years."""
    rng = np.random.default_rng(1)
    ds = pd.date_range("2021-01-04", periods=156, freq="W-MON")
    rows = []
    for store in (1, 2):
        for dept in (10, 20):
            base = 100 * store + dept
            y = base * (1 + 0.3 * np.sin(2 * np.pi * np.arange(156) / 52)) + rng.normal(0, 5, 156)
            rows.append(pd.DataFrame({"unique_id": f"{store}_{dept}", "ds": ds, "y": y}))
    p = tmp_path / "weekly.csv"
    pd.concat(rows).to_csv(p, index=False)
    return p


def test_run_writes_the_documented_columns_for_a_weekly_file(tmp_path):
    out = tmp_path / "fc.csv"
    res = CliRunner().invoke(
        app,
        [
            "run",
            "--data",
            str(_weekly_file(tmp_path)),
            "--h",
            "8",
            "--freq",
            "W",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    fc = pd.read_csv(out)
    assert list(fc.columns) == [
        "unique_id",
        "ds",
        "yhat",
        "yhat_lo_80",
        "yhat_hi_80",
        "yhat_lo_95",
        "yhat_hi_95",
        "model",
    ]
    assert len(fc) == 4 * 8 and fc["yhat"].notna().all()
    # The yearly cycle (season 52 from --freq W) is in the forecast: it tracks the truth.
    t = np.arange(156, 164)
    truth = 110 * (1 + 0.3 * np.sin(2 * np.pi * t / 52))
    got = fc[fc["unique_id"] == "1_10"]["yhat"].to_numpy()
    assert np.abs(got - truth).mean() < 0.1 * truth.mean()


def test_evaluate_prints_a_json_table_with_seasonal_naive_and_ordermind(tmp_path):
    res = CliRunner().invoke(
        app,
        [
            "evaluate",
            "--data",
            str(_weekly_file(tmp_path)),
            "--h",
            "8",
            "--freq",
            "W",
            "--season-length",
            "52",
            "--models",
            "SeasonalNaive,ADIDA,WindowAverage",
        ],
    )
    assert res.exit_code == 0, res.output
    table = json.loads(res.output)
    assert {"SeasonalNaive", "ADIDA", "ordermind"} <= set(table)
    for row in table.values():
        assert {"mae", "rmsse", "mase", "wape", "bias", "coverage"} <= set(row)
    assert table["SeasonalNaive"]["rmsse_vs_seasonal_naive"] == 1.0


def test_bad_arguments_get_a_clear_error(tmp_path):
    p = _weekly_file(tmp_path)
    for freq in ("Q", "XYZ"):
        res = CliRunner().invoke(
            app,
            ["run", "--data", str(p), "--h", "4", "--freq", freq, "--out", str(tmp_path / "x.csv")],
        )
        assert res.exit_code != 0 and "freq" in res.output
    res = CliRunner().invoke(app, ["evaluate", "--data", str(p), "--h", "4", "--models", "Prophet"])
    assert res.exit_code != 0 and "unknown model" in res.output


def test_dask_engine_gives_the_same_forecast_as_local(tmp_path):
    pytest.importorskip("dask.distributed")
    p = _weekly_file(tmp_path)
    args = ["--data", str(p), "--h", "4", "--freq", "W", "--models", "SeasonalNaive,ADIDA"]
    local, dask = tmp_path / "l.csv", tmp_path / "d.csv"
    assert CliRunner().invoke(app, ["run", *args, "--out", str(local)]).exit_code == 0
    res = CliRunner().invoke(
        app, ["run", *args, "--out", str(dask), "--engine", "dask", "--workers", "1"]
    )
    assert res.exit_code == 0, res.output
    a = pd.read_csv(local).sort_values(["unique_id", "ds"]).reset_index(drop=True)
    b = pd.read_csv(dask).sort_values(["unique_id", "ds"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-6)


def test_real_online_retail_skus_are_forecast_with_a_recorded_model_and_error():
    if not RETAIL.exists():
        pytest.skip(f"shared data absent: {RETAIL}")
    from ordermind.forecasting.forecaster import forecast
    from ordermind.forecasting.history import build_history

    raw = pd.read_parquet(RETAIL)
    lines = pd.DataFrame(
        {
            "sku": raw["StockCode"].astype(str),
            "quantity": raw["Quantity"],
            "ts": pd.to_datetime(raw["InvoiceDate"], format="%m/%d/%y %H:%M"),
        }
    )
    cancelled = raw["InvoiceNo"].astype(str).str.startswith("C")
    hist = build_history(lines[~cancelled], cancellations=lines[cancelled], level="sku")
    top = hist.groupby("unique_id")["y"].sum().nlargest(20).index
    res = forecast(
        hist[hist["unique_id"].isin(top)],
        14,
        freq="D",
        models=("SeasonalNaive", "ADIDA", "TSB", "LightGBM"),
    )
    assert res.forecasts["unique_id"].nunique() == 20
    assert (res.forecasts["yhat"] >= 0).all()
    assert res.selection["model"].notna().all()
    assert res.selection["backtest_rmsse"].between(0, 10).all()


def test_awkward_series_leave_nothing_on_the_terminal_but_notes_and_one_summary(tmp_path):
    """Short, constant, negative and gappy series through the installed command: every line
    on stderr is a note (said once), stdout is the one summary line."""
    import subprocess
    import sys

    rng = np.random.default_rng(3)
    ds = pd.date_range("2022-01-07", periods=40, freq="W-FRI")
    frames = [
        pd.DataFrame({"unique_id": "normal", "ds": ds, "y": rng.poisson(30, 40) * 1.0}),
        pd.DataFrame({"unique_id": "returns", "ds": ds, "y": rng.normal(5, 20, 40)}),
        pd.DataFrame({"unique_id": "flat", "ds": ds, "y": 4.0}),
        pd.DataFrame({"unique_id": "new", "ds": ds[-3:], "y": [2.0, 5.0, 3.0]}),
        pd.DataFrame({"unique_id": "gappy", "ds": ds[::3], "y": 9.0}),
    ]
    p = tmp_path / "awkward.csv"
    pd.concat(frames).to_csv(p, index=False)
    root = Path(__file__).resolve().parents[3]
    proc = subprocess.run(
        [sys.executable, "-m", "ordermind.entrypoints.cli", "forecast", "run", "--data", str(p),
         "--h", "4", "--out", str(tmp_path / "o.csv")],
        capture_output=True, text=True, env={"PYTHONPATH": str(root / "src"), "PATH": "/usr/bin"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    errs = proc.stderr.strip().splitlines()
    assert errs and all(line.startswith("note: ") for line in errs), proc.stderr
    assert len(errs) == len(set(errs))
    assert proc.stdout.strip().count("\n") == 0 and proc.stdout.startswith("wrote 20 rows")
    fc = pd.read_csv(tmp_path / "o.csv")
    assert (fc["yhat_hi_80"] > fc["yhat_lo_80"]).all()


def test_a_walmart_style_pair_of_files_uses_the_future_holiday_flags(tmp_path):
    """train.csv: Store, Dept, Date (Fridays), Weekly_Sales, IsHoliday as TRUE/FALSE;
    test.csv: the same without sales, for the weeks to forecast."""
    rng = np.random.default_rng(5)
    ds = pd.date_range("2021-02-05", periods=120, freq="W-FRI")
    hol = (ds.month == 11) & (ds.day >= 23) & (ds.day <= 29)  # Thanksgiving weeks
    rows = []
    for store, dept in ((1, 1), (1, 2), (2, 1)):
        y = rng.normal(20000, 1500, len(ds)) * np.where(hol, 1.6, 1.0)
        rows.append(
            pd.DataFrame(
                {"Store": store, "Dept": dept, "Date": ds, "Weekly_Sales": y.round(2),
                 "IsHoliday": np.where(hol, "TRUE", "FALSE")}
            )
        )  # fmt: skip
    train = tmp_path / "train.csv"
    pd.concat(rows).to_csv(train, index=False, date_format="%Y-%m-%d")
    fut = pd.date_range(ds[-1] + pd.Timedelta(weeks=1), periods=8, freq="W-FRI")
    flagged = fut[3]  # an event week announced in test.csv
    test = pd.DataFrame(
        [(s, d, f, "TRUE" if f == flagged else "FALSE")
         for s, d in ((1, 1), (1, 2), (2, 1)) for f in fut],
        columns=["Store", "Dept", "Date", "IsHoliday"],
    )  # fmt: skip
    future = tmp_path / "test.csv"
    test.to_csv(future, index=False, date_format="%Y-%m-%d")
    out = tmp_path / "fc.csv"
    res = CliRunner().invoke(
        app,
        ["run", "--data", str(train), "--future", str(future), "--id-col", "Store,Dept",
         "--time-col", "Date", "--target-col", "Weekly_Sales", "--h", "8", "--out", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "future values of 'IsHoliday': the file" in res.output
    fc = pd.read_csv(out, parse_dates=["ds"])
    assert (fc["ds"].dt.dayofweek == 4).all() and set(fc["ds"]) == set(fut)
    on = fc["ds"] == flagged
    assert fc.loc[on, "yhat"].mean() > 1.3 * fc.loc[~on, "yhat"].mean()


def test_the_example_file_in_the_readme_forecasts_its_six_future_fridays(tmp_path):
    example = Path(__file__).resolve().parents[3] / "examples" / "forecast" / "weekly_friday.csv"
    out = tmp_path / "forecast.csv"
    res = CliRunner().invoke(
        app,
        ["run", "--data", str(example), "--id-col", "store,dept", "--time-col", "week_ending",
         "--target-col", "sales", "--h", "6", "--out", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "future values of 'is_holiday': the file" in res.output
    fc = pd.read_csv(out, parse_dates=["ds"])
    assert fc["unique_id"].nunique() == 5 and (fc["ds"].dt.dayofweek == 4).all()
    assert fc["ds"].min() == pd.Timestamp("2024-11-22")
    assert (fc["yhat_hi_80"] > fc["yhat_lo_80"]).all()
    # Thanksgiving week (flagged in the file's future rows) sells more than the week before.
    g = fc[fc["unique_id"] == "1|grocery"].set_index("ds")["yhat"]
    assert g[pd.Timestamp("2024-11-29")] > 1.2 * g[pd.Timestamp("2024-11-22")]

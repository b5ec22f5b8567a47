"""Every kind of bad file gets one line naming the problem and the fix, never a traceback."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from ordermind.entrypoints.forecasting import app

ROOT = Path(__file__).resolve().parents[3]
RETAIL = ROOT / ".." / "shared" / "data" / "online-retail" / "online_retail.parquet"


def _good(tmp_path, **extra):
    ds = pd.date_range("2023-01-06", periods=30, freq="W-FRI")
    df = pd.DataFrame({"unique_id": "A", "ds": ds.strftime("%Y-%m-%d"), "y": np.arange(30.0)})
    for k, v in extra.items():
        df[k] = v
    return df


def _write(tmp_path, df, name="in.csv"):
    p = tmp_path / name
    df.to_csv(p, index=False)
    return p


def _run(*args):
    return CliRunner().invoke(app, ["run", *map(str, args)])


def _one_line_error(res, *words):
    assert res.exit_code != 0, res.output
    text = res.output.strip()
    assert (
        "Traceback" not in text and res.exception is None or isinstance(res.exception, SystemExit)
    )
    lines = [line for line in text.splitlines() if not line.startswith("note:")]
    assert len(lines) == 1, text
    assert lines[0].startswith("error: ")
    for w in words:
        assert w.lower() in lines[0].lower(), lines[0]
    return lines[0]


def test_a_missing_column_names_what_the_file_has_and_the_option_to_use(tmp_path):
    df = _good(tmp_path).rename(columns={"y": "Weekly_Sales", "ds": "Date"})
    res = _run("--data", _write(tmp_path, df), "--out", tmp_path / "o.csv", "--h", 4)
    line = _one_line_error(res, "Weekly_Sales", "--target-col", "--time-col")
    assert "'y'" in line and "'ds'" in line


def test_renamed_columns_are_read_with_the_options(tmp_path):
    df = _good(tmp_path).rename(columns={"unique_id": "Store", "y": "Weekly_Sales"})
    df["Dept"] = 7
    p = _write(tmp_path, df)
    out = tmp_path / "o.csv"
    res = _run(
        "--data", p, "--out", out, "--h", 3, "--id-col", "Store,Dept",
        "--target-col", "weekly_sales",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    fc = pd.read_csv(out, parse_dates=["ds"])
    assert set(fc["unique_id"]) == {"A|7"} and (fc["ds"].dt.dayofweek == 4).all()


def test_text_in_the_demand_column_is_named_with_its_line(tmp_path):
    df = _good(tmp_path).astype({"y": object})
    df.loc[4, "y"] = "n/a (closed)"
    res = _run("--data", _write(tmp_path, df), "--out", tmp_path / "o.csv", "--h", 4)
    _one_line_error(res, "not numbers", "n/a (closed)", "line 6")


def test_thousands_separators_are_numbers_not_errors(tmp_path):
    df = _good(tmp_path).astype({"y": object})
    df.loc[4, "y"] = "1,234"
    out = tmp_path / "o.csv"
    res = _run("--data", _write(tmp_path, df), "--out", out, "--h", 2)
    assert res.exit_code == 0, res.output


def test_dates_that_are_not_dates_are_named(tmp_path):
    df = _good(tmp_path)
    df.loc[3, "ds"] = "week 4"
    res = _run("--data", _write(tmp_path, df), "--out", tmp_path / "o.csv", "--h", 4)
    _one_line_error(res, "not dates", "week 4")


def test_a_duplicated_date_is_named_with_the_fix(tmp_path):
    df = _good(tmp_path)
    df = pd.concat([df, df.iloc[[5]]])
    res = _run("--data", _write(tmp_path, df), "--out", tmp_path / "o.csv", "--h", 4)
    _one_line_error(res, "repeat a series and date", "A on 2023-02-10", "--aggregate")


def _transactions(n=400, seed=0):
    rng = np.random.default_rng(seed)
    ts = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 60 * 24 * 90, n), "min")
    return pd.DataFrame(
        {
            "InvoiceNo": rng.integers(500000, 600000, n),
            "StockCode": rng.choice(["85123A", "22423", "47566"], n),
            "Quantity": rng.integers(1, 12, n),
            "InvoiceDate": ts.strftime("%m/%d/%y %H:%M"),
        }
    )


def test_a_raw_transaction_file_is_told_to_aggregate(tmp_path):
    p = _write(tmp_path, _transactions())
    res = _run("--data", p, "--out", tmp_path / "o.csv", "--h", 4)
    _one_line_error(res, "raw transaction file", "--aggregate")
    # Named columns but still one row per invoice line: the same advice.
    res = _run(
        "--data", p, "--out", tmp_path / "o.csv", "--h", 4, "--id-col", "StockCode",
        "--time-col", "InvoiceDate", "--target-col", "Quantity",
    )  # fmt: skip
    _one_line_error(res, "transaction", "--aggregate")


def test_a_transaction_file_is_summed_per_week_with_aggregate(tmp_path):
    p = _write(tmp_path, _transactions(3000))
    out = tmp_path / "o.csv"
    res = _run(
        "--data", p, "--out", out, "--h", 3, "--id-col", "StockCode", "--time-col",
        "InvoiceDate", "--target-col", "Quantity", "--aggregate", "--freq", "W-FRI",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "--aggregate: summed 3000 rows" in res.output
    fc = pd.read_csv(out, parse_dates=["ds"])
    assert (fc["ds"].dt.dayofweek == 4).all() and fc["unique_id"].nunique() == 3


def test_the_real_online_retail_file_is_recognised_as_transactions(tmp_path):
    if not RETAIL.exists():
        pytest.skip(f"shared data absent: {RETAIL}")
    res = _run("--data", RETAIL, "--out", tmp_path / "o.csv", "--h", 4)
    _one_line_error(res, "raw transaction file", "InvoiceNo", "--aggregate")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--freq", "fortnightly"], ["not a pandas frequency"]),
        (["--freq", "MS"], ["does not match", "weekly"]),
        (["--models", "Prophet"], ["unknown model"]),
        (["--fill", "guess"], ["--fill"]),
        (["--country", "XX"], ["--country", "ISO"]),
    ],
)
def test_bad_options_get_one_line(tmp_path, args, words):
    df = _good(tmp_path, is_holiday=0)
    res = _run("--data", _write(tmp_path, df), "--out", tmp_path / "o.csv", "--h", 4, *args)
    _one_line_error(res, *words)


def test_a_missing_or_empty_file_gets_one_line(tmp_path):
    _one_line_error(_run("--data", tmp_path / "nope.csv", "--out", tmp_path / "o.csv"), "no such")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    _one_line_error(_run("--data", empty, "--out", tmp_path / "o.csv"), "empty")
    header = tmp_path / "header.csv"
    header.write_text("unique_id,ds,y\n")
    _one_line_error(_run("--data", header, "--out", tmp_path / "o.csv"), "no rows")


def test_the_installed_command_prints_one_line_and_no_traceback(tmp_path):
    df = _good(tmp_path).rename(columns={"y": "sales"})
    p = _write(tmp_path, df)
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-m", "ordermind.entrypoints.cli", "forecast", "run", "--data", str(p)]
    proc = subprocess.run(
        [*cmd, "--out", str(tmp_path / "o.csv")], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stderr.strip().count("\n") == 0 and proc.stderr.startswith("error: ")
    assert "--target-col" in proc.stderr


def test_european_files_day_first_dates_and_semicolons_are_read(tmp_path):
    ds = pd.date_range("2023-01-06", periods=30, freq="W-FRI")
    p = tmp_path / "eu.csv"
    lines = ["artikel;datum;menge"] + [f"A;{d:%d.%m.%Y};{10 + i % 3},5" for i, d in enumerate(ds)]
    p.write_text("\n".join(lines) + "\n")
    out = tmp_path / "o.csv"
    res = _run(
        "--data", p, "--out", out, "--h", 2, "--id-col", "artikel", "--time-col", "datum",
        "--target-col", "menge",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    fc = pd.read_csv(out, parse_dates=["ds"])
    assert list(fc["ds"]) == [pd.Timestamp("2023-08-04"), pd.Timestamp("2023-08-11")]
    assert fc["yhat"].between(10, 13).all()


def test_ids_with_leading_zeros_keep_them(tmp_path):
    df = _good(tmp_path)
    df["unique_id"] = "00123"
    out = tmp_path / "o.csv"
    assert _run("--data", _write(tmp_path, df), "--out", out, "--h", 2).exit_code == 0
    assert set(pd.read_csv(out, dtype={"unique_id": str})["unique_id"]) == {"00123"}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["run", "--h", "0"], ["--h must be at least 1"]),
        (["run", "--n-windows", "-2"], ["--n-windows"]),
        (["run", "--h", "four"], ["whole number", "four"]),
        (["evaluate"], ["--data is required"]),
        (["evaluate", "--data", "x.csv"], ["--h is required"]),
    ],
)
def test_bad_numbers_and_missing_options_get_one_line(tmp_path, args, words):
    p = _write(tmp_path, _good(tmp_path))
    full = [*args, "--data", str(p)] if args[0] == "run" else args
    if args[0] == "run":
        full += ["--out", str(tmp_path / "o.csv")]
    _one_line_error(CliRunner().invoke(app, full), *words)

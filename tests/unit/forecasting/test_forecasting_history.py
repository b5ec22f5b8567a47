import numpy as np
import pandas as pd
import pytest

from ordermind.forecasting.history import (
    build_history,
    impute_censored,
    mark_censored,
    read_long,
)


def _lines(rows):
    return pd.DataFrame(rows, columns=["sku", "node", "ts", "quantity"])


def test_order_lines_are_summed_per_sku_node_and_day_with_zero_filled_gaps():
    lines = _lines(
        [
            ("A", "N1", "2024-01-01 09:00", 2),
            ("A", "N1", "2024-01-01 17:00", 3),
            ("A", "N1", "2024-01-04 10:00", 1),
            ("A", "N2", "2024-01-02 10:00", 4),
        ]
    )
    h = build_history(lines)
    a = h[h["unique_id"] == "A|N1"].set_index("ds")["y"]
    assert a.tolist() == [5, 0, 0, 1]
    # N2 starts at its first sale, not at the first date of the file.
    assert h[h["unique_id"] == "A|N2"]["ds"].min() == pd.Timestamp("2024-01-02")


def test_cancellations_are_subtracted_and_returns_ignored_unless_netted():
    lines = _lines(
        [("A", "N1", "2024-01-01", 10), ("A", "N1", "2024-01-02", 5), ("A", "N1", "2024-01-02", -3)]
    )  # a credit note is not demand
    canc = _lines([("A", "N1", "2024-01-01", 4)])
    rets = _lines([("A", "N1", "2024-01-02", 2)])
    gross = build_history(lines, cancellations=canc, returns=rets)
    assert gross["y"].tolist() == [6, 5]
    net = build_history(lines, cancellations=canc, returns=rets, net_returns=True)
    assert net["y"].tolist() == [6, 3]


def test_a_late_cancellation_never_makes_demand_negative():
    lines = _lines([("A", "N1", "2024-01-01", 2)])
    canc = _lines([("A", "N1", "2024-01-01", 5)])
    assert build_history(lines, cancellations=canc)["y"].min() == 0


def test_higher_levels_aggregate_across_nodes_and_need_their_column():
    lines = _lines([("A", "N1", "2024-01-01", 2), ("A", "N2", "2024-01-01", 3)])
    assert build_history(lines, level="sku")["y"].tolist() == [5]
    with pytest.raises(ValueError, match="category"):
        build_history(lines, level="category")


def test_stockout_days_are_censored_not_zero_and_imputed_from_same_weekday():
    ds = pd.date_range("2024-01-01", periods=28, freq="D")
    hist = pd.DataFrame({"unique_id": "A", "ds": ds, "y": 10.0 + (ds.dayofweek == 0) * 20})
    hist.loc[[7, 8], "y"] = 0.0  # the shelf was empty on a Monday and a Tuesday
    oos = pd.DataFrame({"unique_id": "A", "ds": ds[[7, 8]]})
    marked = mark_censored(hist, oos)
    assert marked["y"].isna().sum() == 2
    filled = impute_censored(marked, 7)
    assert filled.loc[7, "y"] == pytest.approx(30.0)
    assert filled.loc[8, "y"] == pytest.approx(10.0)
    assert filled["censored"].sum() == 2


def test_any_long_format_file_is_read_with_renamed_columns(tmp_path):
    p = tmp_path / "w.csv"
    pd.DataFrame(
        {"store": ["1", "1"], "week": ["2024-01-01", "2024-01-08"], "sales": [3, np.nan]}
    ).to_csv(p, index=False)
    df = read_long(p, id_col="store", time_col="week", target_col="sales")
    assert list(df.columns[:3]) == ["unique_id", "ds", "y"]
    assert df["ds"].dt.year.tolist() == [2024, 2024]
    with pytest.raises(ValueError, match="missing"):
        read_long(p)

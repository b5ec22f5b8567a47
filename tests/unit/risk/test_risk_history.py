import math

import pandas as pd
import pytest

from ordermind.risk.history import parse_times, resolve_mapping
from ordermind.risk.registry import facts_to_rows, frame_facts
from ordermind.risk.rules import quantity_norms


def purchases() -> pd.DataFrame:
    # Rows deliberately out of time order; two share a device, one of them at the same minute.
    return pd.DataFrame(
        {
            "user_id": [3, 1, 2, 4],
            "signup_time": ["1/1/15 10:00", "1/1/15 9:00", "1/1/15 9:59", "1/2/15 8:00"],
            "purchase_time": ["1/1/15 10:00", "1/1/15 9:30", "1/1/15 10:00", "1/3/15 8:00"],
            "purchase_value": [20, 35, 50, 12],
            "device_id": ["D1", "D1", "D1", "D2"],
            "source": ["SEO", "Ads", "SEO", "Direct"],
            "age": [30, 41, 22, 55],
            "class": [1, 0, 1, 0],
        }
    )


def test_the_fraud_history_schema_maps_without_configuration():
    mapping = resolve_mapping(list(purchases().columns), "class")
    assert mapping == {
        "placed_at": "purchase_time",
        "customer_created_at": "signup_time",
        "customer_id": "user_id",
        "device_id": "device_id",
        "total_value_major": "purchase_value",
    }
    facts = frame_facts(purchases(), "class")
    assert facts[0].total_value == 2000 and facts[0].customer_id == "3"
    assert facts[0].attributes == {"source": "SEO", "age": 30.0}
    assert facts[0].account_age_seconds() == 0


def test_velocity_features_only_see_earlier_purchases():
    rows = facts_to_rows(frame_facts(purchases(), "class"))
    # 09:30 is the device's first purchase; the two 10:00 purchases see only 09:30, not
    # each other, whatever their row order.
    assert rows[1]["device_24h"] == 0
    assert rows[0]["device_24h"] == 1 and rows[2]["device_24h"] == 1
    assert rows[3]["device_24h"] == 0 and rows[3]["device_30d"] == 0
    assert math.isnan(rows[0]["ip_24h"])  # no IP column: unknown, not zero


def test_explicit_mapping_overrides_and_unknown_columns_are_errors():
    frame = purchases().rename(columns={"purchase_time": "ts"})
    with pytest.raises(ValueError, match="purchase time"):
        resolve_mapping(list(frame.columns), "class")
    assert resolve_mapping(list(frame.columns), "class", {"placed_at": "ts"})["placed_at"] == "ts"
    with pytest.raises(ValueError, match="nope"):
        resolve_mapping(list(frame.columns), "class", {"placed_at": "nope"})


def test_times_parse_in_iso_and_us_short_form():
    iso = parse_times(pd.Series(["2026-05-04T12:00:00Z", "2026-05-04T13:30:00+02:00"]))
    assert list(iso.dt.hour) == [12, 11]
    assert parse_times(pd.Series(["2/24/15 22:55"])).iloc[0] == pd.Timestamp("2015-02-24 22:55")


def test_quantity_norms_need_enough_history_per_sku():
    lines = [("A", q) for q in (1, 1, 2, 2, 3, 1, 2, 1, 1, 20)] + [("B", 50)]
    assert quantity_norms(lines) == {"A": 3.0}  # the one outlier of 20 does not set the norm

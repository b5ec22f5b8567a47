"""The UCI Online Retail transactions (a UK gift retailer's invoice lines, 2010-2011) as
sales lines: one row per line sold, cancellations (invoice numbers starting with C) and
returns (negative quantities) left out. Used to test and benchmark forecasting on a real
transaction file (`../shared/data/online-retail/`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def sales_lines(path: str | Path) -> pd.DataFrame:
    """`unique_id` (the stock code), `ds` (the invoice time), `y` (units sold)."""
    raw = pd.read_parquet(path)
    sold = ~raw["InvoiceNo"].astype(str).str.startswith("C") & (raw["Quantity"] > 0)
    return pd.DataFrame(
        {
            "unique_id": raw.loc[sold, "StockCode"].astype(str),
            "ds": pd.to_datetime(raw.loc[sold, "InvoiceDate"], format="%m/%d/%y %H:%M"),
            "y": raw.loc[sold, "Quantity"].astype(float),
        }
    )

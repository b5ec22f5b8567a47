"""Olist imported as closed history: KPIs equal an independent pandas calculation, and a
second import changes nothing. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.history_writer import write_history
from ordermind.adapters.db.kpi_facts import SqlKpiFacts
from ordermind.importers.olist import read_olist
from ordermind.kpis.report import kpi_report

OLIST = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "olist"


@pytest.fixture
def imported(database_url: str):
    if not (OLIST / "orders.csv").exists():
        pytest.skip(f"shared data absent: {OLIST}")
    db = make_engine(database_url)
    products, nodes, orders, _ = read_olist(OLIST)
    first = write_history(db, orders, products=products, nodes=nodes)
    yield db, first
    db.dispose()


def expected() -> pd.DataFrame:
    times = [
        "order_purchase_timestamp",
        "order_delivered_carrier_date",
        "order_delivered_customer_date",
        "order_estimated_delivery_date",
    ]
    o = pd.read_csv(OLIST / "orders.csv", parse_dates=times)
    items = pd.read_csv(OLIST / "order_items.csv")
    return o[o.order_id.isin(items.order_id)]


def test_olist_kpis_equal_an_independent_pandas_calculation(imported) -> None:
    db, first = imported
    o = expected()
    assert first.inserted == len(o)
    got = kpi_report(SqlKpiFacts(db), group_by="day")
    total = got["total"]
    cancelled = o.order_status.isin(["canceled", "unavailable"])
    shipped = ~cancelled & o.order_delivered_carrier_date.notna()
    closed = shipped & (o.order_status == "delivered") & o.order_delivered_customer_date.notna()
    want_status = {
        "cancelled": int(cancelled.sum()),
        "closed": int(closed.sum()),
        "shipped": int((shipped & ~closed).sum()),
        "released": int(
            (~cancelled & ~shipped & o.order_status.isin(["processing", "invoiced"])).sum()
        ),
    }
    want_status["allocated"] = len(o) - sum(want_status.values())
    assert total["by_status"] == {k: v for k, v in want_status.items() if v}
    d = o[closed]
    late_strict = d.order_delivered_customer_date > d.order_estimated_delivery_date
    late = d.order_delivered_customer_date.dt.normalize() > d.order_estimated_delivery_date
    assert total["late_deliveries"] == int(late.sum())
    assert total["on_time_rate"] == round(1 - late.mean(), 4)
    strict = kpi_report(SqlKpiFacts(db), deadline="start_of_day")["total"]
    assert strict["late_deliveries"] == int(late_strict.sum()) == 663  # the README figure
    cycle = (d.order_delivered_customer_date - d.order_purchase_timestamp).dt.total_seconds()
    for q in (0.5, 0.9):
        assert total[f"cycle_time_days_p{int(q * 100)}"] == round(
            float(np.quantile(cycle / 86400, q)), 3
        )
    by_day = d.assign(day=d.order_purchase_timestamp.dt.strftime("%Y-%m-%d"), ok=~late)
    want_day = by_day.groupby("day")["ok"].mean().round(4)
    got_day = {
        k: g["on_time_rate"] for k, g in got["groups"].items() if g["on_time_rate"] is not None
    }
    assert got_day == want_day.to_dict()


def test_importing_olist_twice_changes_nothing(imported) -> None:
    db, _ = imported

    def counts() -> list[int]:
        with db.connect().execution_options(ordermind_readonly=True) as conn:
            return [
                conn.execute(select(func.count()).select_from(tb)).scalar_one()
                for tb in (
                    t.orders,
                    t.order_lines,
                    t.shipments,
                    t.order_events,
                    t.products,
                    t.nodes,
                    t.audit_log,
                )
            ]

    before = counts()
    # every product and node the first import added is in the audit trail, once
    with db.connect() as conn:
        audited = conn.execute(
            select(t.audit_log.c.action, func.count()).group_by(t.audit_log.c.action)
        ).all()
    assert dict(audited) == {"product.created": before[4], "node.created": before[5]}
    products, nodes, orders, _ = read_olist(OLIST)
    again = write_history(db, orders, products=products, nodes=nodes)
    assert again.inserted == 0 and again.skipped == again.read
    assert counts() == before

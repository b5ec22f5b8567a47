"""`ordermind care scan` on the store (SQLite and PostgreSQL): one JSON line of counts, and a
clear one-line error (exit 2) for a bad policy file."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ordermind.entrypoints.cli import app
from ordermind.services.care_store import ExceptionFilter

from .conftest import CareStore


def test_care_scan_opens_exceptions_and_says_what_it_did(
    database_url, engine, monkeypatch, tmp_path
):
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork

    store = CareStore("sql", lambda: SqlUnitOfWork(engine), lambda: None, engine)
    store.seed({("LDN", "A"): 5, ("MAN", "A"): 5})
    order = store.place(("A", 1))
    store.set_active("LDN", False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("ORDERMIND_CARE_POLICY", raising=False)
    monkeypatch.delenv("ORDERMIND_CARE_MODEL", raising=False)
    out = CliRunner().invoke(app, ["care", "scan", "--no-auto"])
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["scan"]["opened"] == {"node_outage": 1} and report["auto_apply"] is None
    [exc] = store.read(lambda u: u.care.list_exceptions(ExceptionFilter(), None, 10))
    assert (exc.order_id, exc.status) == (order.id, "open")

    bad = tmp_path / "policy.json"
    bad.write_text(json.dumps({"late_treshold": 0.4}))
    refused = CliRunner().invoke(app, ["care", "scan", "--policy", str(bad)])
    assert refused.exit_code == 2
    assert "unknown setting(s) late_treshold" in refused.stderr
    assert refused.stderr.strip().count("\n") == 0


def test_the_store_scorer_learns_lane_timing_from_the_stores_own_deliveries(engine):
    from ordermind.adapters.db.exceptions_repo import delay_scorer
    from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
    from ordermind.services import care, fulfilment
    from ordermind.services.commands import ShipLines

    store = CareStore("sql", lambda: SqlUnitOfWork(engine), lambda: None, engine)
    store.seed({("LDN", "A"): 5})
    fresh = delay_scorer(engine)
    assert fresh.model is None and fresh.lanes.empty and not care.trusted(fresh)
    order = store.place(("A", 1))
    store.commit(fulfilment.release_order, order.id, "test")
    _, shp = store.commit(fulfilment.ship, ShipLines(order.id, "LDN", [("A", 1)], "DPD"), "test")
    store.commit(fulfilment.deliver, shp.id, "test")
    learnt = delay_scorer(engine)
    assert not learnt.lanes.empty and care.trusted(learnt)
    assert delay_scorer(engine, lane_days=0).lanes.empty  # nothing delivered since now

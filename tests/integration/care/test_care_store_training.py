"""`ordermind care train` from the store: orders placed, shipped and delivered through the
services (the twin drives them in simulated time), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ordermind.adapters.db.care_repo import order_history
from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.exceptions_repo import delay_scorer
from ordermind.adapters.db.twin_store import on_database
from ordermind.care import DelayScorer
from ordermind.care.delay_training import delivered, states_at_purchase
from ordermind.entrypoints.cli import app
from ordermind.twin.scenario import Catalog, Disruption, Scenario
from ordermind.twin.simulation import Simulation


def _simulate(database_url: str, days: int, per_day: float) -> None:
    db = make_engine(database_url)
    # Two carrier delays: some orders miss their promise early and late in the history.
    scenario = Scenario(
        days=days,
        orders_per_day=per_day,
        catalog=Catalog(skus=12),
        disruptions=[
            Disruption("carrier_delay", start_day=3, days=3),
            Disruption("carrier_delay", start_day=days - 5, days=3),
        ],
    )
    Simulation(scenario, on_database(db)).run()
    db.dispose()


def test_the_store_history_reads_as_plain_records_with_real_timestamps(database_url) -> None:
    _simulate(database_url, days=6, per_day=10)
    db = make_engine(database_url)
    states, outcomes = order_history(db)
    db.dispose()
    assert states and set(outcomes) == {s.order_id for s in states}
    done = delivered(states, outcomes)
    assert done, "the simulation delivers orders within six days"
    for state, outcome in done:
        assert state.promised_by is not None and state.legs and state.dest_region
        assert state.placed_at <= outcome.handed_off_at <= outcome.delivered_at
        assert state.legs[0].carrier  # the shipment's carrier, hidden until it ships
        assert state.categories and state.item_count


def test_care_train_from_store_says_clearly_when_too_few_orders_are_delivered(
    database_url, monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    empty = CliRunner().invoke(app, ["care", "train", "--model-dir", str(tmp_path / "m")])
    assert empty.exit_code == 2
    assert "too few delivered orders in the store" in empty.stderr
    assert "0 delivered" in empty.stderr and empty.stderr.strip().count("\n") == 0
    _simulate(database_url, days=3, per_day=6)
    few = CliRunner().invoke(app, ["care", "train", "--model-dir", str(tmp_path / "m")])
    assert few.exit_code == 2 and "too few delivered orders in the store" in few.stderr
    assert not (tmp_path / "m").exists()


def test_care_train_from_store_writes_a_model_the_scorer_uses(
    database_url, monkeypatch, tmp_path
) -> None:
    _simulate(database_url, days=16, per_day=12)
    monkeypatch.setenv("DATABASE_URL", database_url)
    model_dir = tmp_path / "delay"
    result = CliRunner().invoke(app, ["care", "train", "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    assert "from the store" in result.output
    manifest = json.loads((model_dir / "manifest.json").read_text())
    assert manifest["metrics"]["orders"] >= 40 and manifest["metrics"]["late_orders"] >= 10
    db = make_engine(database_url)
    states, outcomes = order_history(db)
    db.dispose()
    at_purchase = states_at_purchase(states, outcomes)
    scores = DelayScorer(model_dir).score(at_purchase)
    assert len(scores) == len(states)
    for state, score in zip(at_purchase, scores, strict=True):
        assert 0 <= score.late_probability <= 1
        # An order without a promise (never allocated) has nothing to be late against.
        assert score.fallback_used == (state.promised_by is None)
    # the worker's scorer reads the recent delivery conditions the training rows carried
    db = make_engine(database_url)
    live = delay_scorer(db, model_dir)
    db.dispose()
    assert live.model is not None and live.deliveries is not None
    shipped = next(s for s in at_purchase if s.promised_by is not None)
    assert shipped.recent is None and live.deliveries.attach(shipped).recent is not None

"""The demo store opens with the AI policies' work in it: forecasts, replenishment proposals
waiting for a planner, an e-mailed order waiting for review, and exceptions from a care
pass (SQLite, the demo's default store)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.twin_store import on_database
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.adapters.http.routers.exceptions import CareSettings
from ordermind.twin.demo import (
    demo_scenario,
    intake_document,
    plan,
    scan_exceptions,
    seed_history,
    train_risk_model,
)


def test_the_demo_scenario_runs_the_ai_policy_set() -> None:
    p = demo_scenario(90).policy
    assert (p.replenishment, p.risk, p.sourcing_strategy, p.priority) == (
        "forecast",
        "model",
        "cost",
        "dynamic",
    )


def test_a_seeded_demo_store_has_plans_a_review_and_exceptions(
    migrated_url, tmp_path: Path
) -> None:
    engine = make_engine(migrated_url("sqlite"))

    def factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine)

    days = []
    placed = seed_history(on_database(engine), days=30, progress=days.append)
    assert placed > 400 and days == list(range(30))
    assert "replenishment proposals" in plan(factory)
    version = train_risk_model(factory, tmp_path / "models")
    assert version is None or (tmp_path / "models" / "CURRENT").exists()
    scorer, policy = CareSettings(engine).get()
    assert scan_exceptions(factory, scorer, policy) >= 0
    assert intake_document(factory) == "review"
    with engine.connect() as c:
        forecasts = c.execute(text("select count(*) from forecasts")).scalar_one()
        proposals = c.execute(
            text("select count(*) from replenishment_proposals where status = 'proposed'")
        ).scalar_one()
        reviewed = c.execute(text("select count(*) from intake_documents")).scalar_one()
    assert forecasts > 0 and proposals > 0 and reviewed == 1
    assert seed_history(on_database(engine), days=30) == 0  # seeded once
    engine.dispose()


def test_the_demo_refuses_a_busy_port_in_one_line_before_touching_the_store(
    tmp_path: Path, monkeypatch
) -> None:
    import socket

    from typer.testing import CliRunner

    from ordermind.entrypoints.cli import app

    db = tmp_path / "demo.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        result = CliRunner().invoke(app, ["demo", "--port", str(port)])
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is busy" in result.output
    assert not db.exists()

"""The twin end to end: the CLI writes its report, database mode fills a real store that
the KPI API then reads (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.kpi_facts import SqlKpiFacts
from ordermind.adapters.db.twin_store import on_database
from ordermind.entrypoints.twin import app
from ordermind.kpis.report import kpi_report
from ordermind.twin.scenario import Catalog, Scenario
from ordermind.twin.simulation import Simulation

SCENARIO = """
name: tiny
days: 10
orders_per_day: 40
catalog: {skus: 20}
disruptions:
  - {kind: carrier_delay, start_day: 2, days: 3, extra_days: 2}
"""


def test_twin_run_writes_html_charts_and_kpis(tmp_path: Path) -> None:
    sc = tmp_path / "tiny.yaml"
    sc.write_text(SCENARIO)
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["run", str(sc), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("index.html", "kpis.json", "daily.png", "daily.csv", "fraud_labels.csv"):
        assert (out / name).stat().st_size > 0
    assert "<img" in (out / "index.html").read_text()


def test_twin_compare_reports_deltas(tmp_path: Path) -> None:
    sc = tmp_path / "tiny.yaml"
    sc.write_text(SCENARIO.replace("days: 10", "days: 5"))
    result = CliRunner().invoke(
        app, ["compare", str(sc), str(sc), "--seeds", "2", "--out", str(tmp_path / "cmp")]
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "cmp" / "index.html").read_text()
    assert page.count("<svg") >= 5 and "95 % CI" in page
    # dates on the x axis, the unit on the y axis, the carrier delay shaded
    assert "Jan 2025" in page and "EUR per order" in page and "carrier_delay" in page


def test_twin_compare_with_one_scenario_measures_the_ai_set_against_the_rules(
    tmp_path: Path,
) -> None:
    sc = tmp_path / "tiny.yaml"
    sc.write_text(SCENARIO.replace("days: 10", "days: 4"))
    out = tmp_path / "lift"
    result = CliRunner().invoke(
        app, ["compare", str(sc), "--seeds", "2", "--workers", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text()
    assert "tiny (rules)" in page and "tiny (AI)" in page
    assert "inventory value held" in page and "touchless rate" in page


def test_twin_compare_refuses_an_unknown_care_policy_in_one_line(tmp_path: Path) -> None:
    sc = tmp_path / "tiny.yaml"
    sc.write_text(SCENARIO)
    result = CliRunner().invoke(app, ["compare", str(sc), "--care", "magic"])
    assert result.exit_code == 2
    assert "--care must be one of none, rules, model" in result.output


def test_database_mode_history_is_what_the_kpi_engine_reads(database_url: str) -> None:
    db = make_engine(database_url)
    sim = Simulation(
        Scenario(days=6, orders_per_day=15, catalog=Catalog(skus=15)), on_database(db)
    ).run()
    total = kpi_report(SqlKpiFacts(db))["total"]
    assert total["orders"] == sim.placed > 50
    assert total["by_status"].get("delivered", 0) > 0
    db.dispose()

import json

from typer.testing import CliRunner

from ordermind.entrypoints.sourcing import app

runner = CliRunner()


def test_cli_lists_every_strategy_a_channel_can_name():
    res = runner.invoke(app, ["strategies"])
    assert res.exit_code == 0
    assert set(res.output.split()) >= {"default", "nearest", "priority", "cost"}


def test_cli_quotes_from_a_custom_rate_table(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text(
        "service_level,zone,max_km,max_weight_g,cost_minor,transit_days,mode\n"
        "standard,1,100,5000,999,1,road\n"
    )
    res = runner.invoke(app, ["rates", "--file", str(path), "--km", "40", "--weight-g", "100"])
    assert res.exit_code == 0
    assert json.loads(res.output)["price"] == 999


def test_cli_reports_a_broken_rate_table_clearly(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("service_level,zone\nstandard,1\n")
    res = runner.invoke(app, ["rates", "--file", str(path)])
    assert res.exit_code == 2 and "error" in res.output


def test_cli_locates_by_geonames_file_then_by_country(tmp_path):
    path = tmp_path / "postal.txt"
    path.write_text("NL\t1012\tAmsterdam\tNoord-Holland\t07\t\t\t\t\t52.3740\t4.8897\t4\n")
    res = runner.invoke(app, ["locate", "NL", "--postal-code", "1012", "--postal-file", str(path)])
    assert json.loads(res.output)["precision"] == "postal"
    res = runner.invoke(app, ["locate", "NL", "--postal-code", "9999"])
    assert json.loads(res.output)["precision"] == "country"
    res = runner.invoke(app, ["locate", "ZZ"])
    assert res.exit_code == 1


def test_cli_demo_shows_the_cost_strategy_cheapest():
    res = runner.invoke(app, ["demo", "--orders", "150", "--skus", "300"])
    assert res.exit_code == 0
    out = json.loads(res.output)
    assert out["cost"]["cost"] < out["priority"]["cost"]
    assert out["cost"]["cost"] < out["nearest"]["cost"]

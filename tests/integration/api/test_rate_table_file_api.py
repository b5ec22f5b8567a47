"""The served app prices and promises from the operator's carrier rate table
(ORDERMIND_RATE_TABLE, read once at start-up) instead of the shipped demo table, on
SQLite and PostgreSQL; a malformed file stops start-up with the file and row named."""

from __future__ import annotations

import os
from datetime import date

import pytest
from fastapi.testclient import TestClient

from ordermind.adapters.http.auth import Role, create_key
from ordermind.entrypoints.http_app import create_app
from ordermind.sourcing.cost import use_configured_rate_table
from ordermind.sourcing.rates import RATE_TABLE_ENV, RateTableError

from .conftest import Api, order_body

HEADER = "service_level,zone,max_km,max_weight_g,cost_minor,transit_days,mode\n"
# one flat price and a slow transit anywhere: nothing like the shipped table
OWN = HEADER + "standard,1,100000,30000,7777,9,road\n"


@pytest.fixture
def rate_file(tmp_path):
    """A file for the operator's table; the app reads it from the next create_app on."""
    path = tmp_path / "rates.csv"
    yield path
    os.environ.pop(RATE_TABLE_ENV, None)
    use_configured_rate_table()  # the shipped table again for the tests that follow


def test_orders_are_priced_and_promised_from_the_operators_rate_table(engine, rate_file):
    shipped = Api(
        TestClient(create_app(engine, webhooks_enabled=False)), create_key(engine, Role.ADMIN)
    )
    shipped.seed({("LDN", "A"): 10})
    usual = shipped.post("/v1/orders", json=order_body(("A", 1))).json()
    assert usual["sourcing"]["cost"]["shipping"] != 7777

    rate_file.write_text(OWN)
    os.environ[RATE_TABLE_ENV] = str(rate_file)
    api = Api(
        TestClient(create_app(engine, webhooks_enabled=False)), create_key(engine, Role.ADMIN)
    )
    order = api.post("/v1/orders", json=order_body(("A", 1)))
    assert order.status_code == 201, order.text
    assert order.json()["sourcing"]["cost"]["shipping"] == 7777
    slower = date.fromisoformat(order.json()["promised_delivery_date"])
    assert slower > date.fromisoformat(usual["promised_delivery_date"])


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (
            HEADER + "standard,1,100000,30000,7777,9,road\nstandard,1,100000,40000,12.5,9,road\n",
            "line 3: cost_minor '12.5' is not a whole number",
        ),
        ("service_level,zone,max_km\nstandard,1,100\n", "the header lacks the column(s)"),
        (HEADER + "standard,1,100000,30000,,9,road\n", "line 2: cost_minor empty"),
        (HEADER, "has no rates"),
        (HEADER + "express,1,100000,30000,999,1,air\n", "has no 'standard' service level"),
    ],
)
def test_a_malformed_rate_table_stops_start_up_naming_the_file_and_row(
    engine, rate_file, content, says
):
    rate_file.write_text(content)
    os.environ[RATE_TABLE_ENV] = str(rate_file)
    with pytest.raises(RateTableError) as caught:
        create_app(engine, webhooks_enabled=False)
    message = str(caught.value)
    assert str(rate_file) in message and says in message and "\n" not in message

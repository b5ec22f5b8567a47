"""The `ordermind` CLI against a real database."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from typer.testing import CliRunner

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.entrypoints.cli import app
from ordermind.services import inventory

HEADER = (
    "external_id,channel,currency,customer_email,customer_name,ship_name,line1,city,"
    "postal_code,country,sku,quantity,unit_price\n"
)
CSV = (
    HEADER
    + """PO-1,b2b,EUR,a@acme.example,Acme,Acme,1 Dock Rd,Leeds,LS1,GB,A,2,500
PO-1,b2b,EUR,a@acme.example,Acme,Acme,1 Dock Rd,Leeds,LS1,GB,B,1,700
PO-2,b2b,EUR,b@acme.example,Acme,Acme,1 Dock Rd,Leeds,LS1,GB,A,1,
PO-3,b2b,EUR,c@acme.example,Acme,Acme,1 Dock Rd,Leeds,LS1,GB,NOPE,1,100
"""
)


def test_keys_are_printed_once_and_stored_only_as_a_hash(engine, database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    result = CliRunner().invoke(app, ["keys", "create", "--role", "operator"])
    assert result.exit_code == 0, result.output
    key = result.output.strip()
    with engine.connect() as conn:
        row = conn.execute(select(t.api_keys)).one()
    assert row.role == "operator" and key not in str(tuple(row))
    assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()
    bad = CliRunner().invoke(app, ["keys", "create", "--role", "channel"])
    assert bad.exit_code != 0 and "channel" in bad.output


def test_orders_import_places_each_order_once_and_reports_failures(
    engine, database_url, monkeypatch, tmp_path
):
    monkeypatch.setenv("DATABASE_URL", database_url)
    with SqlUnitOfWork(engine) as uow:
        inventory.upsert_node(uow, Node("LDN", "London", lat=51.5, lon=-0.1))
        for sku in ("A", "B"):
            inventory.upsert_product(uow, Product(sku, sku, 500))
            inventory.set_stock(uow, "LDN", sku, 10, 0, "t")
        uow.commit()
    path = tmp_path / "orders.csv"
    path.write_text(CSV)
    first = CliRunner().invoke(app, ["orders", "import", str(path)])
    assert first.exit_code == 1  # PO-3 names an unknown SKU
    assert "placed 2" in first.output and "NOPE" in first.output
    again = CliRunner().invoke(app, ["orders", "import", str(path)])
    assert "placed 0, skipped 2" in again.output
    with engine.connect() as conn:
        ids = sorted(conn.execute(select(t.orders.c.external_id)).scalars())
    assert ids == ["PO-1", "PO-2"]


def test_risk_train_learns_from_reviewers_decisions_in_the_store(
    engine, database_url, monkeypatch, tmp_path
):
    from ordermind.domain.orders import Address, Customer, HoldReason
    from ordermind.services import reviews
    from ordermind.services.commands import OrderLineInput, PlaceHold, PlaceOrder
    from ordermind.services.fulfilment import place_hold
    from ordermind.services.ordering import place_order

    monkeypatch.setenv("DATABASE_URL", database_url)
    with SqlUnitOfWork(engine) as uow:
        inventory.upsert_node(uow, Node("LDN", "London", lat=51.5, lon=-0.1))
        inventory.upsert_product(uow, Product("A", "Widget", 500))
        inventory.set_stock(uow, "LDN", "A", 10_000, 0, "t")
        uow.commit()
    for i in range(80):
        fraud = i % 4 == 0
        cmd = PlaceOrder(
            channel="web",
            currency="EUR",
            customer=Customer(f"c{i}@{'mailinator.com' if fraud else 'example.com'}"),
            ship_to=Address("C", "1 St", "Leeds", "LS1", "GB"),
            lines=[OrderLineInput("A", 20 if fraud else 1, 500)],
        )
        with SqlUnitOfWork(engine) as uow:
            order = place_order(uow, cmd, "t")
            _, hold = place_hold(uow, PlaceHold(order.id, HoldReason.FRAUD, "check"), "t")
            reviews.decide(uow, order.id, hold.id, "reject" if fraud else "approve", "seen", "t")
            uow.commit()
    result = CliRunner().invoke(app, ["risk", "train", "--out", str(tmp_path / "models")])
    assert result.exit_code == 0, result.output
    assert "trained on 80 reviewed orders (20 rejected)" in result.output
    assert (tmp_path / "models").exists()

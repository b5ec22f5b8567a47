"""`ordermind privacy erase|export` on SQLite and PostgreSQL: the same erasure and export as
the API, audited as cli:<login>; a customer the store does not hold is one line on stderr."""

from __future__ import annotations

import getpass
import json

from sqlalchemy import select
from typer.testing import CliRunner

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer
from ordermind.entrypoints.cli import app
from ordermind.services import inventory, ordering
from ordermind.services.commands import OrderLineInput, PlaceOrder
from ordermind.services.privacy import customer_id

EMAIL = "pat.ngata@example.net"


def _an_order(engine) -> int:
    with SqlUnitOfWork(engine) as uow:
        inventory.upsert_node(uow, Node("LDN", "London"))
        inventory.upsert_product(uow, Product("A", "Widget", 500))
        inventory.set_stock(uow, "LDN", "A", 5, 0, "test")
        order = ordering.place_order(
            uow,
            PlaceOrder(
                channel="web",
                currency="EUR",
                customer=Customer(EMAIL, "Pat Ngata"),
                ship_to=Address("Pat Ngata", "8 Rowan Close", "Leeds", "LS6 2QT", "GB"),
                lines=[OrderLineInput("A", 2, 500)],
            ),
            actor="test",
        )
        uow.commit()
    return order.id


def test_export_then_erase_from_the_shell(engine, database_url):
    oid = _an_order(engine)
    env = {"DATABASE_URL": database_url}
    out = CliRunner().invoke(app, ["privacy", "export", EMAIL], env=env)
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert [o["id"] for o in data["orders"]] == [oid] and data["email"] == EMAIL

    cid = customer_id(EMAIL)
    refused = CliRunner().invoke(app, ["privacy", "erase", cid], env=env)
    assert refused.exit_code == 2  # the order is not shipped yet: its address is needed
    assert "1 order(s) still to be shipped" in refused.stderr
    erased = CliRunner().invoke(app, ["privacy", "erase", cid, "--force"], env=env)
    assert erased.exit_code == 0, erased.output
    assert f"customer {cid} erased: 1 orders" in erased.stdout
    with engine.connect() as conn:
        order = conn.execute(select(t.orders).where(t.orders.c.id == oid)).one()
        audit = conn.execute(select(t.audit_log.c.actor, t.audit_log.c.action)).all()
    assert order.customer_email == f"{cid}@erased.invalid" and order.total == 1000
    assert "8 Rowan Close" not in json.dumps(order.ship_to)
    assert (f"cli:{getpass.getuser()}", "customer.exported") in audit
    assert (f"cli:{getpass.getuser()}", "customer.erased") in audit

    again = CliRunner().invoke(app, ["privacy", "erase", cid], env=env)
    assert again.exit_code == 0 and "erased already" in again.stdout
    missing = CliRunner().invoke(app, ["privacy", "export", "nobody@example.net"], env=env)
    assert missing.exit_code == 2
    lines = [ln for ln in missing.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: no data of customer cus_"), lines

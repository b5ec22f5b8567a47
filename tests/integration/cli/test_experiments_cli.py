"""`ordermind experiments list|show` on SQLite and PostgreSQL: the experiments and the
report the API gives; an unknown id is one line on stderr, never a traceback."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer
from ordermind.entrypoints.cli import app
from ordermind.services import experiments, inventory, ordering
from ordermind.services.commands import OrderLineInput, PlaceOrder

LEEDS = Address("Pat Ngata", "8 Rowan Close", "Leeds", "LS6 2QT", "GB")


def _pilot(engine) -> str:
    with SqlUnitOfWork(engine) as uow:
        inventory.upsert_node(uow, Node("LDN", "London"))
        inventory.upsert_product(uow, Product("A", "Widget", 500))
        inventory.set_stock(uow, "LDN", "A", 50, 0, "test")
        e = experiments.create(
            uow, experiments.NewExperiment("Winter trial", "sourcing_strategy", "cost"), "test"
        )
        uow.commit()
    for i in range(8):
        with SqlUnitOfWork(engine) as uow:
            cmd = PlaceOrder(
                "web", "EUR", Customer(f"c{i}@example.net", "C"), LEEDS, [OrderLineInput("A", 1)]
            )
            ordering.place_order(uow, cmd, actor="test")
            uow.commit()
    return e.id


def test_list_and_show_an_experiment_from_the_shell(engine, database_url):
    eid = _pilot(engine)
    env = {"DATABASE_URL": database_url}
    listed = CliRunner().invoke(app, ["experiments", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    assert eid in listed.stdout and "sourcing_strategy: cost vs channel" in listed.stdout
    shown = CliRunner().invoke(app, ["experiments", "show", eid], env=env)
    assert shown.exit_code == 0, shown.output
    assert "cost per order" in shown.stdout and "95%" in shown.stdout
    as_json = CliRunner().invoke(app, ["experiments", "show", eid, "--json"], env=env)
    report = json.loads(as_json.stdout)
    groups = report["groups"]
    assert groups["treatment"]["orders"] + groups["control"]["orders"] == 8


def test_an_unknown_experiment_is_one_line_on_stderr(engine, database_url):
    out = CliRunner().invoke(
        app, ["experiments", "show", "exp_nope"], env={"DATABASE_URL": database_url}
    )
    assert out.exit_code == 2
    assert out.stderr.strip() == "error: experiment exp_nope not found"

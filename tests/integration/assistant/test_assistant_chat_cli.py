"""`ordermind assistant chat` on SQLite and PostgreSQL: the terminal conversation verifies
the customer, answers from the live record and cancels with a yes, through the same
service as the API; a bad line is one error line, never a traceback."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import typer
from typer.testing import CliRunner

from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer
from ordermind.entrypoints.assistant_chat import register
from ordermind.services import inventory, ordering
from ordermind.services.commands import OrderLineInput, PlaceOrder

EMAIL = "pat.ngata@example.net"
DOUBLE = Path(__file__).parents[2] / "e2e" / "assistant_support" / "keyword_understander.py"


def _double():
    spec = importlib.util.spec_from_file_location("keyword_understander", DOUBLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.KeywordUnderstander()


def _an_order(engine, channel: str = "web") -> int:
    with SqlUnitOfWork(engine) as uow:
        inventory.upsert_node(uow, Node("LDN", "London"))
        inventory.upsert_product(uow, Product("A", "Widget", 500))
        inventory.set_stock(uow, "LDN", "A", 5, 0, "test")
        order = ordering.place_order(
            uow,
            PlaceOrder(
                channel=channel,
                currency="EUR",
                customer=Customer(EMAIL, "Pat Ngata"),
                ship_to=Address("Pat Ngata", "8 Rowan Close", "Leeds", "LS6 2QT", "GB"),
                lines=[OrderLineInput("A", 2, 500)],
            ),
            actor="test",
        )
        uow.commit()
    return order.stored_id


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app, understander=_double)

    @app.callback()
    def group() -> None:
        """The order assistant."""

    return app


def test_a_terminal_chat_verifies_answers_and_cancels_with_a_yes(database_url, engine, monkeypatch):
    oid = _an_order(engine)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "300")  # no wrapping of the lines checked
    lines = f"Where is my order #{oid}?\nit is {EMAIL}\nplease cancel my order\nyes\n/quit\n"
    result = CliRunner().invoke(_app(), ["chat", "--channel", "web"], input=lines)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "e-mail address or the postcode" in out
    assert "verified for order" in out and "Widget" not in out.split("verified")[0]
    assert "cancelled" in out and "cancel_order done" in out
    with SqlUnitOfWork(engine) as uow:
        order = uow.orders.get(oid)
        assert order is not None and str(order.status) == "cancelled"


def test_another_channels_order_is_not_found_and_bad_lines_are_one_line(
    database_url, engine, monkeypatch
):
    oid = _an_order(engine, channel="market")
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "300")  # no wrapping of the lines checked
    lines = f"Where is order #{oid}?\nmy email is {EMAIL}\n{'x' * 2500}\n/quit\n"
    result = CliRunner().invoke(_app(), ["chat", "--channel", "web", "--quiet"], input=lines)
    assert result.exit_code == 0, result.output
    assert "could not match" in result.output
    assert "error: text is longer than 2000 characters" in result.output
    assert "Traceback" not in result.output

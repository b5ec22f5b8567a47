"""Someone guessing postcodes for an order number across conversations locks postcode
proofs for that order, not its customer: the e-mail on the order still verifies, on
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer
from ordermind.services import assistant, inventory, ordering
from ordermind.services.assistant_verify import VerifyLimits
from ordermind.services.commands import OrderLineInput, PlaceOrder

from .test_assistant_chat_cli import _double

EMAIL = "ruth.okafor@example.org"
NOW = datetime.now(UTC)


def _order(engine) -> int:
    with SqlUnitOfWork(engine) as uow:
        inventory.upsert_node(uow, Node("LDN", "London"))
        inventory.upsert_product(uow, Product("A", "Widget", 500))
        inventory.set_stock(uow, "LDN", "A", 5, 0, "test")
        order = ordering.place_order(
            uow,
            PlaceOrder(
                "web",
                "GBP",
                Customer(EMAIL, "Ruth Okafor"),
                Address("Ruth Okafor", "3 Mill Lane", "Leeds", "LS6 2QT", "GB"),
                [OrderLineInput("A", 1, 500)],
            ),
            actor="test",
        )
        uow.commit()
        assert order.stored_id is not None
        return order.stored_id


def _try(engine, messages: list[str]) -> assistant.Reply:
    with SqlUnitOfWork(engine) as uow:
        conv, reply = assistant.open_conversation(uow, "web", "en", "test", NOW)
        for text in messages:
            reply = assistant.post_message(uow, conv.id, text, "web", _double(), NOW)
        uow.commit()
    return reply


def test_postcode_guesses_lock_postcodes_for_the_order_but_its_email_still_verifies(engine):
    oid = _order(engine)
    limit = VerifyLimits().per_order
    for n in range(limit):  # one wrong postcode per conversation: no conversation locks
        wrong = _try(engine, [f"where is order #{oid}", f"my postcode is M{n + 1} 1AE"])
        assert not wrong.verified
    right_postcode = _try(engine, [f"where is order #{oid}", "my postcode is LS6 2QT"])
    assert not right_postcode.verified and "too many attempts" in right_postcode.text.lower()
    by_email = _try(engine, [f"where is order #{oid}", f"my email is {EMAIL}"])
    assert by_email.verified

"""A customer's export (`services.privacy`) on SQLite and PostgreSQL holds their order
assistant transcripts, and erasing them leaves nothing of them there: what they typed and
what their shop vouched for."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer
from ordermind.services import assistant, inventory, ordering, privacy
from ordermind.services.commands import OrderLineInput, PlaceOrder

from .test_assistant_chat_cli import _double

EMAIL = "quentin.marsh@example.net"
NOW = datetime.now(UTC)


def test_the_transcripts_are_exported_and_an_erased_customer_is_gone_from_them(engine):
    with SqlUnitOfWork(engine) as uow:
        inventory.upsert_node(uow, Node("LDN", "London"))
        inventory.upsert_product(uow, Product("A", "Widget", 500))
        inventory.set_stock(uow, "LDN", "A", 5, 0, "test")
        order = ordering.place_order(
            uow,
            PlaceOrder(
                "web",
                "EUR",
                Customer(EMAIL, "Quentin Marsh"),
                Address("Quentin Marsh", "8 Rowan Close", "Leeds", "LS6 2QT", "GB"),
                [OrderLineInput("A", 1, 500)],
            ),
            actor="test",
        )
        conv, _ = assistant.open_conversation(uow, "web", "en", "test", NOW)
        vouched, _ = assistant.open_conversation(uow, "web", "en", "test", NOW, EMAIL)
        for text in (f"where is order #{order.stored_id}", f"my email is {EMAIL}"):
            assistant.post_message(uow, conv.id, text, "web", _double(), NOW)
        assistant.post_message(uow, vouched.id, f"hello, I am {EMAIL}", "web", _double(), NOW)
        uow.commit()
    with SqlUnitOfWork(engine) as uow:
        exported = privacy.export_customer(uow, EMAIL)
        uow.commit()
    said = [m["text"] for m in exported["assistant_messages"]]
    assert f"my email is {EMAIL}" in said and f"hello, I am {EMAIL}" in said
    with SqlUnitOfWork(engine) as uow:
        privacy.erase_customer(uow, EMAIL, force=True)
        uow.commit()
    with engine.connect() as conn:
        texts = conn.execute(select(t.assistant_messages.c.text)).scalars().all()
        convs = conn.execute(
            select(t.assistant_conversations.c.vouched_email, t.assistant_conversations.c.memory)
        ).all()
    assert texts and not [x for x in texts if EMAIL in x.lower()]
    assert not [c for c in convs if EMAIL in f"{c.vouched_email} {c.memory}".lower()]

"""A real SMTP server on a loopback port (aiosmtpd), and an order's life through the
services on any unit of work (SQL or in memory)."""

from __future__ import annotations

import socket
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from ordermind.adapters.notifications.settings import SmtpSettings
from ordermind.adapters.notifications.smtp import SmtpSender
from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.domain.orders import Address, Customer
from ordermind.services import fulfilment, ordering
from ordermind.services import inventory as inv
from ordermind.services import returns as rets
from ordermind.services.commands import (
    OrderLineInput,
    PlaceOrder,
    ReceiveReturn,
    RequestReturn,
    ShipLines,
)

BERLIN = Address("Anna Schmidt", "Unter den Linden 1", "Berlin", "10117", "DE")
LONDON = Address("Ann Buyer", "1 High St", "London", "EC1A 1AA", "GB", lat=51.52, lon=-0.10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """Every message the server accepted, parsed; `reply` makes it refuse instead."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.reply: str | None = None  # e.g. "451 4.3.0 try later", "550 5.1.1 no such user"
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):
        if self.reply is not None:
            self.refused += 1
            return self.reply
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def subjects(self) -> list[str]:
        return [m["Subject"] for m in self.messages]

    def message_ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages]


class SmtpServer:
    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *args: object) -> None:
        self.controller.stop()

    def settings(self, **over: object) -> SmtpSettings:
        values = {
            "host": "127.0.0.1",
            "port": self.port,
            "security": "none",
            "user": None,
            "password": None,
            "sender": "orders@shop.example",
            "timeout": 5.0,
            **over,
        }
        return SmtpSettings(**values)  # type: ignore[arg-type]

    def sender(self) -> SmtpSender:
        return SmtpSender(self.settings())

    def env(self) -> dict[str, str]:
        return {
            "ORDERMIND_SMTP_HOST": "127.0.0.1",
            "ORDERMIND_SMTP_PORT": str(self.port),
            "ORDERMIND_SMTP_TLS": "none",
            "ORDERMIND_SMTP_FROM": "orders@shop.example",
        }


UowFactory = Callable[[], object]


def run(make_uow: UowFactory, use_case, *args):
    with make_uow() as uow:  # type: ignore[attr-defined]
        out = use_case(uow, *args)
        uow.commit()
    return out


def seed(make_uow: UowFactory) -> None:
    def build(uow) -> None:
        inv.upsert_node(uow, Node(code="LDN", name="LDN", lat=51.5, lon=-0.12))
        for sku in ("A", "B"):
            inv.upsert_product(uow, Product(sku=sku, name=sku, price=1999))
            inv.set_stock(uow, "LDN", sku, 50, 0, "test")

    run(make_uow, build)


def place(
    make_uow: UowFactory,
    email: str = "anna@example.de",
    ship_to: Address = BERLIN,
    name: str | None = "Anna Schmidt",
) -> int:
    cmd = PlaceOrder(
        "web",
        "EUR",
        Customer(email, name),
        ship_to,
        [OrderLineInput("A", 1), OrderLineInput("B", 1)],
    )
    return run(make_uow, lambda uow: ordering.place_order(uow, cmd, "test").id)


def ship(make_uow: UowFactory, order_id: int, tracking: str = "JJD000123") -> str:
    run(make_uow, fulfilment.release_order, order_id, "test")
    cmd = ShipLines(
        order_id, "LDN", [("A", 1), ("B", 1)], "DHL", service="Paket", tracking=tracking
    )
    return run(make_uow, lambda uow: fulfilment.ship(uow, cmd, "test")[1].id)


def deliver(make_uow: UowFactory, shipment_id: str) -> None:
    run(make_uow, fulfilment.deliver, shipment_id, "test")


def return_and_refund(make_uow: UowFactory, order_id: int) -> str:
    rma = run(
        make_uow,
        lambda uow: (
            rets.request_return(uow, RequestReturn(order_id, [("A", 1, "too small")]), "test")[1].id
        ),
    )
    run(make_uow, lambda uow: rets.authorise_return(uow, rma, "test", "LDN"))
    run(make_uow, lambda uow: rets.receive_return(uow, ReceiveReturn(rma, {}), "test"))
    run(make_uow, lambda uow: rets.refund_return(uow, rma, "test"))
    return rma

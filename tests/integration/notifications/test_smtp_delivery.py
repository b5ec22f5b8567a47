"""E-mail over a real SMTP conversation (aiosmtpd on a loopback port), on SQLite and
PostgreSQL: the right subject, body, Message-ID; every state change in the timeline."""

from __future__ import annotations

from ordermind.adapters.notifications.dispatcher import Notifier
from ordermind.notifications.mail import message_id
from ordermind.notifications.policy import NotifyPolicy
from ordermind.services import notifications as svc

from .helpers import LONDON, deliver, place, return_and_refund, seed, ship


def _types(uowf, oid: int) -> list[str]:
    with uowf() as uow:
        return [e["type"] for e in uow.orders.events(oid)]


def test_confirmed_shipped_and_delivered_reach_the_inbox_in_german(uowf, smtp, clock) -> None:
    seed(uowf)
    oid = place(uowf)  # ships to Berlin: German, unless the customer chose otherwise
    notifier = Notifier(uowf, smtp.sender(), clock=clock)
    notifier.run_once()
    shipment = ship(uowf, oid, tracking="JJD000123")
    notifier.run_once()
    deliver(uowf, shipment)
    notifier.run_once()

    number = f"OM{oid:08d}"
    assert smtp.inbox.subjects() == [
        f"Wir haben Ihre Bestellung {number} erhalten",
        f"Ihre Bestellung {number} ist unterwegs",
        f"Ihre Bestellung {number} wurde zugestellt",
    ]
    assert smtp.inbox.envelopes[0] == ("orders@shop.example", ["anna@example.de"])
    shipped = smtp.inbox.messages[1]
    text = shipped.get_body(("plain",)).get_content()
    html = shipped.get_body(("html",)).get_content()
    for body in (text, html):
        assert "DHL" in body and "JJD000123" in body and "Paket" in body
        assert number in body and "orders@shop.example" in body  # how to reach support
    assert text.startswith("Guten Tag Anna Schmidt,")
    assert shipped["Message-ID"] == message_id(oid, "shipped", shipment, "email", "shop.example")
    assert shipped["Content-Language"] == "de" and shipped["Auto-Submitted"] == "auto-generated"

    with uowf() as uow:
        seen = svc.order_notifications(uow, oid)
    assert [(m["milestone"], m["channel"], m["status"], m["attempts"]) for m in seen["items"]] == [
        ("confirmed", "email", "sent", 1),
        ("shipped", "email", "sent", 1),
        ("delivered", "email", "sent", 1),
    ]
    assert [m["message_id"] for m in seen["items"]] == smtp.inbox.message_ids()
    assert {m["status"] for m in seen["milestones"]} == {"planned"}
    assert _types(uowf, oid).count("notification.sent") == 3
    assert _types(uowf, oid).count("notification.queued") == 3


def test_a_return_and_refund_are_told_with_the_amount_in_the_customers_language(
    uowf, smtp, clock
) -> None:
    seed(uowf)
    oid = place(uowf, email="ann@example.co.uk", ship_to=LONDON, name="Ann")
    deliver(uowf, ship(uowf, oid))
    return_and_refund(uowf, oid)
    Notifier(uowf, smtp.sender(), clock=clock).drain()
    subjects = smtp.inbox.subjects()
    assert subjects[-2:] == [
        f"We have received your return for order OM{oid:08d}",
        f"Your refund for order OM{oid:08d}",
    ]
    refund = smtp.inbox.messages[-1].get_body(("plain",)).get_content()
    assert "€19.99" in refund  # 1999 minor units of EUR, written the English way


def test_a_predicted_delay_is_sent_with_the_new_date_and_a_later_one_again(
    uowf, smtp, clock
) -> None:
    seed(uowf)
    oid = place(uowf)
    notifier = Notifier(uowf, smtp.sender(), clock=clock)
    for new_date in ("2031-03-09", "2031-03-09", "2031-03-12"):  # the same news twice
        with uowf() as uow:
            svc.enqueue(
                uow,
                oid,
                "delay_predicted",
                {"new_date": new_date, "reason": "Der Zusteller ist im Verzug"},
            )
            uow.commit()
        notifier.run_once()
    delays = [m for m in smtp.inbox.messages if "später" in m["Subject"]]
    assert [m["Subject"].rsplit(" ", 3)[-3:] for m in delays] == [
        ["9.", "März", "2031"],
        ["12.", "März", "2031"],
    ]
    assert "Der Zusteller ist im Verzug" in delays[0].get_body(("plain",)).get_content()


def test_several_dispatchers_at_once_send_each_message_once(uowf, smtp, clock) -> None:
    seed(uowf)
    orders = [place(uowf, email=f"c{i}@example.de") for i in range(6)]
    a = Notifier(uowf, smtp.sender(), NotifyPolicy(), clock=clock, batch=2)
    b = Notifier(uowf, smtp.sender(), NotifyPolicy(), clock=clock, batch=3)
    for _ in range(4):
        a.run_once()
        b.run_once()
    assert len(smtp.inbox.messages) == len(orders)
    assert len(set(smtp.inbox.message_ids())) == len(orders)

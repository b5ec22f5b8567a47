"""A failing SMTP server: temporary refusals and a server that is down are retried with
back-off and then failed, visibly; a permanent refusal fails at once; nothing is lost."""

from __future__ import annotations

from ordermind.adapters.notifications.dispatcher import Notifier
from ordermind.adapters.notifications.smtp import SmtpSender
from ordermind.notifications.policy import NotifyPolicy
from ordermind.services import notifications as svc

from .helpers import free_port, place, seed

POLICY = NotifyPolicy(max_attempts=3, backoff_s=60, support="help@shop.example")


def _message(uowf, oid: int) -> dict:
    with uowf() as uow:
        (m,) = svc.order_notifications(uow, oid)["items"]
    return m


def _types(uowf, oid: int) -> list[str]:
    with uowf() as uow:
        return [e["type"] for e in uow.orders.events(oid) if e["type"].startswith("notif")]


def test_a_server_that_keeps_refusing_for_now_is_retried_with_back_off_then_failed(
    uowf, smtp, clock
):
    seed(uowf)
    oid = place(uowf)
    smtp.inbox.reply = "451 4.3.0 Mailbox busy, try later"
    notifier = Notifier(uowf, smtp.sender(), POLICY, clock=clock)
    notifier.run_once()
    m = _message(uowf, oid)
    assert (m["status"], m["attempts"]) == ("pending", 1) and "451" in m["last_error"]
    assert (m["next_attempt_at"] - clock()).total_seconds() == 60
    notifier.run_once()
    assert smtp.inbox.refused == 1  # not due yet: the back-off is respected
    clock.advance(seconds=61)
    notifier.run_once()
    assert (_message(uowf, oid)["attempts"], smtp.inbox.refused) == (2, 2)
    clock.advance(seconds=121)  # doubled
    notifier.run_once()
    m = _message(uowf, oid)
    assert (m["status"], m["attempts"], smtp.inbox.refused) == ("failed", 3, 3)
    assert _types(uowf, oid) == [
        "notification.queued",
        "notification.retrying",
        "notification.retrying",
        "notification.failed",
    ]
    clock.advance(hours=10)
    notifier.drain()
    assert smtp.inbox.refused == 3 and smtp.inbox.messages == []  # failed is final


def test_a_message_refused_once_goes_through_on_the_next_attempt(uowf, smtp, clock):
    seed(uowf)
    oid = place(uowf)
    smtp.inbox.reply = "421 4.7.0 Too many connections"
    notifier = Notifier(uowf, smtp.sender(), POLICY, clock=clock)
    notifier.run_once()
    smtp.inbox.reply = None
    clock.advance(seconds=61)
    notifier.run_once()
    m = _message(uowf, oid)
    assert (m["status"], m["attempts"]) == ("sent", 2)
    assert len(smtp.inbox.messages) == 1


def test_a_permanent_refusal_fails_at_once_without_retrying(uowf, smtp, clock):
    seed(uowf)
    oid = place(uowf)
    smtp.inbox.reply = "550 5.1.1 <anna@example.de>: no such user"
    notifier = Notifier(uowf, smtp.sender(), POLICY, clock=clock)
    notifier.run_once()
    m = _message(uowf, oid)
    assert (m["status"], m["attempts"]) == ("failed", 1)
    assert "550" in m["last_error"] and "anna@" not in m["last_error"]  # address redacted
    clock.advance(hours=1)
    notifier.drain()
    assert smtp.inbox.refused == 1


def test_a_server_that_is_down_is_retried_and_then_failed(uowf, smtp, clock):
    seed(uowf)
    oid = place(uowf)
    down = SmtpSender(smtp.settings(port=free_port()))  # nobody listens there
    notifier = Notifier(uowf, down, POLICY, clock=clock)
    for _ in range(5):
        notifier.run_once()
        clock.advance(minutes=10)
    m = _message(uowf, oid)
    assert (m["status"], m["attempts"]) == ("failed", 3)
    assert "Connection" in m["last_error"] or "refused" in m["last_error"]


def test_an_address_no_mail_can_be_written_to_fails_at_once_and_the_pass_goes_on(uowf, smtp, clock):
    seed(uowf)
    bad = place(uowf, email="jürgen@example.de")  # a non-ASCII local part (no SMTPUTF8 here)
    good = place(uowf, email="anna@example.de")
    Notifier(uowf, smtp.sender(), POLICY, clock=clock).run_once()
    m = _message(uowf, bad)
    assert (m["status"], m["attempts"]) == ("failed", 1)
    assert m["last_error"].startswith("cannot write the e-mail")
    assert _message(uowf, good)["status"] == "sent" and len(smtp.inbox.messages) == 1

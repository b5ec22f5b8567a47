"""Opt-out suppresses and says so in the timeline; quiet hours hold a message until they
end; the webhook channel hands a `notification.<milestone>` event to subscribers."""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlalchemy import insert, select

from ordermind.adapters.db import tables as t
from ordermind.adapters.notifications.dispatcher import Notifier
from ordermind.adapters.webhooks import vault
from ordermind.adapters.webhooks.dispatcher import Dispatcher
from ordermind.domain.clock import use_clock, utcnow
from ordermind.services import notifications as svc

from ..webhook_queue import queue_all
from .helpers import LONDON, place, seed, ship


def _prefs(uowf, email: str, **body) -> None:
    with uowf() as uow:
        svc.set_preferences(uow, email, body, "key:test")
        uow.commit()


def _seen(uowf, oid: int) -> list[tuple]:
    with uowf() as uow:
        return [
            (m["milestone"], m["channel"], m["status"], m["reason"])
            for m in svc.order_notifications(uow, oid)["items"]
        ]


def _events(uowf, oid: int, prefix: str = "notification.") -> list[dict]:
    with uowf() as uow:
        return [e for e in uow.orders.events(oid) if e["type"].startswith(prefix)]


def test_a_customer_who_opted_out_of_shipping_news_gets_only_the_rest(uowf, smtp, clock):
    seed(uowf)
    oid = place(uowf, email="ann@example.co.uk", ship_to=LONDON)
    _prefs(uowf, "ann@example.co.uk", opted_out=["shipped"])
    ship(uowf, oid)
    Notifier(uowf, smtp.sender(), clock=clock).drain()
    assert smtp.inbox.subjects() == [f"We have your order OM{oid:08d}"]
    assert _seen(uowf, oid) == [
        ("confirmed", "email", "sent", None),
        ("shipped", "email", "suppressed", "customer opted out of shipped notifications"),
    ]
    suppressed = [e for e in _events(uowf, oid) if e["type"] == "notification.suppressed"]
    assert len(suppressed) == 1
    assert suppressed[0]["reason"] == "customer opted out of shipped notifications"
    assert suppressed[0]["data"]["milestone"] == "shipped"


def test_opting_out_of_everything_sends_nothing_and_records_every_suppression(uowf, smtp, clock):
    seed(uowf)
    oid = place(uowf)
    _prefs(uowf, "anna@example.de", opt_out_all=True, channels={"email": True, "webhook": True})
    ship(uowf, oid)
    Notifier(uowf, smtp.sender(), clock=clock).drain()
    assert smtp.inbox.messages == []
    assert {s for _, _, s, _ in _seen(uowf, oid)} == {"suppressed"}
    assert len(_seen(uowf, oid)) == 4  # two milestones, two channels
    assert [e["type"] for e in _events(uowf, oid)] == ["notification.suppressed"] * 4


def test_a_message_due_in_quiet_hours_is_held_until_they_end(uowf, smtp, clock):
    seed(uowf)
    oid = place(uowf)
    local = clock().astimezone(UTC)
    start, end = (
        (local - timedelta(hours=1)).strftime("%H:%M"),
        (local + timedelta(hours=2)).strftime("%H:%M"),
    )
    _prefs(uowf, "anna@example.de", quiet_hours={"start": start, "end": end, "timezone": "UTC"})
    notifier = Notifier(uowf, smtp.sender(), clock=clock)
    notifier.drain()
    assert smtp.inbox.messages == [] and _seen(uowf, oid) == [
        ("confirmed", "email", "held", "quiet hours")
    ]
    clock.advance(hours=1)
    notifier.drain()
    assert smtp.inbox.messages == []
    clock.advance(hours=1, minutes=1)
    notifier.drain()
    assert len(smtp.inbox.messages) == 1
    assert [e["type"] for e in _events(uowf, oid)] == ["notification.held", "notification.sent"]


def test_without_an_smtp_server_the_email_is_suppressed_as_not_configured(uowf, clock):
    seed(uowf)
    oid = place(uowf)
    Notifier(uowf, None, clock=clock).drain()
    assert _seen(uowf, oid) == [
        ("confirmed", "email", "suppressed", "channel email is not configured")
    ]


def test_the_webhook_channel_hands_a_notification_event_to_subscribers(engine, uowf, clock):
    seed(uowf)
    oid = place(uowf)
    _prefs(uowf, "anna@example.de", channels={"email": False, "webhook": True})
    with engine.begin() as conn:
        conn.execute(
            insert(t.webhook_subscriptions).values(
                url="http://127.0.0.1:9/hook",
                signing_secrets=vault.seal([{"secret": "s" * 32, "until": None}]),
                event_types=["notification.confirmed"],
                active=True,
                cursor=0,
                created_at=utcnow(),
            )
        )
    Notifier(uowf, None, clock=clock).drain()
    assert _seen(uowf, oid) == [("confirmed", "webhook", "sent", None)]
    told = _events(uowf, oid, "notification.confirmed")
    assert len(told) == 1
    payload = told[0]["data"]
    assert payload["subject"] == f"Wir haben Ihre Bestellung OM{oid:08d} erhalten"
    assert payload["order_number"] == f"OM{oid:08d}" and payload["locale"] == "de"
    assert "anna@example.de" not in str(payload)  # who the customer is stays in the order
    # the webhook outbox picks it up for the subscriber (events settle for a second first)
    later = utcnow() + timedelta(seconds=5)
    webhooks = Dispatcher(engine)
    try:
        with use_clock(lambda: later):
            queue_all(webhooks)
    finally:
        webhooks.client.close()
    with engine.connect() as conn:
        rows = conn.execute(select(t.webhook_deliveries.c.event_type)).scalars().all()
    assert rows == ["notification.confirmed"]

"""GET/PUT /v1/customers/{email}/notification-preferences and
GET /v1/orders/{id}/notifications on SQLite and PostgreSQL (TestClient, real migrations)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ordermind.adapters.http.auth import Role, create_key
from ordermind.adapters.notifications.dispatcher import Notifier
from ordermind.entrypoints.http_app import create_app

from .helpers import seed

BODY = {
    "channel": "web",
    "currency": "EUR",
    "customer": {"email": "Anna@Example.de", "name": "Anna"},
    "ship_to": {
        "name": "Anna",
        "line1": "Unter den Linden 1",
        "city": "Berlin",
        "postal_code": "10117",
        "country": "DE",
        "lat": 52.52,
        "lon": 13.39,
    },
    "lines": [{"sku": "A", "quantity": 1}],
}
PREFS = "/v1/customers/anna@example.de/notification-preferences"


@pytest.fixture
def client(engine, uowf):
    seed(uowf)
    return TestClient(create_app(engine, webhooks_enabled=False))


def _as(engine, role: str, channel: str | None = None) -> dict:
    return {"Authorization": f"Bearer {create_key(engine, Role(role), channel)}"}


def test_preferences_of_a_known_customer_start_as_defaults_and_can_be_replaced(
    client, engine
) -> None:
    admin = _as(engine, "admin")
    assert client.get(PREFS, headers=admin).status_code == 404  # nobody by that address yet
    assert client.post("/v1/orders", json=BODY, headers=admin).status_code == 201
    got = client.get(PREFS, headers=admin).json()
    assert got == {
        "email": "anna@example.de",
        "default": True,
        "channels": {"email": True, "webhook": False},
        "opted_out": [],
        "opt_out_all": False,
        "locale": None,
        "quiet_hours": None,
    }
    wanted = {
        "channels": {"email": True, "webhook": True},
        "opted_out": ["delivered"],
        "locale": "de-AT",
        "quiet_hours": {"start": "22:00", "end": "07:30", "timezone": "Europe/Vienna"},
    }
    put = client.put(PREFS, json=wanted, headers=_as(engine, "operator"))
    assert put.status_code == 200, put.text
    again = client.get(
        "/v1/customers/ANNA@example.de/notification-preferences", headers=admin
    ).json()
    assert again == put.json()
    assert again["locale"] == "de_AT" and again["default"] is False
    assert again["quiet_hours"] == wanted["quiet_hours"]


@pytest.mark.parametrize(
    "bad, says",
    [
        ({"channels": {"sms": True}}, "unknown channel"),
        ({"opted_out": ["birthday"]}, "unknown milestone"),
        (
            {"quiet_hours": {"start": "22:00", "end": "07:00", "timezone": "Mars/Olympus"}},
            "unknown time zone",
        ),
        ({"quiet_hours": {"start": "25:00", "end": "07:00", "timezone": "UTC"}}, "HH:MM"),
        ({"quiet_hours": {"start": "07:00", "end": "07:00", "timezone": "UTC"}}, "same time"),
        ({"locale": "xx-nowhere"}, "unknown locale"),
        ({"opt_out_all": "yes"}, "opt_out_all"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_preferences_are_refused_with_one_clear_line_and_change_nothing(
    client, engine, bad, says
) -> None:
    admin = _as(engine, "admin")
    client.post("/v1/orders", json=BODY, headers=admin)
    client.put(PREFS, json={"opted_out": ["shipped"]}, headers=admin)
    r = client.put(PREFS, json=bad, headers=admin)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert says in r.json()["detail"]
    assert client.get(PREFS, headers=admin).json()["opted_out"] == ["shipped"]


def test_only_operators_and_the_customers_own_channel_may_touch_preferences(client, engine) -> None:
    client.post("/v1/orders", json=BODY, headers=_as(engine, "admin"))
    for role in ("viewer", "agent"):
        assert client.get(PREFS, headers=_as(engine, role)).status_code == 403
    assert client.put(PREFS, json={}, headers=_as(engine, "channel", "web")).status_code == 200
    other = client.put(PREFS, json={}, headers=_as(engine, "channel", "marketplace"))
    assert other.status_code == 403 and "channel marketplace" in other.json()["detail"]


def test_an_orders_notifications_say_what_was_sent_when_and_through_what(
    client, engine, uowf, smtp
) -> None:
    admin = _as(engine, "admin")
    order = client.post("/v1/orders", json=BODY, headers=admin).json()
    listed = client.get(f"/v1/orders/{order['id']}/notifications", headers=admin).json()
    assert listed["items"] == [] and [m["status"] for m in listed["milestones"]] == ["pending"]
    Notifier(uowf, smtp.sender()).drain()
    listed = client.get(
        f"/v1/orders/{order['id']}/notifications", headers=_as(engine, "viewer")
    ).json()
    (sent,) = listed["items"]
    assert sent["milestone"] == "confirmed" and sent["channel"] == "email"
    assert sent["status"] == "sent" and sent["attempts"] == 1 and sent["sent_at"]
    assert sent["title"] == f"Wir haben Ihre Bestellung {order['number']} erhalten"
    assert sent["message_id"] == smtp.inbox.messages[0]["Message-ID"]
    timeline = client.get(f"/v1/orders/{order['id']}/events", headers=admin).json()["items"]
    assert [e["type"] for e in timeline][-2:] == ["notification.queued", "notification.sent"]
    foreign = _as(engine, "channel", "marketplace")
    assert client.get(f"/v1/orders/{order['id']}/notifications", headers=foreign).status_code == 404

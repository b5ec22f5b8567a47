"""Over real HTTP: the served app (uvicorn, two workers, each running the notifier) tells
the customer by e-mail, over a real SMTP conversation, that the order is confirmed,
shipped (with carrier and tracking) and delivered — each mail once."""

from __future__ import annotations

import socket
import time
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from ordermind.adapters.http.auth import Role, create_key


class _Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(inbox: _Inbox, n: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while len(inbox.messages) < n and time.monotonic() < deadline:
        time.sleep(0.2)


def test_the_customer_is_told_confirmed_shipped_and_delivered_by_email(
    database_url, engine, tmp_path, start_server
) -> None:
    inbox, port = _Inbox(), _free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    env = {
        "ORDERMIND_SMTP_HOST": "127.0.0.1",
        "ORDERMIND_SMTP_PORT": str(port),
        "ORDERMIND_SMTP_TLS": "none",
        "ORDERMIND_SMTP_FROM": "orders@shop.example",
        "ORDERMIND_NOTIFY_SUPPORT": "help@shop.example",
        "ORDERMIND_NOTIFY_INTERVAL": "0.3",
    }
    log = tmp_path / "server.log"
    try:
        with start_server(database_url, log, 2, env) as base:
            import httpx

            key = create_key(engine, Role.ADMIN)
            with httpx.Client(
                base_url=base, timeout=30, headers={"Authorization": f"Bearer {key}"}
            ) as c:
                assert (
                    c.put(
                        "/v1/nodes/LDN", json={"name": "LDN", "lat": 51.5, "lon": -0.12}
                    ).status_code
                    == 200
                )
                assert c.put("/v1/products/A", json={"name": "A", "price": 2500}).status_code == 200
                assert c.put("/v1/inventory/LDN/A", json={"on_hand": 10}).status_code == 200
                order = c.post(
                    "/v1/orders",
                    headers={"Idempotency-Key": "n-1"},
                    json={
                        "channel": "web",
                        "currency": "EUR",
                        "customer": {"email": "ann@example.co.uk", "name": "Ann Buyer"},
                        "ship_to": {
                            "name": "Ann Buyer",
                            "line1": "1 High St",
                            "city": "London",
                            "postal_code": "EC1A 1AA",
                            "country": "GB",
                            "lat": 51.52,
                            "lon": -0.1,
                        },
                        "lines": [{"sku": "A", "quantity": 2}],
                    },
                )
                assert order.status_code == 201, order.text
                order = order.json()
                oid, number = order["id"], order["number"]
                _wait_for(inbox, 1)
                assert c.post(f"/v1/orders/{oid}/release").status_code == 200
                shipment = c.post(
                    "/v1/shipments",
                    json={
                        "order_id": oid,
                        "node": "LDN",
                        "carrier": "Royal Mail",
                        "service": "Tracked 24",
                        "tracking": "RM123456785GB",
                        "lines": [{"sku": "A", "quantity": 2}],
                    },
                ).json()
                _wait_for(inbox, 2)
                assert c.post(f"/v1/shipments/{shipment['id']}/deliver").status_code == 200
                _wait_for(inbox, 3)
                time.sleep(1.5)  # a few more passes of both workers: nothing is sent twice
                told = c.get(f"/v1/orders/{oid}/notifications").json()["items"]
                timeline = [e["type"] for e in c.get(f"/v1/orders/{oid}/events").json()["items"]]
    finally:
        smtp.stop()
    assert [m["Subject"] for m in inbox.messages] == [
        f"We have your order {number}",
        f"Your order {number} is on its way",
        f"Your order {number} has been delivered",
    ], log.read_text()[-3000:]
    assert len({m["Message-ID"] for m in inbox.messages}) == 3
    assert all(m["To"] == "ann@example.co.uk" for m in inbox.messages)
    shipped = inbox.messages[1].get_body(("plain",)).get_content()
    assert "Royal Mail (Tracked 24)" in shipped and "RM123456785GB" in shipped
    assert "help@shop.example" in shipped
    assert [(m["milestone"], m["status"], m["attempts"]) for m in told] == [
        ("confirmed", "sent", 1),
        ("shipped", "sent", 1),
        ("delivered", "sent", 1),
    ]
    assert timeline.count("notification.sent") == 3
    assert "ann@example.co.uk" not in log.read_text()  # customer data never in the logs

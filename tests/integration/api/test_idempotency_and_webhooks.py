import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import orjson

from ordermind.adapters.webhooks import dispatcher as dispatch_mod
from ordermind.adapters.webhooks.dispatcher import Dispatcher
from ordermind.adapters.webhooks.signing import verify
from ordermind.domain.clock import use_clock

from ..webhook_queue import queue_all
from .conftest import order_body


def test_the_same_idempotency_key_returns_the_first_order_and_never_a_second(api):
    api.seed({("LDN", "A"): 5})
    body = order_body(("A", 1))
    first = api.post("/v1/orders", json=body, headers={"Idempotency-Key": "k-1"})
    again = api.post("/v1/orders", json=body, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(api.get("/v1/orders").json()["items"]) == 1
    other = api.post("/v1/orders", json=order_body(("A", 2)), headers={"Idempotency-Key": "k-1"})
    assert other.status_code == 422 and "different request" in other.json()["detail"]


def test_a_failed_create_does_not_burn_its_idempotency_key(api):
    api.seed({("LDN", "A"): 5})
    bad = order_body(("A", 1))
    bad["lines"][0]["sku"] = "NOPE"
    assert api.post("/v1/orders", json=bad, headers={"Idempotency-Key": "k-2"}).status_code == 422
    bad["lines"][0]["sku"] = "A"
    assert api.post("/v1/orders", json=bad, headers={"Idempotency-Key": "k-2"}).status_code == 201


class Receiver(BaseHTTPRequestHandler):
    received: list = []
    fail_first = True

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if Receiver.fail_first:
            Receiver.fail_first = False
            self.send_response(500)
            self.end_headers()
            return
        Receiver.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):  # quiet
        pass


def test_webhooks_are_signed_retried_after_a_failure_and_show_their_attempts(
    api, engine, monkeypatch
):
    monkeypatch.setattr(dispatch_mod, "SETTLE", dispatch_mod.timedelta(0))
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Receiver.received, Receiver.fail_first = [], True
    try:
        url = f"http://127.0.0.1:{server.server_port}/hook"
        sub = api.post(
            "/v1/webhooks", json={"url": url, "event_types": ["order.placed"], "secret": "s" * 32}
        )
        assert sub.status_code == 201 and sub.json()["secret"] == "s" * 32
        api.seed({("LDN", "A"): 5})
        oid = api.post("/v1/orders", json=order_body(("A", 1))).json()["id"]
        d = Dispatcher(engine)
        queue_all(d)  # the event becomes a pending delivery
        assert d.deliver_due() == 1  # first attempt answered 500
        assert d.deliver_due() == 0  # not due again yet: the first retry waits 5 s
        later = datetime.now(UTC) + timedelta(seconds=6)
        with use_clock(lambda: later):
            assert d.deliver_due() == 1  # retried
        d.stop()
        assert len(Receiver.received) == 1
        sent, body = Receiver.received[0]
        assert verify("s" * 32, sent, body)
        assert not verify("wrong-secret-xxxxxxxxxxxxxxxx", sent, body)
        event = orjson.loads(body)
        assert event["type"] == "order.placed" and event["order_id"] == oid
        assert sent["webhook-id"] == f"msg_{event['id']}"
        log = api.get(f"/v1/webhooks/{sub.json()['id']}/deliveries").json()["items"]
        assert [(x["status"], x["attempts"]) for x in log] == [("delivered", 2)]
    finally:
        server.shutdown()


def _stored_answers(engine) -> str:
    from sqlalchemy import select

    from ordermind.adapters.db import tables as t

    with engine.connect() as conn:
        return " ".join(str(row) for row in conn.execute(select(t.idempotency_keys)))


def test_a_secret_shown_once_is_replayed_to_its_key_but_never_stored_in_clear(api, engine):
    body = {"url": "http://127.0.0.1:9/in", "event_types": ["order.placed"]}
    first = api.post("/v1/webhooks", json=body, headers={"Idempotency-Key": "wh-1"})
    again = api.post("/v1/webhooks", json=body, headers={"Idempotency-Key": "wh-1"})
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    secret = first.json()["secret"]
    assert again.json()["secret"] == secret
    assert api.put("/v1/channels/web", json={"name": "Web"}).is_success
    shop = {"kind": "shopify", "channel": "web", "shop": "demo.myshopify.com"}
    made = api.post("/v1/connectors", json=shop, headers={"Idempotency-Key": "cn-1"})
    replayed = api.post("/v1/connectors", json=shop, headers={"Idempotency-Key": "cn-1"})
    assert made.status_code == replayed.status_code == 201, made.text
    assert replayed.json()["signing_secret"] == made.json()["signing_secret"]
    stored = _stored_answers(engine)
    assert "wh-1" in stored and "cn-1" in stored  # the answers are kept, sealed
    assert secret not in stored and made.json()["signing_secret"] not in stored

"""Webhooks that never lose an event, on SQLite and PostgreSQL: targets that are refused,
secrets sealed at rest and rotated, nothing sent after a delete, a slow receiver delaying
only itself, what is retried and what is not, a receiver down for a simulated day losing
nothing, redelivery and replay, and ordered delivery."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import orjson
import pytest
from sqlalchemy import select

from ordermind.adapters.db import tables as t
from ordermind.adapters.webhooks import dispatcher as dispatch_mod
from ordermind.adapters.webhooks import retries
from ordermind.adapters.webhooks.dispatcher import Dispatcher
from ordermind.adapters.webhooks.signing import verify
from ordermind.domain.clock import use_clock

from ..webhook_queue import queue_all
from .conftest import order_body

Answer = Callable[[dict], tuple[int, dict]]


class Receiver:
    """A real HTTP receiver on loopback whose answer a test decides (`answer`)."""

    def __init__(self, port: int = 0, answer: Answer | None = None) -> None:
        self.got: list[tuple[dict, dict]] = []  # (headers, event)
        self.answer: Answer = answer or (lambda event: (204, {}))
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                event = orjson.loads(body)
                status, extra = receiver.answer(event)
                if 200 <= status < 300:
                    receiver.got.append((dict(self.headers) | {"_body": body}, event))
                self.send_response(status)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receivers() -> Iterator[Callable[..., Receiver]]:
    made: list[Receiver] = []

    def make(**kw) -> Receiver:
        made.append(Receiver(**kw))
        return made[-1]

    yield make
    for r in made:
        r.close()


@pytest.fixture
def dispatcher(engine, monkeypatch) -> Iterator[Dispatcher]:
    monkeypatch.setattr(dispatch_mod, "SETTLE", timedelta(0))
    d = Dispatcher(engine, timeout=2.0)
    yield d
    d.stop()


@contextmanager
def clock_at(at: datetime) -> Iterator[None]:
    with use_clock(lambda: at):
        yield


def queue(dispatcher: Dispatcher, expected: int, timeout: float = 15.0) -> int:
    """Enqueue until `expected` deliveries are queued: on PostgreSQL an event is handed out
    only once every older transaction on the server has ended, and other test processes
    share the server."""
    deadline = datetime.now(UTC) + timedelta(seconds=timeout)
    made = 0
    while made < expected and datetime.now(UTC) < deadline:
        made += queue_all(dispatcher, timeout=1.0)
    return made


def subscribe(api, url: str, **body) -> dict:
    r = api.post("/v1/webhooks", json={"url": url, "event_types": ["order.placed"], **body})
    assert r.status_code == 201, r.text
    return r.json()


def place(api, n: int) -> list[int]:
    return [api.post("/v1/orders", json=order_body(("A", 1))).json()["id"] for _ in range(n)]


def deliveries(api, sub_id: int) -> list[dict]:
    return api.get(f"/v1/webhooks/{sub_id}/deliveries", params={"limit": 500}).json()["items"]


HOSTILE = [
    "http://127.0.0.1:22/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]:6379/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://localhost:8000/",
    "http://10.0.0.5/hook",
    "http://[::ffff:127.0.0.1]/",
    "http://user:pass@127.0.0.1/",
    "ftp://127.0.0.1/",
    "http://[::1/",  # not a URL at all (an unclosed IPv6 host): a 422, not a 500
]


@pytest.mark.parametrize("url", HOSTILE)
def test_a_target_on_the_stores_own_network_is_refused_and_nothing_is_written(
    api, monkeypatch, url
):
    monkeypatch.delenv("ORDERMIND_WEBHOOK_ALLOW", raising=False)
    r = api.post("/v1/webhooks", json={"url": url})
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert api.get("/v1/webhooks").json()["items"] == []


def test_an_operator_allow_list_admits_a_named_internal_target(api, monkeypatch, receivers):
    monkeypatch.setenv("ORDERMIND_WEBHOOK_ALLOW", "10.0.0.0/8,127.0.0.1")
    assert api.post("/v1/webhooks", json={"url": receivers().url}).status_code == 201
    monkeypatch.setenv("ORDERMIND_WEBHOOK_ALLOW", "10.0.0.0/8")
    assert api.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/"}).status_code == 422


def test_an_unknown_event_type_is_refused_naming_the_known_ones(api, receivers):
    r = api.post("/v1/webhooks", json={"url": receivers().url, "event_types": ["order.plaCed"]})
    assert r.status_code == 422
    assert "order.plaCed" in r.json()["detail"] and "order.placed" in r.json()["detail"]
    assert api.get("/v1/webhooks").json()["items"] == []


def test_the_signing_secret_is_shown_once_and_never_stored_in_clear(api, engine, receivers):
    sub = subscribe(api, receivers().url)
    secret = sub["secret"]
    assert secret.startswith("whsec_")
    assert all("secret" not in s for s in api.get("/v1/webhooks").json()["items"])
    with engine.connect() as conn:
        row = conn.execute(select(t.webhook_subscriptions)).one()
    stored = " ".join(str(v) for v in row)
    assert secret not in stored and secret.removeprefix("whsec_") not in stored
    assert row.signing_secrets.startswith("enc:v1:")


def test_deliveries_carry_standard_webhooks_signatures_and_a_rotation_signs_with_both(
    api, dispatcher, receivers
):
    api.seed({("LDN", "A"): 50})
    receiver = receivers()
    sub = subscribe(api, receiver.url)
    place(api, 1)
    assert queue(dispatcher, 1) == 1
    dispatcher.deliver_due()
    rotated = api.post(f"/v1/webhooks/{sub['id']}/rotate-secret", json={"grace_seconds": 3600})
    assert rotated.status_code == 200, rotated.text
    place(api, 1)
    assert queue(dispatcher, 1) == 1
    dispatcher.deliver_due()
    (first, _), (second, _) = receiver.got
    assert verify(sub["secret"], first, first["_body"])
    assert verify(sub["secret"], second, second["_body"])  # the old one, in its grace
    assert verify(rotated.json()["secret"], second, second["_body"])
    assert not verify(rotated.json()["secret"], first, first["_body"])
    assert (
        api.post(f"/v1/webhooks/{sub['id']}/rotate-secret", json={"grace_seconds": 0}).status_code
        == 200
    )
    place(api, 1)
    assert queue(dispatcher, 1) == 1
    dispatcher.deliver_due()
    third = receiver.got[2][0]
    assert not verify(rotated.json()["secret"], third, third["_body"])


def test_nothing_is_sent_after_a_subscription_is_deleted(api, dispatcher, receivers):
    api.seed({("LDN", "A"): 50})
    receiver = receivers()
    sub = subscribe(api, receiver.url)
    place(api, 20)
    assert queue(dispatcher, 20) == 20
    assert api.delete(f"/v1/webhooks/{sub['id']}").status_code == 200
    dispatcher.deliver_due()
    place(api, 5)
    queue_all(dispatcher)
    dispatcher.deliver_due()
    assert receiver.got == []
    assert {d["status"] for d in deliveries(api, sub["id"])} == {"cancelled"}


def test_a_receiver_that_hangs_delays_only_its_own_deliveries(api, dispatcher, receivers):
    api.seed({("LDN", "A"): 50})
    release = threading.Event()

    def hang(event: dict) -> tuple[int, dict]:
        release.wait(10)
        return 204, {}

    slow, fast = receivers(answer=hang), receivers()
    subscribe(api, slow.url)
    subscribe(api, fast.url)
    place(api, 10)
    assert queue(dispatcher, 20) == 20
    dispatcher.deliver_due(wait=False)  # as the background loop does
    deadline = datetime.now(UTC) + timedelta(seconds=8)
    while len(fast.got) < 10 and datetime.now(UTC) < deadline:
        threading.Event().wait(0.05)
    assert len(fast.got) == 10 and slow.got == []  # all ten, while the slow one still hangs
    release.set()


def test_a_4xx_is_not_retried_and_a_429_waits_as_long_as_it_asks(api, dispatcher, receivers):
    api.seed({("LDN", "A"): 50})
    refusing = receivers(answer=lambda e: (400, {}))
    busy_once = {"left": 1}

    def busy(event: dict) -> tuple[int, dict]:
        if busy_once["left"]:
            busy_once["left"] -= 1
            return 429, {"Retry-After": "120"}
        return 204, {}

    throttling = receivers(answer=busy)
    bad, slowed = subscribe(api, refusing.url), subscribe(api, throttling.url)
    place(api, 1)
    assert queue(dispatcher, 2) == 2
    dispatcher.deliver_due()
    (rejected,) = deliveries(api, bad["id"])
    assert (rejected["status"], rejected["attempts"], rejected["last_status_code"]) == (
        "rejected",
        1,
        400,
    )
    (waiting,) = deliveries(api, slowed["id"])
    wait = datetime.fromisoformat(waiting["next_attempt_at"]) - datetime.now(UTC)
    assert timedelta(seconds=100) < wait <= timedelta(seconds=121)
    with clock_at(datetime.now(UTC) + timedelta(seconds=60)):
        dispatcher.deliver_due()
    assert throttling.got == []
    with clock_at(datetime.now(UTC) + timedelta(seconds=125)):
        dispatcher.deliver_due()
    assert len(throttling.got) == 1


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_receiver_down_for_a_day_loses_nothing_and_its_endpoint_is_flagged(
    api, engine, dispatcher, receivers
):
    api.seed({("LDN", "A"): 50})
    port = _closed_port()  # nothing listens: every attempt is refused a connection
    sub = subscribe(api, f"http://127.0.0.1:{port}/hook")
    placed = place(api, 12)
    events = queue(dispatcher, 12)
    assert events == 12
    start = datetime.now(UTC)
    at, passes = start, 0
    while at < start + timedelta(days=1):
        with clock_at(at):
            dispatcher.deliver_due(batch=500)
        passes += 1
        at += timedelta(minutes=30)
    waiting = deliveries(api, sub["id"])
    assert len(waiting) == events and {d["status"] for d in waiting} == {"pending"}
    assert max(d["attempts"] for d in waiting) >= 6
    shown = next(s for s in api.get("/v1/webhooks").json()["items"] if s["id"] == sub["id"])
    assert shown["failing"] and shown["consecutive_failures"] >= retries.FAILING_AFTER
    alerts = api.get("/v1/alerts").json()["items"]
    assert [a["kind"] for a in alerts].count("webhook_failing") == 1
    receiver = receivers(port=port)  # back after a day
    with clock_at(start + timedelta(days=1, hours=11)):
        dispatcher.deliver_due(batch=500)
    got = [e["id"] for _, e in receiver.got]
    assert len(got) == len(set(got)) == events  # every event once
    assert {e["order_id"] for _, e in receiver.got if e["type"] == "order.placed"} == set(placed)
    assert {d["status"] for d in deliveries(api, sub["id"])} == {"delivered"}
    healed = next(s for s in api.get("/v1/webhooks").json()["items"] if s["id"] == sub["id"])
    assert not healed["failing"] and healed["consecutive_failures"] == 0
    assert passes == 48


def test_after_three_days_a_delivery_is_failed_and_can_still_be_redelivered(
    api, dispatcher, receivers
):
    api.seed({("LDN", "A"): 50})
    port = _closed_port()
    sub = subscribe(api, f"http://127.0.0.1:{port}/hook")
    place(api, 1)
    assert queue(dispatcher, 1) == 1
    start = datetime.now(UTC)
    for hours in range(0, 74, 2):
        with clock_at(start + timedelta(hours=hours)):
            dispatcher.deliver_due()
    (gone,) = deliveries(api, sub["id"])
    assert gone["status"] == "failed" and gone["attempts"] >= 10
    receiver = receivers(port=port)
    r = api.post(f"/v1/webhooks/{sub['id']}/deliveries/{gone['id']}/redeliver")
    assert r.status_code == 200 and r.json()["status"] == "pending"
    dispatcher.deliver_due()
    assert len(receiver.got) == 1 and deliveries(api, sub["id"])[0]["status"] == "delivered"


def test_a_replay_delivers_every_event_since_a_time_again_with_the_same_webhook_ids(
    api, dispatcher, receivers
):
    api.seed({("LDN", "A"): 50})
    receiver = receivers()
    sub = subscribe(api, receiver.url)
    since = datetime.now(UTC) - timedelta(seconds=1)
    place(api, 3)
    assert queue(dispatcher, 3) == 3
    dispatcher.deliver_due()
    r = api.post(f"/v1/webhooks/{sub['id']}/replay", json={"since": since.isoformat()})
    assert r.status_code == 200, r.text
    assert r.json() == {"events": 3, "requeued": 3, "queued": 0}
    dispatcher.deliver_due()
    ids = [h["webhook-id"] for h, _ in receiver.got]
    assert len(ids) == 6 and len(set(ids)) == 3  # a duplicate has the same webhook-id
    bad = api.post(f"/v1/webhooks/{sub['id']}/replay", json={"since": "yesterday"})
    assert bad.status_code == 422


def test_an_ordered_subscription_holds_later_events_behind_a_failed_one(api, dispatcher, receivers):
    api.seed({("LDN", "A"): 50})
    state = {"down": True}
    receiver = receivers(answer=lambda e: (503, {}) if state["down"] else (204, {}))
    sub = subscribe(api, receiver.url, ordered=True)
    place(api, 4)
    assert queue(dispatcher, 4) == 4
    dispatcher.deliver_due()
    attempts = [d["attempts"] for d in sorted(deliveries(api, sub["id"]), key=lambda d: d["id"])]
    assert attempts == [1, 0, 0, 0]  # the first failed; the rest wait behind it
    state["down"] = False
    with clock_at(datetime.now(UTC) + timedelta(seconds=6)):
        dispatcher.deliver_due()
    got = [e["id"] for _, e in receiver.got]
    assert got == sorted(got) and len(got) == 4

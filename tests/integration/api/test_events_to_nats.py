"""The outbox published to a real NATS JetStream (127.0.0.1:4222), on SQLite and
PostgreSQL: every committed event stored once in the stream under `<prefix>.<type>`, its
`Nats-Msg-Id` the webhook id, a replay deduplicated by JetStream, a broker that is down
retried like a webhook, and a target no stream captures refused."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import nats
import orjson
import pytest
from nats.js.api import StreamConfig

from ordermind.adapters.webhooks import dispatcher as dispatch_mod
from ordermind.adapters.webhooks.dispatcher import Dispatcher

from .conftest import order_body
from .test_webhook_delivery import queue

NATS_URL = "nats://127.0.0.1:4222"


async def _admin(action):
    nc = await nats.connect(NATS_URL, connect_timeout=3)
    try:
        return await action(nc.jetstream())
    finally:
        await nc.close()


@pytest.fixture
def stream() -> Iterator[str]:
    prefix = f"omtest{secrets.token_hex(4)}"
    name = prefix.upper()

    async def add(js):
        await js.add_stream(StreamConfig(name=name, subjects=[f"{prefix}.>"]))

    asyncio.run(_admin(add))
    yield prefix

    async def delete(js):
        await js.delete_stream(name)

    asyncio.run(_admin(delete))


def _messages(prefix: str) -> list[tuple[str, dict, dict]]:
    async def read(js):
        info = await js.stream_info(prefix.upper())
        out = []
        for seq in range(info.state.first_seq, info.state.last_seq + 1):
            msg = await js.get_msg(prefix.upper(), seq)
            out.append((msg.subject, dict(msg.headers or {}), orjson.loads(msg.data)))
        return out

    return asyncio.run(_admin(read))


@pytest.fixture
def dispatcher(engine, monkeypatch) -> Iterator[Dispatcher]:
    monkeypatch.setattr(dispatch_mod, "SETTLE", timedelta(0))
    d = Dispatcher(engine)
    yield d
    d.stop()


def test_every_event_is_stored_once_in_the_stream_and_a_replay_is_deduplicated(
    api, dispatcher, stream
):
    api.seed({("LDN", "A"): 20})
    sub = api.post(
        "/v1/webhooks", json={"url": f"nats://127.0.0.1:4222/{stream}", "event_types": ["*"]}
    )
    assert sub.status_code == 201, sub.text
    since = datetime.now(UTC) - timedelta(seconds=1)
    placed = {api.post("/v1/orders", json=order_body(("A", 1))).json()["id"] for _ in range(5)}
    queued = queue(dispatcher, 10)  # each order has several events; at least two
    dispatcher.deliver_due(batch=500)
    stored = _messages(stream)
    assert len(stored) == queued
    assert {e["order_id"] for _, _, e in stored if e["type"] == "order.placed"} == placed
    for subject, headers, event in stored:
        assert subject == f"{stream}.{event['type']}"
        assert headers["Nats-Msg-Id"] == f"msg_{event['id']}"
    r = api.post(f"/v1/webhooks/{sub.json()['id']}/replay", json={"since": since.isoformat()})
    assert r.status_code == 200 and r.json()["requeued"] == queued
    dispatcher.deliver_due(batch=500)
    assert len(_messages(stream)) == queued  # JetStream dropped the redeliveries
    log = api.get(f"/v1/webhooks/{sub.json()['id']}/deliveries", params={"limit": 500}).json()
    assert {d["status"] for d in log["items"]} == {"delivered"}


def test_a_nats_target_that_no_stream_captures_is_refused(api):
    r = api.post("/v1/webhooks", json={"url": "nats://127.0.0.1:4222/nostream" + "x" * 8})
    assert r.status_code == 422 and "no JetStream stream captures" in r.json()["detail"]
    wild = api.post("/v1/webhooks", json={"url": "nats://127.0.0.1:4222/a.*"})
    assert wild.status_code == 422
    assert api.get("/v1/webhooks").json()["items"] == []


def test_a_broker_that_is_down_is_retried_and_nothing_is_lost(api, dispatcher, stream, engine):
    api.seed({("LDN", "A"): 20})
    sub = api.post(
        "/v1/webhooks",
        json={"url": f"nats://127.0.0.1:4222/{stream}", "event_types": ["order.placed"]},
    ).json()
    api.post("/v1/orders", json=order_body(("A", 1)))
    assert queue(dispatcher, 1) == 1
    from sqlalchemy import update

    from ordermind.adapters.db import tables as t

    s = t.webhook_subscriptions
    with engine.begin() as conn:  # the broker moves to a port where nothing listens
        conn.execute(update(s).values(url="nats://127.0.0.1:1/" + stream))
    dispatcher.deliver_due()
    (waiting,) = api.get(f"/v1/webhooks/{sub['id']}/deliveries").json()["items"]
    assert waiting["status"] == "pending" and "cannot connect" in waiting["last_error"]
    with engine.begin() as conn:
        conn.execute(update(s).values(url=f"nats://127.0.0.1:4222/{stream}"))
    from ordermind.domain.clock import use_clock

    later = datetime.now(UTC) + timedelta(seconds=6)
    with use_clock(lambda: later):
        dispatcher.deliver_due()
    assert [e["type"] for _, _, e in _messages(stream)] == ["order.placed"]

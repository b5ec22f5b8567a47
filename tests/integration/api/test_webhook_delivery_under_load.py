"""What keeps webhook delivery up with order traffic (found by benchmarks/webhooks.py): a
subscription with more waiting than one batch is not held to a batch per pass, the
served app's dispatcher has PostgreSQL connections that requests cannot take, and
successes recorded together are recorded even when the subscription is deleted meanwhile."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import text

from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.webhooks import dispatcher as dispatch_mod
from ordermind.adapters.webhooks import store
from ordermind.adapters.webhooks.dispatcher import Dispatcher

from .test_webhook_delivery import Receiver, deliveries, place, queue, subscribe


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture(autouse=True)
def no_settle(monkeypatch) -> None:
    monkeypatch.setattr(dispatch_mod, "SETTLE", timedelta(0))


def test_a_backlog_longer_than_one_batch_is_delivered_in_one_pass(api, engine, receiver):
    api.seed({("LDN", "A"): 100})
    sub = subscribe(api, receiver.url)
    place(api, 25)
    dispatcher = Dispatcher(engine)
    try:
        assert queue(dispatcher, 25) == 25
        assert dispatcher.deliver_due(batch=10) == 25  # not 10, then 10 a pass after
    finally:
        dispatcher.stop()
    assert len(receiver.got) == 25
    assert {d["status"] for d in deliveries(api, sub["id"])} == {"delivered"}


def test_the_served_dispatcher_delivers_while_requests_hold_every_pooled_connection(
    migrated_url, receiver
):
    from fastapi.testclient import TestClient

    from ordermind.adapters.http.auth import Role, create_key
    from ordermind.entrypoints.http_app import create_app

    from .conftest import Api

    url = migrated_url("postgresql")
    app_engine = make_engine(url, pool_size=1)  # overflow 0: one connection in all
    key = create_key(app_engine, Role.ADMIN)
    api = Api(TestClient(create_app(make_engine(url), webhooks_enabled=False)), key)
    api.seed({("LDN", "A"): 20})
    subscribe(api, receiver.url)
    place(api, 3)
    dispatcher = Dispatcher(app_engine, own_pool=True)
    held = app_engine.connect()  # as a long request would
    try:
        held.execute(text("SELECT 1"))
        assert queue(dispatcher, 3) == 3
        assert dispatcher.deliver_due() == 3
    finally:
        held.close()
        dispatcher.stop()
        app_engine.dispose()
    assert len(receiver.got) == 3


def test_deliveries_made_before_a_delete_mid_batch_are_recorded_and_none_after(
    api, engine, receiver
):
    api.seed({("LDN", "A"): 50})
    sub = subscribe(api, receiver.url)
    place(api, 8)

    def delete_on_the_third(event: dict) -> tuple[int, dict]:
        if len(receiver.got) == 2:  # this one is answered; the rest must not go out
            with engine.begin() as conn:
                store.deactivate(conn, sub["id"])
        return 204, {}

    receiver.answer = delete_on_the_third
    dispatcher = Dispatcher(engine)
    try:
        assert queue(dispatcher, 8) == 8
        dispatcher.deliver_due()
    finally:
        dispatcher.stop()
    assert len(receiver.got) == 3
    statuses = sorted(d["status"] for d in deliveries(api, sub["id"]))
    assert statuses == ["cancelled"] * 5 + ["delivered"] * 3

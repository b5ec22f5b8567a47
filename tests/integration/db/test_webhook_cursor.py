"""The webhook cursor never passes an event whose transaction commits late (the 30-minute
soak found 81 of 51,122 events skipped: a transaction that took a lower event id committed
after the cursor had passed a higher one)."""

from __future__ import annotations

import secrets
import time

import pytest
from sqlalchemy import insert, select, text

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.sql import now
from ordermind.adapters.webhooks import dispatcher as dispatch_mod
from ordermind.adapters.webhooks import vault
from ordermind.adapters.webhooks.dispatcher import Dispatcher, start_cursor


@pytest.fixture
def tag() -> str:
    """Marks this test's events (the database is shared with other tests)."""
    return f"{secrets.token_hex(4)}:"


def _event(conn, tag: str, label: str) -> int:
    return conn.execute(
        insert(t.order_events)
        .values(
            order_id=None,
            type="order.placed",
            actor="test",
            data={"label": tag + label},
            created_at=now(),
        )
        .returning(t.order_events.c.id)
    ).scalar_one()


def _subscribe(engine) -> int:
    with engine.begin() as conn:
        cursor_tx, cursor = start_cursor(conn)
        return conn.execute(
            insert(t.webhook_subscriptions)
            .values(
                url="http://127.0.0.1:9/hook",
                signing_secrets=vault.seal([{"secret": "s" * 32, "until": None}]),
                event_types=["*"],
                active=True,
                cursor=cursor,
                cursor_tx=cursor_tx,
                created_at=now(),
            )
            .returning(t.webhook_subscriptions.c.id)
        ).scalar_one()


def _queued(engine, sub: int, tag: str) -> list[str]:
    d = t.webhook_deliveries
    with engine.connect() as conn:
        payloads = (
            conn.execute(select(d.c.payload).where(d.c.subscription_id == sub).order_by(d.c.id))
            .scalars()
            .all()
        )
    # only this test's events: the database is shared with other tests, and a transaction of
    # another test process can hold the horizon back so that a few of their recent events
    # count as "from now on" too
    return [
        p["data"]["label"].removeprefix(tag)
        for p in payloads
        if str(p["data"].get("label", "")).startswith(tag)
    ]


def _enqueue_until(dispatcher, engine, sub: int, tag: str, n: int) -> list[str]:
    """Passes until `n` events are queued: a transaction of another test process on the
    same server can hold the horizon back for a moment (bounded: 10 s)."""
    deadline = time.monotonic() + 10
    while True:
        dispatcher.enqueue()
        got = _queued(engine, sub, tag)
        if len(got) >= n or time.monotonic() > deadline:
            return got
        time.sleep(0.05)


def test_an_event_committed_after_a_later_one_is_still_handed_out(pg_database, monkeypatch, tag):
    monkeypatch.setattr(dispatch_mod, "SETTLE", dispatch_mod.timedelta(0))
    engine = make_engine(pg_database)
    try:
        sub = _subscribe(engine)
        slow = engine.connect()
        slow_tx = slow.begin()
        low = _event(slow, tag, "slow")  # takes the lower id, commits last
        with engine.begin() as conn:
            high = _event(conn, tag, "fast")
        assert low < high
        dispatcher = Dispatcher(engine)
        dispatcher.enqueue()
        assert _queued(engine, sub, tag) == []  # the slow transaction still runs: wait for it
        slow_tx.commit()
        slow.close()
        assert sorted(_enqueue_until(dispatcher, engine, sub, tag, 2)) == ["fast", "slow"]
        dispatcher.enqueue()
        assert len(_queued(engine, sub, tag)) == 2  # and each once
        dispatcher.client.close()
    finally:
        engine.dispose()


def test_a_rolled_back_event_holds_nothing_up(pg_database, monkeypatch, tag):
    monkeypatch.setattr(dispatch_mod, "SETTLE", dispatch_mod.timedelta(0))
    engine = make_engine(pg_database)
    try:
        sub = _subscribe(engine)
        with engine.connect() as conn, conn.begin() as tx:
            _event(conn, tag, "rolled back")
            tx.rollback()
        with engine.begin() as conn:
            _event(conn, tag, "kept")
        dispatcher = Dispatcher(engine)
        assert _enqueue_until(dispatcher, engine, sub, tag, 1) == ["kept"]
        dispatcher.client.close()
        with engine.connect() as conn:  # the subscription's cursor is the pair it reached
            row = conn.execute(
                select(t.webhook_subscriptions).where(t.webhook_subscriptions.c.id == sub)
            ).one()
            tx_of = conn.execute(
                text("SELECT tx FROM order_events WHERE data->>'label' = :label"),
                {"label": tag + "kept"},
            ).scalar_one()
        assert row.cursor_tx >= tx_of  # (other tests' later events may follow it)
    finally:
        engine.dispose()


def test_on_sqlite_events_are_handed_out_in_id_order_from_the_subscription_on(
    tmp_path, sqlite_template, monkeypatch, tag
):
    monkeypatch.setattr(dispatch_mod, "SETTLE", dispatch_mod.timedelta(0))
    path = tmp_path / "hooks.db"
    path.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            _event(conn, tag, "old")
        sub = _subscribe(engine)
        with engine.begin() as conn:
            _event(conn, tag, "one")
            _event(conn, tag, "two")
        dispatcher = Dispatcher(engine)
        dispatcher.enqueue()
        dispatcher.enqueue()
        assert _queued(engine, sub, tag) == ["one", "two"]
        dispatcher.client.close()
    finally:
        engine.dispose()

"""A channel whose orders halve for 15 minutes raises one stored alert, and a webhook event;
a normal day raises none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.clock import use_clock
from ordermind.services.monitoring import ChannelWatch

NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


def _orders(engine, start: datetime, end: datetime, per_minute: float) -> None:
    step = timedelta(seconds=60 / per_minute)
    rows, ts = [], start
    while ts < end:
        rows.append(
            {
                "channel": "web",
                "currency": "EUR",
                "customer_email": "a@b.co",
                "ship_to": {},
                "draft": False,
                "status": "allocated",
                "total": 1000,
                "created_at": ts,
                "updated_at": ts,
                "version": 0,
            }
        )
        ts += step
    with engine.begin() as conn:
        conn.execute(insert(t.orders), rows)


def _run(engine, at: datetime) -> list:
    watch = ChannelWatch()
    with use_clock(lambda: at), SqlUnitOfWork(engine) as uow:
        watch.poll(uow)
        raised = watch.check(uow)
        again = watch.check(uow)  # a second look must not store the alert twice
        uow.commit()
    assert not again or all(a in raised for a in again)
    return raised


def test_a_halved_channel_raises_one_alert_and_an_event(engine):
    _orders(engine, NOW - timedelta(days=8), NOW - timedelta(minutes=20), per_minute=6)
    _orders(engine, NOW - timedelta(minutes=20), NOW, per_minute=2.4)
    raised = _run(engine, NOW)
    assert [a.kind for a in raised] == ["order_drop", "value_drop"]
    drop = raised[0]
    assert drop.channel == "web" and drop.observed < drop.expected / 2
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.alerts)).scalar() == 2
        events = conn.execute(select(t.order_events.c.type, t.order_events.c.order_id)).all()
    assert [tuple(e) for e in events] == [("alert.raised", None)] * 2


def test_a_steady_channel_raises_nothing(engine):
    _orders(engine, NOW - timedelta(days=8), NOW, per_minute=6)
    assert _run(engine, NOW) == []

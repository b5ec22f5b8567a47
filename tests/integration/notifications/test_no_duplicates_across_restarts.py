"""No message twice after a retry or a restart; and where SMTP cannot be made atomic with
our bookkeeping (a crash after the server's 250 and before the mark), the message goes
again once its lease runs out — with the same Message-ID, so it is recognisably the same
mail (at least once, never lost; exactly once everywhere else)."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.engine import make_engine
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.adapters.notifications.dispatcher import Notifier
from ordermind.domain.clock import utcnow
from ordermind.notifications.policy import NotifyPolicy
from ordermind.services import notifications as svc

from .helpers import place, seed, ship

POLICY = NotifyPolicy(lease_s=120, support="help@shop.example")


class Killed(BaseException):
    """What the dispatcher sees of a SIGKILL: nothing after this line runs."""


class DiesAfterSending:
    def __init__(self, real) -> None:
        self.real = real
        self.sender = real.sender

    def send(self, message) -> None:
        self.real.send(message)  # the SMTP server has accepted it...
        raise Killed  # ...and the process dies before marking it sent


def _messages(uowf, oid: int) -> list[tuple]:
    with uowf() as uow:
        return [
            (m["milestone"], m["status"], m["attempts"])
            for m in svc.order_notifications(uow, oid)["items"]
        ]


def _count(uowf, oid: int, type_: str) -> int:
    with uowf() as uow:
        return sum(e["type"] == type_ for e in uow.orders.events(oid))


def test_a_restart_after_a_clean_pass_sends_nothing_again(database_url, uowf, smtp, clock):
    seed(uowf)
    oid = place(uowf)
    ship(uowf, oid)
    Notifier(uowf, smtp.sender(), POLICY, clock=clock).drain()
    assert len(smtp.inbox.messages) == 2

    # a new process: its own engine, its own dispatcher, hours later
    engine = make_engine(database_url)
    try:
        clock.advance(hours=5)
        restarted = Notifier(lambda: SqlUnitOfWork(engine), smtp.sender(), POLICY, clock=clock)
        assert restarted.drain().sent == 0
        # the same milestone announced again (a replayed event) is a no-op in the outbox
        with engine.begin() as conn:
            conn.execute(
                insert(t.order_events).values(
                    order_id=oid, type="order.placed", actor="test", data={}, created_at=utcnow()
                )
            )
        with SqlUnitOfWork(engine) as uow:
            assert svc.enqueue(uow, oid, "delay_predicted", {"new_date": "2031-01-05"})
            assert not svc.enqueue(uow, oid, "delay_predicted", {"new_date": "2031-01-05"})
            uow.commit()
        report = restarted.drain()
    finally:
        engine.dispose()
    assert report.sent == 1  # the delay, and nothing that was sent before
    assert len(smtp.inbox.messages) == 3 and len(set(smtp.inbox.message_ids())) == 3
    assert _count(uowf, oid, "notification.sent") == 3


def test_a_dispatcher_killed_between_send_and_mark_resends_once_with_the_same_message_id(
    database_url, uowf, smtp, clock
):
    seed(uowf)
    oid = place(uowf)
    with pytest.raises(Killed):
        Notifier(uowf, DiesAfterSending(smtp.sender()), POLICY, clock=clock).run_once()
    assert len(smtp.inbox.messages) == 1
    assert _messages(uowf, oid) == [("confirmed", "sending", 1)]

    engine = make_engine(database_url)  # the restarted process
    try:
        restarted = Notifier(lambda: SqlUnitOfWork(engine), smtp.sender(), POLICY, clock=clock)
        restarted.run_once()
        assert len(smtp.inbox.messages) == 1  # the dead one's lease still runs
        clock.advance(seconds=POLICY.lease_s + 1)
        assert restarted.run_once().sent == 1
        for _ in range(3):
            clock.advance(hours=1)
            restarted.run_once()
    finally:
        engine.dispose()
    first, second = smtp.inbox.messages
    assert first["Message-ID"] == second["Message-ID"]
    assert first.get_body(("plain",)).get_content() == second.get_body(("plain",)).get_content()
    assert _messages(uowf, oid) == [("confirmed", "sent", 2)]
    assert _count(uowf, oid, "notification.sent") == 1


def test_a_planning_pass_that_dies_plans_again_and_only_once(uowf, smtp, clock):
    seed(uowf)
    oid = place(uowf)
    with uowf() as uow:  # a pass that plans and then dies before committing
        svc.plan_pending(uow, clock(), {"email"}, POLICY, "shop.example")
    notifier = Notifier(uowf, smtp.sender(), POLICY, clock=clock)
    notifier.drain()
    notifier.drain()
    assert smtp.inbox.subjects() == [f"Wir haben Ihre Bestellung OM{oid:08d} erhalten"]
    assert _count(uowf, oid, "notification.queued") == 1

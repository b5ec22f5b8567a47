"""Triggers exist only in the databases; the in-memory stores fill the outbox when they
commit events instead. The same story gives the same messages and timeline on all of them."""

from __future__ import annotations

from ordermind.adapters.memory import FastStore, FastUnitOfWork
from ordermind.adapters.notifications.dispatcher import Notifier
from ordermind.services import notifications as svc

from .helpers import deliver, place, return_and_refund, seed, ship


class Outbox:
    sender = "orders@shop.example"

    def __init__(self) -> None:
        self.sent: list = []

    def send(self, message) -> None:
        self.sent.append(message)


def story(make_uow, clock) -> tuple[list, list, list]:
    seed(make_uow)
    oid = place(make_uow)
    other = place(make_uow, email="bo@example.de")
    with make_uow() as uow:
        svc.set_preferences(uow, "bo@example.de", {"opted_out": ["delivered"]}, "test")
        uow.commit()
    box = Outbox()
    notifier = Notifier(make_uow, box, clock=clock)
    notifier.drain()
    shipments = [ship(make_uow, order_id) for order_id in (oid, other)]
    with make_uow() as uow:
        svc.enqueue(uow, other, "delay_predicted", {"new_date": "2031-02-02"})
        uow.rollback()  # a care pass that changed its mind: nothing of it stays
    with make_uow() as uow:
        svc.enqueue(uow, oid, "delay_predicted", {"new_date": "2031-02-01", "reason": "late"})
        uow.commit()
    notifier.drain()
    for shipment in shipments:
        deliver(make_uow, shipment)
    with make_uow() as uow:  # too late: the order has arrived, nobody is told of a delay
        svc.enqueue(uow, oid, "delay_predicted", {"new_date": "2031-02-03"})
        uow.commit()
    notifier.drain()
    return_and_refund(make_uow, oid)
    notifier.drain()
    seen, timeline = [], []
    with make_uow() as uow:
        for order_id in (oid, other):
            seen += [
                (
                    order_id == oid,
                    m["milestone"],
                    m["channel"],
                    m["status"],
                    m["reason"],
                    m["attempts"],
                )
                for m in svc.order_notifications(uow, order_id)["items"]
            ]
            timeline += [
                (order_id == oid, e["type"])
                for e in uow.orders.events(order_id)
                if e["type"].startswith("notification.")
            ]
    return seen, timeline, [m["Subject"].replace(f"{oid:08d}", "#") for m in box.sent]


def test_memory_fast_and_sql_stores_notify_alike(uowf, clock) -> None:
    sql = story(uowf, clock)
    memory_store = FastStore()
    memory = story(lambda: FastUnitOfWork(memory_store), clock)
    fast_uow = FastUnitOfWork(FastStore(keep_movements=False))
    fast = story(lambda: fast_uow, clock)
    assert memory == sql
    assert fast == sql
    seen, _, subjects = sql
    assert len(subjects) == 8  # 6 milestones of one order, 2 of the other (one opted out)
    assert (True, "delay_predicted", "email", "sent", None, 1) in seen
    assert (True, "delay_predicted", "email", "suppressed", "order is already delivered", 0) in seen
    assert (
        False,
        "delivered",
        "email",
        "suppressed",
        "customer opted out of delivered notifications",
        0,
    ) in seen

"""What the care scan reads of the live network, on every store: each node's queue as the
delay model's training measures it, which carriers each node ships by, and what the scan
does on its own with what it finds: tell the customer of a delay once when an exception
opens, and say so in the timeline when a dismissed cause goes away."""

from __future__ import annotations

from datetime import timedelta

from ordermind.care import DelayScorer
from ordermind.care.policy import CarePolicy
from ordermind.domain.clock import utcnow
from ordermind.services import care, fulfilment, ordering
from ordermind.services.commands import CancelOrder, ShipLines

from .test_exceptions_services import by_cause, event_types

SCORER = DelayScorer(None)
POLICY = CarePolicy()


def ship(store, order, node: str, sku: str, carrier: str):
    store.commit(fulfilment.release_order, order.id, "test")
    _, shp = store.commit(fulfilment.ship, ShipLines(order.id, node, [(sku, 1)], carrier), "test")
    return shp


def test_the_queue_of_each_node_counts_orders_waiting_and_taken_recently(care_store):
    care_store.seed({("LDN", "A"): 20, ("MAN", "B"): 20})
    waiting = [care_store.place(("A", 1), email=f"w{i}@example.com") for i in range(3)]
    for i in range(3):
        ship(care_store, care_store.place(("A", 1), email=f"s{i}@example.com"), "LDN", "A", "DPD")
    care_store.commit(ordering.cancel_order, CancelOrder(waiting[0].id, "test"), "test")
    loads = care_store.read(
        lambda u: u.care.queue_loads(utcnow() + timedelta(minutes=1), ["LDN", "MAN", "EDI"])
    )
    ldn = loads.nodes["LDN"]
    assert ldn.backlog == 2  # placed, neither handed to a carrier nor cancelled
    # the cancelled order left no allocation, so no node: as in the training history
    assert ldn.orders_7d == 5 and ldn.orders_prior_28d == 0
    assert ldn.waiting_age_days is not None and 0 <= ldn.waiting_age_days < 0.01
    assert ldn.handoff_p50_days is not None and ldn.handoff_p50_days < 0.01  # 3 hand-offs
    man = loads.nodes.get("MAN")
    assert man is None or (man.backlog or 0) == 0


def test_the_carrier_mix_counts_each_nodes_parcels_by_carrier(care_store):
    care_store.seed({("LDN", "A"): 20, ("MAN", "A"): 20})
    for i, carrier in enumerate(("DPD", "DPD", "UPS")):
        ship(care_store, care_store.place(("A", 1), email=f"c{i}@example.com"), "LDN", "A", carrier)
    now = utcnow()
    mix = care_store.read(
        lambda u: u.care.carrier_mix(now - timedelta(days=1), now + timedelta(minutes=1))
    )
    assert mix == {"LDN": {"DPD": 2, "UPS": 1}}
    before = care_store.read(
        lambda u: u.care.carrier_mix(now - timedelta(days=2), now - timedelta(days=1))
    )
    assert before == {}


def test_an_exception_opening_tells_the_customer_its_new_date_once(care_store):
    care_store.seed({("LDN", "A"): 5})
    order = care_store.place(("A", 1))
    care_store.set_active("LDN", False)  # nowhere else holds A: the order waits for LDN
    now = utcnow() + timedelta(hours=1)
    first = care.scan(care_store.factory, now, SCORER, POLICY)
    [exc] = [e for (oid, _), e in by_cause(care_store).items() if oid == order.id]
    assert exc.type == "node_outage"
    told = exc.details.get(care.TOLD)
    assert first.notified == {"node_outage": 1} and told is not None
    outbox = care_store.read(lambda u: u.notifications.outbox_for_order(order.id))
    delays = [i for i in outbox if i.milestone == "delay_predicted"]
    assert len(delays) == 1 and delays[0].data["new_date"] == told
    again = care.scan(care_store.factory, now + timedelta(minutes=5), SCORER, POLICY)
    assert again.notified == {}
    outbox = care_store.read(lambda u: u.notifications.outbox_for_order(order.id))
    assert len([i for i in outbox if i.milestone == "delay_predicted"]) == 1
    quiet = CarePolicy(notify_on_open=())
    care_store.set_active("LDN", True)
    care.scan(care_store.factory, now + timedelta(minutes=10), SCORER, quiet)
    care_store.set_active("LDN", False)
    care.scan(care_store.factory, now + timedelta(minutes=15), SCORER, quiet)
    outbox = care_store.read(lambda u: u.notifications.outbox_for_order(order.id))
    assert len([i for i in outbox if i.milestone == "delay_predicted"]) == 1


def test_a_dismissed_cause_that_goes_away_is_released_in_the_timeline(care_store):
    care_store.seed({("LDN", "A"): 5})
    order = care_store.place(("A", 1))
    care_store.set_active("LDN", False)
    now = utcnow() + timedelta(hours=1)
    care.scan(care_store.factory, now, SCORER, POLICY)
    [exc] = [e for (oid, _), e in by_cause(care_store).items() if oid == order.id]
    care_store.commit(care.dismiss, exc.id, "back within the hour", "ops", now)
    care_store.set_active("LDN", True)
    report = care.scan(care_store.factory, now + timedelta(minutes=5), SCORER, POLICY)
    assert report.released == {"node_outage": 1}
    assert "care.exception_released" in event_types(care_store, order.id)
    got = care_store.read(lambda u: u.care.get_exception(exc.id))
    assert got.status == "dismissed" and got.active is False
    # the node goes down again: the cause is new, so an exception opens again
    care_store.set_active("LDN", False)
    again = care.scan(care_store.factory, now + timedelta(minutes=10), SCORER, POLICY)
    assert sum(again.opened.values()) == 1

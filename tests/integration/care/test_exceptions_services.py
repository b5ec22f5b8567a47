"""The order-care services on every store (in memory, the twin's fast store, SQLite,
PostgreSQL): the scan opens, updates and closes exceptions (one per order and cause, each
change in the order's timeline), fixes are evaluated in units of work that roll back and
leave nothing behind, applying one repairs the order on the spot, and the auto-apply policy
applies only what it allows."""

from __future__ import annotations

from datetime import timedelta

from ordermind.care import DelayScorer
from ordermind.care.policy import CarePolicy
from ordermind.domain.clock import utcnow
from ordermind.services import care, fulfilment, returns
from ordermind.services.care_store import ExceptionFilter
from ordermind.services.commands import PlaceHold, ReceiveReturn, RequestReturn, ShipLines

SCORER = DelayScorer(None)  # the rule fallback on default timing: only certainties count
POLICY = CarePolicy()


def exceptions(store, **flt) -> list:
    return store.read(lambda u: u.care.list_exceptions(ExceptionFilter(**flt), None, 500))


def by_cause(store) -> dict:
    return {(e.order_id, e.cause): e for e in exceptions(store, status="open")}


def event_types(store, order_id: int) -> list[str]:
    return [e["type"] for e in store.read(lambda u: u.orders.events(order_id))]


def troubled_store(store):
    """Orders with every kind of trouble a fix can repair: units at a node that goes down,
    a back-order with an in-stock substitute and stock elsewhere, a fraud hold, a return
    received and not refunded."""
    store.seed(
        {("LDN", "A"): 5, ("MAN", "A"): 5, ("LDN", "B"): 1, ("MAN", "S"): 10, ("EDI", "C"): 3}
    )
    store.commit(lambda u: care.set_substitutes(u, "B", ["S"]))
    at_ldn = store.place(("A", 2))
    short = store.place(("B", 3), email="bo@example.com")
    held = store.place(("C", 1), email="cy@example.com")
    store.commit(fulfilment.place_hold, PlaceHold(held.id, "fraud", "check"), "test")
    done = store.place(("A", 1), email="di@example.com")
    store.commit(fulfilment.release_order, done.id, "test")
    _, shp = store.commit(fulfilment.ship, ShipLines(done.id, "LDN", [("A", 1)], "DPD"), "test")
    store.commit(fulfilment.deliver, shp.id, "test")
    _, rma = store.commit(returns.request_return, RequestReturn(done.id, [("A", 1, "no")]), "test")
    store.commit(returns.authorise_return, rma.id, "test")
    store.commit(returns.receive_return, ReceiveReturn(rma.id), "test")
    # Stock counted in at EDI by a feed that bypasses the back-order queue: B can ship now.
    store.commit(lambda u: u.inventory.set("EDI", "B", 2, 0))
    store.set_active("LDN", False)
    return store.read(lambda u: [u.orders.get(o.id) for o in (at_ldn, short, held, done)])


def test_a_scan_opens_one_exception_per_cause_and_records_each_in_the_timeline(care_store):
    at_ldn, short, held, done = troubled_store(care_store)
    now = utcnow() + timedelta(days=5)
    report = care.scan(care_store.factory, now, SCORER, POLICY)
    found = by_cause(care_store)
    assert (at_ldn.id, "node_outage:LDN") in found
    assert {
        (short.id, "backorder_past_promise:B"),
        (short.id, "backorder_uncovered:B"),
        (short.id, "node_outage:LDN"),
    } <= set(found)
    assert (held.id, f"hold_ageing:{held.holds[0].id}") in found
    assert (done.id, f"refund_due:{done.returns[0].id}") in found
    assert (at_ldn.id, "predicted_late") in found  # the promise has passed: certain
    assert report.opened["node_outage"] == 2 and report.orders == 4
    assert event_types(care_store, at_ldn.id).count("care.exception_opened") == 2
    opened = [
        e
        for e in care_store.read(lambda u: u.orders.events(short.id))
        if e["type"] == "care.exception_opened"
    ]
    assert {e["data"]["cause"] for e in opened} >= {"backorder_uncovered:B"}
    assert all(e["actor"] == "care" for e in opened)
    # The same causes again: nothing new, nothing recorded twice.
    again = care.scan(care_store.factory, now, SCORER, POLICY)
    assert again.opened == {} and again.closed == {}
    assert len(exceptions(care_store)) == len(found)
    # The delay score is kept per order, with the scorer's version and the fallback flag
    # (a passed promise is late for certain: no model or rule needed to say so).
    risk = care_store.read(lambda u: care.delay_risk(u, at_ldn.id))
    assert risk["late_probability"] == 1.0 and risk["fallback_used"] is False
    assert risk["model_version"] == SCORER.model_version
    assert "promised date has passed" in risk["top_factors"][0]


def test_a_cause_that_goes_away_closes_its_exception_with_the_reason(care_store):
    at_ldn, *_ = troubled_store(care_store)
    now = utcnow() + timedelta(hours=1)
    care.scan(care_store.factory, now, SCORER, POLICY)
    assert (at_ldn.id, "node_outage:LDN") in by_cause(care_store)
    care_store.set_active("LDN", True)
    report = care.scan(care_store.factory, now, SCORER, POLICY)
    assert report.closed["node_outage"] == 2
    closed = [e for e in exceptions(care_store, status="closed") if e.order_id == at_ldn.id]
    assert closed[0].close_reason.startswith("nothing of the order waits at the node")
    assert closed[0].closed_by == "care"
    assert "care.exception_closed" in event_types(care_store, at_ldn.id)


def test_a_dismissed_exception_is_not_opened_again_while_its_cause_stays(care_store):
    at_ldn, *_ = troubled_store(care_store)
    now = utcnow() + timedelta(hours=1)
    care.scan(care_store.factory, now, SCORER, POLICY)
    exc = by_cause(care_store)[(at_ldn.id, "node_outage:LDN")]
    care_store.commit(care.dismiss, exc.id, "the node is back within the hour", "key:ops", now)
    assert care.scan(care_store.factory, now, SCORER, POLICY).opened == {}
    got = care_store.read(lambda u: u.care.get_exception(exc.id))
    assert got.status == "dismissed" and got.close_reason == "the node is back within the hour"
    assert "care.exception_dismissed" in event_types(care_store, at_ldn.id)


def test_the_scan_pages_through_open_orders_only(care_store):
    care_store.seed({("LDN", "A"): 50})
    orders = [care_store.place(("A", 1), email=f"p{i}@example.com") for i in range(7)]
    first = orders[0]
    care_store.commit(fulfilment.release_order, first.id, "test")
    _, shp = care_store.commit(
        fulfilment.ship, ShipLines(first.id, "LDN", [("A", 1)], "DPD"), "test"
    )
    care_store.commit(fulfilment.deliver, shp.id, "test")  # delivered: nothing left to watch
    ids = care_store.read(lambda u: u.care.scan_candidates(0, 100))
    assert ids == [o.id for o in orders[1:]]
    assert care_store.read(lambda u: u.care.scan_candidates(orders[3].id, 2)) == [
        orders[4].id,
        orders[5].id,
    ]
    report = care.scan(care_store.factory, utcnow(), SCORER, POLICY, batch=4)
    assert (report.orders, report.batches) == (6, 2)


def test_evaluating_every_fix_leaves_nothing_behind(care_store):
    troubled_store(care_store)
    now = utcnow() + timedelta(days=5)
    care.scan(care_store.factory, now, SCORER, POLICY)
    before = care_store.snapshot()
    tried: dict[str, int] = {}
    for exc in exceptions(care_store, status="open"):
        evaluation = care.evaluate(care_store.factory, exc.id, now, SCORER, POLICY)
        for ev in evaluation.evaluated:
            if ev.effects.feasible:
                tried[ev.fix.type] = tried.get(ev.fix.type, 0) + 1
        assert care_store.snapshot() == before, f"evaluating {exc.cause} left changes"
    # Every kind of fix went through the services (and was rolled back).
    assert set(tried) >= {
        "resource",
        "split",
        "substitute",
        "upgrade_service",
        "release_hold",
        "refund_return",
        "move_promise",
        "cancel_line",
    }


def test_the_measured_effects_of_a_fix_are_those_of_the_real_services(care_store):
    at_ldn, short, *_ = troubled_store(care_store)
    now = utcnow() + timedelta(hours=1)
    care.scan(care_store.factory, now, SCORER, POLICY)
    exc = by_cause(care_store)[(at_ldn.id, "node_outage:LDN")]
    evaluation = care.evaluate(care_store.factory, exc.id, now, SCORER, POLICY)
    fixes = {ev.fix.key: ev.effects for ev in evaluation.ranked()}
    resource = fixes["resource:LDN"]
    assert resource.feasible and resource.resolves and resource.backordered_after == 0
    assert resource.cost_after > resource.cost_before  # Manchester is farther than London
    assert resource.carbon_delta_kg > 0 and resource.split_delta == 0
    assert resource.expected_delivery is not None
    assert evaluation.ranking.ranker == "rules"
    sub = care.evaluate(
        care_store.factory,
        by_cause(care_store)[(short.id, "backorder_uncovered:B")].id,
        now,
        SCORER,
        POLICY,
    )
    effects = {ev.fix.type: ev.effects for ev in sub.evaluated}
    assert effects["substitute"].resolves and effects["substitute"].backordered_after == 0
    assert effects["split"].feasible and effects["split"].backordered_after == 0


def test_applying_a_fix_repairs_the_order_and_closes_the_exception_on_the_spot(care_store):
    at_ldn, *_ = troubled_store(care_store)
    now = utcnow() + timedelta(hours=1)
    care.scan(care_store.factory, now, SCORER, POLICY)
    exc = by_cause(care_store)[(at_ldn.id, "node_outage:LDN")]
    evaluation = care.evaluate(care_store.factory, exc.id, now, SCORER, POLICY)
    n = next(i for i, ev in enumerate(evaluation.ranked()) if ev.fix.key == "resource:LDN")
    done = care_store.commit(care.apply_fix, exc.id, n, evaluation, "key:ops", now, SCORER, POLICY)
    assert done.status == "closed" and done.applied["key"] == "resource:LDN"
    assert done.applied["auto"] is False and done.applied["actor"] == "key:ops"
    order = care_store.read(lambda u: u.orders.get(at_ldn.id))
    assert [(a.node, a.allocated) for a in order.lines[0].allocations] == [("MAN", 2)]
    stock = care_store.read(
        lambda u: (u.inventory.get("LDN", "A").reserved, u.inventory.get("MAN", "A").reserved)
    )
    assert stock == (0, 2)
    types = event_types(care_store, at_ldn.id)
    assert types.index("care.fix_applied") < types.index("care.exception_closed")
    assert "order.deallocated" in types
    stats = care_store.read(care.stats)
    assert stats["fix_types"]["resource"]["chosen"] == 1
    passed = [t for t, row in stats["fix_types"].items() if t != "resource"]
    assert passed and all(stats["fix_types"][t]["chosen"] == 0 for t in passed)


def test_moving_the_promise_tells_the_customer_of_the_new_date(care_store):
    at_ldn, *_ = troubled_store(care_store)
    now = utcnow() + timedelta(hours=1)
    care.scan(care_store.factory, now, SCORER, POLICY)
    exc = by_cause(care_store)[(at_ldn.id, "node_outage:LDN")]
    evaluation = care.evaluate(care_store.factory, exc.id, now, SCORER, POLICY)
    n, move = next(
        (i, ev) for i, ev in enumerate(evaluation.ranked()) if ev.fix.type == "move_promise"
    )
    care_store.commit(care.apply_fix, exc.id, n, evaluation, "key:ops", now, SCORER, POLICY)
    order = care_store.read(lambda u: u.orders.get(at_ldn.id))
    assert order.promised_delivery_date.isoformat() == move.fix.params["new_date"]
    assert "order.promise_moved" in event_types(care_store, at_ldn.id)
    told = care_store.read(lambda u: u.notifications.outbox_for_order(at_ldn.id))
    assert [(i.milestone, i.subject) for i in told if i.milestone == "delay_predicted"] == [
        ("delay_predicted", move.fix.params["new_date"])
    ]


def test_the_auto_policy_applies_a_re_source_that_keeps_date_and_cost(care_store):
    # LDN2 stands where LDN does: re-sourcing there keeps the date and the cost.
    care_store.seed(
        {("LDN", "A"): 5, ("LDN2", "A"): 5, ("LDN", "B"): 5, ("EDI", "B"): 5},
        nodes=("LDN", "LDN2", "EDI"),
    )
    twin = care_store.place(("A", 1))
    far = care_store.place(("B", 1), email="far@example.com")
    assert {a.node for ln in twin.lines + far.lines for a in ln.allocations} == {"LDN"}
    care_store.set_active("LDN", False)
    now = utcnow() + timedelta(minutes=5)
    care.scan(care_store.factory, now, SCORER, POLICY)
    report = care.auto_apply(care_store.factory, now, SCORER, POLICY)
    assert report.applied == {"resource": 1} and report.waiting == 1
    found = {e.order_id: e for e in exceptions(care_store) if e.type == "node_outage"}
    auto = found[twin.id]
    assert auto.status == "closed" and auto.applied["auto"] is True
    assert auto.applied["actor"] == "care" and auto.applied["effects"]["cost_delta"] == 0
    waiting = found[far.id]  # from Edinburgh: later and dearer, so it waits for a person
    assert waiting.status == "open" and waiting.applied is None
    top = waiting.evaluation["fixes"][0]
    assert top["key"] == "resource:LDN" and top["auto"]["allowed"] is False
    assert "days" in top["auto"]["why"] or "cost" in top["auto"]["why"]
    events = care_store.read(lambda u: u.orders.events(twin.id))
    applied = [e for e in events if e["type"] == "care.fix_applied"]
    assert applied[0]["actor"] == "care" and applied[0]["data"]["auto"] is True
    stats = care_store.read(care.stats)
    assert stats["auto_applied"] == 1 and stats["fix_types"]["resource"]["auto_applied"] == 1
    # Nothing changed since: the waiting one is not evaluated again on the next pass.
    assert care.auto_apply(care_store.factory, now, SCORER, POLICY).evaluated == 0


def test_two_scans_racing_cannot_open_a_cause_twice_or_write_over_each_other(care_store):
    from ordermind.services.care_store import CareException

    care_store.seed({("LDN", "A"): 5})
    order = care_store.place(("A", 1))
    now = utcnow()

    def opened(uow) -> bool:
        return uow.care.add_exception(
            CareException(
                None,
                order.id,
                "web",
                "node_outage:LDN",
                "node_outage",
                "high",
                1000,
                "EUR",
                None,
                "LDN is down",
                {},
                now,
                now,
            )
        )

    assert care_store.commit(opened) is True
    assert care_store.commit(opened) is False  # the other scan got there first
    [exc] = exceptions(care_store)
    stale = care_store.read(lambda u: u.care.get_exception(exc.id))
    exc.severity = "critical"
    assert care_store.commit(lambda u: u.care.save_exception(exc)) is True
    stale.severity = "low"
    assert care_store.commit(lambda u: u.care.save_exception(stale)) is False
    assert care_store.read(lambda u: u.care.get_exception(exc.id)).severity == "critical"


def test_release_and_carrier_scan_times_come_from_the_timeline(care_store):
    care_store.seed({("LDN", "A"): 5, ("LDN", "B"): 5})
    waiting = care_store.place(("A", 1))
    care_store.commit(fulfilment.release_order, waiting.id, "test")
    moving = care_store.place(("B", 1), email="mo@example.com")
    care_store.commit(fulfilment.release_order, moving.id, "test")
    _, shp = care_store.commit(
        fulfilment.ship, ShipLines(moving.id, "LDN", [("B", 1)], "DPD"), "test"
    )
    start = utcnow()
    care_store.commit(care.record_scan, shp.id, "in_transit", start, "carrier", start)
    later = start + timedelta(hours=30)
    care.scan(care_store.factory, later, SCORER, POLICY)
    found = by_cause(care_store)
    assert (waiting.id, "release_sla:LDN") in found  # released 30 h ago; warehouse SLA 24 h
    assert (moving.id, f"scan_gap:{shp.id}") not in found  # scanned 30 h ago, limit 48 h
    much_later = start + timedelta(hours=50)
    care.scan(care_store.factory, much_later, SCORER, POLICY)
    assert (moving.id, f"scan_gap:{shp.id}") in by_cause(care_store)
    care_store.commit(
        care.record_scan, shp.id, "out_for_delivery", much_later, "carrier", much_later
    )
    report = care.scan(care_store.factory, much_later + timedelta(hours=1), SCORER, POLICY)
    assert report.closed.get("scan_gap") == 1
    assert "shipment.scanned" in event_types(care_store, moving.id)

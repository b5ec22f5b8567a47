"""Each exception detector on plain views, the inbound cover, and the reconciliation of
findings with the exceptions already open (pure: no store, no clock)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from ordermind.care import policy as p
from ordermind.care.exceptions import (
    Cover,
    DelayView,
    HoldView,
    LineView,
    NetworkView,
    NodeAt,
    NodeState,
    OpenException,
    OrderView,
    ReturnView,
    ShipmentView,
    detect,
    inbound_cover,
    reconcile,
)
from ordermind.care.policy import AutoRule, CarePolicy

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
POLICY = CarePolicy()


def order(**kw) -> OrderView:
    base = dict(
        order_id=7,
        channel="web",
        currency="EUR",
        status="allocated",
        created_at=NOW - timedelta(days=1),
        promised_date=date(2026, 3, 14),
        lines=(
            LineView(1, "A", 1500, 2, at=(NodeAt("LDN", allocated=2),)),
            LineView(2, "B", 500, 1, at=(NodeAt("LDN", allocated=1),)),
        ),
    )
    base.update(kw)
    return OrderView(**base)


def network(**kw) -> NetworkView:
    base = dict(
        now=NOW, nodes={"LDN": NodeState("LDN", "warehouse"), "SHOP": NodeState("SHOP", "store")}
    )
    base.update(kw)
    return NetworkView(**base)


def types(findings) -> list[str]:
    return [f.type for f in findings]


def test_a_healthy_allocated_order_has_no_finding() -> None:
    assert detect(order(), network(), POLICY, DelayView(0.1)) == []


def test_a_late_probability_at_the_threshold_opens_predicted_late_with_its_factors() -> None:
    [f] = detect(order(), network(), POLICY, DelayView(0.62, ("node LDN is busy",), "gbm-1", False))
    assert (f.type, f.cause, f.severity) == ("predicted_late", "predicted_late", "medium")
    assert f.money_at_risk == 2 * 1500 + 500 and f.currency == "EUR"
    assert f.promise_at_risk == date(2026, 3, 14)
    assert "62% likely" in f.explanation and "node LDN is busy" in f.explanation
    assert "model gbm-1" in f.explanation
    assert detect(order(), network(), POLICY, DelayView(0.49)) == []
    high = detect(order(), network(), POLICY, DelayView(0.9))[0]
    assert high.severity == "high"


def test_a_guess_on_default_timing_counts_only_when_the_promise_has_passed() -> None:
    guess = DelayView(0.97, trusted=False)
    assert detect(order(), network(), POLICY, guess) == []
    certain = DelayView(1.0, trusted=False)
    assert types(detect(order(), network(), POLICY, certain)) == ["predicted_late"]


def test_a_back_order_past_its_promise_and_without_inbound_gives_both_findings() -> None:
    late = order(promised_date=date(2026, 3, 9), lines=(LineView(1, "A", 1000, 3, backordered=3),))
    found = detect(late, network(), POLICY)
    assert types(found) == ["backorder_past_promise", "backorder_uncovered"]
    past, uncovered = found
    assert past.cause == "backorder_past_promise:A" and past.severity == "critical"
    assert "passed" in past.explanation and past.money_at_risk == 3000
    assert uncovered.details["uncovered"] == 3 and "no inbound supply" in uncovered.explanation


def test_inbound_supply_covers_back_orders_oldest_order_first() -> None:
    eta = NOW + timedelta(days=2)
    cover = inbound_cover([(9, "A", 2), (7, "A", 2)], [("A", 3, eta)])
    assert cover[(7, "A")] == Cover(2, eta)  # the older order is served first
    assert cover[(9, "A")] == Cover(1, eta)
    waiting = order(lines=(LineView(1, "A", 1000, 2, backordered=2),))
    assert detect(waiting, network(cover=cover), POLICY) == []  # covered, promise ahead
    short = replace(waiting, order_id=9)
    [f] = detect(short, network(cover=cover), POLICY)
    assert f.type == "backorder_uncovered" and f.details["uncovered"] == 1
    assert f.money_at_risk == 1000 and "covers only 1" in f.explanation


def test_released_units_not_shipped_within_the_node_kinds_sla() -> None:
    def released(node: str, hours: float) -> OrderView:
        return order(
            status="released",
            lines=(LineView(1, "A", 1000, 1, at=(NodeAt(node, released=1),)),),
            released_at={node: NOW - timedelta(hours=hours)},
        )

    assert detect(released("LDN", 20), network(), POLICY) == []  # warehouse: 24 h
    [f] = detect(released("LDN", 30), network(), POLICY)
    assert (f.type, f.cause, f.details["sla_hours"]) == ("release_sla", "release_sla:LDN", 24)
    assert types(detect(released("SHOP", 10), network(), POLICY)) == ["release_sla"]  # 8 h
    own = replace(POLICY, node_release_sla_hours={"LDN": 48.0})
    assert detect(released("LDN", 30), network(), own) == []


def test_a_shipment_without_a_carrier_scan_for_too_long() -> None:
    shipped = NOW - timedelta(hours=60)
    ship = ShipmentView("shp_1", "LDN", "DPD", None, shipped, lines=((1, 2),))
    quiet = order(
        status="shipped", shipments=(ship,), lines=(LineView(1, "A", 1000, 2, shipped=2),)
    )
    [f] = detect(quiet, network(), POLICY)
    assert (f.type, f.cause) == ("scan_gap", "scan_gap:shp_1")
    assert f.money_at_risk == 2000 and "since the hand-off" in f.explanation
    scanned = replace(quiet, shipments=(replace(ship, last_scan_at=NOW - timedelta(hours=5)),))
    assert detect(scanned, network(), POLICY) == []
    delivered = replace(quiet, shipments=(replace(ship, delivered_at=NOW),))
    assert detect(delivered, network(), POLICY) == []


def test_a_node_that_is_down_or_over_capacity_affects_the_units_it_holds() -> None:
    down = network(nodes={"LDN": NodeState("LDN", active=False)})
    [f] = detect(order(), down, POLICY)
    assert (f.type, f.cause, f.severity) == ("node_outage", "node_outage:LDN", "high")
    assert f.details["units"] == 3 and f.money_at_risk == 3500
    full = network(nodes={"LDN": NodeState("LDN", daily_capacity=100, lines_today=130)})
    [f] = detect(order(), full, POLICY)
    assert f.type == "capacity_overrun" and "130 lines today" in f.explanation
    flagged = order(flags=("over_capacity",))
    assert types(detect(flagged, network(), POLICY)) == ["capacity_overrun"]
    handed_over = order(
        lines=(LineView(1, "A", 1500, 2, at=(NodeAt("LDN", released=2),)),),
        flags=("over_capacity",),
    )
    assert detect(handed_over, network(), POLICY) == []  # released: the node has it already


def test_holds_age_against_the_sla_of_their_own_reason() -> None:
    def held(reason: str, hours: float) -> OrderView:
        return order(
            status="on_hold", holds=(HoldView("hld_1", reason, NOW - timedelta(hours=hours)),)
        )

    assert detect(held("fraud", 20), network(), POLICY) == []  # fraud: 24 h
    [f] = detect(held("payment", 20), network(), POLICY)  # payment: 12 h
    assert (f.type, f.cause, f.details["hold_reason"]) == (
        "hold_ageing",
        "hold_ageing:hld_1",
        "payment",
    )
    assert "payment hold placed 20 h ago" in f.explanation


def test_an_address_that_cannot_be_resolved() -> None:
    [f] = detect(order(location_precision="unknown"), network(), POLICY)
    assert f.type == "address_unresolved" and "country is not known" in f.explanation
    # Without a postal table every address without coordinates is only a country: fine.
    assert detect(order(location_precision="country"), network(), POLICY) == []
    [f] = detect(order(location_precision="country", postal_lookup=True), network(), POLICY)
    assert "postal code is not in the postal table" in f.explanation
    assert detect(order(location_precision=None), network(), POLICY) == []  # pick-up


def test_a_return_received_and_not_refunded_within_the_sla() -> None:
    def received(days: float) -> OrderView:
        return order(
            status="delivered",
            lines=(LineView(1, "A", 1000, 1, shipped=1, delivered=1),),
            returns=(ReturnView("rma_1", "received", NOW - timedelta(days=days), 1000),),
        )

    assert detect(received(2), network(), POLICY) == []
    [f] = detect(received(4), network(), POLICY)
    assert (f.type, f.cause, f.money_at_risk) == ("refund_due", "refund_due:rma_1", 1000)
    assert f.promise_at_risk is None


def test_a_channel_overrides_the_thresholds_for_its_own_orders() -> None:
    policy = CarePolicy.from_mapping(
        {"channels": {"b2b": {"late_threshold": 0.8, "late_critical": 0.9}}}
    )
    assert types(detect(order(), network(), policy, DelayView(0.7))) == ["predicted_late"]
    assert detect(order(channel="b2b"), network(), policy, DelayView(0.7)) == []


def test_severity_rises_as_the_promise_comes_near() -> None:
    down = network(nodes={"LDN": NodeState("LDN", daily_capacity=10, lines_today=50)})
    far = detect(order(promised_date=date(2026, 3, 20)), down, POLICY)[0]
    near = detect(order(promised_date=date(2026, 3, 11)), down, POLICY)[0]
    broken = detect(order(promised_date=date(2026, 3, 9)), down, POLICY)[0]
    assert (far.severity, near.severity, broken.severity) == ("medium", "high", "critical")


def _open(f, eid: int = 1, status: str = "open", **kw) -> OpenException:
    return OpenException(
        eid,
        f.cause,
        f.type,
        kw.get("severity", f.severity),
        kw.get("money", f.money_at_risk),
        f.promise_at_risk,
        status,
    )


def test_reconcile_opens_updates_and_closes_one_exception_per_cause() -> None:
    down = network(nodes={"LDN": NodeState("LDN", active=False)})
    [f] = detect(order(), down, POLICY)
    assert [c.kind for c in reconcile([], [f], "allocated")] == ["open"]
    assert reconcile([_open(f)], [f], "allocated") == []  # same cause, nothing moved
    [upd] = reconcile([_open(f, severity="medium", money=1000)], [f], "allocated")
    assert upd.kind == "update" and set(upd.changed) == {"severity", "money_at_risk"}
    [gone] = reconcile([_open(f)], [], "allocated")
    assert gone.kind == "close" and "nothing of the order waits" in gone.reason
    [done] = reconcile([_open(f)], [], "cancelled")
    assert done.reason == "the order is cancelled"


def test_a_dismissed_cause_stays_quiet_until_it_grows_worse_or_goes_away() -> None:
    full = network(nodes={"LDN": NodeState("LDN", daily_capacity=10, lines_today=50)})
    [f] = detect(order(), full, POLICY)
    assert reconcile([_open(f, status="dismissed")], [f], "allocated") == []
    worse = replace(f, severity="critical")
    [re] = reconcile([_open(f, status="dismissed")], [worse], "allocated")
    assert re.kind == "reopen"
    [rel] = reconcile([_open(f, status="dismissed")], [], "allocated")
    assert rel.kind == "release"


def test_the_policy_refuses_unknown_settings_and_bad_values_clearly() -> None:
    with pytest.raises(ValueError, match="unknown setting"):
        CarePolicy.from_mapping({"late_treshold": 0.5})
    with pytest.raises(ValueError, match="channel b2b: scan_gap_hours must be a number"):
        CarePolicy.from_mapping({"channels": {"b2b": {"scan_gap_hours": "soon"}}})
    with pytest.raises(ValueError, match="unknown fix type"):
        CarePolicy.from_mapping({"auto": {"node_outage": ["teleport"]}})
    with pytest.raises(ValueError, match="late_threshold"):
        CarePolicy(late_threshold=0.9, late_critical=0.5)
    policy = CarePolicy.from_mapping(
        {
            "hold_sla_hours": {"fraud": 4},
            "auto": {"scan_gap": [{"fix_type": "move_promise", "max_promise_days": 3}]},
        }
    )
    assert policy.hold_sla_hours["fraud"] == 4
    assert policy.auto_rule("scan_gap", "move_promise") == AutoRule("move_promise", 3)
    assert policy.auto_rule("node_outage", "resource") is None  # replaced, not merged
    assert set(p.DEFAULT_AUTO) <= set(p.EXCEPTION_TYPES)

"""Order care and priority in the twin: a node slowdown makes orders late the way a short-
staffed warehouse would; with care on, customers hear of the delay before the promise
breaks (through the notification service), with care off nobody does; dynamic priority
lets a full node ship the orders it can still get there in time first; and the same seed
gives the same run."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ordermind.adapters.db.twin_store import on_database
from ordermind.adapters.memory.twin_store import in_memory
from ordermind.twin.run import run_scenario
from ordermind.twin.scenario import (
    CareSettings,
    Carrier,
    Catalog,
    Disruption,
    NodeSpec,
    Policy,
    Scenario,
)
from ordermind.twin.simulation import Simulation

SLOWDOWN = Disruption("node_slowdown", start_day=12, days=5, node="DC-SOUTH", factor=4.0)
CARRIER_DELAY = Disruption("carrier_delay", start_day=16, days=2, carrier="dpd", extra_days=2)


def small(
    care: str = "none", priority: str = "fifo", disruptions=(SLOWDOWN, CARRIER_DELAY), seed: int = 5
) -> Scenario:
    return Scenario(
        name=f"{care}-{priority}",
        days=20,
        seed=seed,
        orders_per_day=110,
        catalog=Catalog(skus=25),
        nodes=[
            NodeSpec("DC-SOUTH", 52.04, -0.76, 100),
            NodeSpec("DC-NORTH", 53.80, -1.55, 85),
            NodeSpec("ST-GLA", 55.86, -4.25, 30, 250, "store", stock_days=10),
        ],
        carriers=[Carrier("royalmail", 0.6, 0.9, 0.3, 380), Carrier("dpd", 0.4, 0.8, 0.25, 520)],
        disruptions=list(disruptions),
        policy=Policy(care=care, priority=priority, risk_threshold=0.85),
        care=CareSettings(
            warmup_days=10,
            policy={"release_sla_hours": {"warehouse": 10, "store": 8, "supplier": 72}},
        ),
    )


_runs: dict = {}


def total(**kw) -> dict:
    key = tuple(sorted(kw.items()))
    if key not in _runs:
        _runs[key] = run_scenario(small(**kw), in_memory)[1]["total"]
    return _runs[key]


def test_a_node_slowdown_leaves_orders_late_and_queued() -> None:
    calm = run_scenario(small(disruptions=()), in_memory)
    hit = run_scenario(small(disruptions=(SLOWDOWN,)), in_memory)
    assert hit[1]["total"]["late_orders"] > 2 * calm[1]["total"]["late_orders"]
    assert hit[1]["total"]["otif"] < calm[1]["total"]["otif"]
    queued = {d["day"]: d["queued"] for d in hit[0].daily}
    assert max(queued[d] for d in range(12, 16)) > 3 * max(queued[d] for d in range(0, 12))


def test_an_announced_slowdown_sends_new_orders_to_other_nodes() -> None:
    hidden = run_scenario(small(disruptions=(SLOWDOWN,)), in_memory)[0]
    told = run_scenario(small(disruptions=(replace(SLOWDOWN, announced=True),)), in_memory)[0]
    # the OMS knows DC-SOUTH takes fewer lines: less piles up there
    assert max(d["queued"] for d in told.daily) < max(d["queued"] for d in hidden.daily)


def test_without_care_nobody_is_told_and_with_rules_most_hear_before_the_promise_breaks() -> None:
    off, on = total(care="none"), total(care="rules")
    assert off["late_orders"] > 30
    assert off["told_before_promise_share"] == 0.0 and off["delay_notices_sent"] == 0
    assert on["told_before_promise_share"] >= 0.6
    assert on["told_lead_hours_p50"] > 0
    assert on["delay_notices_sent"] >= on["told_before_promise"]
    assert on["exceptions_opened"].get("release_sla", 0) > 0  # the slowdown was noticed


def test_the_notices_went_through_the_notification_service_and_were_sent() -> None:
    sim, kpis = run_scenario(small(care="rules"), in_memory)
    sent = [
        m
        for m in sim.store.notify.messages.values()
        if m.milestone == "delay_predicted" and m.status == "sent"
    ]
    assert len(sent) == kpis["total"]["delay_notices_sent"] > 0
    assert {m.order_id for m in sent} >= {oid for oid in sim.care.told}


def test_care_measures_lateness_against_the_promise_first_made() -> None:
    # moving the promise tells the customer; it does not make a late order on time
    off, on = total(care="none"), total(care="rules")
    assert on["fixes_auto_applied"].get("move_promise", 0) > 0
    assert on["late_orders"] >= off["late_orders"] - 15


def test_dynamic_priority_lets_a_full_node_ship_the_orders_it_can_still_save_first() -> None:
    fifo, dynamic = total(care="none", priority="fifo"), total(care="none", priority="dynamic")
    assert dynamic["late_orders"] < fifo["late_orders"]


def test_the_model_policy_trains_its_delay_model_on_the_runs_own_warm_up() -> None:
    got = total(care="model")
    assert "trained on" in got["scorer"] and got["delay_model"]["orders"] > 500
    assert got["care_scans"] == 2 * (20 - 10)


def test_the_same_seed_gives_the_same_care_run() -> None:
    def figures() -> dict:
        t = run_scenario(small(care="rules", seed=9), in_memory)[1]["total"]
        return {k: v for k, v in t.items() if k != "care_seconds"}

    assert figures() == figures()


def test_bad_care_and_disruption_settings_are_refused_in_plain_words() -> None:
    with pytest.raises(ValueError, match="node_slowdown factor"):
        Disruption("node_slowdown", start_day=1, node="DC-SOUTH", factor=0.5)
    with pytest.raises(ValueError, match="needs the node"):
        Disruption("node_slowdown", start_day=1)
    with pytest.raises(ValueError, match="unknown node 'NOPE'"):
        Scenario(disruptions=[Disruption("node_outage", start_day=1, node="NOPE")])
    with pytest.raises(ValueError, match="unknown care policy 'magic'"):
        Policy(care="magic")
    with pytest.raises(ValueError, match="unknown priority policy"):
        Policy(priority="random")
    with pytest.raises(ValueError, match="unknown care scan"):
        CareSettings(scans=["noon"])
    with pytest.raises(ValueError, match="memory mode"):
        Simulation(small(care="rules"), on_database(object()))


def test_the_twin_cli_refuses_a_bad_scenario_with_one_line_and_exit_code_2(tmp_path) -> None:
    from typer.testing import CliRunner

    from ordermind.entrypoints.twin import app

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "disruptions:\n  - {kind: node_slowdown, node: DC-SOUTH, start_day: 3, factor: 0.5}\n"
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text("policy: {care: [unclosed\n")
    for path in (bad, broken):
        got = CliRunner().invoke(app, ["run", str(path), "--out", str(tmp_path / "out")])
        assert got.exit_code == 2, got.output
        assert "Traceback" not in got.output and got.output.strip().startswith("error:")
        assert not (tmp_path / "out").exists()

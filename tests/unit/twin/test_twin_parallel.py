"""Comparing policies over seeds in a pool of processes gives exactly the serial answer,
and a run hands every object it froze back to the garbage collector."""

from __future__ import annotations

import gc
from dataclasses import replace

from ordermind.adapters.memory.twin_store import in_memory
from ordermind.twin.run import compare
from ordermind.twin.scenario import Catalog, Disruption, Policy, Scenario
from ordermind.twin.simulation import Simulation


def tiny(**kw) -> Scenario:
    return Scenario(
        name=kw.pop("name", "a"), days=10, orders_per_day=60, catalog=Catalog(skus=25), **kw
    )


def test_seeds_in_worker_processes_give_the_serial_result() -> None:
    # an outage and a surge make cancellations, back-orders and re-sourcing: the paths
    # whose order must not depend on the process (hash seeds differ between processes)
    a = tiny(
        disruptions=[
            Disruption("node_outage", start_day=2, days=3, node="DC-SOUTH"),
            Disruption("demand_surge", start_day=4, days=3, factor=3.0),
        ],
        cancel_rate=0.1,
    )
    b = replace(a, name="b", policy=Policy(sourcing_strategy="cost"))
    serial = compare(a, b, in_memory, seeds=2, workers=1)
    parallel = compare(a, b, in_memory, seeds=2, workers=2)
    assert parallel == serial
    assert serial["runs"]["a"][0] != serial["runs"]["a"][1]  # the seeds did differ


def test_a_run_leaves_nothing_frozen() -> None:
    sim = Simulation(replace(tiny(), days=3), in_memory).run()
    assert sim.placed > 0
    assert gc.get_freeze_count() == 0

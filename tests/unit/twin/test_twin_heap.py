"""The twin's garbage-collector handling: frozen between days, and in memory mode no
automatic collection during the run, restored afterwards whatever state it was in."""

from __future__ import annotations

import gc

import pytest

from ordermind.adapters.memory.twin_store import in_memory
from ordermind.twin.heap import frozen_between_days
from ordermind.twin.scenario import Catalog, Scenario
from ordermind.twin.simulation import Simulation


@pytest.fixture
def gc_state():
    was = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("enabled_before", [True, False])
def test_collect_false_switches_the_collector_off_and_restores_it(
    gc_state, enabled_before: bool
) -> None:
    (gc.enable if enabled_before else gc.disable)()
    with frozen_between_days(collect=False) as day_done:
        assert not gc.isenabled()
        keep = [[i] for i in range(100)]
        day_done()
        assert gc.get_freeze_count() >= len(keep)
    assert gc.isenabled() is enabled_before
    assert gc.get_freeze_count() == 0


def test_collect_true_leaves_the_collector_as_it_was(gc_state) -> None:
    gc.enable()
    with frozen_between_days() as day_done:
        assert gc.isenabled()
        day_done()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_memory_mode_runs_without_the_collector_and_gives_it_back(gc_state) -> None:
    gc.enable()
    sc = Scenario(name="gc", days=3, orders_per_day=20, catalog=Catalog(skus=10))
    sim = Simulation(sc, in_memory)
    during: list[bool] = []
    sim.run(progress=lambda day: during.append(gc.isenabled()))
    assert during == [False, False, False]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert sim.placed > 0

"""Finished orders leave the twin's store: a cancelled or refunded order retires at the end
of its day (closed if delivered), so memory stays flat over a long run."""

from __future__ import annotations

from datetime import timedelta

from ordermind.adapters.memory.twin_store import in_memory
from ordermind.domain.orders import OrderStatus
from ordermind.twin.scenario import Catalog, Scenario
from ordermind.twin.simulation import Simulation


def test_cancelled_and_refunded_orders_are_retired_the_day_they_finish() -> None:
    sc = Scenario(
        name="r",
        days=30,
        orders_per_day=80,
        catalog=Catalog(skus=25),
        cancel_rate=0.1,
        return_window_days=5,
    )
    sim = Simulation(sc, in_memory)
    seen_open: list[int] = []
    sim.run(progress=lambda day: seen_open.append(len(sim.store.orders)))
    yesterday = sim.now - timedelta(days=2)
    stale = [
        o
        for o in sim.store.orders.values()
        if o.status is OrderStatus.CANCELLED and o.created_at < yesterday
    ]
    assert stale == []
    returned = [f for f in sim.facts if f.returned]  # received and refunded
    assert returned and all(f.status == "closed" for f in returned)
    # open orders level off once retirement keeps pace with new ones
    assert seen_open[-1] < 1.3 * seen_open[14]

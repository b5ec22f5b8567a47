"""In the twin, sourcing sees each node's daily capacity: a store nearest to a quarter of
the customers but able to ship only a few lines a day does not pile up weeks of backlog
while the warehouses have room; orders flow on to them once the store's day is full."""

from __future__ import annotations

from ordermind.adapters.memory.twin_store import in_memory
from ordermind.twin.scenario import Catalog, NodeSpec, Scenario
from ordermind.twin.simulation import Simulation


def test_a_small_store_never_queues_more_than_a_day_while_warehouses_have_room() -> None:
    sc = Scenario(
        name="cap",
        days=30,
        orders_per_day=200,
        catalog=Catalog(skus=30),
        nodes=[
            NodeSpec("DC-SOUTH", 52.04, -0.76, 400),
            NodeSpec("DC-NORTH", 53.80, -1.55, 300),
            NodeSpec("ST-GLA", 55.86, -4.25, 15, 250, "store", stock_days=10),
        ],
    )
    sim = Simulation(sc, in_memory)
    worst: dict[str, int] = {}

    def watch(day: int) -> None:
        for code, queue in sim.queues.items():
            worst[code] = max(worst.get(code, 0), len(queue))

    sim.run(progress=watch)
    assert any(f.node == "ST-GLA" and f.shipped for f in sim.facts)  # it does ship
    # Orders wait in the queue, and each has at least one line: never more than a day's
    # 15 lines' worth is asked of the store.
    assert worst["ST-GLA"] <= 15
    # The warehouses took the rest and kept up with it.
    assert worst["DC-SOUTH"] <= 400 and worst["DC-NORTH"] <= 300

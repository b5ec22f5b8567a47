"""A memory-mode run is reproducible to the last id: the same seed gives the same orders,
shipments, invoices and KPI facts, and the real id source is back once it ends."""

from __future__ import annotations

from ordermind.adapters.memory.twin_store import in_memory
from ordermind.services.ids import new_id
from ordermind.twin.scenario import Catalog, Scenario
from ordermind.twin.simulation import Simulation


def _run() -> tuple[list, list]:
    sim = Simulation(
        Scenario(name="r", days=12, orders_per_day=60, catalog=Catalog(skus=20)), in_memory
    ).run()
    open_orders = [
        (o.id, [s.id for s in o.shipments], [i.id for i in o.invoices])
        for o in sim.store.orders.values()
    ]
    return open_orders, sim.facts


def test_the_same_seed_gives_the_same_shipment_and_invoice_ids() -> None:
    first, facts_a = _run()
    second, facts_b = _run()
    assert first == second and facts_a == facts_b
    shipped = [ids for _, ids, _ in first if ids]
    assert shipped and all(i.startswith("shp_0000") for ids in shipped for i in ids)
    assert not new_id("shp").startswith("shp_0000000000")  # random outside a run

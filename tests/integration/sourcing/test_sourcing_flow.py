"""From inventory positions to a promise and a plan, as the services layer chains them."""

from datetime import date, datetime

from ordermind.sourcing import LineRequest, NodeInfo, SourcingRequest, plan
from ordermind.sourcing.atp import Inbound, Position, RingFence, atp_table, stock_view
from ordermind.sourcing.availability import availability
from ordermind.sourcing.batch import BatchOrder, outage
from ordermind.sourcing.cost import SourcingContext
from ordermind.sourcing.geo import load_postal_table, resolve_location

NODES = {
    "DC-LDS": NodeInfo("DC-LDS", "warehouse", "GB", 53.80, -1.55, handling_cost=150),
    "DC-BRS": NodeInfo("DC-BRS", "warehouse", "GB", 51.45, -2.59, handling_cost=150),
    "ST-CAM": NodeInfo("ST-CAM", "store", "GB", 52.205, 0.12, handling_cost=60, can_pickup=True),
}
T = datetime(2026, 11, 23, 10, 0)


def test_availability_then_sourcing_then_outage(tmp_path):
    postal = tmp_path / "GB.txt"
    postal.write_text("GB\tCB2 1TN\tCambridge\tEngland\tENG\t\t\t\t\t52.2000\t0.1200\t6\n")
    where = resolve_location("GB", "CB2 1TN", postal_table=load_postal_table(postal))
    positions = [
        Position("DC-LDS", "KETTLE", 20),
        Position("DC-BRS", "KETTLE", 3, 1, 1),
        Position("ST-CAM", "KETTLE", 4),
        Position("DC-BRS", "TOASTER", 2),
    ]
    inbound = [Inbound("DC-LDS", "TOASTER", 30, date(2026, 11, 26))]
    fences = [RingFence("ST-CAM", "walk_in", share=0.5)]
    table = atp_table(positions, inbound, fences, channel="web", as_of=T.date())
    avail = availability(
        ["KETTLE", "TOASTER"],
        where,
        NODES,
        table,
        quantity=2,
        order_time=T,
        context=SourcingContext(),
    )
    kettle, toaster = avail["skus"]["KETTLE"], avail["skus"]["TOASTER"]
    assert kettle["pick_up_in_store"].quantity == 2  # half the store's 4 kept for walk-ins
    assert toaster["ship_to_home"].quantity == 2 and not toaster["ship_to_home"].from_inbound
    three = availability(["TOASTER"], where, NODES, table, quantity=3, order_time=T)
    assert three["skus"]["TOASTER"]["ship_to_home"].from_inbound

    request = SourcingRequest(
        [LineRequest(1, "KETTLE", 1, 1500), LineRequest(2, "TOASTER", 1, 2500)],
        where,
        stock_view(table),
        NODES,
        order_time=T,
        margin=5_000,
    )
    chosen = plan(request, "cost")
    assert chosen.nodes == ["DC-BRS"]  # the only node holding both lines
    assert chosen.explanation["cost"]["total"] == chosen.cost

    wave = [BatchOrder("o1", request.lines, where, order_time=T)]
    after = outage(wave, stock_view(table), NODES, "DC-BRS", time_limit_s=3)
    moved = after.plans["o1"]
    assert "DC-BRS" not in moved.nodes
    assert moved.backordered == {2: 1}  # the toasters are still on the way to Leeds

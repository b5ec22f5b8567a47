"""Forecasts from the store's own orders, proposals, and approval into inbound supply."""

from datetime import UTC, datetime, timedelta

from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.clock import use_clock
from ordermind.services.planning import run_planning

from .conftest import order_body


def test_store_demand_is_forecast_and_an_approved_proposal_becomes_inbound_supply(api, engine):
    api.seed({("LDN", "A"): 5000, ("MAN", "A"): 0})
    api.put(
        "/v1/supplier-terms/A",
        json={
            "supplier_id": "ACME",
            "moq": 50,
            "pack_size": 10,
            "unit_cost": 300,
            "lead_time_days": 10,
        },
    )
    start = datetime(2026, 9, 1, 12, tzinfo=UTC)
    for day in range(42):  # six weeks of weekday-heavy demand, placed in simulated time
        with use_clock(lambda d=day: start + timedelta(days=d)):
            for _ in range(6 if (start + timedelta(days=day)).weekday() < 5 else 1):
                assert api.post("/v1/orders", json=order_body(("A", 5))).status_code == 201
    # stock runs low at LDN (50 free units left): the plan must ask for more
    reserved = api.get("/v1/inventory?sku=A&node=LDN").json()["items"][0]["reserved"]
    assert api.put("/v1/inventory/LDN/A", json={"on_hand": reserved + 50}).status_code == 200
    with SqlUnitOfWork(engine) as uow:
        run = run_planning(uow, h=14)
        uow.commit()
    assert run.series == 1 and run.forecast_rows == 14
    fc = api.get("/v1/forecasts?sku=A&node=LDN").json()["items"]
    assert len(fc) == 14 and all(f["yhat_lo_80"] <= f["yhat"] <= f["yhat_hi_80"] for f in fc)
    weekday = [f["yhat"] for f in fc if datetime.fromisoformat(f["ds"]).weekday() < 5]
    assert 10 < sum(weekday) / len(weekday) < 60  # ~30 units a weekday
    proposals = api.get("/v1/replenishment/proposals").json()["items"]
    po = next(p for p in proposals if p["kind"] == "purchase_order")
    assert po["source"] == "ACME" and po["quantity"] >= 50 and po["quantity"] % 10 == 0
    approved = api.post(f"/v1/replenishment/proposals/{po['id']}/approve").json()
    assert approved["status"] == "approved" and approved["inbound_id"]
    inbound = api.get("/v1/inbound?sku=A").json()["items"]
    assert [(s["node"], s["quantity"]) for s in inbound] == [("LDN", po["quantity"])]
    again = api.post(f"/v1/replenishment/proposals/{po['id']}/approve")
    assert again.status_code == 409

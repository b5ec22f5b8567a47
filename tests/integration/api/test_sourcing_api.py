"""Distributed order management over the API: promise, strategy per channel, outage."""

from .conftest import order_body


def test_availability_answers_per_option_with_dates_and_counts_inbound(api):
    api.seed({("LDN", "A"): 3, ("EDI", "A"): 0})
    api.post(
        "/v1/inbound",
        json={"sku": "A", "node": "EDI", "quantity": 20, "eta": "2030-01-10T00:00:00Z"},
    )
    r = api.get("/v1/availability?skus=A&country=GB&postal_code=EC1A&quantity=2")
    assert r.status_code == 200, r.text
    home = r.json()["skus"]["A"]["ship_to_home"]
    assert home["quantity"] == 3 and home["quantity_with_inbound"] == 23
    assert home["earliest_date"] is not None and home["node"] == "LDN"
    assert api.get("/v1/availability?skus=NOPE&country=GB").status_code == 422


def test_the_channel_strategy_decides_and_the_order_explains_its_choice(api):
    api.seed({("LDN", "A"): 5, ("EDI", "A"): 5})
    assert api.put("/v1/channels/web", json={"sourcing_strategy": "cost"}).status_code == 200
    order = api.post("/v1/orders", json=order_body(("A", 2))).json()
    sourcing = order["sourcing"]
    assert sourcing["strategy"] == "cost" and sourcing["cost"] > 0
    assert order["promised_delivery_date"] is not None
    assert order["lines"][0]["allocations"][0]["node"] == "LDN"  # London customer
    assert "alternatives" in str(sourcing) or "rejected" in str(sourcing)
    bad = api.put("/v1/channels/web", json={"sourcing_strategy": "random"})
    assert bad.status_code == 422


def test_a_node_outage_moves_its_unreleased_orders_elsewhere(api):
    api.seed({("LDN", "A"): 10, ("MAN", "A"): 10})
    ids = [api.post("/v1/orders", json=order_body(("A", 2))).json()["id"] for _ in range(3)]
    released = ids[0]
    api.post(f"/v1/orders/{released}/release")  # already with the pickers: stays
    r = api.post("/v1/nodes/LDN/outage")
    assert r.status_code == 200, r.text
    assert r.json()["orders"] == 2 and r.json()["units_resourced"] == 4
    for oid in ids[1:]:
        order = api.get(f"/v1/orders/{oid}").json()
        assert [a["node"] for a in order["lines"][0]["allocations"]] == ["MAN"]
    stock = {p["node"]: p["reserved"] for p in api.get("/v1/inventory?sku=A").json()["items"]}
    assert stock == {"LDN": 2, "MAN": 4}
    # while down, new orders avoid it; back up, it serves again
    new = api.post("/v1/orders", json=order_body(("A", 1))).json()
    assert new["lines"][0]["allocations"][0]["node"] == "MAN"
    assert api.post("/v1/nodes/LDN/restore").json()["active"] is True

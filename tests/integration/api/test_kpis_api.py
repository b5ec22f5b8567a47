from .conftest import order_body


def _place(api, email: str, segment: str | None) -> None:
    body = order_body(("SKU-1", 1), email=email)
    if segment:
        body["customer"]["segment"] = segment
    r = api.post("/v1/orders", json=body)
    assert r.status_code == 201, r.text


def test_kpis_group_api_orders_by_the_customer_segment_they_were_placed_with(api):
    api.seed({("LDN", "SKU-1"): 10})
    _place(api, "shop@b2b.example", "business")
    _place(api, "ann@home.example", "consumer")
    _place(api, "bob@home.example", "consumer")
    r = api.get("/v1/kpis", params={"group_by": "segment"})
    assert r.status_code == 200, r.text
    groups = {k: g["orders"] for k, g in r.json()["groups"].items()}
    assert groups == {"business": 1, "consumer": 2}
    one = api.get("/v1/kpis", params={"segment": "business"}).json()
    assert one["total"]["orders"] == 1


def test_a_later_order_with_a_segment_classifies_a_known_customer(api):
    api.seed({("LDN", "SKU-1"): 10})
    _place(api, "late@b2b.example", None)
    _place(api, "late@b2b.example", "business")
    _place(api, "late@b2b.example", None)  # no segment given: the known one stays
    got = api.get("/v1/kpis", params={"group_by": "segment"}).json()["groups"]
    groups = {k: g["orders"] for k, g in got.items()}
    assert groups == {"business": 3}


def test_a_segment_with_spaces_or_markup_is_refused_and_nothing_is_stored(api):
    api.seed({("LDN", "SKU-1"): 10})
    body = order_body(("SKU-1", 1))
    body["customer"]["segment"] = "<b>vip</b>"
    r = api.post("/v1/orders", json=body)
    assert r.status_code == 422
    assert api.get("/v1/orders").json()["items"] == []


def test_cost_and_carbon_per_order_come_from_the_breakdown_recorded_at_sourcing(api):
    api.seed({("LDN", "SKU-1"): 10})
    order = api.post("/v1/orders", json=order_body(("SKU-1", 2))).json()
    breakdown = order["sourcing"]["cost"]
    api.post(f"/v1/orders/{order['id']}/release")
    r = api.post(
        "/v1/shipments",
        json={
            "order_id": order["id"],
            "node": "LDN",
            "carrier": "DPD",
            "lines": [{"sku": "SKU-1", "quantity": 2}],
        },
    )
    assert r.status_code == 201, r.text
    total = api.get("/v1/kpis").json()["total"]
    assert total["cost_coverage"] == 1.0 and total["carbon_coverage"] == 1.0
    assert total["cost_per_order"] == breakdown["shipping"] + breakdown["handling"]
    assert total["carbon_kg_per_order"] == breakdown["carbon_kg"]

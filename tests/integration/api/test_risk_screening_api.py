"""Every API order is screened; suspicious ones are held with reasons for a person."""

from .conftest import order_body


def test_an_ordinary_order_flows_untouched_with_its_screen_recorded(api):
    api.seed({("LDN", "A"): 10})
    order = api.post("/v1/orders", json=order_body(("A", 1))).json()
    assert order["status"] == "allocated"
    assert order["risk"]["action"] == "approve" and order["risk"]["stage"] == "screen"


def test_a_velocity_burst_from_one_customer_is_held_with_reasons_and_reviewed(api):
    api.seed({("LDN", "A"): 100})
    orders = [
        api.post(
            "/v1/orders",
            json=order_body(
                ("A", 1), email="burst@example.com", risk_context={"device_id": "dev-1"}
            ),
        ).json()
        for _ in range(8)
    ]
    held = [o for o in orders if o["status"] == "on_hold"]
    assert held, [o["risk"] for o in orders]
    first = held[0]
    assert first["risk"]["action"] == "hold" and first["risk"]["reasons"]
    # no model is installed: the rules decided alone, and the order says so
    assert first["risk"]["model_version"] is None
    hold = first["holds"][0]
    assert hold["reason"] == "fraud" and hold["note"]
    # the held order kept its stock while it waits
    assert first["lines"][0]["allocated"] == 1
    queue = api.get("/v1/reviews?reason=fraud").json()["items"]
    assert first["id"] in [i["order_id"] for i in queue]
    done = api.post(
        f"/v1/reviews/{first['id']}/{hold['id']}/approve", json={"reason": "called customer"}
    )
    assert done.json()["status"] == "allocated"


def test_a_disposable_address_buying_high_value_to_a_forwarder_is_held(api):
    api.seed({("LDN", "A"): 100})
    body = order_body(("A", 20), email="x1@mailinator.com", risk_context={"billing_country": "US"})
    body["lines"][0]["unit_price"] = 50_000
    body["ship_to"]["line1"] = "Suite 1234, c/o Parcel Forwarding Ltd"
    order = api.post("/v1/orders", json=body).json()
    assert order["status"] in ("on_hold", "cancelled"), order["risk"]
    assert len(order["risk"]["reasons"]) >= 2

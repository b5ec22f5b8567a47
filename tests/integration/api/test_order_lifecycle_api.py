"""The whole life of an order over the API, on SQLite and PostgreSQL."""

from .conftest import order_body


def test_an_order_goes_from_placement_to_refund_and_every_step_is_in_its_timeline(api):
    api.seed({("LDN", "A"): 10, ("MAN", "B"): 5})
    r = api.post("/v1/orders", json=order_body(("A", 2), ("B", 1)))
    assert r.status_code == 201, r.text
    order = r.json()
    assert order["status"] == "allocated" and order["number"].startswith("OM")
    lines = {ln["sku"]: ln for ln in order["lines"]}
    assert lines["A"]["allocations"] == [
        {"node": "LDN", "quantity": 2, "allocated": 2, "released": 0}
    ]
    assert lines["B"]["allocated"] == 1 and lines["B"]["backordered"] == 0
    oid = order["id"]

    assert api.post(f"/v1/orders/{oid}/release").json()["status"] == "released"
    ship = api.post(
        "/v1/shipments",
        json={
            "order_id": oid,
            "node": "LDN",
            "carrier": "DPD",
            "tracking": "TRK1",
            "lines": [{"sku": "A", "quantity": 2}],
        },
    )
    assert ship.status_code == 201, ship.text
    assert ship.json()["order"]["status"] == "partially_shipped"
    ship2 = api.post(
        "/v1/shipments",
        json={
            "order_id": oid,
            "node": "MAN",
            "carrier": "DPD",
            "lines": [{"sku": "B", "quantity": 1}],
        },
    )
    assert ship2.json()["order"]["status"] == "shipped"
    stock = {p["node"]: p for p in api.get("/v1/inventory?sku=A").json()["items"]}
    assert stock["LDN"]["on_hand"] == 8 and stock["LDN"]["reserved"] == 0

    invoices = api.get(f"/v1/orders/{oid}/invoices").json()["items"]
    assert [i["subtotal"] for i in invoices] == [2000, 1000]
    assert invoices[0]["tax"] == 400  # standard rate 20%

    for s in (ship.json(), ship2.json()):
        assert api.post(f"/v1/shipments/{s['id']}/deliver").status_code == 200
    assert api.get(f"/v1/orders/{oid}").json()["status"] == "delivered"

    rma = api.post(
        "/v1/returns",
        json={"order_id": oid, "lines": [{"sku": "A", "quantity": 1, "reason": "damaged"}]},
    )
    assert rma.status_code == 201, rma.text
    rid = rma.json()["id"]
    assert api.post(f"/v1/returns/{rid}/authorise", json={}).json()["status"] == "authorised"
    got = api.post(f"/v1/returns/{rid}/receive", json={"dispositions": {"A": "restock"}})
    assert got.json()["status"] == "received"
    assert api.get("/v1/inventory?sku=A&node=LDN").json()["items"][0]["on_hand"] == 9
    assert api.post(f"/v1/returns/{rid}/refund", json={}).json()["refund_amount"] == 1000
    assert api.post(f"/v1/orders/{oid}/close").json()["status"] == "closed"

    types = [e["type"] for e in api.get(f"/v1/orders/{oid}/events").json()["items"]]
    assert types == [
        "order.placed",
        "order.risk_assessed",
        "order.allocated",
        "order.released",
        "order.shipped",
        "order.invoiced",
        "order.shipped",
        "order.invoiced",
        "order.delivered",
        "order.delivered",
        "return.requested",
        "return.authorised",
        "return.received",
        "return.refunded",
        "order.closed",
    ]


def test_a_held_order_cannot_be_released_until_the_hold_is_released(api):
    api.seed({("LDN", "A"): 3})
    oid = api.post("/v1/orders", json=order_body(("A", 1))).json()["id"]
    held = api.post(f"/v1/orders/{oid}/holds", json={"reason": "fraud", "note": "velocity"})
    assert held.status_code == 201 and held.json()["order"]["status"] == "on_hold"
    refused = api.post(f"/v1/orders/{oid}/release")
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert "on hold" in refused.json()["detail"]
    hid = held.json()["hold_id"]
    assert (
        api.post(f"/v1/orders/{oid}/holds/{hid}/release", json={"resolution": "ok"}).json()[
            "status"
        ]
        == "allocated"
    )
    assert api.post(f"/v1/orders/{oid}/release").status_code == 200


def test_cancelling_part_of_a_line_gives_its_stock_to_the_next_backorder(api):
    api.seed({("LDN", "A"): 2})
    first = api.post("/v1/orders", json=order_body(("A", 2))).json()
    second = api.post("/v1/orders", json=order_body(("A", 1))).json()
    assert second["status"] == "backordered"
    r = api.post(
        f"/v1/orders/{first['id']}/cancel",
        json={"lines": [{"sku": "A", "quantity": 1}], "reason": "customer"},
    )
    assert r.status_code == 200
    assert r.json()["lines"][0]["cancelled"] == 1
    assert api.get(f"/v1/orders/{second['id']}").json()["status"] == "allocated"
    pos = api.get("/v1/inventory?sku=A").json()["items"][0]
    assert pos["reserved"] == 2 and pos["available"] == 0


def test_changing_the_address_re_sources_the_order_to_the_nearer_node(api):
    api.seed({("LDN", "A"): 5, ("EDI", "A"): 5})
    oid = api.post("/v1/orders", json=order_body(("A", 1))).json()["id"]
    edinburgh = {
        "name": "Ann",
        "line1": "1 Royal Mile",
        "city": "Edinburgh",
        "postal_code": "EH1 1AA",
        "country": "GB",
        "lat": 55.95,
        "lon": -3.19,
    }
    r = api.patch(
        f"/v1/orders/{oid}", json={"ship_to": edinburgh, "lines": [{"sku": "A", "quantity": 3}]}
    )
    assert r.status_code == 200, r.text
    line = r.json()["lines"][0]
    assert line["ordered"] == 3 and line["allocations"][0]["node"] == "EDI"
    stock = {p["node"]: p["reserved"] for p in api.get("/v1/inventory?sku=A").json()["items"]}
    assert stock == {"LDN": 0, "EDI": 3}


def test_a_stock_count_below_reservations_moves_orders_to_another_node(api):
    api.seed({("LDN", "A"): 2, ("MAN", "A"): 5})
    oid = api.post("/v1/orders", json=order_body(("A", 2))).json()["id"]
    r = api.put("/v1/inventory/LDN/A", json={"on_hand": 0, "safety_stock": 0})
    assert r.status_code == 200, r.text
    order = api.get(f"/v1/orders/{oid}").json()
    assert order["lines"][0]["allocations"][0]["node"] == "MAN"
    assert order["status"] == "allocated"


def test_lists_filter_by_status_sku_and_text_and_page_by_cursor(api):
    api.seed({("LDN", "A"): 100, ("LDN", "B"): 0})
    ids = [
        api.post("/v1/orders", json=order_body(("A", 1), external_id=f"PO-{i}")).json()["id"]
        for i in range(5)
    ]
    api.post("/v1/orders", json=order_body(("B", 1)))
    page1 = api.get("/v1/orders?sku=A&limit=3").json()
    assert [o["id"] for o in page1["items"]] == ids[::-1][:3]
    page2 = api.get(f"/v1/orders?sku=A&limit=3&cursor={page1['next_cursor']}").json()
    assert [o["id"] for o in page2["items"]] == ids[::-1][3:]
    assert page2["next_cursor"] is None
    assert len(api.get("/v1/orders?status=backordered").json()["items"]) == 1
    assert [o["external_id"] for o in api.get("/v1/orders?q=PO-3").json()["items"]] == ["PO-3"]


def test_a_draft_reserves_nothing_until_it_is_placed(api):
    api.seed({("LDN", "A"): 3})
    draft = api.post("/v1/orders", json=order_body(("A", 2), draft=True)).json()
    assert draft["status"] == "draft"
    assert api.get("/v1/inventory?sku=A").json()["items"][0]["reserved"] == 0
    placed = api.post(f"/v1/orders/{draft['id']}/place").json()
    assert placed["status"] == "allocated"


def test_health_and_metrics_answer(api):
    assert api.get("/healthz").json()["status"] == "ok"
    api.seed({("LDN", "A"): 3})
    api.post("/v1/orders", json=order_body(("A", 1)))
    text = api.get("/metrics").text
    assert 'ordermind_orders_placed_total{channel="web",status="allocated"} 1.0' in text

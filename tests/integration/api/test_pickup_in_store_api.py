"""Buy online, pick up in store: the store's own stock first, the rest sent to the store."""

from .conftest import order_body


def _store(api, code: str = "SOHO", can_pickup: bool = True) -> None:
    r = api.put(
        f"/v1/nodes/{code}",
        json={"name": code, "kind": "store", "lat": 51.51, "lon": -0.13, "can_pickup": can_pickup},
    )
    assert r.status_code == 200, r.text
    api.put("/v1/products/A", json={"name": "A", "price": 1000})
    assert api.put(f"/v1/inventory/{code}/A", json={"on_hand": 2}).status_code == 200


def _allocations(order: dict) -> list[tuple[str, int]]:
    return [(a["node"], a["quantity"]) for ln in order["lines"] for a in ln["allocations"]]


def test_a_pick_up_order_takes_the_stores_own_stock_first(api):
    api.seed({("LDN", "A"): 10})  # London warehouse: nearer to nobody, the store has enough
    _store(api)
    r = api.post("/v1/orders", json=order_body(("A", 2), pickup_node="SOHO"))
    assert r.status_code == 201, r.text
    order = r.json()
    assert order["pickup_node"] == "SOHO" and _allocations(order) == [("SOHO", 2)]
    assert order["sourcing"]["pickup_node"] == "SOHO"
    assert order["promised_delivery_date"] == order["sourcing"]["ready_date"]
    again = api.get(f"/v1/orders/{order['id']}").json()
    assert again["pickup_node"] == "SOHO"  # stored and read back


def test_what_the_store_lacks_is_sent_to_the_store_and_said_so(api):
    api.seed({("MAN", "A"): 10})
    _store(api)
    order = api.post("/v1/orders", json=order_body(("A", 5), pickup_node="SOHO")).json()
    assert sorted(_allocations(order)) == [("MAN", 3), ("SOHO", 2)]
    assert "ship_to_store" in order["sourcing"]["flags"]
    assert order["sourcing"]["transfers"] == [[1, "MAN", 3]]


def test_a_pick_up_at_a_place_that_takes_no_pick_ups_is_refused_and_nothing_is_written(api):
    api.seed({("LDN", "A"): 10})
    _store(api, "DEPOT", can_pickup=False)
    for where in ("DEPOT", "LDN", "NOWHERE"):
        r = api.post("/v1/orders", json=order_body(("A", 1), pickup_node=where))
        assert r.status_code == 422, r.text
        assert "pick-up store" in r.json()["detail"]
    assert api.get("/v1/orders").json()["items"] == []
    assert {p["reserved"] for p in api.get("/v1/inventory?sku=A").json()["items"]} == {0}


def test_when_the_pick_up_store_goes_down_its_orders_wait_and_say_why(api):
    api.seed({("LDN", "A"): 10})
    _store(api)
    oid = api.post("/v1/orders", json=order_body(("A", 2), pickup_node="SOHO")).json()["id"]
    assert api.post("/v1/nodes/SOHO/outage").status_code == 200
    order = api.get(f"/v1/orders/{oid}").json()
    assert _allocations(order) == [] and order["lines"][0]["backordered"] == 2
    assert "pickup_store_unavailable" in order["sourcing"]["flags"]
    stock = {p["node"]: p["reserved"] for p in api.get("/v1/inventory?sku=A").json()["items"]}
    assert stock == {"LDN": 0, "SOHO": 0}

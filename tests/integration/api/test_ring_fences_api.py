"""Ring fences: stock at a node kept for one channel is honoured when orders reserve, in
availability answers, and survives a restart of the cache."""

from .conftest import order_body


def _fence_ldn_for_store(api, **fence) -> None:
    body = {"ring_fences": [{"node": "LDN", **fence}]}
    r = api.put("/v1/channels/store", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["ring_fences"][0]["node"] == "LDN"
    # a store with channels configured takes orders only from those it knows
    assert api.put("/v1/channels/web", json={}).status_code == 200


def _reserved(api, sku: str) -> dict[str, int]:
    return {p["node"]: p["reserved"] for p in api.get(f"/v1/inventory?sku={sku}").json()["items"]}


def test_other_channels_cannot_take_the_units_fenced_for_the_store(api):
    api.seed({("LDN", "A"): 10})
    _fence_ldn_for_store(api, quantity=4)
    api.put("/v1/channels/web", json={"backorder_policy": "reject"})
    ok = api.post("/v1/orders", json=order_body(("A", 6), channel="web"))
    assert ok.status_code == 201, ok.text
    refused = api.post("/v1/orders", json=order_body(("A", 1), channel="web"))
    assert refused.status_code == 409
    assert _reserved(api, "A") == {"LDN": 6}
    # the store itself may use its fence, down to the last unit
    store = api.post("/v1/orders", json=order_body(("A", 4), channel="store"))
    assert store.status_code == 201
    assert store.json()["lines"][0]["allocations"] == [
        {**store.json()["lines"][0]["allocations"][0], "node": "LDN", "quantity": 4}
    ]
    assert _reserved(api, "A") == {"LDN": 10}


def test_a_fenced_node_sends_other_channels_to_the_next_node(api):
    api.seed({("LDN", "A"): 5, ("MAN", "A"): 5})
    _fence_ldn_for_store(api, sku="A", share=1.0)  # all of London's A is for walk-ins
    order = api.post("/v1/orders", json=order_body(("A", 2), channel="web")).json()
    assert [a["node"] for a in order["lines"][0]["allocations"]] == ["MAN"]  # London buyer
    store = api.post("/v1/orders", json=order_body(("A", 2), channel="store")).json()
    assert [a["node"] for a in store["lines"][0]["allocations"]] == ["LDN"]


def test_a_share_fence_keeps_its_share_of_what_is_free_and_availability_shows_it(api):
    api.seed({("LDN", "A"): 10})
    _fence_ldn_for_store(api, share=0.5)
    web = api.get("/v1/availability?skus=A&country=GB&postal_code=EC1A&channel=web").json()
    store = api.get("/v1/availability?skus=A&country=GB&postal_code=EC1A&channel=store").json()
    assert web["skus"]["A"]["ship_to_home"]["quantity"] == 5
    assert store["skus"]["A"]["ship_to_home"]["quantity"] == 10
    assert api.post("/v1/orders", json=order_body(("A", 5), channel="web")).status_code == 201
    # 5 free now, half of them (rounded up) kept: the web gets 2 of 3, the rest waits
    r = api.post("/v1/orders", json=order_body(("A", 3), channel="web")).json()
    assert r["lines"][0]["backordered"] == 1 and _reserved(api, "A") == {"LDN": 7}
    store = api.post("/v1/orders", json=order_body(("A", 3), channel="store")).json()
    assert store["lines"][0]["backordered"] == 0 and _reserved(api, "A") == {"LDN": 10}


def test_fences_are_listed_replaced_and_removed_with_the_channel(api):
    api.seed({("LDN", "A"): 10, ("MAN", "A"): 10})
    _fence_ldn_for_store(api, quantity=3)
    r = api.put(
        "/v1/channels/store", json={"ring_fences": [{"node": "MAN", "sku": "A", "share": 0.25}]}
    )
    assert r.status_code == 200
    listed = {c["code"]: c for c in api.get("/v1/channels").json()["items"]}
    assert listed["store"]["ring_fences"] == [
        {"node": "MAN", "sku": "A", "share": 0.25, "quantity": 0}
    ]
    assert api.put("/v1/channels/store", json={}).status_code == 200
    listed = {c["code"]: c for c in api.get("/v1/channels").json()["items"]}
    assert listed["store"]["ring_fences"] == []


def test_bad_fences_are_refused_and_leave_the_channel_as_it_was(api):
    api.seed({("LDN", "A"): 10})
    _fence_ldn_for_store(api, quantity=2)
    bad_bodies = [
        [{"node": "NOWHERE", "quantity": 1}],  # unknown node
        [{"node": "LDN", "sku": "NOPE", "quantity": 1}],  # unknown SKU
        [{"node": "LDN", "share": 1.5}],  # share above 1
        [{"node": "LDN", "quantity": -1}],
        [{"node": "LDN"}],  # keeps nothing
        [{"node": "LDN", "quantity": 1}, {"node": "LDN", "quantity": 2}],  # twice
        [{"node": "LDN", "share": "half"}],
        [{"node": "LDN", "quantity": 1, "colour": "red"}],
    ]
    for fences in bad_bodies:
        r = api.put("/v1/channels/store", json={"ring_fences": fences})
        assert r.status_code == 422, (fences, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
    listed = {c["code"]: c for c in api.get("/v1/channels").json()["items"]}
    assert listed["store"]["ring_fences"] == [
        {"node": "LDN", "sku": None, "share": 0.0, "quantity": 2}
    ]

"""Re-sourcing an order to a node a person chose, on SQLite and PostgreSQL: all of it
moves, or nothing does."""

from __future__ import annotations

from .conftest import order_body


def _stock(api, node: str, sku: str) -> dict:
    return api.get(f"/v1/inventory?sku={sku}&node={node}").json()["items"][0]


def test_an_order_moves_whole_to_the_chosen_node_and_the_stock_follows(api):
    api.seed({("LDN", "A"): 10, ("MAN", "A"): 10, ("LDN", "B"): 5, ("MAN", "B"): 5})
    order = api.post("/v1/orders", json=order_body(("A", 2), ("B", 1))).json()
    assert {a["node"] for ln in order["lines"] for a in ln["allocations"]} == {"LDN"}
    r = api.post(f"/v1/orders/{order['id']}/resource", json={"node": "MAN"})
    assert r.status_code == 200, r.text
    moved = r.json()
    assert [(a["node"], a["allocated"]) for ln in moved["lines"] for a in ln["allocations"]] == [
        ("MAN", 2),
        ("MAN", 1),
    ]
    assert moved["status"] == "allocated"
    assert _stock(api, "LDN", "A")["reserved"] == 0 and _stock(api, "MAN", "A")["reserved"] == 2
    events = [e["type"] for e in api.get(f"/v1/orders/{order['id']}/events").json()["items"]]
    assert "order.deallocated" in events and events[-1] == "order.allocated"


def test_a_node_that_cannot_take_it_all_changes_nothing_and_says_what_it_lacks(api):
    api.seed({("LDN", "A"): 10, ("LDN", "B"): 5, ("MAN", "A"): 10})
    order = api.post("/v1/orders", json=order_body(("A", 2), ("B", 1))).json()
    r = api.post(f"/v1/orders/{order['id']}/resource", json={"node": "MAN"})
    assert r.status_code == 409 and "1 x B" in r.json()["detail"]
    after = api.get(f"/v1/orders/{order['id']}").json()
    assert after["lines"] == order["lines"] and after["version"] == order["version"]
    assert _stock(api, "LDN", "A")["reserved"] == 2 and _stock(api, "MAN", "A")["reserved"] == 0


def test_an_unknown_node_a_node_already_holding_it_and_a_viewer_are_refused(api, key_for):
    api.seed({("LDN", "A"): 10})
    oid = api.post("/v1/orders", json=order_body(("A", 1))).json()["id"]
    assert api.post(f"/v1/orders/{oid}/resource", json={"node": "NOPE"}).status_code == 404
    assert api.post(f"/v1/orders/{oid}/resource", json={"node": "LDN"}).status_code == 409
    viewer = key_for("viewer")
    r = api.client.post(f"/v1/orders/{oid}/resource", json={"node": "MAN"}, headers=viewer)
    assert r.status_code == 403
    assert api.post(f"/v1/orders/{oid}/resource", json={}).status_code == 422

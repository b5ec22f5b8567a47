"""64 concurrent clients race for the same SKU over real HTTP, on both back ends."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import httpx
import pytest

CLIENTS = 64
AVAILABLE = 50


def _body(i: int, channel: str) -> dict:
    return {
        "channel": channel,
        "currency": "EUR",
        "external_id": f"race-{i}",
        "customer": {"email": f"c{i}@example.com"},
        "ship_to": {
            "name": "C",
            "line1": "1 St",
            "city": "London",
            "postal_code": "E1",
            "country": "GB",
            "lat": 51.5,
            "lon": -0.1,
        },
        "lines": [{"sku": "HOT", "quantity": 1, "unit_price": 100}],
    }


def _seed(served, policy: str) -> None:
    with served.client() as c:
        for code, lat in (("N1", 51.5), ("N2", 53.4)):
            assert (
                c.put(f"/v1/nodes/{code}", json={"name": code, "lat": lat, "lon": -1.0}).status_code
                == 200
            )
        assert c.put("/v1/products/HOT", json={"name": "hot", "price": 100}).status_code == 200
        # 50 sellable units split over two nodes, with safety stock kept back at each.
        assert (
            c.put("/v1/inventory/N1/HOT", json={"on_hand": 32, "safety_stock": 2}).status_code
            == 200
        )
        assert (
            c.put("/v1/inventory/N2/HOT", json={"on_hand": 23, "safety_stock": 3}).status_code
            == 200
        )
        assert c.put("/v1/channels/race", json={"backorder_policy": policy}).status_code == 200
    time.sleep(2.1)  # channel rules are cached per worker for up to 2 s (documented)


def _race(served) -> list[httpx.Response]:
    barrier = Barrier(CLIENTS)

    def one(i: int) -> httpx.Response:
        with served.client() as c:
            barrier.wait()
            return c.post("/v1/orders", json=_body(i, "race"))

    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(one, range(CLIENTS)))


@pytest.mark.parametrize("policy", ["backorder", "reject"])
def test_64_concurrent_orders_for_50_units_never_oversell(served, policy):
    _seed(served, policy)
    responses = _race(served)
    assert all(r.status_code in (201, 409) for r in responses), [
        r.text for r in responses if r.status_code >= 500
    ]
    created = [r.json() for r in responses if r.status_code == 201]
    allocated = sum(ln["allocated"] for o in created for ln in o["lines"])
    backordered = sum(ln["backordered"] for o in created for ln in o["lines"])
    assert allocated == AVAILABLE
    if policy == "backorder":
        assert len(created) == CLIENTS and backordered == CLIENTS - AVAILABLE
    else:
        refused = [r for r in responses if r.status_code == 409]
        assert len(created) == AVAILABLE and len(refused) == CLIENTS - AVAILABLE
        assert all(r.json()["code"] == "insufficient_stock" for r in refused)
    with served.client() as c:
        positions = c.get("/v1/inventory?sku=HOT").json()["items"]
        assert sum(p["reserved"] for p in positions) == AVAILABLE
        assert all(p["reserved"] <= p["on_hand"] - p["safety_stock"] for p in positions)
        stored = c.get("/v1/orders?channel=race&limit=200").json()["items"]
    # nothing lost, nothing duplicated
    assert sorted(o["external_id"] for o in stored) == sorted(o["external_id"] for o in created)
    assert len({o["id"] for o in stored}) == len(created)


def test_the_same_idempotency_key_posted_concurrently_yields_one_order(served):
    _seed(served, "backorder")
    barrier = Barrier(16)

    def one(_: int) -> httpx.Response:
        with served.client() as c:
            barrier.wait()
            return c.post(
                "/v1/orders", json=_body(0, "race"), headers={"Idempotency-Key": "same-key"}
            )

    with ThreadPoolExecutor(16) as pool:
        responses = list(pool.map(one, range(16)))
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    with served.client() as c:
        assert len(c.get("/v1/orders").json()["items"]) == 1
        assert (
            c.get("/v1/inventory?sku=HOT").json()["items"][0]["reserved"]
            + c.get("/v1/inventory?sku=HOT").json()["items"][1]["reserved"]
            == 1
        )


def test_racing_orders_never_take_the_units_fenced_for_another_channel(served):
    _seed(served, "reject")
    with served.client() as c:
        r = c.put("/v1/channels/shop", json={"ring_fences": [{"node": "N1", "quantity": 10}]})
        assert r.status_code == 200, r.text
    time.sleep(2.1)  # channel rules (fences included) are cached per worker for up to 2 s
    responses = _race(served)
    created = [r.json() for r in responses if r.status_code == 201]
    assert len(created) == AVAILABLE - 10
    assert {r.status_code for r in responses} <= {201, 409}
    with served.client() as c:
        at = {p["node"]: p for p in c.get("/v1/inventory?sku=HOT").json()["items"]}
        assert at["N1"]["on_hand"] - at["N1"]["safety_stock"] - at["N1"]["reserved"] == 10
        shop = [c.post("/v1/orders", json=_body(100 + i, "shop")) for i in range(11)]
    # the shop may take its 10; the 11th waits as a back-order (its channel's default)
    assert {r.status_code for r in shop} == {201}
    assert sum(ln["allocated"] for r in shop for ln in r.json()["lines"]) == 10
    assert sum(ln["backordered"] for r in shop for ln in r.json()["lines"]) == 1

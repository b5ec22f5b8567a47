"""Dynamic priority through the API, on SQLite and PostgreSQL: a channel's priority policy
and weights are stored with it, arriving stock serves back-orders in priority order where
the channel ranks dynamically (oldest first where it is FIFO), a release wave releases a
node's waiting orders in priority order within its capacity, and an order shows its
priority with the reasons in words."""

from __future__ import annotations

from datetime import date, timedelta

from .conftest import order_body


def _channel(api, code: str, **rules) -> dict:
    r = api.put(f"/v1/channels/{code}", json=rules)
    assert r.status_code == 200, r.text
    return r.json()


def _place(api, *lines, segment: str | None = None, due_in: int | None = None, **kw) -> dict:
    body = order_body(*lines, **kw)
    if segment:
        body["customer"]["segment"] = segment
    if due_in is not None:
        body["requested_delivery_date"] = (date.today() + timedelta(days=due_in)).isoformat()
    r = api.post("/v1/orders", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def _status(api, order_id: int) -> str:
    return api.get(f"/v1/orders/{order_id}").json()["status"]


def test_a_channels_priority_policy_and_weights_are_stored_and_listed(api) -> None:
    got = _channel(
        api,
        "web",
        priority="dynamic",
        priority_weights={"segment": 4, "order_age": 0},
        ship_sla_hours=24,
    )
    assert got["priority"] == "dynamic" and got["ship_sla_hours"] == 24
    listed = {c["code"]: c for c in api.get("/v1/channels").json()["items"]}
    assert listed["web"]["priority"] == "dynamic"
    assert listed["web"]["priority_weights"] == {"segment": 4.0, "order_age": 0.0}
    # PUT replaces: a channel saved without priority settings is FIFO again
    _channel(api, "web")
    listed = {c["code"]: c for c in api.get("/v1/channels").json()["items"]}
    assert listed["web"]["priority"] == "fifo" and listed["web"]["priority_weights"] == {}


def test_bad_priority_settings_are_refused_and_change_nothing(api) -> None:
    _channel(api, "web", priority="dynamic", priority_weights={"segment": 2})
    for bad in (
        {"priority": "lifo"},
        {"priority_weights": {"mood": 1}},
        {"priority_weights": {"segment": -1}},
        {"priority_weights": {"segment": "x"}},
        {"ship_sla_hours": 0},
    ):
        r = api.put("/v1/channels/web", json=bad)
        assert r.status_code == 422, (bad, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
    listed = {c["code"]: c for c in api.get("/v1/channels").json()["items"]}
    assert listed["web"]["priority"] == "dynamic"
    assert listed["web"]["priority_weights"] == {"segment": 2.0}


def _backorder_race(api, policy: str) -> tuple[dict, dict]:
    """An ordinary consumer order waits first, a VIP's later; one unit arrives."""
    api.seed({("LDN", "A"): 0})
    _channel(api, "web", priority=policy)
    first = _place(api, ("A", 1), segment="consumer", due_in=9)
    vip = _place(api, ("A", 1), segment="vip", due_in=2)
    assert first["status"] == vip["status"] == "backordered"
    r = api.put("/v1/inventory/LDN/A", json={"on_hand": 1})
    assert r.status_code == 200, r.text
    return first, vip


def test_arriving_stock_serves_the_oldest_back_order_when_the_channel_is_fifo(api) -> None:
    first, vip = _backorder_race(api, "fifo")
    assert _status(api, first["id"]) == "allocated"
    assert _status(api, vip["id"]) == "backordered"


def test_arriving_stock_serves_the_highest_priority_back_order_when_dynamic(api) -> None:
    first, vip = _backorder_race(api, "dynamic")
    assert _status(api, vip["id"]) == "allocated"
    assert _status(api, first["id"]) == "backordered"


def _waiting_at_ldn(api, capacity: int) -> list[dict]:
    api.seed({("LDN", "A"): 50, ("LDN", "B"): 50})
    r = api.put(
        "/v1/nodes/LDN", json={"name": "LDN", "lat": 51.5, "lon": -0.12, "daily_capacity": capacity}
    )
    assert r.status_code == 200
    for code in ("MAN", "EDI"):  # only London ships in these tests
        api.put(f"/v1/nodes/{code}", json={"name": code, "active": False})
    return [
        _place(api, ("A", 1), segment="consumer", due_in=8),
        _place(api, ("A", 1), ("B", 1), segment="business", due_in=6),
        _place(api, ("B", 1), segment="vip", due_in=1),
    ]


def test_a_release_wave_releases_in_priority_order_within_the_nodes_capacity(api) -> None:
    _channel(api, "web", priority="dynamic")
    consumer, business, vip = _waiting_at_ldn(api, capacity=3)
    r = api.post("/v1/nodes/LDN/release-wave", json={})
    assert r.status_code == 200, r.text
    wave = r.json()
    assert [x["order_id"] for x in wave["released"]] == [vip["id"], business["id"]]
    assert wave["lines"] == 3 and wave["capacity_left"] == 0 and wave["candidates"] == 3
    assert "capacity reached" in wave["stopped"]
    assert all(x["explanation"] for x in wave["released"])
    assert _status(api, vip["id"]) == _status(api, business["id"]) == "released"
    assert _status(api, consumer["id"]) == "allocated"
    # the released lines are on the node's floor: no room left for another wave today
    again = api.post("/v1/nodes/LDN/release-wave").json()
    assert again["released"] == [] and again["capacity_left"] == 0


def test_a_fifo_wave_takes_orders_by_promise_then_age_and_stops_at_the_limit(api) -> None:
    consumer, business, vip = _waiting_at_ldn(api, capacity=100)
    # sourcing promised all three the same day: FIFO takes the oldest first
    assert (
        len(
            {
                api.get(f"/v1/orders/{o['id']}").json()["promised_delivery_date"]
                for o in (consumer, business, vip)
            }
        )
        == 1
    )
    wave = api.post("/v1/nodes/LDN/release-wave", json={"limit": 2}).json()
    assert [x["order_id"] for x in wave["released"]] == [consumer["id"], business["id"]]
    assert wave["stopped"] == "limit of 2 orders reached"
    assert _status(api, vip["id"]) == "allocated"


def test_held_orders_wait_out_the_wave(api) -> None:
    consumer, business, vip = _waiting_at_ldn(api, capacity=100)
    hold = api.post(f"/v1/orders/{vip['id']}/holds", json={"reason": "manual", "note": "check"})
    assert hold.status_code == 201, hold.text
    wave = api.post("/v1/nodes/LDN/release-wave", json={}).json()
    assert {x["order_id"] for x in wave["released"]} == {consumer["id"], business["id"]}
    assert _status(api, vip["id"]) == "on_hold"


def test_release_wave_refusals_are_clear_and_release_nothing(api, key_for) -> None:
    consumer, *_ = _waiting_at_ldn(api, capacity=100)
    assert api.post("/v1/nodes/NOPE/release-wave", json={}).status_code == 404
    for body in ({"limit": 0}, {"limit": "ten"}, {"size": 3}):
        r = api.post("/v1/nodes/LDN/release-wave", json=body)
        assert r.status_code == 422, (body, r.text)
    viewer = api.client.post("/v1/nodes/LDN/release-wave", json={}, headers=key_for("viewer"))
    assert viewer.status_code == 403
    assert api.post("/v1/nodes/LDN/outage").status_code == 200
    down = api.post("/v1/nodes/LDN/release-wave", json={})
    assert down.status_code == 409 and "down" in down.json()["detail"]
    assert _status(api, consumer["id"]) != "released"


def test_an_order_shows_its_priority_and_why_until_it_ships(api) -> None:
    _channel(api, "web", priority="dynamic", ship_sla_hours=24)
    api.seed({("LDN", "A"): 5})
    order = _place(api, ("A", 1), segment="business", due_in=1)
    shown = api.get(f"/v1/orders/{order['id']}").json()["priority"]
    assert shown["policy"] == "dynamic" and 0 < shown["score"] <= 100
    assert shown["explanation"] and all(isinstance(w, str) for w in shown["explanation"])
    assert {f["factor"] for f in shown["factors"]} >= {"promise_slack", "segment"}
    assert any("business customer" in f["words"] for f in shown["factors"])
    api.post(f"/v1/orders/{order['id']}/release")
    node = api.get(f"/v1/orders/{order['id']}").json()["lines"][0]["allocations"][0]["node"]
    r = api.post(
        "/v1/shipments",
        json={
            "order_id": order["id"],
            "node": node,
            "carrier": "dpd",
            "lines": [{"sku": "A", "quantity": 1}],
        },
    )
    assert r.status_code == 201, r.text
    assert api.get(f"/v1/orders/{order['id']}").json()["priority"] is None


def test_a_returning_customers_history_counts_towards_lifetime_value(api) -> None:
    api.seed({("LDN", "A"): 20})
    for _ in range(3):
        _place(api, ("A", 1), email="loyal@example.com")
    latest = _place(api, ("A", 1), email="loyal@example.com")
    factors = {
        f["factor"]: f for f in api.get(f"/v1/orders/{latest['id']}").json()["priority"]["factors"]
    }
    assert factors["lifetime_value"]["words"] == "customer with 3 earlier orders, 30.00 spent"
    assert factors["lifetime_value"]["signal"] > 0

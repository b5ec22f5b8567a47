"""Exceptions over the API on SQLite and PostgreSQL: scan, list with filters and cursor,
the fixes of one with their measured effects, apply (idempotent), dismiss, the stats, the
delay risk on the order, carrier scans, substitutes, roles and bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from .conftest import order_body


def store_with_outage(api) -> tuple[int, int]:
    """Two orders reserved at LDN, which then goes down (without re-sourcing them)."""
    api.seed({("LDN", "A"): 10, ("MAN", "A"): 10, ("LDN", "B"): 5})
    first = api.post("/v1/orders", json=order_body(("A", 2))).json()
    second = api.post("/v1/orders", json=order_body(("B", 1))).json()
    assert {ln["allocations"][0]["node"] for o in (first, second) for ln in o["lines"]} == {"LDN"}
    r = api.put("/v1/nodes/LDN", json={"name": "LDN", "lat": 51.5, "lon": -0.12, "active": False})
    assert r.status_code == 200, r.text
    return first["id"], second["id"]


def scan(api, **body) -> dict:
    r = api.post("/v1/exceptions/scan", json={"auto_apply": False, **body})
    assert r.status_code == 200, r.text
    return r.json()


def test_a_scan_lists_exceptions_with_filters_and_a_cursor(api):
    first, second = store_with_outage(api)
    got = scan(api)
    assert got["scan"]["opened"] == {"node_outage": 2} and got["auto_apply"] is None
    page = api.get("/v1/exceptions", params={"limit": 1}).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = api.get("/v1/exceptions", params={"limit": 1, "cursor": page["next_cursor"]}).json()
    assert {page["items"][0]["order_id"], rest["items"][0]["order_id"]} == {first, second}
    only = api.get(
        "/v1/exceptions",
        params={"order_id": first, "status": "open", "type": "node_outage", "severity": "high"},
    )
    [exc] = only.json()["items"]
    assert exc["cause"] == "node_outage:LDN" and exc["money_at_risk"] == 2000
    assert exc["currency"] == "EUR" and "LDN, which is down" in exc["explanation"]
    assert api.get("/v1/exceptions", params={"status": "closed"}).json()["items"] == []
    order = api.get(f"/v1/orders/{first}").json()
    assert order["delay_risk"]["model_version"] and "late_probability" in order["delay_risk"]
    types = [e["type"] for e in api.get(f"/v1/orders/{first}/events").json()["items"]]
    assert "care.exception_opened" in types


def test_an_exception_shows_its_fixes_evaluated_and_applying_one_is_idempotent(api, engine):
    first, _ = store_with_outage(api)
    scan(api)
    [exc] = api.get("/v1/exceptions", params={"order_id": first}).json()["items"]
    detail = api.get(f"/v1/exceptions/{exc['id']}").json()
    assert detail["ranking"]["ranker"] == "rules"
    fixes = {f["key"]: f for f in detail["fixes"]}
    resource = fixes["resource:LDN"]
    assert resource["n"] == 0 and resource["effects"]["resolves"] is True
    assert resource["effects"]["cost_delta"] > 0 and resource["auto"]["allowed"] is False
    assert {"move_promise", "cancel_line"} <= {f["type"] for f in detail["fixes"]}
    # Looking changed nothing: the order still waits at LDN.
    order = api.get(f"/v1/orders/{first}").json()
    assert order["lines"][0]["allocations"][0]["node"] == "LDN"

    key = {"Idempotency-Key": "apply-1"}
    url = f"/v1/exceptions/{exc['id']}/fixes/0/apply"
    r = api.post(url, json={"expect": "resource:LDN", "note": "MAN has it"}, headers=key)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["exception"]["status"] == "closed" and body["applied"]["key"] == "resource:LDN"
    assert body["order"]["lines"][0]["allocations"][0]["node"] == "MAN"
    again = api.post(url, json={"expect": "resource:LDN", "note": "MAN has it"}, headers=key)
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == body
    twice = api.post(url, json={"expect": "resource:LDN"})
    assert twice.status_code == 409 and "closed" in twice.json()["detail"]
    stock = {p["node"]: p["reserved"] for p in api.get("/v1/inventory?sku=A").json()["items"]}
    assert stock == {"LDN": 0, "MAN": 2}  # applied once, not twice
    stats = api.get("/v1/exceptions/stats").json()
    assert stats["fix_types"]["resource"]["acceptance_rate"] == 1.0
    assert stats["fix_types"]["cancel_line"]["acceptance_rate"] == 0.0
    assert stats["decided_exceptions"] == 1 and stats["auto_applied"] == 0


def test_a_fix_that_changed_since_it_was_shown_is_refused(api):
    first, _ = store_with_outage(api)
    scan(api)
    [exc] = api.get("/v1/exceptions", params={"order_id": first}).json()["items"]
    r = api.post(f"/v1/exceptions/{exc['id']}/fixes/0/apply", json={"expect": "split:A"})
    assert r.status_code == 409 and "fix 0 is now resource:LDN" in r.json()["detail"]
    far = api.post(f"/v1/exceptions/{exc['id']}/fixes/99/apply")
    assert far.status_code == 404 and "not 99" in far.json()["detail"]
    order = api.get(f"/v1/orders/{first}").json()
    assert order["lines"][0]["allocations"][0]["node"] == "LDN"  # nothing changed


def test_dismissing_needs_a_reason_and_keeps_the_cause_quiet(api):
    first, second = store_with_outage(api)
    scan(api)
    [exc] = api.get("/v1/exceptions", params={"order_id": second}).json()["items"]
    empty = api.post(f"/v1/exceptions/{exc['id']}/dismiss", json={"reason": ""})
    assert empty.status_code == 422
    r = api.post(f"/v1/exceptions/{exc['id']}/dismiss", json={"reason": "LDN is back at 3"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "dismissed" and r.json()["close_reason"] == "LDN is back at 3"
    assert scan(api)["scan"]["opened"] == {}
    again = api.post(f"/v1/exceptions/{exc['id']}/dismiss", json={"reason": "again"})
    assert again.status_code == 409
    stats = api.get("/v1/exceptions/stats").json()
    assert stats["fix_types"]["resource"]["offered"] == 1
    assert stats["fix_types"]["resource"]["chosen"] == 0


def test_the_auto_apply_policy_runs_after_an_on_demand_scan(api):
    # LDN2 stands where LDN does: re-sourcing there keeps the date and the cost.
    for code in ("LDN", "LDN2"):
        assert (
            api.put(f"/v1/nodes/{code}", json={"name": code, "lat": 51.5, "lon": -0.12}).status_code
            == 200
        )
    assert api.put("/v1/products/A", json={"name": "A", "price": 1000}).status_code == 200
    for code in ("LDN", "LDN2"):
        assert api.put(f"/v1/inventory/{code}/A", json={"on_hand": 5}).status_code == 200
    oid = api.post("/v1/orders", json=order_body(("A", 1))).json()["id"]
    api.put("/v1/nodes/LDN", json={"name": "LDN", "lat": 51.5, "lon": -0.12, "active": False})
    r = api.post("/v1/exceptions/scan", json={})
    assert r.status_code == 200, r.text
    assert r.json()["auto_apply"]["applied"] == {"resource": 1}
    [exc] = api.get("/v1/exceptions", params={"order_id": oid}).json()["items"]
    assert exc["status"] == "closed" and exc["auto_applied"] is True
    assert exc["applied"]["actor"] == "care"
    stored = api.get(f"/v1/exceptions/{exc['id']}", params={"evaluate": "false"}).json()
    assert stored["fixes"][0]["key"] == "resource:LDN" and stored["fixes"][0]["auto"]["allowed"]
    assert api.get(f"/v1/orders/{oid}").json()["lines"][0]["allocations"][0]["node"] == "LDN2"


def test_roles_and_bad_input_are_refused_with_a_clear_problem(api, key_for):
    first, _ = store_with_outage(api)
    viewer = key_for("viewer")
    assert api.client.post("/v1/exceptions/scan", json={}, headers=viewer).status_code == 403
    scan(api)
    [exc] = api.get("/v1/exceptions", params={"order_id": first}).json()["items"]
    for url, body in (
        (f"/v1/exceptions/{exc['id']}/fixes/0/apply", {}),
        (f"/v1/exceptions/{exc['id']}/dismiss", {"reason": "x"}),
    ):
        r = api.client.post(url, json=body, headers=viewer)
        assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    assert api.client.get("/v1/exceptions", headers=viewer).status_code == 200
    missing = api.get("/v1/exceptions/999999")
    assert missing.status_code == 404 and "exception 999999 not found" in missing.json()["detail"]
    assert api.get("/v1/exceptions", params={"type": "teleport"}).status_code == 422
    assert api.get("/v1/exceptions", params={"severity": "huge"}).status_code == 422
    bad = api.post(f"/v1/exceptions/{exc['id']}/dismiss", json={"reason": "x", "extra": 1})
    assert bad.status_code == 422
    channel = key_for("channel", "other")
    assert api.client.get(f"/v1/exceptions/{exc['id']}", headers=channel).status_code == 404
    assert api.client.get("/v1/exceptions/stats", headers=channel).status_code == 403
    assert api.get(f"/v1/exceptions/{exc['id']}").json()["status"] == "open"  # unchanged


def test_a_carrier_scan_is_kept_in_the_timeline_and_bad_scans_are_refused(api):
    api.seed({("LDN", "A"): 5})
    oid = api.post("/v1/orders", json=order_body(("A", 1))).json()["id"]
    api.post(f"/v1/orders/{oid}/release")
    ship = api.post(
        "/v1/shipments",
        json={
            "order_id": oid,
            "node": "LDN",
            "carrier": "DPD",
            "lines": [{"sku": "A", "quantity": 1}],
        },
    ).json()
    at = datetime.now(UTC).isoformat()
    url = f"/v1/shipments/{ship['id']}/scans"
    r = api.post(
        url,
        json={"status": "in_transit", "at": at, "location": "Hub 4"},
        headers={"Idempotency-Key": "scan-1"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["order_id"] == oid and r.json()["status"] == "in_transit"
    replay = api.post(
        url,
        json={"status": "in_transit", "at": at, "location": "Hub 4"},
        headers={"Idempotency-Key": "scan-1"},
    )
    assert replay.headers.get("Idempotent-Replayed") == "true"
    events = [
        e
        for e in api.get(f"/v1/orders/{oid}/events").json()["items"]
        if e["type"] == "shipment.scanned"
    ]
    assert len(events) == 1 and events[0]["data"]["location"] == "Hub 4"
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert api.post(url, json={"status": "in_transit", "at": future}).status_code == 422
    assert api.post(url, json={"status": "teleported", "at": at}).status_code == 422
    assert (
        api.post(
            "/v1/shipments/shp_nope/scans", json={"status": "in_transit", "at": at}
        ).status_code
        == 404
    )


def test_substitutes_are_replaced_as_a_list_and_must_be_known_products(api):
    api.seed({("LDN", "A"): 1, ("LDN", "B"): 1, ("LDN", "C"): 1})
    r = api.put("/v1/products/A/substitutes", json={"substitutes": ["C", "B"]})
    assert r.status_code == 200 and r.json()["substitutes"] == ["C", "B"]
    assert api.get("/v1/products/A/substitutes").json()["substitutes"] == ["C", "B"]
    api.put("/v1/products/A/substitutes", json={"substitutes": ["B"]})
    assert api.get("/v1/products/A/substitutes").json()["substitutes"] == ["B"]
    unknown = api.put("/v1/products/A/substitutes", json={"substitutes": ["ZZ"]})
    assert unknown.status_code == 422 and "ZZ" in unknown.json()["detail"]
    itself = api.put("/v1/products/A/substitutes", json={"substitutes": ["A"]})
    assert itself.status_code == 422
    assert api.get("/v1/products/A/substitutes").json()["substitutes"] == ["B"]
    assert api.get("/v1/products/NOPE/substitutes").status_code == 404


def test_an_announced_carrier_delay_raises_the_risk_of_its_parcels_until_withdrawn(api, key_for):
    api.seed({("LDN", "A"): 5})
    oid = api.post("/v1/orders", json=order_body(("A", 1))).json()["id"]
    api.post(f"/v1/orders/{oid}/release")
    api.post(
        "/v1/shipments",
        json={
            "order_id": oid,
            "node": "LDN",
            "carrier": "DPD",
            "lines": [{"sku": "A", "quantity": 1}],
        },
    )
    scan(api)
    before = api.get(f"/v1/orders/{oid}").json()["delay_risk"]["late_probability"]
    until = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    r = api.put(
        "/v1/carriers/DPD/delay", json={"extra_days": 4, "until": until, "reason": "hub strike"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["active"] is True and r.json()["extra_days"] == 4
    [listed] = api.get("/v1/carriers/delays").json()["items"]
    assert listed["carrier"] == "DPD" and listed["reason"] == "hub strike"
    scan(api)
    during = api.get(f"/v1/orders/{oid}").json()["delay_risk"]["late_probability"]
    assert during > before
    assert api.delete("/v1/carriers/DPD/delay").status_code == 204
    assert api.get("/v1/carriers/delays").json()["items"] == []
    scan(api)
    after = api.get(f"/v1/orders/{oid}").json()["delay_risk"]["late_probability"]
    assert after == before
    gone = api.delete("/v1/carriers/DPD/delay")
    assert gone.status_code == 404 and "DPD has no announced delay" in gone.json()["detail"]


def test_a_bad_carrier_delay_is_refused_and_changes_nothing(api, key_for):
    until = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    good = {"extra_days": 2, "until": until, "reason": "storm"}
    for body in (
        {**good, "extra_days": 0},
        {**good, "extra_days": 61},
        {**good, "extra_days": "two"},
        {**good, "until": past},
        {**good, "reason": ""},
        {**good, "colour": "red"},
        {"extra_days": 2, "reason": "storm"},
        {**good, "from": until},
    ):
        r = api.put("/v1/carriers/DPD/delay", json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.headers["content-type"] == "application/problem+json"
    assert api.put("/v1/carriers/%20DPD/delay", json=good).status_code == 422
    viewer = key_for("viewer")
    assert api.client.put("/v1/carriers/DPD/delay", json=good, headers=viewer).status_code == 403
    assert api.client.get("/v1/carriers/delays", headers=viewer).status_code == 200
    assert api.get("/v1/carriers/delays").json()["items"] == []

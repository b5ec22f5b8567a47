"""Every kind of bad input gets a clear problem+json 4xx and writes nothing."""

import pytest

from .conftest import order_body


def _assert_nothing_written(api):
    assert api.get("/v1/orders").json()["items"] == []
    assert all(p["reserved"] == 0 for p in api.get("/v1/inventory").json()["items"])


@pytest.mark.parametrize(
    "mutate, status, needle",
    [
        (
            lambda b: b["lines"].append({"sku": "NOPE", "quantity": 1, "unit_price": 1}),
            422,
            "unknown SKU",
        ),
        (lambda b: b["lines"][0].update(quantity=-1), 422, "quantity"),
        (lambda b: b["lines"][0].update(quantity=0), 422, "quantity"),
        (lambda b: b["lines"][0].update(quantity="3"), 422, "quantity"),
        (lambda b: b["lines"][0].update(quantity=2.5), 422, "quantity"),
        (lambda b: b.pop("ship_to"), 422, "ship_to"),
        (lambda b: b.update(lines=[]), 422, "lines"),
        (lambda b: b.update(currency="euro"), 422, "currency"),
        (lambda b: b["customer"].update(email="not-an-email"), 422, "e-mail"),
        (lambda b: b.update(surprise=1), 422, "surprise"),
        (
            lambda b: b["lines"].append({"sku": "A", "quantity": 1, "unit_price": 1}),
            422,
            "one line",
        ),
        (lambda b: b["ship_to"].update(country="United Kingdom"), 422, "country"),
    ],
)
def test_invalid_orders_are_refused_with_a_clear_problem(api, mutate, status, needle):
    api.seed({("LDN", "A"): 5})
    body = order_body(("A", 1))
    mutate(body)
    r = api.post("/v1/orders", json=body)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert (
        problem["status"] == status
        and needle.lower() in (problem["detail"] + str(problem.get("errors"))).lower()
    )
    _assert_nothing_written(api)


def test_malformed_json_and_huge_bodies_are_refused(api):
    api.seed({("LDN", "A"): 5})
    r = api.post("/v1/orders", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    huge = order_body(("A", 1), external_id="x")
    huge["customer"]["name"] = "x" * 2_000_000
    r = api.post("/v1/orders", json=huge)
    assert r.status_code == 413 and "limit" in r.json()["detail"]
    _assert_nothing_written(api)


def test_a_transition_from_the_wrong_state_is_refused_with_the_reason(api):
    api.seed({("LDN", "A"): 5})
    oid = api.post("/v1/orders", json=order_body(("A", 1))).json()["id"]
    r = api.post(
        "/v1/shipments",
        json={
            "order_id": oid,
            "node": "LDN",
            "carrier": "DPD",
            "lines": [{"sku": "A", "quantity": 1}],
        },
    )
    assert r.status_code == 409 and "release the order first" in r.json()["detail"]
    api.post(f"/v1/orders/{oid}/cancel")
    r = api.post(f"/v1/orders/{oid}/release")
    assert r.status_code == 409 and "cancelled" in r.json()["detail"]
    assert api.get(f"/v1/orders/{oid}/events").json()["items"][-1]["type"] == "order.cancelled"


def test_missing_unknown_and_underprivileged_keys_are_refused(api, key_for, client_factory=None):
    assert api.client.get("/v1/orders").status_code == 401
    r = api.client.get("/v1/orders", headers={"Authorization": "Bearer om_dead_beef"})
    assert r.status_code == 401
    viewer = key_for("viewer")
    assert api.client.get("/v1/orders", headers=viewer).status_code == 200
    r = api.client.put("/v1/products/X", json={"name": "x", "price": 1}, headers=viewer)
    assert r.status_code == 403


def test_a_channel_key_creates_and_reads_only_its_own_channel(api, key_for):
    api.seed({("LDN", "A"): 5})
    shop = key_for("channel", "shop")
    other = api.post("/v1/orders", json=order_body(("A", 1), channel="marketplace")).json()
    r = api.client.post(
        "/v1/orders", json=order_body(("A", 1), channel="marketplace"), headers=shop
    )
    assert r.status_code == 403
    mine = api.client.post("/v1/orders", json=order_body(("A", 1), channel="shop"), headers=shop)
    assert mine.status_code == 201
    assert api.client.get(f"/v1/orders/{other['id']}", headers=shop).status_code == 404
    listed = api.client.get("/v1/orders", headers=shop).json()["items"]
    assert [o["channel"] for o in listed] == ["shop"]
    assert (
        api.client.post(f"/v1/orders/{mine.json()['id']}/cancel", headers=shop).status_code == 403
    )


def test_the_same_external_id_twice_is_one_order(api):
    api.seed({("LDN", "A"): 5})
    assert api.post("/v1/orders", json=order_body(("A", 1), external_id="PO-1")).status_code == 201
    r = api.post("/v1/orders", json=order_body(("A", 1), external_id="PO-1"))
    assert r.status_code == 409 and r.json()["order_id"]
    assert len(api.get("/v1/orders").json()["items"]) == 1


def test_nul_characters_are_refused_in_paths_queries_and_bodies_on_every_back_end(api):
    api.seed({("LDN", "A"): 5})
    assert api.get("/v1/inventory?sku=A%00").status_code == 422
    assert api.get("/v1/products/A%00B").status_code == 422
    body = order_body(("A", 1))
    body["customer"]["name"] = "Ann\x00"
    r = api.post("/v1/orders", json=body)
    assert r.status_code == 422 and "NUL" in r.json()["detail"]
    _assert_nothing_written(api)


def test_integers_beyond_64_bits_are_refused_not_crashed_on(api):
    for path, body in (
        (
            "/v1/shipments",
            {
                "order_id": 2**70,
                "node": "N",
                "carrier": "C",
                "lines": [{"sku": "A", "quantity": 1}],
            },
        ),
        ("/v1/returns", {"order_id": 2**70, "lines": [{"sku": "A", "quantity": 1}]}),
    ):
        r = api.post(path, json=body, headers={"Idempotency-Key": "big"})
        assert r.status_code == 422, r.text


def test_an_unknown_status_filter_is_refused_naming_the_statuses(api):
    r = api.get("/v1/orders", params={"status": "bogus"})
    assert r.status_code == 422
    assert "bogus" in r.json()["detail"] and "backordered" in r.json()["detail"]
    assert "allocated" in r.json()["allowed"]


def test_every_422_has_the_same_title_whichever_layer_answers(api):
    titles = {
        api.get("/v1/orders", params={"status": "bogus"}).json()["title"],
        api.post("/v1/orders", json={"channel": 1}).json()["title"],
        api.put(
            "/v1/products/A",
            content=b'{"name": "a\\u0000", "price": 1}',
            headers={"content-type": "application/json"},
        ).json()["title"],
    }
    assert titles == {"Unprocessable Content"}

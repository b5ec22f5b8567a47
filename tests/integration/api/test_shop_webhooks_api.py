"""Shopify and WooCommerce order webhooks, on SQLite and PostgreSQL: the shops' own
payloads become orders at the net price per unit in minor units (JPY without decimals),
a redelivery creates nothing new, a cancellation is mapped back as far as the order still
allows, and a bad signature, a tampered body, an unknown SKU or topic, bad JSON or a
body over the limit is refused with nothing written."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from ordermind.adapters.db import tables as t
from ordermind.entrypoints.http_app import MAX_BODY_BYTES

from .shops import (
    connect,
    edited,
    sample,
    seed_shop,
    shopify_headers,
    signature,
    woo_headers,
)

GBP = "shopify_orders_create_gbp.json"
JPY = "shopify_orders_create_jpy.json"
WOO = "woocommerce_order_created_eur.json"


def _rows(engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (t.orders, t.order_events, t.order_lines)
        )


@pytest.fixture
def shopify(api):
    seed_shop(api, "shopify-uk")
    return connect(api, "shopify", "shopify-uk")


@pytest.fixture
def woo(api):
    seed_shop(api, "woo-de")
    return connect(api, "woocommerce", "woo-de")


def _post(api, connector: dict, body: bytes, headers: dict):
    # no API key: the shop authenticates by its signature alone
    return api.client.post(connector["webhook_path"], content=body, headers=headers)


def _lines(order: dict) -> dict[str, tuple[int, int]]:
    return {ln["sku"]: (ln["ordered"], ln["unit_price"]) for ln in order["lines"]}


def test_a_shopify_order_becomes_an_order_at_its_net_unit_prices_before_tax(api, shopify):
    body = sample(GBP)
    r = _post(api, shopify, body, shopify_headers("orders/create", body))
    assert r.status_code == 201, r.text
    assert r.json()["outcome"] == "created"
    order = api.get(f"/v1/orders/{r.json()['order_id']}").json()
    assert order["channel"] == "shopify-uk"
    assert order["external_id"] == "5934012465321"
    assert order["currency"] == "GBP"
    # 2 x 25.00 less 5.00 discount less 7.50 VAT = 37.50 -> 18.75 a unit; 12.00-1.20-1.80;
    # 3 x 9.99 less 3.00 less 4.50 = 22.47 -> 7.49
    assert _lines(order) == {
        "TEE-BLK-M": (2, 1875),
        "MUG-ENAMEL": (1, 900),
        "SOCK-3PK": (3, 749),
    }
    assert order["customer"]["email"] == "olivia.hart@example.co.uk"
    assert order["customer"]["name"] == "Olivia Hart"
    ship_to = order["ship_to"]
    assert (ship_to["line1"], ship_to["line2"], ship_to["city"]) == (
        "22 Brunswick Street",
        "Flat 3",
        "Manchester",
    )
    assert (ship_to["postal_code"], ship_to["country"]) == ("M1 1AA", "GB")
    assert order["status"] in ("allocated", "on_hold")


def test_a_yen_order_is_taken_in_whole_yen_with_a_split_discount_rounded_half_to_even(api, shopify):
    body = sample(JPY)
    r = _post(api, shopify, body, shopify_headers("orders/create", body))
    assert r.status_code == 201, r.text
    order = api.get(f"/v1/orders/{r.json()['order_id']}").json()
    assert order["currency"] == "JPY"
    # 2 x 2480 less 496 less 331 tax = 4133 yen for two: 2066.5 -> 2066
    assert _lines(order) == {"MATCHA-100G": (2, 2066), "CHAWAN-BOWL": (1, 5000)}
    assert order["ship_to"]["country"] == "JP"


def test_a_redelivered_webhook_creates_nothing_new_and_answers_200(api, engine, shopify):
    body = sample(GBP)
    first = _post(api, shopify, body, shopify_headers("orders/create", body))
    assert first.status_code == 201
    rows = _rows(engine)
    again = _post(api, shopify, body, shopify_headers("orders/create", body))  # new webhook id
    assert again.status_code == 200
    assert again.json()["outcome"] == "duplicate"
    assert again.json()["order_id"] == first.json()["order_id"]
    assert _rows(engine) == rows


def test_a_tampered_body_or_a_missing_or_foreign_signature_is_refused_and_writes_nothing(
    api, engine, shopify
):
    body = sample(GBP)
    headers = shopify_headers("orders/create", body)
    rows = _rows(engine)
    tampered = body.replace(b'"quantity": 2', b'"quantity": 20', 1)
    assert tampered != body
    assert _post(api, shopify, tampered, headers).status_code == 401
    unsigned = {k: v for k, v in headers.items() if k != "X-Shopify-Hmac-Sha256"}
    r = _post(api, shopify, body, unsigned)
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert "signature" in r.json()["detail"]
    other = shopify_headers("orders/create", body, secret="another-app-secret-0123456789")
    assert _post(api, shopify, body, other).status_code == 401
    assert _rows(engine) == rows


def test_unknown_topic_bad_json_and_a_foreign_shop_are_clear_problems(api, engine, shopify):
    rows = _rows(engine)
    body = sample(GBP)
    r = _post(api, shopify, body, shopify_headers("products/update", body))
    assert r.status_code == 422
    assert "orders/create" in r.json()["detail"]
    broken = b'{"id": 1, "line_items": ['
    r = _post(api, shopify, broken, shopify_headers("orders/create", broken))
    assert r.status_code == 422
    assert "not JSON" in r.json()["detail"]
    listed = b"[1, 2]"
    assert _post(api, shopify, listed, shopify_headers("orders/create", listed)).status_code == 422
    foreign = shopify_headers("orders/create", body) | {"X-Shopify-Shop-Domain": "x.myshopify.com"}
    r = _post(api, shopify, body, foreign)
    assert r.status_code == 422
    assert "x.myshopify.com" in r.json()["detail"]
    assert _rows(engine) == rows


def test_an_order_with_an_unknown_sku_or_a_line_without_one_is_refused_whole(api, engine, shopify):
    rows = _rows(engine)

    def unknown(p):
        p["line_items"][1]["sku"] = "MUG-NOT-IN-CATALOG"

    body = edited(GBP, unknown)
    r = _post(api, shopify, body, shopify_headers("orders/create", body))
    assert r.status_code == 422
    assert "MUG-NOT-IN-CATALOG" in r.json()["detail"]

    def custom_item(p):
        p["line_items"][2]["sku"] = ""

    body = edited(GBP, custom_item)
    r = _post(api, shopify, body, shopify_headers("orders/create", body))
    assert r.status_code == 422
    assert "line item 3 (id 14320993976489) without a SKU" in r.json()["detail"]
    assert _rows(engine) == rows  # nothing reserved, nothing recorded


def test_an_amount_finer_than_the_currency_allows_is_refused(api, engine, shopify):
    def half_yen(p):
        p["line_items"][0]["price"] = "2480.5"

    body = edited(JPY, half_yen)
    r = _post(api, shopify, body, shopify_headers("orders/create", body))
    assert r.status_code == 422
    assert "JPY" in r.json()["detail"]
    assert _rows(engine)[0] == 0


def test_a_shopify_cancellation_cancels_an_order_not_yet_released(api, shopify):
    body = sample(GBP)
    oid = _post(api, shopify, body, shopify_headers("orders/create", body)).json()["order_id"]
    cancel = sample("shopify_orders_cancelled_gbp.json")
    r = _post(api, shopify, cancel, shopify_headers("orders/cancelled", cancel))
    assert r.status_code == 200, r.text
    assert (r.json()["outcome"], r.json()["order_id"]) == ("cancelled", oid)
    order = api.get(f"/v1/orders/{oid}").json()
    assert order["status"] == "cancelled"
    stock = api.get("/v1/inventory", params={"sku": "TEE-BLK-M"}).json()["items"]
    assert {p["reserved"] for p in stock} == {0}  # the units went back
    again = _post(api, shopify, cancel, shopify_headers("orders/cancelled", cancel))
    assert (again.status_code, again.json()["outcome"]) == (200, "already_cancelled")


def test_a_cancellation_after_release_holds_the_order_and_says_why_on_its_timeline(api, shopify):
    body = sample(GBP)
    oid = _post(api, shopify, body, shopify_headers("orders/create", body)).json()["order_id"]
    order = api.get(f"/v1/orders/{oid}").json()
    for hold in order["holds"]:  # the fraud screen may have held it: an operator clears it
        if hold["active"]:
            api.post(f"/v1/orders/{oid}/holds/{hold['id']}/release")
    assert api.post(f"/v1/orders/{oid}/release").status_code == 200
    cancel = sample("shopify_orders_cancelled_gbp.json")
    r = _post(api, shopify, cancel, shopify_headers("orders/cancelled", cancel))
    assert r.status_code == 200  # the shop stops retrying: there is nothing it can fix
    assert r.json()["outcome"] == "held_for_review"
    order = api.get(f"/v1/orders/{oid}").json()
    assert order["status"] == "on_hold"
    assert [h["reason"] for h in order["holds"] if h["active"]] == ["manual"]
    events = api.get(f"/v1/orders/{oid}/events").json()["items"]
    refused = [e for e in events if e["type"] == "order.cancellation_not_applied"]
    assert len(refused) == 1
    assert "customer" in refused[0]["reason"] and "released" in refused[0]["reason"]


def _placed_charges(api, order_id: int) -> list[dict]:
    events = api.get(f"/v1/orders/{order_id}/events").json()["items"]
    (placed,) = [e for e in events if e["type"] == "order.placed"]
    return placed["data"]["charges"]


def test_the_shops_shipping_lines_and_fees_are_kept_on_the_order(api, shopify, woo):
    body = sample(GBP)
    r = _post(api, shopify, body, shopify_headers("orders/create", body))
    assert r.status_code == 201, r.text
    # 4.95 with 0.83 VAT included
    assert _placed_charges(api, r.json()["order_id"]) == [
        {
            "kind": "shipping",
            "title": "Royal Mail Tracked 48",
            "code": "Standard",
            "amount": 412,
            "tax": 83,
        }
    ]
    body = sample(WOO)
    r = _post(api, woo, body, woo_headers("order.created", body))
    assert r.status_code == 201, r.text
    assert _placed_charges(api, r.json()["order_id"]) == [
        {"kind": "shipping", "title": "DHL Paket", "code": "flat_rate", "amount": 590, "tax": 112},
        {"kind": "fee", "title": "Geschenkverpackung", "code": None, "amount": 250, "tax": 48},
    ]
    order = api.get(f"/v1/orders/{r.json()['order_id']}").json()
    assert order["total"] == 4410 + 2 * 1350 + 1350  # the lines: charges are not stock


def test_a_shop_order_with_a_malformed_charge_is_refused_and_writes_nothing(api, engine, woo):
    body = edited(WOO, lambda p: p["shipping_lines"][0].update(total="5.905"))
    r = _post(api, woo, body, woo_headers("order.created", body))
    assert r.status_code == 422
    assert "shipping line 1 total" in r.json()["detail"]
    assert _rows(engine) == (0, 0, 0)


def test_a_cancellation_for_an_order_never_received_is_acknowledged(api, engine, shopify):
    cancel = sample("shopify_orders_cancelled_gbp.json")
    r = _post(api, shopify, cancel, shopify_headers("orders/cancelled", cancel))
    assert (r.status_code, r.json()["outcome"]) == (200, "unknown_order")
    assert _rows(engine) == (0, 0, 0)


def test_a_woocommerce_order_is_taken_from_its_line_totals_after_coupons(api, woo):
    body = sample(WOO)
    r = _post(api, woo, body, woo_headers("order.created", body))
    assert r.status_code == 201, r.text
    order = api.get(f"/v1/orders/{r.json()['order_id']}").json()
    assert (order["channel"], order["external_id"], order["currency"]) == ("woo-de", "4821", "EUR")
    assert _lines(order) == {
        "WOO-HOODIE-L": (1, 4410),
        "WOO-CAP": (2, 1350),
        "WOO-BEANIE-RED": (1, 1350),
    }
    assert order["customer"]["email"] == "lena.vogel@example.de"
    assert order["ship_to"]["line1"] == "Torstraße 140"
    assert order["ship_to"]["postal_code"] == "10119"
    again = _post(api, woo, body, woo_headers("order.created", body))
    assert (again.status_code, again.json()["outcome"]) == (200, "duplicate")


def test_a_woocommerce_update_to_cancelled_cancels_and_other_updates_change_nothing(
    api, engine, woo
):
    body = sample(WOO)
    oid = _post(api, woo, body, woo_headers("order.created", body)).json()["order_id"]
    rows = _rows(engine)

    def completed(p):
        p["status"] = "completed"

    update = edited(WOO, completed)
    r = _post(api, woo, update, woo_headers("order.updated", update))
    assert (r.status_code, r.json()["outcome"]) == (200, "ignored")
    assert _rows(engine) == rows
    cancel = sample("woocommerce_order_updated_cancelled_eur.json")
    r = _post(api, woo, cancel, woo_headers("order.updated", cancel))
    assert (r.status_code, r.json()["outcome"]) == (200, "cancelled")
    assert api.get(f"/v1/orders/{oid}").json()["status"] == "cancelled"


def test_woocommerce_signature_is_checked_and_its_unsigned_ping_is_answered(api, engine, woo):
    body = sample(WOO)
    headers = woo_headers("order.created", body)
    headers["X-WC-Webhook-Signature"] = signature(body + b" ")
    assert _post(api, woo, body, headers).status_code == 401
    ping = _post(api, woo, b"webhook_id=17", {"Content-Type": "application/x-www-form-urlencoded"})
    assert (ping.status_code, ping.json()["outcome"]) == (200, "ping")
    assert _rows(engine) == (0, 0, 0)


def test_a_deleted_connector_refuses_its_webhooks(api, engine, shopify):
    assert api.delete(f"/v1/connectors/{shopify['id']}").status_code == 200
    body = sample(GBP)
    r = _post(api, shopify, body, shopify_headers("orders/create", body))
    assert r.status_code == 404
    assert _rows(engine) == (0, 0, 0)


def test_a_body_over_the_size_limit_is_refused_before_it_is_read(api, engine, shopify):
    payload = json.loads(sample(GBP))
    payload["note"] = "x" * (MAX_BODY_BYTES + 1)
    body = json.dumps(payload).encode()
    r = _post(api, shopify, body, shopify_headers("orders/create", body))
    assert r.status_code == 413
    assert _rows(engine) == (0, 0, 0)


def test_a_cancellation_after_shipment_is_recorded_on_the_timeline_and_changes_nothing_else(
    api, shopify
):
    def one_line(p):
        p["line_items"] = p["line_items"][:1]

    body = edited(GBP, one_line)
    oid = _post(api, shopify, body, shopify_headers("orders/create", body)).json()["order_id"]
    for hold in api.get(f"/v1/orders/{oid}").json()["holds"]:
        if hold["active"]:
            api.post(f"/v1/orders/{oid}/holds/{hold['id']}/release")
    order = api.post(f"/v1/orders/{oid}/release").json()
    for alloc in order["lines"][0]["allocations"]:
        shipped = api.post(
            "/v1/shipments",
            json={
                "order_id": oid,
                "node": alloc["node"],
                "carrier": "Royal Mail",
                "lines": [{"sku": "TEE-BLK-M", "quantity": alloc["quantity"]}],
            },
        )
        assert shipped.status_code == 201, shipped.text
    cancel = sample("shopify_orders_cancelled_gbp.json")
    r = _post(api, shopify, cancel, shopify_headers("orders/cancelled", cancel))
    assert (r.status_code, r.json()["outcome"]) == (200, "not_applied")
    order = api.get(f"/v1/orders/{oid}").json()
    assert order["status"] == "shipped"
    assert not [h for h in order["holds"] if h["active"]]
    events = api.get(f"/v1/orders/{oid}/events").json()["items"]
    (refused,) = [e for e in events if e["type"] == "order.cancellation_not_applied"]
    assert "arrange a return" in refused["reason"]


def test_an_unpaid_woocommerce_order_is_reserved_but_held_until_the_shop_says_it_is_paid(api, woo):
    def pending(p):
        p["status"] = "pending"

    body = edited(WOO, pending)
    r = _post(api, woo, body, woo_headers("order.created", body))
    assert (r.status_code, r.json()["status"]) == (201, "on_hold")
    oid = r.json()["order_id"]
    order = api.get(f"/v1/orders/{oid}").json()
    (payment,) = [h for h in order["holds"] if h["reason"] == "payment"]
    assert payment["active"] and payment["placed_by"] == f"connector:{woo['id']}"
    assert all(ln["allocated"] == ln["ordered"] for ln in order["lines"])  # units kept
    assert api.post(f"/v1/orders/{oid}/release").status_code == 409  # not while unpaid

    paid = sample(WOO)  # the same order, now "processing"
    r = _post(api, woo, paid, woo_headers("order.updated", paid))
    assert (r.status_code, r.json()["outcome"]) == (200, "payment_confirmed")
    order = api.get(f"/v1/orders/{oid}").json()
    assert not [h for h in order["holds"] if h["reason"] == "payment" and h["active"]]
    again = _post(api, woo, paid, woo_headers("order.updated", paid))
    assert (again.status_code, again.json()["outcome"]) == (200, "ignored")


def test_a_failed_woocommerce_payment_cancels_the_held_order(api, woo):
    def status(value):
        def change(p):
            p["status"] = value

        return change

    body = edited(WOO, status("pending"))
    oid = _post(api, woo, body, woo_headers("order.created", body)).json()["order_id"]
    failed = edited(WOO, status("failed"))
    r = _post(api, woo, failed, woo_headers("order.updated", failed))
    assert (r.status_code, r.json()["outcome"]) == (200, "cancelled")
    assert api.get(f"/v1/orders/{oid}").json()["status"] == "cancelled"


def test_a_shopify_order_paid_later_is_held_until_orders_paid(api, shopify):
    def cash_on_delivery(p):
        p["financial_status"] = "pending"
        p["payment_gateway_names"] = ["Cash on Delivery (COD)"]

    body = edited(GBP, cash_on_delivery)
    r = _post(api, shopify, body, shopify_headers("orders/create", body))
    assert (r.status_code, r.json()["status"]) == (201, "on_hold")
    paid = sample(GBP)
    r = _post(api, shopify, paid, shopify_headers("orders/paid", paid))
    assert (r.status_code, r.json()["outcome"]) == (200, "payment_confirmed")


def test_a_payment_for_an_order_whose_create_was_lost_places_the_order(api, engine, woo):
    paid = sample(WOO)  # order.updated to processing: the whole order, as created
    r = _post(api, woo, paid, woo_headers("order.updated", paid))
    assert (r.status_code, r.json()["outcome"]) == (201, "created")
    late = _post(api, woo, paid, woo_headers("order.created", paid))  # the create, at last
    assert (late.status_code, late.json()["outcome"]) == (200, "duplicate")
    assert _rows(engine)[0] == 1

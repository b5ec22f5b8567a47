"""Shop connectors as an admin configures them, on SQLite and PostgreSQL: secrets sealed
and never shown again, admin only, bad configuration refused with nothing written; and
availability pushed per SKU and location to a real HTTP receiver on loopback, in
Shopify's and WooCommerce's own inventory update shapes."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from ordermind.adapters.connectors.push import push_all
from ordermind.adapters.db import tables as t

from .shops import SECRET, connect, sample, seed_shop, shopify_headers


class ShopAdmin:
    """A shop's admin API on loopback that records every request it gets."""

    def __init__(self, status: int = 200) -> None:
        self.got: list[dict] = []
        self.status = status
        admin = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                admin.got.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "json": json.loads(body) if body else None,
                    }
                )
                answer = b'{"ok": true}'
                self.send_response(admin.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_POST = do_PUT = _record

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def shop_admin() -> Iterator[ShopAdmin]:
    admin = ShopAdmin()
    yield admin
    admin.close()


def test_a_connector_never_shows_its_secrets_and_keeps_them_sealed(api, engine):
    seed_shop(api, "shopify-uk")
    made = connect(
        api,
        "shopify",
        "shopify-uk",
        admin_api_url="http://127.0.0.1:9/admin/api/2024-10",
        api_token="shpat_0123456789abcdef",
    )
    assert "signing_secret" not in made and "api_token" not in made  # the admin chose them
    assert made["webhook_path"] == f"/v1/connectors/{made['id']}/webhooks"
    listed = api.get("/v1/connectors").json()["items"]
    one = api.get(f"/v1/connectors/{made['id']}").json()
    for view in (*listed, one):
        text = json.dumps(view)
        assert SECRET not in text and "shpat_" not in text
    with engine.connect() as conn:
        stored = conn.execute(select(t.shop_connectors.c.secrets)).scalar_one()
    assert stored.startswith("enc:v1:") and SECRET not in stored and "shpat_" not in stored


def test_a_secret_made_here_is_shown_once_and_signs_the_shops_webhooks(api):
    seed_shop(api, "shopify-uk")
    r = api.post(
        "/v1/connectors",
        json={"kind": "shopify", "channel": "shopify-uk", "shop": "hart-and-hound.myshopify.com"},
    )
    assert r.status_code == 201, r.text
    secret = r.json()["signing_secret"]
    assert len(secret) >= 32
    assert "signing_secret" not in api.get(f"/v1/connectors/{r.json()['id']}").json()
    body = sample("shopify_orders_create_gbp.json")
    hook = api.client.post(
        r.json()["webhook_path"],
        content=body,
        headers=shopify_headers("orders/create", body, secret),
    )
    assert hook.status_code == 201, hook.text


def test_only_an_admin_manages_connectors(api, key_for):
    seed_shop(api, "shopify-uk")
    made = connect(api, "shopify", "shopify-uk")
    for role in ("operator", "agent", "viewer"):
        headers = key_for(role)
        assert api.client.get("/v1/connectors", headers=headers).status_code == 403
        assert api.client.delete(f"/v1/connectors/{made['id']}", headers=headers).status_code == 403
    channel = key_for("channel", "shopify-uk")
    assert api.client.get(f"/v1/connectors/{made['id']}", headers=channel).status_code == 403
    assert api.client.get("/v1/connectors").status_code == 401


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"channel": "nochan"}, "unknown channel"),
        ({"locations": {"NOWHERE": 1}}, "NOWHERE"),
        ({"kind": "magento"}, "kind"),
        ({"admin_api_url": "http://169.254.169.254/admin", "api_token": "t" * 10}, "169.254"),
        ({"admin_api_url": "http://127.0.0.1:9/x"}, "api_token"),
        ({"admin_api_url": "http://[::1/admin", "api_token": "t" * 10}, "not a URL"),
        ({"kind": "woocommerce", "api_token": "no-colon-here"}, "ck_"),
        ({"kind": "woocommerce", "inventory_items": {"WOO-CAP": "720/red"}}, "720/red"),
        ({"signing_secret": "short"}, "signing_secret"),
    ],
)
def test_bad_connector_configuration_is_refused_and_writes_nothing(api, engine, change, named):
    seed_shop(api, "shopify-uk")
    body = {"kind": "shopify", "channel": "shopify-uk", "shop": "a.myshopify.com"} | change
    r = api.post("/v1/connectors", json=body)
    assert r.status_code == 422, r.text
    assert named in r.text
    with engine.connect() as conn:
        assert conn.execute(select(t.shop_connectors)).first() is None


def test_a_channel_has_one_shop_until_its_connector_is_deleted(api):
    seed_shop(api, "shopify-uk")
    first = connect(api, "shopify", "shopify-uk")
    r = api.post(
        "/v1/connectors",
        json={"kind": "shopify", "channel": "shopify-uk", "shop": "b.myshopify.com"},
    )
    assert r.status_code == 409
    assert api.delete(f"/v1/connectors/{first['id']}").json()["active"] is False
    assert connect(api, "shopify", "shopify-uk")["active"] is True


def test_shopify_gets_one_inventory_level_per_sku_and_location_with_what_may_be_sold(
    api, shop_admin
):
    seed_shop(api, "shopify-uk")  # 10 of each at MAN, 4 at LDN
    # another channel's ring fence keeps 3 tees at MAN; an order reserves 2 more
    fence = {"node": "MAN", "sku": "TEE-BLK-M", "quantity": 3}
    assert api.put("/v1/channels/b2b", json={"ring_fences": [fence]}).status_code == 200
    assert api.put(
        "/v1/inventory/LDN/MUG-ENAMEL", json={"on_hand": 4, "safety_stock": 1}
    ).is_success
    made = connect(
        api,
        "shopify",
        "shopify-uk",
        admin_api_url=shop_admin.url("/admin/api/2024-10"),
        api_token="shpat_0123456789abcdef",
        locations={"MAN": 61001, "LDN": 61002},
        inventory_items={"TEE-BLK-M": 45001, "MUG-ENAMEL": 45002},
    )
    body = sample("shopify_orders_create_gbp.json")
    placed = api.client.post(
        made["webhook_path"], content=body, headers=shopify_headers("orders/create", body)
    )
    assert placed.status_code == 201
    order = api.get(f"/v1/orders/{placed.json()['order_id']}").json()
    tee_at = {
        a["node"]: a["quantity"]
        for ln in order["lines"]
        if ln["sku"] == "TEE-BLK-M"
        for a in ln["allocations"]
    }
    mug_at = {
        a["node"]: a["quantity"]
        for ln in order["lines"]
        if ln["sku"] == "MUG-ENAMEL"
        for a in ln["allocations"]
    }

    r = api.post(f"/v1/connectors/{made['id']}/availability/push")
    assert r.status_code == 200, r.text
    assert (r.json()["requests"], r.json()["accepted"], r.json()["failed"]) == (4, 4, 0)
    assert {g["method"] for g in shop_admin.got} == {"POST"}
    assert {g["path"] for g in shop_admin.got} == {"/admin/api/2024-10/inventory_levels/set.json"}
    assert {g["headers"]["x-shopify-access-token"] for g in shop_admin.got} == {
        "shpat_0123456789abcdef"
    }
    levels = {
        (g["json"]["inventory_item_id"], g["json"]["location_id"]): g["json"]["available"]
        for g in shop_admin.got
    }
    assert levels == {
        (45001, 61001): 10 - 3 - tee_at.get("MAN", 0),
        (45001, 61002): 4 - tee_at.get("LDN", 0),
        (45002, 61001): 10 - mug_at.get("MAN", 0),
        (45002, 61002): 4 - 1 - mug_at.get("LDN", 0),
    }
    assert api.get(f"/v1/connectors/{made['id']}").json()["last_push"]["accepted"] == 4


def test_woocommerce_gets_one_batch_with_each_products_stock_over_every_node(api, shop_admin):
    seed_shop(api, "woo-de")
    made = connect(
        api,
        "woocommerce",
        "woo-de",
        admin_api_url=shop_admin.url("/wp-json/wc/v3"),
        api_token="ck_live1234:cs_live5678",  # no locations: every node counts
        inventory_items={"WOO-CAP": 712, "WOO-HOODIE-L": 705},
    )
    r = api.post(f"/v1/connectors/{made['id']}/availability/push")
    assert r.status_code == 200, r.text
    assert len(shop_admin.got) == 1
    got = shop_admin.got[0]
    assert (got["method"], got["path"]) == ("PUT", "/wp-json/wc/v3/products/batch")
    expected_auth = "Basic " + base64.b64encode(b"ck_live1234:cs_live5678").decode()
    assert got["headers"]["authorization"] == expected_auth
    assert got["json"] == {
        "update": [
            {"id": 712, "manage_stock": True, "stock_quantity": 14},
            {"id": 705, "manage_stock": True, "stock_quantity": 14},
        ]
    }


def test_a_woocommerce_variation_gets_its_own_stock_at_the_variation_endpoint(api, shop_admin):
    seed_shop(api, "woo-de")
    assert api.put("/v1/inventory/MAN/WOO-BEANIE-RED", json={"on_hand": 6}).is_success
    made = connect(
        api,
        "woocommerce",
        "woo-de",
        admin_api_url=shop_admin.url("/wp-json/wc/v3"),
        api_token="ck_live1234:cs_live5678",
        locations={"MAN": "MAN", "LDN": "LDN"},
        # the red beanie is variation 723 of the variable product 720
        inventory_items={"WOO-CAP": 712, "WOO-BEANIE-RED": "720/723"},
    )
    r = api.post(f"/v1/connectors/{made['id']}/availability/push")
    assert r.status_code == 200, r.text
    assert (r.json()["requests"], r.json()["accepted"]) == (2, 2)
    got = {(g["method"], g["path"]): g["json"] for g in shop_admin.got}
    assert got == {
        ("PUT", "/wp-json/wc/v3/products/720/variations/723"): {
            "manage_stock": True,
            "stock_quantity": 6 + 4,
        },
        ("PUT", "/wp-json/wc/v3/products/batch"): {
            "update": [{"id": 712, "manage_stock": True, "stock_quantity": 14}]
        },
    }


def test_a_shop_that_refuses_the_push_is_reported_not_hidden(api):
    seed_shop(api, "woo-de")
    refusing = ShopAdmin(status=401)
    try:
        made = connect(
            api,
            "woocommerce",
            "woo-de",
            admin_api_url=refusing.url("/wp-json/wc/v3"),
            api_token="ck_a:cs_b",
            inventory_items={"WOO-CAP": 712},
        )
        r = api.post(f"/v1/connectors/{made['id']}/availability/push")
    finally:
        refusing.close()
    assert r.status_code == 200
    assert (r.json()["accepted"], r.json()["failed"]) == (0, 1)
    assert "HTTP 401" in r.json()["errors"][0]


def test_a_connector_without_an_admin_url_has_nothing_to_push(api):
    seed_shop(api, "woo-de")
    made = connect(api, "woocommerce", "woo-de")
    r = api.post(f"/v1/connectors/{made['id']}/availability/push")
    assert r.status_code == 422
    assert "admin_api_url" in r.json()["detail"]


def test_the_background_pass_pushes_every_connector_that_has_an_admin_url(api, engine, shop_admin):
    seed_shop(api, "woo-de")
    assert api.put("/v1/channels/shopify-uk", json={"name": "Shopify"}).status_code == 200
    pushing = connect(
        api,
        "woocommerce",
        "woo-de",
        admin_api_url=shop_admin.url("/wp-json/wc/v3"),
        api_token="ck_a:cs_b",
        inventory_items={"WOO-CAP": 712},
    )
    connect(api, "shopify", "shopify-uk")  # no admin URL: left alone
    assert set(push_all(engine)) == {pushing["id"]}
    assert [g["json"]["update"][0]["stock_quantity"] for g in shop_admin.got] == [14]

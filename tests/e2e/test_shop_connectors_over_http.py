"""Over real HTTP, on SQLite and PostgreSQL: the served app (uvicorn, two workers) takes a
Shopify order that the shop delivers eight times at once as one order, maps the shop's
cancellation back, and its background loop pushes availability to the shop's admin API
(a real receiver on loopback) without anyone asking."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
from sqlalchemy import func, select

from ordermind.adapters.db import tables as t

from ..integration.api.shops import SECRET, SHOPIFY_SHOP, SKUS, sample, shopify_headers


def _shop_admin() -> tuple[ThreadingHTTPServer, list[dict]]:
    got: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append({"path": self.path, "json": json.loads(body)})
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, got


def test_a_shop_delivering_an_order_eight_times_at_once_gets_one_order_and_its_stock_back(
    database_url, engine, tmp_path, start_server
):
    from ordermind.adapters.http.auth import Role, create_key

    admin_api, got = _shop_admin()
    env = {"ORDERMIND_SHOP_PUSH_INTERVAL": "0.5", "ORDERMIND_RISK": "0"}
    try:
        with start_server(database_url, tmp_path / "server.log", env=env) as base:
            key = {"Authorization": f"Bearer {create_key(engine, Role.ADMIN)}"}
            with httpx.Client(base_url=base, headers=key, timeout=30) as c:
                assert c.put("/v1/nodes/MAN", json={"name": "Manchester"}).is_success
                for sku in SKUS:
                    assert c.put(f"/v1/products/{sku}", json={"name": sku, "price": 100}).is_success
                    assert c.put(f"/v1/inventory/MAN/{sku}", json={"on_hand": 10}).is_success
                assert c.put("/v1/channels/shopify-uk", json={"name": "Shopify"}).is_success
                connector = c.post(
                    "/v1/connectors",
                    json={
                        "kind": "shopify",
                        "channel": "shopify-uk",
                        "shop": SHOPIFY_SHOP,
                        "signing_secret": SECRET,
                        "admin_api_url": f"http://127.0.0.1:{admin_api.server_port}/admin/api/2024-10",
                        "api_token": "shpat_e2e_0123456789",
                        "locations": {"MAN": 61001},
                        "inventory_items": {"TEE-BLK-M": 45001},
                    },
                ).json()
            hook = f"{base}{connector['webhook_path']}"
            body = sample("shopify_orders_create_gbp.json")
            headers = shopify_headers("orders/create", body)  # one delivery, sent 8 times

            def deliver(_: int) -> httpx.Response:
                return httpx.post(hook, content=body, headers=headers, timeout=30)

            with ThreadPoolExecutor(8) as pool:
                answers = list(pool.map(deliver, range(8)))
            statuses = sorted(r.status_code for r in answers)
            assert statuses == [200] * 7 + [201], [r.text for r in answers]
            assert len({r.json()["order_id"] for r in answers}) == 1
            with engine.connect() as conn:
                assert conn.execute(select(func.count()).select_from(t.orders)).scalar_one() == 1

            # the background loop tells the shop: 10 on hand less the 2 tees ordered
            deadline = time.monotonic() + 30
            while not any(g["json"]["available"] == 8 for g in got) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert {"location_id": 61001, "inventory_item_id": 45001, "available": 8} in [
                g["json"] for g in got
            ]

            cancel = sample("shopify_orders_cancelled_gbp.json")
            r = httpx.post(
                hook, content=cancel, headers=shopify_headers("orders/cancelled", cancel)
            )
            assert (r.status_code, r.json()["outcome"]) == (200, "cancelled")
            deadline = time.monotonic() + 30
            while got[-1]["json"]["available"] != 10 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert got[-1]["json"] == {
                "location_id": 61001,
                "inventory_item_id": 45001,
                "available": 10,
            }
    finally:
        admin_api.shutdown()
        admin_api.server_close()

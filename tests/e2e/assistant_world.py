"""The order assistant's served app (with its trained classifier), a seeded store and clients for
the admin and for the chat widget's `assistant_only` channel key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ordermind.adapters.http.auth import Role, create_key
from ordermind.adapters.http.permissions import Scope

SUPPORT = Path(__file__).parent / "assistant_support"
ANN = {"email": "ann.buyer@example.com", "postcode": "EC1A 1AA"}
BOB = {"email": "bob.other@example.org", "postcode": "M1 1AE"}


class World:
    def __init__(self, base: str, engine) -> None:
        self.base = base
        self.admin = httpx.Client(
            base_url=base,
            timeout=60,
            headers={"Authorization": f"Bearer {create_key(engine, Role.ADMIN)}"},
        )
        widget = create_key(engine, Role.CHANNEL, "web", scope=Scope.ASSISTANT_ONLY)
        self.widget = httpx.Client(
            base_url=base, timeout=60, headers={"Authorization": f"Bearer {widget}"}
        )
        self.engine = engine

    def close(self) -> None:
        self.admin.close()
        self.widget.close()

    def ok(self, r: httpx.Response, status: int = 200) -> dict:
        assert r.status_code == status, r.text
        return r.json()

    def seed(self) -> None:
        a = self.admin
        node = {"name": "London warehouse", "lat": 51.5, "lon": -0.12}
        self.ok(a.put("/v1/nodes/LDN", json=node))
        self.ok(a.put("/v1/products/MUG", json={"name": "Blue mug", "price": 1200}))
        self.ok(a.put("/v1/products/TEE", json={"name": "Grey t-shirt", "price": 2000}))
        self.ok(a.put("/v1/inventory/LDN/MUG", json={"on_hand": 50}))
        self.ok(a.put("/v1/inventory/LDN/TEE", json={"on_hand": 50}))

    def order(self, who: dict, name: str, channel: str = "web", lines=(("MUG", 2), ("TEE", 1))):
        body = {
            "channel": channel,
            "currency": "EUR",
            "customer": {"email": who["email"], "name": name},
            "ship_to": {
                "name": name,
                "line1": "1 High St",
                "city": "London",
                "postal_code": who["postcode"],
                "country": "GB",
                "lat": 51.52,
                "lon": -0.1,
            },
            "lines": [{"sku": s, "quantity": q} for s, q in lines],
        }
        return self.ok(self.admin.post("/v1/orders", json=body), 201)

    def ship(self, order: dict, deliver: bool = True) -> dict:
        oid = order["id"]
        self.ok(self.admin.post(f"/v1/orders/{oid}/release"))
        lines = [
            {"sku": ln["sku"], "quantity": ln["ordered"] - ln["cancelled"]} for ln in order["lines"]
        ]
        body = {
            "order_id": oid,
            "node": "LDN",
            "carrier": "DPD",
            "tracking": "DPD123456",
            "lines": lines,
        }
        shipment = self.ok(self.admin.post("/v1/shipments", json=body), 201)
        if deliver:
            self.ok(self.admin.post(f"/v1/shipments/{shipment['id']}/deliver"))
        return shipment

    def chat(self, client: httpx.Client | None = None, **body) -> Chat:
        c = client or self.widget
        first = self.ok(c.post("/v1/assistant/conversations", json=body), 201)
        return Chat(self, c, first)


class Chat:
    def __init__(self, world: World, client: httpx.Client, first: dict) -> None:
        self.world, self.client, self.id, self.first = (
            world,
            client,
            first["conversation_id"],
            first,
        )

    def say(self, text: str) -> dict:
        r = self.client.post(f"/v1/assistant/conversations/{self.id}/messages", json={"text": text})
        return self.world.ok(r)


@pytest.fixture
def world(database_url: str, engine, tmp_path: Path, start_server) -> Iterator[World]:
    env = {
        "ORDERMIND_CARE_INTERVAL": "0",
        "ORDERMIND_MONITOR_INTERVAL": "0",
        "ORDERMIND_HOUSEKEEPING_INTERVAL": "0",
        "ORDERMIND_RISK": "0",
        "ORDERMIND_DESK_INTERVAL": "0",  # the tests route the queues themselves
    }
    args = ("--factory", "--app-dir", str(SUPPORT), "--log-level", "warning")
    server = start_server(database_url, tmp_path / "server.log", 1, env, "assistant_app:make", args)
    with server as base:
        w = World(base, engine)
        w.seed()
        try:
            yield w
        finally:
            w.close()

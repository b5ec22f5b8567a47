from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ordermind.adapters.http.auth import Role, create_key
from ordermind.entrypoints.http_app import create_app


class Api:
    """A TestClient with a key, plus builders for a small store."""

    def __init__(self, client: TestClient, key: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {key}"}

    def __getattr__(self, method: str):  # get/post/put/patch/delete with the key
        call = getattr(self.client, method)

        def with_key(url: str, **kw):
            kw["headers"] = {**self.headers, **kw.get("headers", {})}
            return call(url, **kw)

        return with_key

    def seed(self, stock: dict[tuple[str, str], int], safety: int = 0) -> None:
        for code, lat, lon in (("LDN", 51.5, -0.12), ("MAN", 53.48, -2.24), ("EDI", 55.95, -3.19)):
            assert (
                self.put(
                    f"/v1/nodes/{code}", json={"name": code, "lat": lat, "lon": lon}
                ).status_code
                == 200
            )
        for sku in sorted({s for _, s in stock}):
            assert (
                self.put(f"/v1/products/{sku}", json={"name": sku, "price": 1000}).status_code
                == 200
            )
        for (node, sku), qty in stock.items():
            r = self.put(
                f"/v1/inventory/{node}/{sku}", json={"on_hand": qty, "safety_stock": safety}
            )
            assert r.status_code == 200, r.text


_customers = 0


def order_body(
    *lines: tuple[str, int], channel: str = "web", email: str | None = None, **extra
) -> dict:
    """An order for the given (sku, quantity) lines. Each order gets its own customer unless
    one is named, so the fraud screen's velocity rules stay out of tests about other things."""
    global _customers
    _customers += 1
    return {
        "channel": channel,
        "currency": "EUR",
        "customer": {"email": email or f"buyer{_customers}@example.com", "name": "Ann Buyer"},
        "ship_to": {
            "name": "Ann Buyer",
            "line1": "1 High St",
            "city": "London",
            "postal_code": "EC1A 1AA",
            "country": "GB",
            "lat": 51.52,
            "lon": -0.1,
        },
        "lines": [{"sku": s, "quantity": q, "unit_price": 1000} for s, q in lines],
        **extra,
    }


@pytest.fixture
def app(engine):
    return create_app(engine, webhooks_enabled=False)


@pytest.fixture
def api(app, engine) -> Api:
    client = TestClient(app)
    return Api(client, create_key(engine, Role.ADMIN))


@pytest.fixture
def key_for(engine):
    def make(role: str, channel: str | None = None) -> dict:
        return {"Authorization": f"Bearer {create_key(engine, Role(role), channel)}"}

    return make

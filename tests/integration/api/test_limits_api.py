"""Rate limits and the upload cap, in process, on SQLite and PostgreSQL: a key flood gets
429 with Retry-After, an address sending bad keys is refused before its keys are checked,
a key may have only so many uploads in progress."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from ordermind.adapters.http.auth import Role, create_key
from ordermind.adapters.http.limits import LimitSettings
from ordermind.adapters.http.routers import intake
from ordermind.entrypoints.http_app import create_app

from .conftest import Api
from .test_intake_and_reviews_api import CLEAN


def _bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_a_key_flood_gets_429_with_retry_after_and_other_keys_go_on(engine):
    app = create_app(engine, webhooks_enabled=False, limits=LimitSettings(key_rate=1, key_burst=5))
    client = TestClient(app)
    flooder, other = create_key(engine, Role.VIEWER), create_key(engine, Role.VIEWER)
    codes = [client.get("/v1/orders", headers=_bearer(flooder)).status_code for _ in range(12)]
    assert codes[:5] == [200] * 5
    assert codes.count(429) >= 6
    refused = client.get("/v1/orders", headers=_bearer(flooder))
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) >= 1
    assert client.get("/v1/orders", headers=_bearer(other)).status_code == 200
    # the order fast path is limited the same way
    placed = client.post("/v1/orders", json={}, headers=_bearer(flooder))
    assert placed.status_code in (422, 429)


def test_bad_keys_from_one_address_are_refused_before_they_are_checked(engine):
    limits = LimitSettings(bad_key_rate=0.5, bad_key_burst=10)
    client = TestClient(create_app(engine, webhooks_enabled=False, limits=limits))
    good = create_key(engine, Role.VIEWER)
    assert client.get("/v1/orders", headers=_bearer(good)).status_code == 200  # verified
    codes = [
        client.get("/v1/orders", headers=_bearer(f"om_{i:08x}_guess{i}")).status_code
        for i in range(40)
    ]
    assert codes.count(401) <= 11 and codes.count(429) >= 29
    refused = client.get("/v1/orders", headers=_bearer("om_deadbeef_x"))
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    # a key this worker already verified still works from that address
    assert client.get("/v1/orders", headers=_bearer(good)).status_code == 200


def test_the_per_address_limit_answers_before_anything_else(engine):
    limits = LimitSettings(ip_rate=0.1, ip_burst=3)
    client = TestClient(create_app(engine, webhooks_enabled=False, limits=limits))
    codes = [client.get("/healthz").status_code for _ in range(6)]
    assert codes[:3] == [200] * 3 and codes[3:] == [429] * 3
    refused = client.get("/v1/orders")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1


def test_a_key_has_at_most_the_configured_uploads_in_progress(engine, monkeypatch):
    app = create_app(engine, webhooks_enabled=False, limits=LimitSettings(uploads_per_key=1))
    key, other = create_key(engine, Role.OPERATOR), create_key(engine, Role.OPERATOR)
    entered, release = threading.Event(), threading.Event()
    real = intake._prepare

    def slow_prepare(*args, **kw):
        entered.set()
        assert release.wait(30)
        return real(*args, **kw)

    monkeypatch.setattr(intake, "_prepare", slow_prepare)

    def upload(k: str, po: str = "PO-7001"):
        return client.post(
            "/v1/intake/documents",
            content=CLEAN.replace(b"PO-7001", po.encode()),
            params={"channel": "edi", "filename": "po.csv"},
            headers=_bearer(k),
        )

    with TestClient(app) as client, ThreadPoolExecutor(2) as pool:
        Api(client, create_key(engine, Role.ADMIN)).seed({("LDN", "A"): 10, ("LDN", "B"): 10})
        first = pool.submit(upload, key)
        assert entered.wait(30)
        second = upload(key)
        assert second.status_code == 429, second.text
        assert second.json()["code"] == "too_many_uploads"
        assert second.headers["Retry-After"] == "1"
        entered.clear()
        third = pool.submit(upload, other, "PO-7002")  # another key has its own slots
        assert entered.wait(30)
        release.set()
        assert first.result(30).status_code == 201
        assert third.result(30).status_code == 201
    # the slot was given back
    assert upload(key, "PO-7003").status_code == 201

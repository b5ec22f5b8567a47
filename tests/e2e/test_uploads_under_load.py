"""Orders placed while four large documents are uploaded at once all succeed, over real
HTTP (uvicorn, two workers) on both back ends (issue 18: uploads made orders fail with 500
after 30 s on SQLite). No timing assertions: latency is measured by
benchmarks/uploads_under_load.py."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from ..unit.intake.samples import make_xlsx, order_sheet

SKUS = [f"SKU-{i:03d}" for i in range(120)]
WORDS = ["steel", "copper", "bolt", "washer", "valve", "clamp", "hinge", "bracket", "cable"]


def _seed(served) -> None:
    with served.client() as c:
        node = {"name": "N1", "lat": 51.5, "lon": -0.1}
        assert c.put("/v1/nodes/N1", json=node).status_code == 200
        for i, sku in enumerate(SKUS):
            name = f"{WORDS[i % 9]} {WORDS[(i * 5 + 3) % 9]} {i}"
            r = c.put(f"/v1/products/{sku}", json={"name": name, "price": 100})
            assert r.status_code == 200, r.text
            r = c.put(f"/v1/inventory/N1/{sku}", json={"on_hand": 1_000_000, "safety_stock": 0})
            assert r.status_code == 200, r.text


def _order(i: int) -> dict:
    return {
        "channel": "web",
        "currency": "EUR",
        "external_id": f"load-{i}",
        "customer": {"email": f"load{i}@example.com"},
        "ship_to": {
            "name": "C",
            "line1": "1 St",
            "city": "London",
            "postal_code": "E1",
            "country": "GB",
            "lat": 51.5,
            "lon": -0.1,
        },
        "lines": [{"sku": SKUS[i % len(SKUS)], "quantity": 1, "unit_price": 100}],
    }


def _large_csv(n: int, lines: int) -> bytes:
    """A real order of many lines matched by description (the costly, fuzzy kind)."""
    head = "PO Number,Description,Qty,Ship To,Address,City,Postcode,Country\n"
    rows = [
        f"BIG-{n},{WORDS[k % 9]} {WORDS[(k * 7) % 9]} {k % 120},{1 + k % 5},Acme,1 Dock Rd,"
        f"Leeds,LS1 1AA,GB\n"
        for k in range(lines)
    ]
    return (head + "".join(rows)).encode()


@pytest.mark.slow
def test_orders_placed_during_four_concurrent_large_uploads_all_succeed(served):
    _seed(served)
    over_limit = make_xlsx(order_sheet(12_000))  # refused by max_rows while it streams
    # half the uploaders start with the refused sheet, half with a large real order
    documents = [
        [("over.xlsx", over_limit), ("big.csv", _large_csv(u, 8_000))][:: 1 if u % 2 else -1]
        for u in range(4)
    ]
    stop = threading.Event()
    upload_codes: list[int] = []
    lock = threading.Lock()

    def uploader(u: int) -> None:
        with served.client() as c:
            k = 0
            while not stop.is_set():
                name, data = documents[u][k % 2]
                k += 1
                r = c.post(
                    "/v1/intake/documents",
                    content=data,
                    params={"channel": f"edi{u}", "filename": name},
                )
                with lock:
                    upload_codes.append(r.status_code)
                if r.status_code == 503:
                    time.sleep(float(r.headers.get("Retry-After", "1")))

    order_codes: list[int] = []
    with ThreadPoolExecutor(4) as pool:
        for u in range(4):
            pool.submit(uploader, u)
        time.sleep(1.0)  # the uploads are under way
        with served.client() as c:
            deadline = time.monotonic() + 20
            i = 0
            while time.monotonic() < deadline:
                r = c.post("/v1/orders", json=_order(i), headers={"Idempotency-Key": f"o{i}"})
                order_codes.append(r.status_code)
                assert r.status_code == 201, (r.status_code, r.text, served.log_tail())
                health = c.get("/healthz")
                assert health.status_code == 200, health.text
                i += 1
        stop.set()
    assert len(order_codes) >= 10
    assert upload_codes, "no upload finished"
    assert all(code in (201, 413, 503) for code in upload_codes), upload_codes
    assert 201 in upload_codes and 413 in upload_codes, upload_codes
    assert "unhandled error" not in served.log_tail(200_000)

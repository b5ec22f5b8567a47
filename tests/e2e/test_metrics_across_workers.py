"""`/metrics` behind `ordermind serve --workers 2` counts what every worker served, not
only the worker that answers the scrape (prometheus_client's multiprocess mode)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import httpx

from ordermind.adapters.http.auth import Role, create_key


def _total(scrape: str, metric: str, **labels: str) -> float:
    """The sum of `metric` over the series whose labels include `labels`."""
    total = 0.0
    for line in scrape.splitlines():
        m = re.match(rf"^{metric}\{{(.*)\}} ([0-9.e+]+)$", line)
        if m and all(f'{k}="{v}"' in m.group(1) for k, v in labels.items()):
            total += float(m.group(2))
    return total


def test_two_workers_report_every_request_and_order_in_one_scrape(
    database_url, engine, tmp_path, start_ordermind_serve
):
    key = {"Authorization": f"Bearer {create_key(engine, Role.ADMIN)}"}
    env = {"ORDERMIND_RATE_PER_KEY": "1000", "ORDERMIND_RATE_PER_KEY_BURST": "2000"}
    with start_ordermind_serve(database_url, tmp_path / "server.log", env) as base:
        with httpx.Client(base_url=base, headers=key, timeout=30) as admin:
            assert admin.put(
                "/v1/nodes/LDN", json={"name": "LDN", "lat": 51.5, "lon": 0}
            ).is_success
            assert admin.put("/v1/products/A", json={"name": "A", "price": 100}).is_success
            assert admin.put("/v1/inventory/LDN/A", json={"on_hand": 100}).is_success

        def fresh(i: int) -> int:  # a connection each, so both workers take requests
            if i % 3 == 0:
                body = {
                    "channel": "web",
                    "currency": "EUR",
                    "customer": {"email": f"m{i}@example.com"},
                    "ship_to": {
                        "name": "M",
                        "line1": "1 Road",
                        "city": "London",
                        "postal_code": "EC1A 1BB",
                        "country": "GB",
                    },
                    "lines": [{"sku": "A", "quantity": 1}],
                }
                return httpx.post(f"{base}/v1/orders", json=body, headers=key).status_code
            return httpx.get(f"{base}/v1/products", headers=key).status_code

        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(fresh, range(90)))
        assert codes.count(201) == 30 and codes.count(200) == 60
        scrapes = [httpx.get(f"{base}/metrics", headers=key).text for _ in range(6)]
    for scrape in scrapes:  # whichever worker answered
        assert _total(scrape, "ordermind_http_requests_total", route="/v1/products") == 60
        assert _total(scrape, "ordermind_orders_placed_total", channel="web") == 30

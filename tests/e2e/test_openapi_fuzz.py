"""schemathesis against the served OpenAPI: bounded, and no response may be a 5xx."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES_PER_OPERATION = 12


def test_no_generated_request_makes_the_server_fail(served):
    with served.client() as c:
        c.put("/v1/nodes/N1", json={"name": "n1", "lat": 51.0, "lon": 0.0})
        c.put("/v1/products/A", json={"name": "a", "price": 100})
        c.put("/v1/inventory/N1/A", json={"on_hand": 100})
    schema = schemathesis.openapi.from_url(f"{served.base}/openapi.json")
    failures: list[str] = []
    calls = [0]

    def fuzz(operation) -> None:
        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:
            calls[0] += 1
            response = case.call(base_url=served.base, headers=served.headers, timeout=30)
            if response.status_code >= 500:
                failures.append(
                    f"{operation.method.upper()} {operation.path} "
                    f"path={case.path_parameters} query={case.query} -> "
                    f"{response.status_code}: {response.text[:200]}"
                )

        check()

    for result in schema.get_all_operations():
        fuzz(result.ok())
    assert calls[0] > 100
    assert failures == [], served.log_tail()

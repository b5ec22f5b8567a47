"""schemathesis against the served OpenAPI document, over real HTTP, on SQLite and
PostgreSQL: bounded examples per operation, and every answer must be what the document
says — a documented status, a documented media type, a body its schema accepts — and
never a 5xx. Real resources are made first, so reads find something to answer with."""

from __future__ import annotations

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES_PER_OPERATION = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def seed(c: httpx.Client) -> dict:
    """A small store with one placed order: the reads below answer 200 with bodies."""
    for path, body in [
        ("/v1/nodes/N1", {"name": "n1", "lat": 51.0, "lon": 0.0}),
        ("/v1/products/A", {"name": "a", "price": 100}),
        ("/v1/inventory/N1/A", {"on_hand": 100}),
        ("/v1/channels/web", {"name": "Web shop"}),
    ]:
        c.put(path, json=body).raise_for_status()
    order = c.post(
        "/v1/orders",
        json={
            "channel": "web",
            "currency": "EUR",
            "customer": {"email": "ann@example.com", "name": "Ann"},
            "ship_to": {
                "name": "Ann",
                "line1": "1 High St",
                "city": "London",
                "postal_code": "EC1A 1AA",
                "country": "GB",
            },
            "lines": [{"sku": "A", "quantity": 2, "unit_price": 100}],
        },
    )
    order.raise_for_status()
    return order.json()


def failures_of(error: FailureGroup) -> list[str]:
    """One line per failure: what was wrong, and where in the schema."""
    out = []
    for f in error.exceptions:
        lines = [ln.strip() for ln in str(f.message).splitlines() if ln.strip()]
        where = [ln for ln in lines if ln.startswith("Schema at")]
        out.append(f"{f.title}: {' | '.join(lines[:2] + where)[:300]}")
    return out


def test_every_generated_request_gets_an_answer_the_document_describes(served):
    with served.client() as c:
        order = seed(c)
        known = {
            "/v1/orders/{order_id}": c.get(f"/v1/orders/{order['id']}"),
            "/v1/orders": c.get("/v1/orders"),
            "/v1/products/{sku}": c.get("/v1/products/A"),
            "/v1/nodes": c.get("/v1/nodes"),
            "/v1/inventory": c.get("/v1/inventory"),
            "/v1/availability": c.get("/v1/availability?skus=A&country=GB"),
            "/v1/orders/{order_id}/events": c.get(f"/v1/orders/{order['id']}/events"),
            "/v1/keys": c.get("/v1/keys"),
            "/v1/audit": c.get("/v1/audit"),
            "/v1/kpis": c.get("/v1/kpis?from=2026-01-01&to=2026-12-31&group_by=channel"),
            "/v1/channels": c.get("/v1/channels"),
            "/v1/privacy/retention": c.get("/v1/privacy/retention"),
            "/v1/exceptions/stats": c.get("/v1/exceptions/stats"),
            "/v1/orders/{order_id}/notifications": c.get(f"/v1/orders/{order['id']}/notifications"),
        }
    schema = schemathesis.openapi.from_url(f"{served.base}/openapi.json")
    failures: list[str] = []

    # the bodies of real resources, which random ids rarely reach
    for path, response in known.items():
        assert response.status_code == 200, (path, response.text[:300])
        try:
            schema[path]["GET"].validate_response(response)
        except FailureGroup as error:
            failures += [f"GET {path} (seeded): {f}" for f in failures_of(error)]

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
            try:
                case.call_and_validate(
                    base_url=served.base, headers=served.headers, checks=CHECKS, timeout=30
                )
            except FailureGroup as error:
                where = f"{operation.method.upper()} {operation.path}"
                failures.extend(f"{where}: {f}" for f in failures_of(error))

        check()

    for result in schema.get_all_operations():
        fuzz(result.ok())
    assert calls[0] > 100
    unique = sorted(set(failures))
    assert unique == [], "\n".join(unique[:40]) + "\n" + served.log_tail(2000)

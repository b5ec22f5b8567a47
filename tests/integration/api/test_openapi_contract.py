"""The OpenAPI document is a contract a client can be generated from: every operation
says what it answers on success, every error is problem+json, every operation that
needs a key says so, and operation ids are unique snake_case names.

A route added without a response model fails here, by name: add one line for it to
`adapters/http/responses.BY_OPERATION`."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.routing import APIRoute

from ordermind.adapters.http.deps import principal
from ordermind.adapters.http.responses import BY_OPERATION
from ordermind.entrypoints.openapi_schema import application

METHODS = {"get", "put", "post", "patch", "delete"}
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def app():
    return application()


@pytest.fixture(scope="module")
def schema(app) -> dict:
    return app.openapi()


def api_routes(routes):
    """Every route, through included routers (FastAPI keeps them nested)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from api_routes(route.original_router.routes)


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", op


def test_every_operation_declares_a_non_empty_success_body(schema):
    missing = []
    for name, op in operations(schema):
        success = {code: r for code, r in op["responses"].items() if code.startswith("2")}
        if not success:
            missing.append(f"{name}: no 2xx response")
        for code, response in success.items():
            if code == "204":
                continue
            contents = response.get("content") or {}
            if not contents or any(not c.get("schema") for c in contents.values()):
                missing.append(f"{name} ({op['operationId']}): {code} has no schema")
    assert missing == [], "add them to responses.BY_OPERATION:\n" + "\n".join(missing)


def test_every_json_success_body_is_a_named_model(schema):
    schemas = schema["components"]["schemas"]
    loose = []
    for name, op in operations(schema):
        for code, response in op["responses"].items():
            body = (response.get("content") or {}).get("application/json")
            if code.startswith("2") and body is not None:
                # one model, or (a create with an Idempotency-Key) it or the purged replay
                refs = [s.get("$ref", "") for s in body["schema"].get("anyOf", [body["schema"]])]
                if not refs or any(r.rsplit("/", 1)[-1] not in schemas for r in refs):
                    loose.append(f"{name}: {body['schema']}")
    assert loose == []


def test_every_error_status_is_answered_as_problem_json(schema):
    wrong = []
    for name, op in operations(schema):
        for code, response in op["responses"].items():
            if code[0] in "45" and not (name == "GET /healthz" and code == "503"):
                content = response.get("content") or {}
                ref = content.get("application/problem+json", {}).get("schema", {}).get("$ref")
                if set(content) != {"application/problem+json"} or not ref.endswith("/Problem"):
                    wrong.append(f"{name} {code}: {sorted(content)}")
    assert wrong == []


def test_no_operation_documents_fastapis_validation_error(schema):
    text = json.dumps(schema)
    assert "HTTPValidationError" not in text
    for name, op in operations(schema):
        if op.get("parameters") or op.get("requestBody"):
            assert "422" in op["responses"], name


def test_the_problem_schema_has_the_fields_every_problem_carries(schema):
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code"}
    assert {"errors", "request_id"} <= set(problem["properties"])


def test_operations_that_need_a_key_declare_bearer_auth_and_the_rest_do_not(app, schema):
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    by_id = {op["operationId"]: (name, op) for name, op in operations(schema)}
    checked = 0
    for route in api_routes(app.routes):
        if not route.include_in_schema:
            continue
        needs_key = any(d.call is principal for d in route.dependant.dependencies)
        name, op = by_id[route.name]
        assert (op.get("security") == [{"bearerAuth": []}]) is needs_key, name
        if needs_key:
            assert {"401", "403"} <= set(op["responses"]), name
        header_names = {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
        assert "authorization" not in header_names, name
        checked += 1
    assert checked == len(by_id)
    assert "security" not in by_id["healthz"][1]
    assert by_id["metrics"][1]["security"] == [{"bearerAuth": []}]


def test_operation_ids_are_unique_snake_case_names(schema):
    ids = [op.get("operationId", "") for _, op in operations(schema)]
    assert [i for i in ids if not SNAKE.match(i)] == []
    assert len(ids) == len(set(ids))


def test_every_documented_operation_exists(schema):
    """A stale line in BY_OPERATION (a renamed handler) would document nothing."""
    ids = {op["operationId"] for _, op in operations(schema)}
    assert sorted(set(BY_OPERATION) - ids) == []


def test_money_fields_say_they_are_minor_units_with_the_currency_exponent(schema):
    schemas = schema["components"]["schemas"]
    for model, field in [
        ("Order", "total"),
        ("OrderLineOut", "unit_price"),
        ("Product", "price"),
        ("InvoiceOut", "tax"),
        ("ReturnOut", "refund_amount"),
    ]:
        text = json.dumps(schemas[model]["properties"][field])
        assert "minor units" in text and "JPY" in text, (model, field)


def test_non_json_bodies_are_documented_with_their_media_types(schema):
    paths = schema["paths"]
    page = paths["/v1/intake/documents/{doc_id}/pages/{number}.png"]["get"]["responses"]
    assert page["200"]["content"]["image/png"]["schema"] == {"type": "string", "format": "binary"}
    doc = paths["/v1/orders/{order_id}/documents/{kind}"]["get"]["responses"]["200"]
    assert set(doc["content"]) == {"application/edi-x12", "application/xml"}
    assert set(paths["/metrics"]["get"]["responses"]["200"]["content"]) == {"text/plain"}
    assert "content" not in paths["/v1/carriers/{carrier}/delay"]["delete"]["responses"]["204"]

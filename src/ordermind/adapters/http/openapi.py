"""The OpenAPI document as a contract a client can be generated from.

FastAPI writes the paths and the request models; this pass adds what it cannot know:
each operation's success body (`responses.BY_OPERATION`), the problem+json answers of
the error statuses the operation can really meet, and the `bearerAuth` scheme in place
of the `Authorization` header parameter the key dependency declares. FastAPI's
`HTTPValidationError` goes: a 422 is a `Problem` like every other error."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from .problems import title
from .responses import BY_OPERATION, Documented, Media, NoContent, Problem
from .responses.base import PurgedReplay

REF = "#/components/schemas/{model}"
PROBLEM_REF = {"$ref": REF.format(model="Problem")}
WRITES = {"post", "put", "patch", "delete"}
METHODS = WRITES | {"get", "head", "options"}

# Why each error status happens, as its response's description.
WHY = {
    400: "a malformed header (an Idempotency-Key of more than 255 or unprintable characters)",
    401: "no API key, or one that is unknown, expired or revoked",
    403: "the key's role or channel may not do this",
    404: "nothing with an id the request names, or not visible to the key's channel",
    409: "the resource's state does not allow it now, or it changed meanwhile",
    413: "the request body is larger than the server accepts",
    422: "a value is invalid: `errors` lists every field, `detail` names the first",
    429: "too many requests from this key or address; wait `Retry-After` seconds",
    500: "an unexpected error; it was logged with the request id",
    503: "the database is busy or restarting; nothing was written, retry after `Retry-After`",
}


def install(app: FastAPI) -> None:
    """Serve the completed document at /openapi.json (built once, on first request)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def complete(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` (FastAPI's) with response models, problems and security; changed in place."""
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for hook in schema.get("webhooks", {}).values():  # what we send: the receiver answers
        for op in hook.values():
            op["responses"] = {"2XX": {"description": "received; anything else is retried"}}
    _add_models(schemas, [Problem, PurgedReplay, *_models()])
    components["securitySchemes"] = {
        "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "description": "an API key: `Authorization: Bearer om_...` (`ordermind keys create`)",
        }
    }
    for item in schema.get("paths", {}).values():
        for method, op in item.items():
            if method in METHODS:
                _complete_operation(method, op)
    return schema


def _models() -> list[type[BaseModel]]:
    seen: dict[str, type[BaseModel]] = {}
    for doc in BY_OPERATION.values():
        if isinstance(doc, type) and issubclass(doc, BaseModel):
            seen[doc.__name__] = doc
    return list(seen.values())


def _add_models(schemas: dict[str, Any], models: list[type[BaseModel]]) -> None:
    _, top = models_json_schema([(m, "serialization") for m in models], ref_template=REF)
    for name, definition in top.get("$defs", {}).items():
        if name in schemas and schemas[name] != definition:
            raise ValueError(f"two OpenAPI schemas are named {name}: rename one model")
        schemas[name] = definition


def _complete_operation(method: str, op: dict[str, Any]) -> None:
    responses: dict[str, Any] = op.setdefault("responses", {})
    responses.pop("422", None)  # FastAPI's HTTPValidationError: a Problem is sent instead
    needs_key = _drop_authorization_header(op)
    if needs_key:
        op["security"] = [{"bearerAuth": []}]
    params = op.get("parameters", [])
    idempotent = any(p["in"] == "header" and p["name"] == "idempotency-key" for p in params)
    successes = [code for code in responses if code.startswith("2")] or ["200"]
    documented = BY_OPERATION.get(op.get("operationId", ""))
    if documented is not None:  # (none: the contract test names the operation)
        for success in successes:  # (a route may answer 200 or 201, with one body)
            responses[success] = _success(documented, responses.get(success, {}), idempotent)
    declared = {int(code) for code in responses if code[0] in "45"}
    for status in sorted(_error_statuses(method, op, needs_key, idempotent) | declared):
        responses[str(status)] = {
            "description": responses.get(str(status), {}).get("description")
            or f"{title(status)}: {WHY[status]}",
            "content": {"application/problem+json": {"schema": PROBLEM_REF}},
        }
    if op.get("operationId") == "healthz":  # degraded: its own JSON body, not a problem
        responses["503"] = {
            "description": "the database is not reached",
            "content": {"application/json": {"schema": {"$ref": REF.format(model="Health")}}},
        }
    op["responses"] = dict(sorted(responses.items()))


def _error_statuses(method: str, op: dict[str, Any], needs_key: bool, idempotent: bool) -> set[int]:
    """The error statuses the operation can really answer."""
    params = op.get("parameters", [])
    has_body = "requestBody" in op
    statuses = {429, 500}  # the edge limits every address, with a key or without
    if op.get("operationId") != "healthz":
        statuses.add(503)
    if needs_key or op.get("operationId") == "sign_in":  # (sign-in takes its key in the body)
        statuses |= {401, 403}
    if has_body or any(p["in"] == "path" for p in params):
        statuses.add(404)  # a path id, or one the body names (an order, a SKU, a node)
    if method in WRITES:
        statuses.add(409)
    if has_body:
        statuses |= {413, 422}
    if params:
        statuses.add(422)
    if idempotent:
        statuses.add(400)
    return statuses


def _drop_authorization_header(op: dict[str, Any]) -> bool:
    """Remove the `Authorization` header parameter (the security scheme says it);
    whether the operation had it, i.e. needs a key."""
    params = op.get("parameters", [])
    kept = [p for p in params if not (p.get("in") == "header" and p["name"] == "authorization")]
    if len(kept) == len(params):
        return False
    if kept:
        op["parameters"] = kept
    else:
        op.pop("parameters", None)
    return True


def _success(documented: Documented, current: dict[str, Any], idempotent: bool) -> dict[str, Any]:
    description = current.get("description") or "Successful Response"
    if isinstance(documented, NoContent):
        return {"description": documented.description}
    if isinstance(documented, Media):
        body: dict[str, Any] = {"type": "string"}
        if documented.binary:
            body["format"] = "binary"
        return {
            "description": documented.description,
            "content": {media: {"schema": body} for media in documented.media_types},
        }
    body = {"$ref": REF.format(model=documented.__name__)}
    if idempotent:  # a retry answers the first answer, or its id once that was purged
        body = {"anyOf": [body, {"$ref": REF.format(model="PurgedReplay")}]}
        description += "; a retry with the same Idempotency-Key gets the first answer again"
    return {"description": description, "content": {"application/json": {"schema": body}}}

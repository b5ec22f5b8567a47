"""Request-scoped helpers: who is calling, a unit of work, JSON answers, idempotency."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import orjson
from fastapi import Header, Request
from starlette.responses import Response

from ordermind.adapters.db.unit_of_work import SqlUnitOfWork

from .auth import Principal
from .problems import ApiError


def json_response(body: object, status: int = 200, headers: dict | None = None) -> Response:
    return Response(
        orjson.dumps(body, default=str, option=orjson.OPT_NON_STR_KEYS),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


def principal(request: Request, authorization: str | None = Header(default=None)) -> Principal:
    return request.app.state.verifier.verify(authorization)


def uow(request: Request, readonly: bool = False) -> SqlUnitOfWork:
    return SqlUnitOfWork(request.app.state.engine, readonly=readonly)


def idempotent_create(
    request: Request,
    who: Principal,
    key: str | None,
    payload: dict,
    create: Callable[[SqlUnitOfWork], tuple[int, dict]],
) -> Response:
    """Run `create` in one transaction. With an Idempotency-Key the first result is stored
    in that same transaction and every retry gets it back instead of a second create."""
    if key is not None and not (1 <= len(key) <= 255 and key.isprintable()):
        raise ApiError(400, "Idempotency-Key must be 1-255 printable characters", "bad_header")
    digest = hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()
    # per key and endpoint; the path is hashed so long codes never truncate into a collision
    scope = f"{who.key_id}:{hashlib.sha256(request.url.path.encode()).hexdigest()[:40]}"
    with uow(request) as work:
        if key is not None:
            stored = work.idempotency.claim(scope, key, digest)
            if stored is not None:
                if stored.request_hash != digest:
                    raise ApiError(
                        422,
                        "this Idempotency-Key was used with a different request",
                        "idempotency_key_reused",
                    )
                return json_response(
                    stored.body, stored.status_code, {"Idempotent-Replayed": "true"}
                )
        status, body = create(work)
        if key is not None:
            work.idempotency.store(scope, key, status, body)
        work.commit()
    return json_response(body, status)


def page(items: list[dict], limit: int, cursor_of: Callable[[dict], object]) -> dict:
    nxt = str(cursor_of(items[-1])) if len(items) == limit and items else None
    return {"items": items, "next_cursor": nxt}

"""Request-scoped helpers: who is calling, a unit of work, JSON answers, idempotency."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

import orjson
from fastapi import Header, Request
from starlette.responses import Response

from ordermind.adapters.db.retry import with_retries
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.adapters.webhooks import vault

from . import sessions
from .auth import Principal
from .problems import ApiError

T = TypeVar("T")
SEALED = "sealed_answer"  # the one key of a stored answer kept encrypted


def json_response(body: object, status: int = 200, headers: dict | None = None) -> Response:
    return Response(
        orjson.dumps(body, default=str, option=orjson.OPT_NON_STR_KEYS),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


def principal(request: Request, authorization: str | None = Header(default=None)) -> Principal:
    if authorization is None and sessions.COOKIE in request.cookies:
        return sessions.of(request.app).verify(request)  # the console's (CSRF-checked)
    client = request.client.host if request.client else None
    return request.app.state.verifier.verify(authorization, client)


def uow(request: Request, readonly: bool = False) -> SqlUnitOfWork:
    return SqlUnitOfWork(request.app.state.engine, readonly=readonly)


def write(request: Request, change: Callable[[SqlUnitOfWork], T]) -> T:
    """Run `change` in a unit of work and commit it; run it again from fresh reads when
    the database could not finish it for a passing reason (a deadlock, a lock wait, an
    order saved by someone else meanwhile). `change` must not act outside the unit of
    work, since it may run more than once."""

    def attempt() -> T:
        with uow(request) as work:
            result = change(work)
            work.commit()
        return result

    return with_retries(attempt)


def idempotent_create(
    request: Request,
    who: Principal,
    key: str | None,
    payload: dict,
    create: Callable[[SqlUnitOfWork], tuple[int, dict]],
    unit_of_work: Callable[[], SqlUnitOfWork] | None = None,
    *,
    sealed: bool = False,
) -> Response:
    """Run `create` in one transaction (again from fresh reads after a passing failure, as
    `write` does). With an Idempotency-Key the first result is stored in that same
    transaction and every retry gets it back instead of a second create. `sealed`: the
    answer carries a secret shown once, so it is stored encrypted under the secret key."""
    engine = request.app.state.engine
    return run_idempotent(
        request.url.path,
        who,
        key,
        payload,
        create,
        unit_of_work or (lambda: SqlUnitOfWork(engine)),
        sealed=sealed,
    )


def run_idempotent(
    path: str,
    who: Principal,
    key: str | None,
    payload: dict,
    create: Callable[[SqlUnitOfWork], tuple[int, dict]],
    unit_of_work: Callable[[], SqlUnitOfWork],
    *,
    sealed: bool = False,
) -> Response:
    """`idempotent_create` for a caller that has no Request (the order fast path)."""
    if key is not None and not (1 <= len(key) <= 255 and key.isprintable()):
        raise ApiError(400, "Idempotency-Key must be 1-255 printable characters", "bad_header")
    digest = hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()
    # per key and endpoint; the path is hashed so long codes never truncate into a collision
    scope = f"{who.key_id}:{hashlib.sha256(path.encode()).hexdigest()[:40]}"

    def attempt() -> Response:
        with unit_of_work() as work:
            if key is not None:
                stored = work.idempotency.claim(scope, key, digest)
                if stored is not None:
                    return replay(stored, digest)
            status, body = create(work)
            if key is not None:
                kept = {SEALED: vault.seal_json(body)} if sealed else body
                work.idempotency.store(scope, key, status, kept)
            work.commit()
        return json_response(body, status)

    return with_retries(attempt)


def replay(stored, digest: str) -> Response:
    """The first answer given for an Idempotency-Key, if this is the same request."""
    if stored.request_hash != digest:
        raise ApiError(
            422, "this Idempotency-Key was used with a different request", "idempotency_key_reused"
        )
    body = stored.body
    if isinstance(body, dict) and set(body) == {SEALED}:
        body = vault.unseal_json(body[SEALED])
    return json_response(body, stored.status_code, {"Idempotent-Replayed": "true"})


def page(items: list[dict], limit: int, cursor_of: Callable[[dict], object]) -> dict:
    nxt = str(cursor_of(items[-1])) if len(items) == limit and items else None
    return {"items": items, "next_cursor": nxt}

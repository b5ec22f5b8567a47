"""`POST /v1/orders` served beside the framework, for the well-formed request.

Placing an order is the one request a store serves thousands of times an hour, and on
this path most of a worker's CPU went to the framework around it (route matching,
dependency solving, the exception and body-limit middleware layers), not to the order.
The edge middleware hands an order sent as JSON to `handle`, which validates it with the
route's own model, then verifies the key and runs the route's own code
(`routers.orders.place_new_order`) in the thread pool, and renders any error with the same
problem answers (`problems.render`). A body that does not validate, or another content
type, goes to the framework, which answers it as it always has, so the two never disagree
on what is an error.

On PostgreSQL a key the verifier has cached is not checked with a round trip of its own:
the placement's first read returns the keys' version beside everything else and confirms
it before anything is decided (`placement.KeysCheck`); if it moved, or anything failed
before it was confirmed, the key is verified afresh and the order starts again."""

from __future__ import annotations

import asyncio
import contextvars
import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from pydantic import ValidationError
from starlette.responses import Response

from ordermind.adapters.db.placement import KeysCheck, PlacementUnitOfWork

from . import problems
from .problems import ApiError
from .routers.orders import place_new_order
from .schemas import OrderIn

PATH = "/v1/orders"


def wants(scope: dict, headers: dict[bytes, bytes]) -> bool:
    """Whether the request is one the fast path may take."""
    return (
        scope["method"] == "POST"
        and scope["path"] == PATH
        and headers.get(b"content-type", b"").split(b";")[0].strip() == b"application/json"
        and b"authorization" in headers  # a console session's order: the framework's checks
    )


async def handle(
    app, headers: dict[bytes, bytes], body: bytes, client: str | None = None
) -> Response | None:
    """The answer, or None to leave the request to the framework."""
    try:
        order = OrderIn.model_validate_json(body)
    except ValidationError:
        return None  # the framework says what is wrong, in its own words
    authorization = headers.get(b"authorization")
    key = headers.get(b"idempotency-key")
    try:
        # on a thread of the orders' own (placing reads the database), with this request's
        # context (its id and masking for the log lines written there)
        return await asyncio.get_running_loop().run_in_executor(
            _threads(),
            contextvars.copy_context().run,
            _place,
            app.state,
            authorization.decode("latin-1") if authorization else None,
            order,
            key.decode("latin-1") if key is not None else None,
            client,
        )
    except Exception as exc:
        return problems.render(exc, PATH)


@cache
def _threads() -> ThreadPoolExecutor:
    """The threads orders are placed on, ORDERMIND_ORDER_THREADS (default 16) per process.
    asyncio's executor hand-off costs a fraction of anyio's `to_thread` (a capacity
    limiter, a cancel scope and a worker-thread queue per call), and orders do not queue
    for threads behind uploads and reads, which take the framework's pool."""
    return ThreadPoolExecutor(
        max_workers=int(os.environ.get("ORDERMIND_ORDER_THREADS", "16")),
        thread_name_prefix="order",
    )


def _place(
    state,
    authorization: str | None,
    order: OrderIn,
    idempotency_key: str | None,
    client: str | None = None,
) -> Response:
    # In the thread: verifying a key reads the database.
    verifier = state.verifier
    cached = verifier.cached(authorization) if _confirms_keys(state.engine) else None
    if cached is None:
        who = verifier.verify(authorization, client)
        return place_new_order(state, PATH, who, order, idempotency_key)
    # A key cached at a `keys` version: the placement's first read confirms the version
    # (no round trip of its own). Until it has, any answer might be the stale key's:
    # on any failure before it, the key is verified afresh and the order starts again
    # (nothing was written: placement.KeysCheck).
    who, version = cached
    try:
        verifier.admit(who)
    except ApiError:
        verifier.verify(authorization, client, charge=False)  # a revoked key: 401 first
        raise
    check = KeysCheck(version)
    try:
        return place_new_order(state, PATH, who, order, idempotency_key, check)
    except Exception:
        if check.confirmed:
            raise
    who = verifier.verify(authorization, client, charge=False)
    return place_new_order(state, PATH, who, order, idempotency_key)


def _confirms_keys(engine) -> bool:
    """Whether the placement's read returns the `keys` version (PostgreSQL's does)."""
    return PlacementUnitOfWork.pg_engine(engine)

"""`POST /v1/orders` served beside the framework, for the well-formed request.

Placing an order is the one request a store serves thousands of times an hour, and on
this path most of a worker's CPU went to the framework around it (route matching,
dependency solving, the exception and body-limit middleware layers), not to the order.
The edge middleware hands an order sent as JSON to `handle`, which validates it with the
route's own model, then verifies the key and runs the route's own code
(`routers.orders.place_new_order`) in the thread pool, and renders any error with the same
problem answers (`problems.render`). A body that does not validate, or another content
type, goes to the framework, which answers it as it always has, so the two never disagree
on what is an error."""

from __future__ import annotations

from anyio import to_thread
from pydantic import ValidationError
from starlette.responses import Response

from . import problems
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
        return await to_thread.run_sync(
            _place,
            app.state,
            authorization.decode("latin-1") if authorization else None,
            order,
            key.decode("latin-1") if key is not None else None,
            client,
        )
    except Exception as exc:
        return problems.render(exc, PATH)


def _place(
    state,
    authorization: str | None,
    order: OrderIn,
    idempotency_key: str | None,
    client: str | None = None,
) -> Response:
    # In the thread: verifying a key reads the database.
    who = state.verifier.verify(authorization, client)
    return place_new_order(state, PATH, who, order, idempotency_key)

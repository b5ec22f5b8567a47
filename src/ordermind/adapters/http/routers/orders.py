from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from starlette.responses import Response

from ordermind.adapters.db.placement import KeysChanged, KeysCheck, PlacementUnitOfWork
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.errors import Forbidden, NotFound, ValidationFailed
from ordermind.domain.orders import Address, Customer, OrderStatus
from ordermind.services import care, fulfilment, ordering, priority
from ordermind.services.commands import (
    CancelOrder,
    ChangeOrder,
    OrderLineInput,
    PlaceHold,
    PlaceOrder,
)
from ordermind.services.screening import RiskContext
from ordermind.services.unit_of_work import OrderFilter

from ..auth import Principal, Role, channel_filter, require
from ..deps import json_response, page, principal, run_idempotent, uow, write
from ..permissions import Perm
from ..schemas import CancelIn, HoldIn, HoldReleaseIn, OrderChangeIn, OrderIn
from ..views import invoice_view, order_view, priority_view

T = TypeVar("T")

router = APIRouter(prefix="/v1/orders", tags=["orders"])
OrderId = Annotated[int, Path(gt=0, le=2**62)]


def _address(a) -> Address:
    return Address(**a.model_dump())


@router.post("", status_code=201, summary="Place an order (or a draft quote)")
def create_order(
    body: OrderIn,
    request: Request,
    idempotency_key: Annotated[str | None, Header()] = None,
    who: Principal = Depends(principal),
):
    return place_new_order(request.app.state, request.url.path, who, body, idempotency_key)


def place_new_order(
    state,
    path: str,
    who: Principal,
    body: OrderIn,
    idempotency_key: str | None,
    keys: KeysCheck | None = None,
) -> Response:
    """Place the order `body` for `who`: the route above, and the fast path that serves
    well-formed orders without the framework's routing (adapters/http/fast_path.py).
    `keys`: the version `who`'s key was cached at, for the placement's read to confirm
    (the fast path's key check without a round trip of its own)."""
    require(who, Perm.ORDERS_CREATE)
    if who.role is Role.CHANNEL and body.channel != who.channel:
        raise Forbidden(f"this key may only place orders for channel {who.channel}")
    cmd = PlaceOrder(
        channel=body.channel,
        currency=body.currency,
        customer=Customer(body.customer.email, body.customer.name, body.customer.segment),
        ship_to=_address(body.ship_to),
        lines=[OrderLineInput(ln.sku, ln.quantity, ln.unit_price) for ln in body.lines],
        external_id=body.external_id,
        requested_delivery_date=body.requested_delivery_date,
        draft=body.draft,
        pickup_node=body.pickup_node,
    )

    context = RiskContext(**body.risk_context.model_dump()) if body.risk_context else None
    screener = state.screener
    screened = screener is not None and not cmd.draft
    placed: list = []
    query = None
    attempts = 0

    def unit_of_work() -> SqlUnitOfWork:
        # The first attempt reads optimistically and writes in one short step; if what it
        # read changed before the write (the last units taken, the buyer's velocity moved),
        # the next attempts lock as they go, so contention cannot make them fail again.
        nonlocal query, attempts
        attempts += 1
        query = ordering.placement_query(cmd, context, screened)  # each attempt reads afresh
        engine = state.engine
        if attempts == 1:
            return PlacementUnitOfWork(engine, query, keys)
        if keys is not None and not keys.confirmed:  # the first attempt failed before its read
            raise KeysChanged("the API key is unconfirmed: verify it first")
        return SqlUnitOfWork(engine)

    def create(work):
        order = ordering.place_order(
            work,
            cmd,
            who.actor,
            screener,
            context,
            query,
            may_set_prices=Perm.PRICES_SET in who.permissions,
        )
        placed[:] = [order]
        return 201, order_view(order)

    response = run_idempotent(
        path, who, idempotency_key, body.model_dump(mode="json"), create, unit_of_work
    )
    if placed and response.status_code == 201:  # counted once, whatever the retries
        state.metrics.order_placed(placed[0])
    return response


@router.get("", summary="List orders, newest first, by cursor")
def list_orders(
    request: Request,
    status: Annotated[str | None, Query(max_length=32)] = None,
    channel: Annotated[str | None, Query(max_length=64)] = None,
    sku: Annotated[str | None, Query(max_length=64)] = None,
    customer: Annotated[str | None, Query(max_length=254)] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    created_from: datetime | None = None,
    created_to: datetime | None = None,
    cursor: Annotated[int | None, Query(gt=0, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    who: Principal = Depends(principal),
):
    require(who, Perm.ORDERS_READ)
    flt = order_filter(who, status, channel, sku, customer, q, created_from, created_to)
    with uow(request, readonly=True) as work:
        items = [order_view(o) for o in work.orders.page(flt, cursor, limit)]
    return json_response(page(items, limit, lambda o: o["id"]))


def order_filter(
    who: Principal,
    status: str | None,
    channel: str | None,
    sku: str | None,
    customer: str | None,
    q: str | None,
    created_from: datetime | None,
    created_to: datetime | None,
) -> OrderFilter:
    """The search the list (and its CSV export) runs, within what `who` may see."""
    if status is not None and status not in set(OrderStatus):
        known = [str(x) for x in OrderStatus]
        raise ValidationFailed(
            f"unknown status {status!r}; one of {', '.join(known)}", allowed=known
        )
    return OrderFilter(
        status=status,
        channel=channel_filter(who, channel),
        sku=sku,
        customer=customer,
        q=q,
        created_from=created_from,
        created_to=created_to,
    )


@router.get("/{order_id}", summary="Get an order with its lines, buckets and allocations")
def get_order(order_id: OrderId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.ORDERS_READ)
    with uow(request, readonly=True) as work:
        order = ordering.get_order(work, order_id, who.channel_scope)
        rank = priority.waiting_priority(work, order)
        risk = care.delay_risk(work, order_id)  # the latest delay score, if scored
    return json_response(order_view(order, risk) | {"priority": priority_view(rank)})


@router.get("/{order_id}/events", summary="The order's timeline")
def list_order_events(order_id: OrderId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.ORDERS_READ)
    with uow(request, readonly=True) as work:
        ordering.get_order(work, order_id, who.channel_scope)
        return json_response({"items": work.orders.events(order_id)})


@router.get("/{order_id}/invoices", summary="Invoices issued for the order's shipments")
def list_order_invoices(order_id: OrderId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.FULFILMENT_READ)
    with uow(request, readonly=True) as work:
        order = ordering.get_order(work, order_id, who.channel_scope)
    return json_response({"items": [invoice_view(order, i) for i in order.invoices]})


def _mutate(request: Request, fn: Callable[[SqlUnitOfWork], T]) -> T:
    return write(request, fn)


@router.post("/{order_id}/cancel", summary="Cancel the whole order or some line quantities")
def cancel_order(
    order_id: OrderId,
    request: Request,
    body: CancelIn | None = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.ORDERS_CHANGE)
    body = body or CancelIn()
    lines = None if body.lines is None else [(ln.sku, ln.quantity) for ln in body.lines]
    cmd = CancelOrder(order_id, body.reason, lines)
    order = _mutate(request, lambda w: ordering.cancel_order(w, cmd, who.actor))
    return json_response(order_view(order))


@router.patch("/{order_id}", summary="Change lines, address or date before release; re-sources")
def change_order(
    order_id: OrderId, body: OrderChangeIn, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.ORDERS_CHANGE)
    cmd = ChangeOrder(
        order_id,
        ship_to=None if body.ship_to is None else _address(body.ship_to),
        lines=None
        if body.lines is None
        else [OrderLineInput(ln.sku, ln.quantity, ln.unit_price) for ln in body.lines],
        requested_delivery_date=body.requested_delivery_date,
    )
    order = _mutate(request, lambda w: ordering.change_order(w, cmd, who.actor))
    return json_response(order_view(order))


@router.post("/{order_id}/holds", status_code=201, summary="Put the order on hold")
def hold_order(
    order_id: OrderId,
    request: Request,
    body: HoldIn | None = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.ORDERS_CHANGE)
    body = body or HoldIn()
    cmd = PlaceHold(order_id, body.reason, body.note)
    order, h = _mutate(request, lambda w: fulfilment.place_hold(w, cmd, who.actor))
    return json_response({"hold_id": h.id, "order": order_view(order)}, 201)


@router.post("/{order_id}/holds/{hold_id}/release", summary="Release a hold")
def release_hold(
    order_id: OrderId,
    hold_id: Annotated[str, Path(max_length=32)],
    request: Request,
    body: HoldReleaseIn | None = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.ORDERS_CHANGE)
    resolution = body.resolution if body else None
    order = _mutate(
        request, lambda w: fulfilment.release_hold(w, order_id, hold_id, who.actor, resolution)
    )
    return json_response(order_view(order))


@router.post("/{order_id}/release", summary="Release allocated units to their nodes")
def release_order(order_id: OrderId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.ORDERS_OPERATE)
    order = _mutate(request, lambda w: fulfilment.release_order(w, order_id, who.actor))
    return json_response(order_view(order))


@router.post("/{order_id}/place", summary="Turn a draft into a live order and source it")
def place_draft(order_id: OrderId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.ORDERS_CREATE)
    order = _mutate(
        request,
        lambda w: ordering.place_draft(
            w, order_id, who.actor, who.channel_scope, request.app.state.screener
        ),
    )
    return json_response(order_view(order))


@router.post("/{order_id}/close", summary="Close a delivered order")
def close_order(order_id: OrderId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.ORDERS_OPERATE)
    order = _mutate(request, lambda w: ordering.close_order(w, order_id, who.actor))
    if order is None:
        raise NotFound("order not found")
    return json_response(order_view(order))


@router.get(
    "/{order_id}/documents/{kind}",
    summary="Outbound document: x12-855, x12-856, x12-810 or ubl-order-response",
)
def get_order_document(
    order_id: OrderId,
    kind: Annotated[str, Path(max_length=32)],
    request: Request,
    ref: Annotated[str | None, Query(max_length=32)] = None,
    who: Principal = Depends(principal),
):
    from starlette.responses import Response

    from ordermind.services import documents

    require(who, Perm.ORDERS_READ)
    with uow(request, readonly=True) as work:
        order = ordering.get_order(work, order_id, who.channel_scope)
    body, media = documents.render(order, kind, ref=ref)
    return Response(body, media_type=media)

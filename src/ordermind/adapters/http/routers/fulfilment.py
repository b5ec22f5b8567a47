from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request

from ordermind.domain.errors import NotFound
from ordermind.services import fulfilment, returns
from ordermind.services.commands import ReceiveReturn, RequestReturn, ShipLines

from ..auth import Principal, require
from ..deps import idempotent_create, json_response, principal, uow, write
from ..permissions import Perm
from ..schemas import AuthoriseIn, ReceiveIn, RefundIn, ReturnIn, ShipmentIn
from ..views import order_view, return_view, shipment_view

router = APIRouter(prefix="/v1", tags=["fulfilment"])
ChildId = Annotated[str, Path(min_length=1, max_length=32)]


@router.post("/shipments", status_code=201, summary="Ship released units from one node")
def create_shipment(
    body: ShipmentIn,
    request: Request,
    idempotency_key: Annotated[str | None, Header()] = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.FULFILMENT_WRITE)
    cmd = ShipLines(
        body.order_id,
        body.node,
        [(ln.sku, ln.quantity) for ln in body.lines],
        body.carrier,
        body.service,
        body.tracking,
        body.packages,
    )

    def create(work):
        order, shipment = fulfilment.ship(work, cmd, who.actor)
        return 201, {**shipment_view(order, shipment), "order": order_view(order)}

    return idempotent_create(request, who, idempotency_key, body.model_dump(), create)


@router.get("/shipments/{shipment_id}", summary="Get a shipment")
def get_shipment(shipment_id: ChildId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.FULFILMENT_READ)
    with uow(request, readonly=True) as work:
        order_id = work.orders.order_id_for_shipment(shipment_id)
        order = work.orders.get(order_id) if order_id else None
    if order is None or (who.channel_scope and order.channel != who.channel_scope):
        raise NotFound(f"shipment {shipment_id} not found")
    shipment = next(s for s in order.shipments if s.id == shipment_id)
    return json_response(shipment_view(order, shipment))


@router.post("/shipments/{shipment_id}/deliver", summary="Record proof of delivery")
def deliver_shipment(shipment_id: ChildId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.FULFILMENT_WRITE)
    order, shipment = write(request, lambda work: fulfilment.deliver(work, shipment_id, who.actor))
    return json_response({**shipment_view(order, shipment), "order": order_view(order)})


@router.post("/returns", status_code=201, summary="Request a return (RMA) against shipped lines")
def create_return(
    body: ReturnIn,
    request: Request,
    idempotency_key: Annotated[str | None, Header()] = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.RETURNS_CREATE)
    cmd = RequestReturn(body.order_id, [(ln.sku, ln.quantity, ln.reason) for ln in body.lines])

    def create(work):
        order, rma = returns.request_return(work, cmd, who.actor)
        return 201, return_view(order, rma)

    return idempotent_create(request, who, idempotency_key, body.model_dump(), create)


def _rma_answer(request: Request, rma_id: str, rma) -> object:
    with uow(request, readonly=True) as work:
        order = work.orders.get(work.orders.order_id_for_return(rma_id))  # type: ignore[arg-type]
    return json_response({**return_view(order, rma), "order": order_view(order)})  # type: ignore[arg-type]


@router.get("/returns/{rma_id}", summary="Get a return")
def get_return(rma_id: ChildId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.FULFILMENT_READ)
    with uow(request, readonly=True) as work:
        order_id = work.orders.order_id_for_return(rma_id)
        order = work.orders.get(order_id) if order_id else None
    if order is None or (who.channel_scope and order.channel != who.channel_scope):
        raise NotFound(f"return {rma_id} not found")
    return json_response(return_view(order, next(r for r in order.returns if r.id == rma_id)))


@router.post("/returns/{rma_id}/authorise", summary="Authorise (or reject) a return")
def authorise_return(
    rma_id: ChildId,
    request: Request,
    body: AuthoriseIn | None = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.RETURNS_CREATE)
    body = body or AuthoriseIn()
    rma = write(
        request,
        lambda work: returns.authorise_return(
            work, rma_id, who.actor, body.node, body.approve, body.note
        ),
    )
    return _rma_answer(request, rma_id, rma)


@router.post("/returns/{rma_id}/receive", summary="Goods received: restock, refurbish or scrap")
def receive_return(
    rma_id: ChildId,
    request: Request,
    body: ReceiveIn | None = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.FULFILMENT_WRITE)
    body = body or ReceiveIn()
    rma = write(
        request,
        lambda work: returns.receive_return(
            work, ReceiveReturn(rma_id, body.dispositions), who.actor
        ),
    )
    return _rma_answer(request, rma_id, rma)


@router.post("/returns/{rma_id}/refund", summary="Refund a received return")
def refund_return(
    rma_id: ChildId,
    request: Request,
    body: RefundIn | None = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.FULFILMENT_WRITE)
    rma = write(
        request,
        lambda work: returns.refund_return(work, rma_id, who.actor, body.amount if body else None),
    )
    return _rma_answer(request, rma_id, rma)

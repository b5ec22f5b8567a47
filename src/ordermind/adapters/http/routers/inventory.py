from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request

from ordermind.domain.network import InboundSupply
from ordermind.services import inventory as svc

from ..auth import Principal, require
from ..deps import idempotent_create, json_response, principal, uow, write
from ..permissions import Perm
from ..schemas import AdjustmentIn, StockIn, SupplyIn
from ..views import position_view, supply_view
from .catalog import CodePath

router = APIRouter(prefix="/v1", tags=["inventory"])


@router.put("/inventory/{node}/{sku}", summary="Set counted stock and safety stock")
def put_stock(
    node: CodePath,
    sku: CodePath,
    body: StockIn,
    request: Request,
    who: Principal = Depends(principal),
):
    require(who, Perm.INVENTORY_WRITE)
    pos = write(
        request,
        lambda work: svc.set_stock(work, node, sku, body.on_hand, body.safety_stock, who.actor),
    )
    return json_response(position_view(pos))


@router.post(
    "/inventory/{node}/{sku}/adjustments",
    status_code=201,
    summary="Add or remove stock with a reason",
)
def adjust_stock(
    node: CodePath,
    sku: CodePath,
    body: AdjustmentIn,
    request: Request,
    idempotency_key: Annotated[str | None, Header()] = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.INVENTORY_WRITE)

    def create(work):
        pos = svc.adjust_stock(work, node, sku, body.delta, body.reason, who.actor)
        return 201, position_view(pos)

    return idempotent_create(
        request, who, idempotency_key, {"node": node, "sku": sku, **body.model_dump()}, create
    )


@router.get("/inventory", summary="Stock positions per node")
def list_stock(
    request: Request,
    sku: Annotated[str | None, Query(max_length=64)] = None,
    node: Annotated[str | None, Query(max_length=64)] = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.INVENTORY_READ)
    with uow(request, readonly=True) as work:
        items = [position_view(p) for p in work.inventory.find(sku=sku, node=node)]
    return json_response({"items": items})


@router.post("/inbound", status_code=201, summary="Register inbound supply (PO or transfer)")
def add_supply(
    body: SupplyIn,
    request: Request,
    idempotency_key: Annotated[str | None, Header()] = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.INVENTORY_WRITE)

    def create(work):
        supply = svc.add_supply(work, InboundSupply(id=None, **body.model_dump()))
        return 201, supply_view(supply)

    return idempotent_create(request, who, idempotency_key, body.model_dump(mode="json"), create)


@router.get("/inbound", summary="Open inbound supply")
def list_supply(
    request: Request,
    sku: Annotated[str | None, Query(max_length=64)] = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.INVENTORY_READ)
    with uow(request, readonly=True) as work:
        return json_response({"items": [supply_view(s) for s in work.supply.find(sku=sku)]})


@router.post("/inbound/{supply_id}/receive", summary="Goods arrived: add them to stock")
def receive_supply(
    supply_id: Annotated[int, Path(gt=0, le=2**62)],
    request: Request,
    who: Principal = Depends(principal),
):
    require(who, Perm.INVENTORY_WRITE)
    pos = write(request, lambda work: svc.receive_supply(work, supply_id, who.actor))
    return json_response(position_view(pos))

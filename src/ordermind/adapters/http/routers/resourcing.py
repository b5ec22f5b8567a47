"""Re-source an order to a chosen node (`services.resourcing`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from ordermind.services.resourcing import resource_to

from ..auth import Principal, require
from ..deps import json_response, principal, write
from ..permissions import Perm
from ..schemas import Code, Strict
from ..views import order_view

router = APIRouter(prefix="/v1/orders", tags=["orders"])


class ResourceIn(Strict):
    node: Code


@router.post(
    "/{order_id}/resource",
    summary="Move every unreleased unit to one chosen node, all or nothing",
)
def resource_order(
    order_id: Annotated[int, Path(gt=0, le=2**62)],
    body: ResourceIn,
    request: Request,
    who: Principal = Depends(principal),
):
    require(who, Perm.ORDERS_OPERATE)  # which node ships is the network's call
    order = write(
        request, lambda work: resource_to(work, order_id, body.node, who.actor, who.channel_scope)
    )
    return json_response(order_view(order))

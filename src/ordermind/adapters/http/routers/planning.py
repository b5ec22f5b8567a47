from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import Field, StrictInt

from ordermind.services import planning as svc

from ..auth import Principal, require
from ..deps import json_response, principal, uow, write
from ..permissions import Perm
from ..schemas import Strict, SupplierTermsIn

router = APIRouter(prefix="/v1", tags=["planning"])
ProposalId = Annotated[int, Path(gt=0, le=2**62)]


@router.get("/forecasts", summary="The latest demand forecast per SKU and node")
def list_forecasts(
    request: Request,
    sku: Annotated[str | None, Query(max_length=64)] = None,
    node: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    who: Principal = Depends(principal),
):
    require(who, Perm.PLANNING_READ)
    with uow(request, readonly=True) as work:
        return json_response({"items": work.planning.forecasts(sku, node, limit)})


@router.put("/supplier-terms/{sku}", summary="Supplier, MOQ, pack size and lead time for a SKU")
def put_supplier_terms(
    sku: Annotated[str, Path(min_length=1, max_length=64)],
    body: SupplierTermsIn,
    request: Request,
    who: Principal = Depends(principal),
):
    require(who, Perm.PLANNING_WRITE)

    from ordermind.services.planning import put_supplier_terms

    write(request, lambda work: put_supplier_terms(work, sku, body.model_dump(), who.actor))
    return json_response({"sku": sku, **body.model_dump()})


@router.get("/replenishment/proposals", summary="Purchase orders and transfers to approve")
def list_proposals(
    request: Request,
    status: Annotated[
        str | None, Query(pattern="^(proposed|approved|rejected|superseded)$")
    ] = "proposed",
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    who: Principal = Depends(principal),
):
    require(who, Perm.PLANNING_READ)
    with uow(request, readonly=True) as work:
        return json_response({"items": work.planning.proposals(status, limit)})


@router.post(
    "/replenishment/proposals/{proposal_id}/approve",
    summary="Approve: creates inbound supply (and moves stock out for a transfer)",
)
def approve_proposal(
    proposal_id: ProposalId, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.PLANNING_WRITE)
    out = write(request, lambda work: svc.decide_proposal(work, proposal_id, True, who.actor))
    return json_response(out)


@router.post("/replenishment/proposals/{proposal_id}/reject", summary="Reject a proposal")
def reject_proposal(proposal_id: ProposalId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.PLANNING_WRITE)
    out = write(request, lambda work: svc.decide_proposal(work, proposal_id, False, who.actor))
    return json_response(out)


class ProposalEditIn(Strict):
    quantity: Annotated[StrictInt, Field(gt=0, le=10**7)]


@router.patch(
    "/replenishment/proposals/{proposal_id}",
    summary="Change a proposal's quantity before a decision",
)
def edit_proposal(
    proposal_id: ProposalId,
    body: ProposalEditIn,
    request: Request,
    who: Principal = Depends(principal),
):
    require(who, Perm.PLANNING_WRITE)
    out = write(
        request, lambda work: svc.edit_proposal(work, proposal_id, body.quantity, who.actor)
    )
    return json_response(out)

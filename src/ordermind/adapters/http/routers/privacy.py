"""A customer's personal data, for admins: erase (pseudonymise) and export, by customer
id (`cus_...`, see `services.privacy`) or by e-mail; the retention of customer data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import Field, StrictBool, StrictInt

from ordermind.domain.clock import utcnow
from ordermind.services import privacy

from ..auth import Principal, require
from ..deps import json_response, principal, uow, write
from ..permissions import Perm
from ..schemas import Strict

router = APIRouter(prefix="/v1", tags=["privacy"])
Customer = Annotated[str, Path(min_length=1, max_length=254, description="cus_... or e-mail")]


class CustomerEmailIn(Strict):
    email: Annotated[str, Field(min_length=3, max_length=254)]


Days = Annotated[StrictInt, Field(ge=0, le=privacy.MAX_RETENTION_DAYS)]


class RetentionIn(Strict):
    idempotency_responses: Days | None = None
    raw_documents: Days | None = None


class EraseIn(CustomerEmailIn):
    force: StrictBool = False


Force = Annotated[
    bool,
    Query(description="erase also a customer with orders still to be shipped (409 without)"),
]


@router.post("/customers/{customer}/erase", summary="Erase a customer's personal data")
def erase_customer(
    customer: Customer,
    request: Request,
    force: Force = False,
    who: Principal = Depends(principal),
):
    require(who, Perm.CUSTOMERS_PRIVACY)
    done = write(request, lambda work: privacy.erase_customer(work, customer, who.actor, force))
    return json_response(done.as_dict())


@router.post("/customers/erase", summary="Erase the personal data of the customer of an e-mail")
def erase_customer_by_email(body: EraseIn, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.CUSTOMERS_PRIVACY)
    done = write(
        request, lambda work: privacy.erase_customer(work, body.email, who.actor, body.force)
    )
    return json_response(done.as_dict())


@router.get("/customers/{customer}/export", summary="Everything stored of a customer, as JSON")
def export_customer(customer: Customer, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.CUSTOMERS_PRIVACY)
    return json_response(
        write(request, lambda work: privacy.export_customer(work, customer, who.actor))
    )


@router.post("/customers/export", summary="Everything stored of the customer of an e-mail")
def export_customer_by_email(
    body: CustomerEmailIn, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.CUSTOMERS_PRIVACY)
    return json_response(
        write(request, lambda work: privacy.export_customer(work, body.email, who.actor))
    )


@router.get("/privacy/retention", summary="Days customer data is kept, per kind")
def get_retention(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.CUSTOMERS_PRIVACY)
    with uow(request, readonly=True) as work:
        return json_response(privacy.retention(work))


@router.put("/privacy/retention", summary="Change how many days customer data is kept")
def put_retention(body: RetentionIn, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.CUSTOMERS_PRIVACY)
    changes = body.model_dump(exclude_none=True)
    return json_response(
        write(request, lambda work: privacy.set_retention(work, changes, who.actor, utcnow()))
    )


@router.post("/privacy/purge", summary="Purge what is past its retention now")
def purge_expired(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.CUSTOMERS_PRIVACY)
    return json_response(write(request, lambda work: privacy.purge(work, utcnow())))

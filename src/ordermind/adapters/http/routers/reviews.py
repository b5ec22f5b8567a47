"""The review queue: orders held for a person (fraud, intake review, payment, ...)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from ordermind.domain.orders import HoldReason
from ordermind.services import reviews as svc

from ..auth import Principal, require
from ..deps import json_response, principal, uow, write
from ..permissions import Perm
from ..schemas import ReviewDecisionIn
from ..views import order_view

router = APIRouter(prefix="/v1/reviews", tags=["reviews"])
OrderId = Annotated[int, Path(gt=0, le=2**62)]
HoldId = Annotated[str, Path(min_length=1, max_length=32)]


@router.get("", summary="Orders waiting for a person, oldest first")
def list_reviews(
    request: Request,
    reason: HoldReason | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    who: Principal = Depends(principal),
):
    require(who, Perm.REVIEWS_READ)
    with uow(request, readonly=True) as work:
        items = svc.queue(work, None if reason is None else str(reason), limit)
    return json_response(
        {
            "items": [
                {
                    "order_id": i.order.id,
                    "hold": {
                        "id": i.hold.id,
                        "reason": str(i.hold.reason),
                        "note": i.hold.note,
                        "placed_at": i.hold.placed_at,
                    },
                    "order": order_view(i.order),
                    "document_id": i.document_id,
                }
                for i in items
            ]
        }
    )


@router.post(
    "/{order_id}/{hold_id}/{decision}",
    summary="Decide a held order: approve releases the hold, reject cancels the order",
)
def decide_review(
    order_id: OrderId,
    hold_id: HoldId,
    decision: Annotated[str, Path(pattern="^(approve|reject)$")],
    body: ReviewDecisionIn,
    request: Request,
    who: Principal = Depends(principal),
):
    require(who, Perm.REVIEWS_DECIDE)
    order = write(
        request, lambda work: svc.decide(work, order_id, hold_id, decision, body.reason, who.actor)
    )
    return json_response(order_view(order))

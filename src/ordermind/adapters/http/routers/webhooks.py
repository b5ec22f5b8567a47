from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request
from sqlalchemy import select

from ordermind.adapters.db import tables as t
from ordermind.adapters.db import webhook_subscriptions as subscriptions
from ordermind.adapters.db.sql import aware

from ..auth import ADMIN, Principal, require
from ..deps import idempotent_create, json_response, principal, write
from ..schemas import WebhookIn

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])
SubId = Annotated[int, Path(gt=0, le=2**62)]


def _view(row, secret: str | None = None) -> dict:
    out = {
        "id": row.id,
        "url": row.url,
        "event_types": row.event_types,
        "active": row.active,
        "created_at": aware(row.created_at),
    }
    if secret is not None:
        out["secret"] = secret  # shown once, at creation
    return out


@router.post("", status_code=201, summary="Subscribe a URL to order events (HMAC-signed)")
def subscribe(
    body: WebhookIn,
    request: Request,
    idempotency_key: Annotated[str | None, Header()] = None,
    who: Principal = Depends(principal),
):
    require(who, ADMIN)
    secret = body.secret or secrets.token_urlsafe(32)

    def create(work):
        return 201, _view(
            subscriptions.subscribe(work, body.url, secret, body.event_types, who.actor), secret
        )

    return idempotent_create(request, who, idempotency_key, body.model_dump(), create)


@router.get("", summary="List webhook subscriptions")
def list_subscriptions(request: Request, who: Principal = Depends(principal)):
    require(who, ADMIN)
    with request.app.state.engine.connect() as conn:
        rows = conn.execute(select(t.webhook_subscriptions).order_by("id")).all()
    return json_response({"items": [_view(r) for r in rows]})


@router.delete("/{sub_id}", summary="Deactivate a subscription")
def unsubscribe(sub_id: SubId, request: Request, who: Principal = Depends(principal)):
    require(who, ADMIN)
    write(request, lambda work: subscriptions.deactivate(work, sub_id, who.actor))
    return json_response({"id": sub_id, "active": False})


@router.get("/{sub_id}/deliveries", summary="Deliveries with their attempts and last result")
def deliveries(sub_id: SubId, request: Request, who: Principal = Depends(principal)):
    require(who, ADMIN)
    d = t.webhook_deliveries
    with request.app.state.engine.connect() as conn:
        rows = conn.execute(
            select(d).where(d.c.subscription_id == sub_id).order_by(d.c.id.desc()).limit(200)
        ).all()
    return json_response(
        {
            "items": [
                {
                    "id": r.id,
                    "event_id": r.event_id,
                    "event_type": r.event_type,
                    "status": r.status,
                    "attempts": r.attempts,
                    "last_status_code": r.last_status_code,
                    "last_error": r.last_error,
                    "next_attempt_at": aware(r.next_attempt_at),
                    "delivered_at": aware(r.delivered_at),
                }
                for r in rows
            ]
        }
    )

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request
from sqlalchemy import insert, select, update

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.sql import aware, now
from ordermind.adapters.webhooks.dispatcher import start_cursor
from ordermind.domain.errors import NotFound

from ..auth import Principal, require
from ..deps import idempotent_create, json_response, principal
from ..permissions import Perm
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
    require(who, Perm.WEBHOOKS_MANAGE)
    secret = body.secret or secrets.token_urlsafe(32)

    def create(work):
        conn = work.conn
        # New subscribers get events from now on, not the whole history.
        cursor_tx, cursor = start_cursor(conn)
        sub_id = conn.execute(
            insert(t.webhook_subscriptions)
            .values(
                url=body.url,
                secret=secret,
                event_types=body.event_types,
                active=True,
                cursor=cursor,
                cursor_tx=cursor_tx,
                created_at=now(),
            )
            .returning(t.webhook_subscriptions.c.id)
        ).scalar_one()
        row = conn.execute(
            select(t.webhook_subscriptions).where(t.webhook_subscriptions.c.id == sub_id)
        ).one()
        return 201, _view(row, secret)

    return idempotent_create(request, who, idempotency_key, body.model_dump(), create)


@router.get("", summary="List webhook subscriptions")
def list_subscriptions(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.WEBHOOKS_MANAGE)
    with request.app.state.engine.connect() as conn:
        rows = conn.execute(select(t.webhook_subscriptions).order_by("id")).all()
    return json_response({"items": [_view(r) for r in rows]})


@router.delete("/{sub_id}", summary="Deactivate a subscription")
def unsubscribe(sub_id: SubId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.WEBHOOKS_MANAGE)
    with request.app.state.engine.begin() as conn:
        done = conn.execute(
            update(t.webhook_subscriptions)
            .where(t.webhook_subscriptions.c.id == sub_id)
            .values(active=False)
        ).rowcount
    if not done:
        raise NotFound(f"webhook subscription {sub_id} not found")
    return json_response({"id": sub_id, "active": False})


@router.get("/{sub_id}/deliveries", summary="Deliveries with their attempts and last result")
def deliveries(sub_id: SubId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.WEBHOOKS_MANAGE)
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

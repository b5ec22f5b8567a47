from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from sqlalchemy import Connection

from ordermind.adapters.webhooks import store, targets
from ordermind.adapters.webhooks.dispatcher import start_cursor
from ordermind.adapters.webhooks.nats_sink import NatsPublisher, SinkError, is_nats, subject_prefix
from ordermind.adapters.webhooks.signing import new_secret
from ordermind.domain.errors import ValidationFailed
from ordermind.domain.events import EventType
from ordermind.services import audit

from ..auth import Principal, require
from ..deps import idempotent_create, json_response, page, principal, write
from ..permissions import Perm
from ..schemas import WebhookIn, WebhookReplayIn, WebhookRotateIn

T = TypeVar("T")
router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])
SubId = Annotated[int, Path(gt=0, le=2**62)]
DeliveryId = Annotated[int, Path(gt=0, le=2**62)]
# what a subscription may ask for: every order event, and the alerts of the operation
EVENT_TYPES = sorted({str(e) for e in EventType} | {"alert.raised"})


def _in_transaction(request: Request, change: Callable[[Connection], T]) -> T:
    with request.app.state.engine.begin() as conn:
        return change(conn)


def _check_stream(url: str) -> None:
    """A NATS target: a subject prefix that a JetStream stream already captures."""
    try:
        subject_prefix(url)
        with NatsPublisher(url) as publisher:
            publisher.check_stream()
    except ValueError as exc:
        raise ValidationFailed(str(exc)) from None
    except SinkError as exc:
        raise ValidationFailed(str(exc)) from None


def _check_event_types(wanted: list[str]) -> None:
    unknown = sorted(set(wanted) - set(EVENT_TYPES) - {"*"})
    if unknown:
        raise ValidationFailed(
            f"unknown event type(s) {', '.join(unknown)}; use '*' or any of: "
            f"{', '.join(EVENT_TYPES)}",
            allowed=["*", *EVENT_TYPES],
        )
    if not wanted:
        raise ValidationFailed("name at least one event type, or '*' for all")


@router.post(
    "",
    status_code=201,
    summary="Subscribe a URL to events (signed by the Standard Webhooks spec); the secret "
    "is shown this once",
)
def create_subscription(
    body: WebhookIn,
    request: Request,
    idempotency_key: Annotated[str | None, Header()] = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.WEBHOOKS_MANAGE)
    _check_event_types(body.event_types)
    targets.check(body.url)
    if is_nats(body.url):
        _check_stream(body.url)
    secret = body.secret or new_secret()

    def create(work):
        # New subscribers get events from now on, not the whole history.
        cursor = start_cursor(work.conn)
        view = store.add(work.conn, body.url, secret, body.event_types, body.ordered, cursor)
        # (the audit trail never holds the secret: the view has none)
        audit.record(work, who.actor, "webhook.created", "webhook", view["id"], None, view)
        return 201, view | {"secret": secret}

    # the answer shows the secret: an Idempotency-Key replay's stored copy is encrypted
    return idempotent_create(request, who, idempotency_key, body.model_dump(), create, sealed=True)


@router.get("", summary="List webhook subscriptions, with whether each endpoint is failing")
def list_subscriptions(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.WEBHOOKS_MANAGE)
    with request.app.state.engine.connect() as conn:
        return json_response({"items": store.all_subscriptions(conn)})


@router.delete(
    "/{sub_id}", summary="Delete a subscription: nothing more is sent to it, from now on"
)
def delete_subscription(sub_id: SubId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.WEBHOOKS_MANAGE)

    def deactivate(work) -> dict:
        before = store.get(work.conn, sub_id)
        after = store.deactivate(work.conn, sub_id)
        audit.record(work, who.actor, "webhook.deactivated", "webhook", sub_id, before, after)
        return after

    return json_response(write(request, deactivate))


@router.post(
    "/{sub_id}/rotate-secret",
    summary="A new signing secret (shown this once); the old one also signs for a grace period",
)
def rotate_subscription_secret(
    sub_id: SubId, body: WebhookRotateIn, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.WEBHOOKS_MANAGE)
    secret = new_secret()
    grace = timedelta(seconds=body.grace_seconds)

    def rotate(work) -> dict:
        view = store.rotate_secret(work.conn, sub_id, secret, grace)
        # before and after differ only in the secret, which the trail never holds
        audit.record(work, who.actor, "webhook.secret_rotated", "webhook", sub_id, None, view)
        return view

    return json_response(write(request, rotate) | {"secret": secret})


@router.get("/{sub_id}/deliveries", summary="Deliveries with their attempts and last result")
def list_deliveries(
    sub_id: SubId,
    request: Request,
    status: Annotated[
        str | None, Query(pattern="^(pending|delivered|rejected|failed|cancelled)$")
    ] = None,
    cursor: Annotated[int | None, Query(gt=0, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    who: Principal = Depends(principal),
):
    require(who, Perm.WEBHOOKS_MANAGE)
    with request.app.state.engine.connect() as conn:
        items = store.deliveries(conn, sub_id, status, cursor, limit)
    return json_response(page(items, limit, lambda r: r["id"]))


@router.post(
    "/{sub_id}/deliveries/{delivery_id}/redeliver",
    summary="Send a delivery again (any state), from the start of its retry schedule",
)
def redeliver_delivery(
    sub_id: SubId, delivery_id: DeliveryId, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.WEBHOOKS_MANAGE)
    return json_response(
        _in_transaction(request, lambda conn: store.redeliver(conn, sub_id, delivery_id))
    )


@router.post(
    "/{sub_id}/replay",
    summary="Deliver again every event of the subscription's types since a point in time",
)
def replay_subscription(
    sub_id: SubId, body: WebhookReplayIn, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.WEBHOOKS_MANAGE)
    return json_response(
        _in_transaction(request, lambda conn: store.replay(conn, sub_id, body.since))
    )

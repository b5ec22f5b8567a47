"""Shop connectors: Shopify and WooCommerce shops configured by an admin, their order
webhooks received (signed by the shop, no API key), and availability pushed to them."""

from __future__ import annotations

import secrets
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Path, Request
from pydantic import Field, StrictInt
from starlette.concurrency import run_in_threadpool

from ordermind.adapters.connectors import inbound, push, store, woocommerce
from ordermind.adapters.webhooks import targets
from ordermind.domain.errors import ValidationFailed
from ordermind.services import audit

from ..auth import Principal, require
from ..deps import idempotent_create, json_response, principal, write
from ..permissions import Perm
from ..problems import ApiError
from ..schemas import Code, Strict

router = APIRouter(prefix="/v1/connectors", tags=["connectors"])
ConnectorId = Annotated[int, Path(gt=0, le=2**62)]
# the shop's own ids: Shopify's are 64-bit numbers, WooCommerce's small ones
ShopId = (
    Annotated[StrictInt, Field(ge=0, le=2**63)] | Annotated[str, Field(min_length=1, max_length=64)]
)
IdMap = Annotated[dict[Code, ShopId], Field(max_length=10_000)]


class ConnectorIn(Strict):
    kind: Literal["shopify", "woocommerce"]
    channel: Code  # an existing channel; the shop's orders become its orders
    # Shopify: the shop's domain (acme.myshopify.com); WooCommerce: the site URL
    shop: Annotated[str, Field(min_length=3, max_length=255)]
    # the shared secret the shop signs webhooks with (Shopify app secret, Woo webhook
    # secret); made and shown once if omitted
    signing_secret: Annotated[str, Field(min_length=16, max_length=256)] | None = None
    # where availability goes: https://acme.myshopify.com/admin/api/2024-10 or
    # https://shop.example/wp-json/wc/v3; none: no push
    admin_api_url: Annotated[str, Field(pattern=r"^https?://", max_length=2000)] | None = None
    # Shopify: the Admin API access token; WooCommerce: consumer key and secret `ck_…:cs_…`
    api_token: Annotated[str, Field(min_length=8, max_length=512)] | None = None
    locations: IdMap = {}  # node code -> the shop's location id (Shopify)
    # SKU -> inventory item id (Shopify); product id, or "product/variation" id (Woo)
    inventory_items: IdMap = {}


def _check(work, body: ConnectorIn) -> None:
    if work.channels.get(body.channel) is None:
        known = sorted(ch.code for ch in work.channels.all())
        raise ValidationFailed(
            f"unknown channel {body.channel!r}; one of {', '.join(known) or '(none yet)'}",
            allowed=known,
        )
    nodes = {n.code for n in work.nodes.all()}
    unknown = sorted(set(body.locations) - nodes)
    if unknown:
        raise ValidationFailed(f"unknown node(s) in locations: {', '.join(unknown)}")
    if body.admin_api_url is not None and not body.api_token:
        raise ValidationFailed("an admin_api_url needs the api_token to call it with")
    if body.kind == "woocommerce" and body.api_token and ":" not in body.api_token:
        raise ValidationFailed("a WooCommerce api_token is the key pair `ck_…:cs_…`")
    if body.kind == "woocommerce":
        for item in body.inventory_items.values():
            woocommerce.product_ref(item)  # a product id, or "product/variation"


@router.post(
    "",
    status_code=201,
    summary="Connect a Shopify or WooCommerce shop; a signing secret made here is shown once",
)
def create_connector(
    body: ConnectorIn,
    request: Request,
    idempotency_key: Annotated[str | None, Header()] = None,
    who: Principal = Depends(principal),
):
    require(who, Perm.CONNECTORS_MANAGE)
    if body.admin_api_url is not None:
        targets.check(body.admin_api_url)
    made = body.signing_secret is None
    secret = body.signing_secret or secrets.token_urlsafe(32)

    def add(work):
        _check(work, body)
        view = store.add(
            work.conn,
            kind=body.kind,
            channel=body.channel,
            shop=body.shop.strip(),
            admin_api_url=body.admin_api_url,
            signing_secret=secret,
            api_token=body.api_token,
            locations=dict(body.locations),
            inventory_items=dict(body.inventory_items),
        )
        # the trail never holds a secret: the view has none
        audit.record(work, who.actor, "connector.created", "connector", view["id"], None, view)
        return 201, view | ({"signing_secret": secret} if made else {})

    # the request's hash never covers secrets the caller sent; the stored answer of an
    # Idempotency-Key replay (which may show a secret made here) is kept encrypted
    payload = body.model_dump(exclude={"signing_secret", "api_token"})
    return idempotent_create(request, who, idempotency_key, payload, add, sealed=made)


@router.get("", summary="List shop connectors (never their secrets)")
def list_connectors(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.CONNECTORS_MANAGE)
    with request.app.state.engine.connect() as conn:
        return json_response({"items": store.all_connectors(conn)})


@router.get("/{connector_id}", summary="One shop connector, with its last availability push")
def get_connector(connector_id: ConnectorId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.CONNECTORS_MANAGE)
    with request.app.state.engine.connect() as conn:
        return json_response(store.get(conn, connector_id))


@router.delete("/{connector_id}", summary="Disconnect a shop: its webhooks are refused from now on")
def delete_connector(
    connector_id: ConnectorId, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.CONNECTORS_MANAGE)

    def deactivate(work) -> dict:
        before = store.get(work.conn, connector_id)
        after = store.delete(work.conn, connector_id)
        audit.record(work, who.actor, "connector.deleted", "connector", connector_id, before, after)
        return after

    return json_response(write(request, deactivate))


@router.post(
    "/{connector_id}/availability/push",
    summary="Send the shop what it may sell now, per SKU and location",
)
def push_availability(
    connector_id: ConnectorId, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.CONNECTORS_MANAGE)
    return json_response(push.push(request.app.state.engine, connector_id))


@router.post(
    "/{connector_id}/webhooks",
    summary="A shop's order webhook, authenticated by its HMAC signature (no API key)",
    responses={
        200: {"description": "a duplicate, a cancellation or payment applied, or ignored"},
        201: {"description": "the order was placed"},
        401: {"description": "missing or wrong signature"},
        422: {"description": "unknown topic, foreign shop, bad JSON, or an unmappable order"},
    },
    openapi_extra={
        "security": [],  # the shop's signature, not a bearer key
        "requestBody": {
            "required": True,
            "description": "The shop's order exactly as it posts it (Shopify REST Order, "
            "WooCommerce REST v3 order), signed by X-Shopify-Hmac-Sha256 or "
            "X-WC-Webhook-Signature; see docs/connectors.md",
            "content": {
                "application/json": {
                    "schema": {"type": "object"},
                    "example": {
                        "id": 5934012465321,
                        "name": "#1042",
                        "currency": "GBP",
                        "email": "olivia.hart@example.co.uk",
                        "line_items": [
                            {"id": 1, "sku": "TEE-BLK-M", "quantity": 2, "price": "25.00"}
                        ],
                    },
                }
            },
        },
    },
)
async def receive_shop_webhook(connector_id: ConnectorId, request: Request):
    body = await request.body()
    state = request.app.state

    def handle():
        with state.engine.connect() as conn:
            connector = store.load(conn, connector_id)
        sent = inbound.delivery(connector.kind, request.headers)
        if inbound.is_woo_ping(connector, sent, body):
            return json_response({"outcome": "ping"})
        if not inbound.signed(connector, sent, body):
            raise ApiError(
                401,
                "the webhook's signature is missing or does not match this connector's secret",
                "bad_signature",
            )
        inbound.check_source(connector, sent)
        payload = inbound.payload_of(body)
        assert sent.topic is not None  # check_source refused the rest
        how = inbound.Handling(state.engine, state.screener, state.metrics.order_placed)
        status, answer = inbound.process(how, connector, sent.topic, payload)
        return json_response(answer, status)

    return await run_in_threadpool(handle)

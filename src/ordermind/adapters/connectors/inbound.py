"""A shop's webhook, once its signature is checked: read the topic and the source from
the shop's headers, and turn the payload into ordermind's order or cancellation through
the services the API uses."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import orjson

from ordermind.adapters.db.retry import with_retries
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.domain.errors import Conflict, ValidationFailed
from ordermind.domain.orders import Order
from ordermind.services import shop_orders
from ordermind.services.screening import Screener
from ordermind.services.shop_orders import Outcome, Received

from . import shopify, signatures, woocommerce
from .mapping import ShopOrder, shop_id
from .store import Connector

TOPICS = {"shopify": shopify.TOPICS, "woocommerce": woocommerce.TOPICS}
# What WooCommerce posts, unsigned, to check a delivery URL when a webhook is saved.
_WOO_PING = re.compile(rb"webhook_id=\d{1,20}")


class Delivery(NamedTuple):
    topic: str | None
    source: str | None  # the shop's domain (Shopify) or site URL (WooCommerce)
    signature: str | None
    delivery_id: str | None


def delivery(kind: str, headers: Mapping[str, str]) -> Delivery:
    if kind == "shopify":
        return Delivery(
            headers.get("x-shopify-topic"),
            headers.get("x-shopify-shop-domain"),
            headers.get("x-shopify-hmac-sha256"),
            headers.get("x-shopify-webhook-id"),
        )
    return Delivery(
        headers.get("x-wc-webhook-topic"),
        headers.get("x-wc-webhook-source"),
        headers.get("x-wc-webhook-signature"),
        headers.get("x-wc-webhook-delivery-id") or headers.get("x-wc-webhook-id"),
    )


def is_woo_ping(connector: Connector, sent: Delivery, body: bytes) -> bool:
    """WooCommerce checks a new webhook's URL with this; it writes nothing here."""
    return (
        connector.kind == "woocommerce"
        and sent.signature is None
        and _WOO_PING.fullmatch(body.strip()) is not None
    )


def signed(connector: Connector, sent: Delivery, body: bytes) -> bool:
    return signatures.verify(connector.signing_secret, body, sent.signature)


def _site(url: str) -> str:
    return url.strip().lower().removeprefix("https://").removeprefix("http://").rstrip("/")


def check_source(connector: Connector, sent: Delivery) -> None:
    """A signed delivery names a shop: this connector's, or it was set up wrongly."""
    allowed = TOPICS[connector.kind]
    if sent.topic not in allowed:
        raise ValidationFailed(
            f"unknown webhook topic {sent.topic!r}; this {connector.kind} connector takes "
            f"{', '.join(allowed)}",
            allowed=list(allowed),
        )
    if sent.source is not None and _site(sent.source) != _site(connector.shop):
        raise ValidationFailed(
            f"the webhook comes from {sent.source!r}; this connector is for {connector.shop!r}"
        )


def payload_of(body: bytes) -> dict:
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ValidationFailed(f"the webhook body is not JSON: {exc}") from None
    if not isinstance(payload, dict):
        raise ValidationFailed("the webhook body must be a JSON object (the shop's order)")
    return payload


def _run(engine: Any, change: Callable[[SqlUnitOfWork], Received]) -> Received:
    def attempt() -> Received:
        with SqlUnitOfWork(engine) as work:
            result = change(work)
            work.commit()
        return result

    return with_retries(attempt)


def _answer(received: Received) -> tuple[int, dict]:
    order = received.order
    body: dict = {"outcome": str(received.outcome)}
    if order is not None:
        body |= {"order_id": order.id, "order_number": order.number, "status": str(order.status)}
    return (201 if received.outcome is Outcome.CREATED else 200), body


class Handling(NamedTuple):
    """What a delivery needs besides itself: the database, the fraud screen, and who
    counts placed orders (the API's metrics)."""

    engine: Any
    screener: Screener | None
    placed: Callable[[Order], None]


def process(how: Handling, connector: Connector, topic: str, payload: dict) -> tuple[int, dict]:
    """(status, body) for a verified delivery of `topic`; every refusal raises first. A
    payment for an order never received (its create was lost) places it: the payload is
    the whole order in both shops."""
    actor = f"{shop_orders.CONNECTOR_ACTOR}{connector.id}"
    channel = connector.channel
    if connector.kind == "shopify":
        if topic == "orders/create":
            unpaid = shopify.awaiting_payment(payload)
            return _place(how, shopify.order(payload, channel), actor, unpaid)
        if topic == "orders/paid":
            return _paid(how, channel, payload, shopify.order, actor)
        return _cancel(how, channel, *shopify.cancellation(payload), actor)
    status = woocommerce.status(payload)
    if topic == "order.created" and status not in woocommerce.NOT_FULFILLED:
        unpaid = status in woocommerce.UNPAID
        return _place(how, woocommerce.order(payload, channel), actor, unpaid)
    if topic == "order.updated" and status in woocommerce.CANCELLED:
        return _cancel(how, channel, *woocommerce.cancellation(payload), actor)
    if topic == "order.updated" and status in woocommerce.PAID:
        return _paid(how, channel, payload, woocommerce.order, actor)
    # an update that changes nothing here, or an order born dead
    return 200, {"outcome": str(Outcome.NOTHING_TO_DO), "status_in_shop": status}


def _place(how: Handling, placing: ShopOrder, actor: str, unpaid: bool) -> tuple[int, dict]:
    cmd = placing.cmd
    try:
        received = _run(
            how.engine,
            lambda w: shop_orders.receive_order(w, cmd, actor, how.screener, unpaid, placing.risk),
        )
    except Conflict:
        received = _run(
            how.engine,
            lambda w: shop_orders.find_received(w, cmd.channel, str(cmd.external_id)),
        )
    if received.outcome is Outcome.CREATED and received.order is not None:
        how.placed(received.order)
    return _answer(received)


def _paid(
    how: Handling,
    channel: str,
    payload: dict,
    mapper: Callable[[dict, str], ShopOrder],
    actor: str,
) -> tuple[int, dict]:
    external_id = shop_id(payload)
    received = _run(
        how.engine, lambda w: shop_orders.receive_payment(w, channel, external_id, actor)
    )
    if received.outcome is Outcome.UNKNOWN_ORDER:
        return _place(how, mapper(payload, channel), actor, unpaid=False)
    return _answer(received)


def _cancel(
    how: Handling, channel: str, external_id: str, reason: str, actor: str
) -> tuple[int, dict]:
    return _answer(
        _run(
            how.engine,
            lambda w: shop_orders.receive_cancellation(w, channel, external_id, reason, actor),
        )
    )

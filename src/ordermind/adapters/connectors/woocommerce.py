"""WooCommerce's order webhooks (`order.created`, `order.updated`): the REST API v3 order
as WooCommerce posts it, mapped to ordermind (docs/connectors.md has the table).

A line's net is its `total` (after coupons, before tax, as WooCommerce always reports it
whatever `prices_include_tax` says). An order created `pending` or `on-hold` is waiting
for its payment; `order.updated` to `processing` or `completed` says it was paid, to
`cancelled` or `failed` that it is off; every other update is acknowledged and left
alone."""

from __future__ import annotations

from collections.abc import Sequence

from ordermind.domain.errors import ValidationFailed

from .mapping import (
    ShopLine,
    ShopOrder,
    address,
    customer,
    field,
    line_ref,
    obj,
    objects,
    order_lines,
    place,
    risk,
    text,
)
from .mapping import quantity as line_quantity
from .mapping import shop_id as order_id
from .money import check_currency, to_minor

TOPICS = ("order.created", "order.updated")
# an update to one of these takes the order back; a failed payment ends it as well
CANCELLED = frozenset({"cancelled", "failed"})
# created before payment (a payment page not yet completed, a bank transfer awaited)
UNPAID = frozenset({"pending", "on-hold"})
PAID = frozenset({"processing", "completed"})
# created already dead (a failed payment, or straight to the bin): nothing to fulfil
NOT_FULFILLED = frozenset({"cancelled", "failed", "trash", "refunded", "checkout-draft"})


def _line(position: int, item: dict, currency: str) -> ShopLine:
    ref = line_ref(position, item)
    qty = line_quantity(item, ref)
    total = to_minor(field(item, "total", f"{ref}"), currency, f"{ref} total")
    return ShopLine(text(item.get("sku")) or None, ref, qty, total)


def _filled(a: object) -> dict | None:
    return a if isinstance(a, dict) and text(a.get("address_1")) else None


def _ship_to(payload: dict):
    # a virtual order's shipping address is all empty strings: the billing one then
    a = _filled(payload.get("shipping")) or _filled(payload.get("billing"))
    if a is None:
        raise ValidationFailed("the order has neither a shipping nor a billing address")
    name = " ".join(p for p in (text(a.get("first_name")), text(a.get("last_name"))) if p)
    return address(
        name=name or text(a.get("company")),
        line1=text(a.get("address_1")),
        line2=text(a.get("address_2")),
        city=text(a.get("city")),
        postal_code=text(a.get("postcode")),
        country=text(a.get("country")),
        region=text(a.get("state")),
    )


def status(payload: dict) -> str:
    return text(payload.get("status")).lower()


def order(payload: dict, channel: str) -> ShopOrder:
    """The ordermind order for an `order.created` payload."""
    currency = check_currency(payload.get("currency"))
    items = objects(payload.get("line_items"), "the order's line_items")
    ship_to = _ship_to(payload)
    billing = obj(payload, "billing")
    first, last = text(billing.get("first_name")), text(billing.get("last_name"))
    name = " ".join(p for p in (first, last) if p)
    return place(
        channel,
        order_id(payload),
        text(payload.get("number")),
        currency,
        customer(billing.get("email"), name or ship_to.name),
        ship_to,
        order_lines(_line(n, i, currency) for n, i in enumerate(items, 1)),
        risk(payload.get("customer_ip_address"), billing.get("country"), None),
    )


def cancellation(payload: dict) -> tuple[str, str]:
    return order_id(payload), f"{status(payload)} in WooCommerce"


def stock_batch(updates: Sequence[tuple[object, int]]) -> dict:
    """The body of `PUT /wp-json/wc/v3/products/batch`: each product's stock."""
    return {
        "update": [
            {"id": product_id, "manage_stock": True, "stock_quantity": units}
            for product_id, units in updates
        ]
    }

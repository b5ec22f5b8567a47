"""Shopify's order webhooks (`orders/create`, `orders/cancelled`): the REST Order resource
as Shopify posts it, mapped to ordermind (docs/connectors.md has the table).

Amounts are read in the shop's currency (`currency`, `price`), not the buyer's
presentment currency. A line's net is `price` x `quantity` less its
`discount_allocations` (or `total_discount`), less its `tax_lines` when the shop's prices
include tax (`taxes_included`), so every ordermind unit price is before tax."""

from __future__ import annotations

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

TOPICS = ("orders/create", "orders/paid", "orders/cancelled")
# paid later (manual payment methods: bank deposit, cash on delivery): held until orders/paid
UNPAID = frozenset({"pending"})


def _line(position: int, item: dict, currency: str, taxes_included: bool) -> ShopLine:
    ref = line_ref(position, item)
    qty = line_quantity(item, ref)
    gross = to_minor(field(item, "price", ref), currency, f"{ref} price")
    allocations = objects(item.get("discount_allocations"), f"{ref} discount_allocations")
    if allocations:
        discount = sum(to_minor(a.get("amount"), currency, f"{ref} discount") for a in allocations)
    else:
        discount = to_minor(item.get("total_discount") or "0", currency, f"{ref} discount")
    taxes = objects(item.get("tax_lines"), f"{ref} tax_lines") if taxes_included else []
    tax = sum(to_minor(t.get("price"), currency, f"{ref} tax") for t in taxes)
    return ShopLine(text(item.get("sku")) or None, ref, qty, gross * qty - discount - tax)


def _ship_to(payload: dict):
    # no shipping address (a digital or picked-up order): the billing one
    a = payload.get("shipping_address") or payload.get("billing_address")
    if not isinstance(a, dict):
        raise ValidationFailed("the order has neither a shipping_address nor a billing_address")
    name = text(a.get("name")) or " ".join(
        p for p in (text(a.get("first_name")), text(a.get("last_name"))) if p
    )
    return address(
        name=name or text(a.get("company")),
        line1=text(a.get("address1")),
        line2=text(a.get("address2")),
        city=text(a.get("city")),
        postal_code=text(a.get("zip")),
        country=text(a.get("country_code")),
        region=text(a.get("province_code") or a.get("province")),
        lat=a.get("latitude"),
        lon=a.get("longitude"),
    )


def order(payload: dict, channel: str) -> ShopOrder:
    """The ordermind order for an `orders/create` payload."""
    currency = check_currency(payload.get("currency"))
    items = objects(payload.get("line_items"), "the order's line_items")
    taxes_included = payload.get("taxes_included") is True
    ship_to = _ship_to(payload)
    buyer = obj(payload, "customer")
    name = " ".join(p for p in (text(buyer.get("first_name")), text(buyer.get("last_name"))) if p)
    email = payload.get("email") or payload.get("contact_email") or buyer.get("email")
    return place(
        channel,
        order_id(payload),
        text(payload.get("name")),
        currency,
        customer(email, name or ship_to.name),
        ship_to,
        order_lines(_line(n, i, currency, taxes_included) for n, i in enumerate(items, 1)),
        risk(
            payload.get("browser_ip"),
            obj(payload, "billing_address").get("country_code"),
            buyer.get("created_at"),
        ),
    )


def awaiting_payment(payload: dict) -> bool:
    return text(payload.get("financial_status")).lower() in UNPAID


def cancellation(payload: dict) -> tuple[str, str]:
    """(the shop's order id, why) for an `orders/cancelled` payload."""
    return order_id(payload), text(payload.get("cancel_reason")) or "cancelled in Shopify"


def inventory_level(location_id: object, inventory_item_id: object, available: int) -> dict:
    """The body of `POST /admin/api/<version>/inventory_levels/set.json`."""
    return {
        "location_id": location_id,
        "inventory_item_id": inventory_item_id,
        "available": available,
    }

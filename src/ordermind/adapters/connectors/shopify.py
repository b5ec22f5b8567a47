"""Shopify's order webhooks (`orders/create`, `orders/cancelled`): the REST Order resource
as Shopify posts it, mapped to ordermind (docs/connectors.md has the table).

Amounts are read in the shop's currency (`currency`, `price`), not the buyer's
presentment currency. A line's net is `price` x `quantity` less its
`discount_allocations` (or `total_discount`), less its `tax_lines` when the shop's prices
include tax (`taxes_included`), so every ordermind unit price is before tax. Each of the
order's `shipping_lines` becomes a shipping charge, net the same way."""

from __future__ import annotations

from ordermind.domain.charges import Charge, ChargeKind
from ordermind.domain.errors import ValidationFailed

from . import mapping as m
from .money import check_currency, to_minor

TOPICS = ("orders/create", "orders/paid", "orders/cancelled")
# paid later (manual payment methods: bank deposit, cash on delivery): held until orders/paid
UNPAID = frozenset({"pending"})


def _discount(item: dict, currency: str, ref: str) -> int:
    allocations = m.objects(item.get("discount_allocations"), f"{ref} discount_allocations")
    if allocations:
        return sum(to_minor(a.get("amount"), currency, f"{ref} discount") for a in allocations)
    return to_minor(item.get("total_discount") or "0", currency, f"{ref} discount")


def _tax(item: dict, currency: str, ref: str) -> int:
    taxes = m.objects(item.get("tax_lines"), f"{ref} tax_lines")
    return sum(to_minor(t.get("price"), currency, f"{ref} tax") for t in taxes)


def _line(position: int, item: dict, currency: str, taxes_included: bool) -> m.ShopLine:
    ref = m.line_ref(position, item)
    qty = m.quantity(item, ref)
    gross = to_minor(m.field(item, "price", ref), currency, f"{ref} price")
    tax = _tax(item, currency, ref) if taxes_included else 0
    net = gross * qty - _discount(item, currency, ref) - tax
    return m.ShopLine(m.text(item.get("sku")) or None, ref, qty, net)


def _shipping(position: int, item: dict, currency: str, taxes_included: bool) -> Charge | None:
    """A shipping line as a charge before tax, after its discounts; None once removed."""
    if item.get("is_removed") is True:
        return None
    ref = f"shipping line {position}"
    gross = to_minor(m.field(item, "price", ref), currency, f"{ref} price")
    tax = _tax(item, currency, ref)
    net = gross - _discount(item, currency, ref) - (tax if taxes_included else 0)
    title = m.text(item.get("title")) or m.text(item.get("code")) or "Shipping"
    return Charge(ChargeKind.SHIPPING, title, net, tax, m.text(item.get("code")) or None)


def _ship_to(payload: dict):
    # no shipping address (a digital or picked-up order): the billing one
    a = payload.get("shipping_address") or payload.get("billing_address")
    if not isinstance(a, dict):
        raise ValidationFailed("the order has neither a shipping_address nor a billing_address")
    name = m.text(a.get("name")) or " ".join(
        p for p in (m.text(a.get("first_name")), m.text(a.get("last_name"))) if p
    )
    return m.address(
        name=name or m.text(a.get("company")),
        line1=m.text(a.get("address1")),
        line2=m.text(a.get("address2")),
        city=m.text(a.get("city")),
        postal_code=m.text(a.get("zip")),
        country=m.text(a.get("country_code")),
        region=m.text(a.get("province_code") or a.get("province")),
        lat=a.get("latitude"),
        lon=a.get("longitude"),
    )


def order(payload: dict, channel: str) -> m.ShopOrder:
    """The ordermind order for an `orders/create` payload."""
    currency = check_currency(payload.get("currency"))
    items = m.objects(payload.get("line_items"), "the order's line_items")
    shipping = m.objects(payload.get("shipping_lines"), "the order's shipping_lines")
    taxes_included = payload.get("taxes_included") is True
    ship_to = _ship_to(payload)
    buyer = m.obj(payload, "customer")
    first, last = m.text(buyer.get("first_name")), m.text(buyer.get("last_name"))
    name = " ".join(p for p in (first, last) if p)
    email = payload.get("email") or payload.get("contact_email") or buyer.get("email")
    charges = (_shipping(n, s, currency, taxes_included) for n, s in enumerate(shipping, 1))
    return m.place(
        channel,
        m.shop_id(payload),
        m.text(payload.get("name")),
        currency,
        m.customer(email, name or ship_to.name),
        ship_to,
        m.order_lines(_line(n, i, currency, taxes_included) for n, i in enumerate(items, 1)),
        m.risk(
            payload.get("browser_ip"),
            m.obj(payload, "billing_address").get("country_code"),
            buyer.get("created_at"),
        ),
        tuple(c for c in charges if c is not None),
    )


def awaiting_payment(payload: dict) -> bool:
    return m.text(payload.get("financial_status")).lower() in UNPAID


def cancellation(payload: dict) -> tuple[str, str]:
    """(the shop's order id, why) for an `orders/cancelled` payload."""
    return m.shop_id(payload), m.text(payload.get("cancel_reason")) or "cancelled in Shopify"


def inventory_level(location_id: object, inventory_item_id: object, available: int) -> dict:
    """The body of `POST /admin/api/<version>/inventory_levels/set.json`."""
    return {
        "location_id": location_id,
        "inventory_item_id": inventory_item_id,
        "available": available,
    }

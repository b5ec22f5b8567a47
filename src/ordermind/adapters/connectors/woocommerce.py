"""WooCommerce's order webhooks (`order.created`, `order.updated`): the REST API v3 order
as WooCommerce posts it, mapped to ordermind (docs/connectors.md has the table).

A line's net is its `total` (after coupons, before tax, as WooCommerce always reports it
whatever `prices_include_tax` says); so is each of `shipping_lines` and `fee_lines`,
which become the order's shipping and fee charges with their `total_tax`. An order
created `pending` or `on-hold` is waiting for its payment; `order.updated` to
`processing` or `completed` says it was paid, to `cancelled` or `failed` that it is off;
every other update is acknowledged and left alone.

Stock goes out per product, or per variation for a SKU mapped to one
(`"product/variation"` in the connector's `inventory_items`): a variable product's stock
is its variations', each with its own SKU."""

from __future__ import annotations

from collections.abc import Sequence

from ordermind.domain.charges import Charge, ChargeKind
from ordermind.domain.errors import ValidationFailed

from . import mapping as m
from .money import check_currency, to_minor

TOPICS = ("order.created", "order.updated")
# an update to one of these takes the order back; a failed payment ends it as well
CANCELLED = frozenset({"cancelled", "failed"})
# created before payment (a payment page not yet completed, a bank transfer awaited)
UNPAID = frozenset({"pending", "on-hold"})
PAID = frozenset({"processing", "completed"})
# created already dead (a failed payment, or straight to the bin): nothing to fulfil
NOT_FULFILLED = frozenset({"cancelled", "failed", "trash", "refunded", "checkout-draft"})


def _line(position: int, item: dict, currency: str) -> m.ShopLine:
    ref = m.line_ref(position, item)
    qty = m.quantity(item, ref)
    total = to_minor(m.field(item, "total", f"{ref}"), currency, f"{ref} total")
    return m.ShopLine(m.text(item.get("sku")) or None, ref, qty, total)


def _charge(kind: ChargeKind, position: int, item: dict, currency: str) -> Charge:
    """A shipping line (`method_title`, `method_id`) or a fee line (`name`) as a charge."""
    ref = f"{kind} line {position}"
    total = to_minor(m.field(item, "total", ref), currency, f"{ref} total")
    tax = to_minor(item.get("total_tax") or "0", currency, f"{ref} total_tax")
    if kind is ChargeKind.SHIPPING:
        title, code = m.text(item.get("method_title")), m.text(item.get("method_id"))
    else:
        title, code = m.text(item.get("name")), ""
    return Charge(kind, title or str(kind).capitalize(), total, tax, code or None)


def _charges(payload: dict, currency: str) -> tuple[Charge, ...]:
    shipping = m.objects(payload.get("shipping_lines"), "the order's shipping_lines")
    fees = m.objects(payload.get("fee_lines"), "the order's fee_lines")
    return tuple(
        _charge(kind, n, item, currency)
        for kind, items in ((ChargeKind.SHIPPING, shipping), (ChargeKind.FEE, fees))
        for n, item in enumerate(items, 1)
    )


def _filled(a: object) -> dict | None:
    return a if isinstance(a, dict) and m.text(a.get("address_1")) else None


def _ship_to(payload: dict):
    # a virtual order's shipping address is all empty strings: the billing one then
    a = _filled(payload.get("shipping")) or _filled(payload.get("billing"))
    if a is None:
        raise ValidationFailed("the order has neither a shipping nor a billing address")
    name = " ".join(p for p in (m.text(a.get("first_name")), m.text(a.get("last_name"))) if p)
    return m.address(
        name=name or m.text(a.get("company")),
        line1=m.text(a.get("address_1")),
        line2=m.text(a.get("address_2")),
        city=m.text(a.get("city")),
        postal_code=m.text(a.get("postcode")),
        country=m.text(a.get("country")),
        region=m.text(a.get("state")),
    )


def status(payload: dict) -> str:
    return m.text(payload.get("status")).lower()


def order(payload: dict, channel: str) -> m.ShopOrder:
    """The ordermind order for an `order.created` payload."""
    currency = check_currency(payload.get("currency"))
    items = m.objects(payload.get("line_items"), "the order's line_items")
    ship_to = _ship_to(payload)
    billing = m.obj(payload, "billing")
    first, last = m.text(billing.get("first_name")), m.text(billing.get("last_name"))
    name = " ".join(p for p in (first, last) if p)
    return m.place(
        channel,
        m.shop_id(payload),
        m.text(payload.get("number")),
        currency,
        m.customer(billing.get("email"), name or ship_to.name),
        ship_to,
        m.order_lines(_line(n, i, currency) for n, i in enumerate(items, 1)),
        m.risk(payload.get("customer_ip_address"), billing.get("country"), None),
        _charges(payload, currency),
    )


def cancellation(payload: dict) -> tuple[str, str]:
    return m.shop_id(payload), f"{status(payload)} in WooCommerce"


def product_ref(value: object) -> tuple[int, int | None]:
    """(product id, variation id or None) of an `inventory_items` entry: a product id
    (`712`), or a variation as `"product/variation"` (`"720/723"`)."""
    product, slash, variation = str(value).strip().partition("/")
    if not product.isdigit() or (slash and not variation.isdigit()):
        raise ValidationFailed(
            f"WooCommerce inventory item {value!r} is neither a product id (712) nor a "
            'variation of one ("720/723")'
        )
    return int(product), int(variation) if slash else None


def stock_batch(updates: Sequence[tuple[object, int]]) -> dict:
    """The body of `PUT /wp-json/wc/v3/products/batch`: each product's stock."""
    return {
        "update": [
            {"id": product_id, "manage_stock": True, "stock_quantity": units}
            for product_id, units in updates
        ]
    }


def variation_stock(units: int) -> dict:
    """The body of `PUT /wp-json/wc/v3/products/{id}/variations/{variation id}`."""
    return {"manage_stock": True, "stock_quantity": units}

"""What both shops' payloads share on the way to an ordermind order: their lines (by SKU,
net of discounts and tax, in minor units), the buyer, the address and the charges
(shipping, fees) beside the lines."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, NamedTuple

from ordermind.domain.charges import Charge
from ordermind.domain.errors import ValidationFailed
from ordermind.domain.orders import Address, Customer
from ordermind.services.commands import OrderLineInput, PlaceOrder
from ordermind.services.screening import RiskContext

from .money import per_unit


class ShopLine(NamedTuple):
    sku: str | None
    ref: str  # how the shop's line is named in an error: its position and id
    quantity: int
    net_minor: int  # what the buyer pays for the whole line, before tax, after discounts


class ShopOrder(NamedTuple):
    """A shop's order as ordermind will place it, with the shop's own name for it and
    what the shop knows of the buyer for the fraud screen."""

    number: str
    cmd: PlaceOrder
    risk: RiskContext


def field(payload: dict, name: str, where: str = "order") -> Any:
    if name not in payload or payload[name] is None:
        raise ValidationFailed(f"the {where} has no {name!r}")
    return payload[name]


def obj(payload: dict, name: str) -> dict:
    """A nested object of the payload, `{}` when it is absent or not an object."""
    value = payload.get(name)
    return value if isinstance(value, dict) else {}


def objects(value: object, where: str) -> list[dict]:
    """A list of objects in the payload (`[]` for null), or a clear refusal."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValidationFailed(f"{where} must be a list of objects")
    return value


def text(value: object) -> str:
    """A shop's optional text field as a stripped string ('' for null)."""
    return "" if value is None else str(value).strip()


def shop_id(payload: dict) -> str:
    value = field(payload, "id")
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip():
        raise ValidationFailed(f"the order's id must be a number or a string, got {value!r}")
    if len(str(value)) > 128:
        raise ValidationFailed("the order's id is longer than 128 characters")
    return str(value).strip()


def line_ref(position: int, item: dict) -> str:
    """`line item 2 (id 1432…)`: not its title, which the problem answer would mask."""
    shop_line = item.get("id")
    return f"line item {position}" + (f" (id {shop_line})" if shop_line is not None else "")


def quantity(item: dict, ref: str) -> int:
    qty = item.get("quantity")
    if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
        raise ValidationFailed(f"{ref}: quantity must be a whole number above 0")
    return qty


def order_lines(items: Iterable[ShopLine]) -> list[OrderLineInput]:
    """One ordermind line per SKU (a shop may list a SKU twice, e.g. once discounted),
    priced at the line's net amount per unit. A line without a SKU cannot be fulfilled
    from ordermind's stock: the order is refused, naming it."""
    merged: dict[str, list[int]] = {}
    missing = []
    for item in items:
        if not item.sku:
            missing.append(item.ref)
            continue
        qty_net = merged.setdefault(item.sku, [0, 0])
        qty_net[0] += item.quantity
        qty_net[1] += item.net_minor
    if missing:
        raise ValidationFailed(
            f"{', '.join(missing)} without a SKU; give every product a SKU "
            "in the shop that matches ordermind's catalog",
            lines=missing,
        )
    if not merged:
        raise ValidationFailed("the order has no line items")
    for sku, (_, net) in merged.items():
        if net < 0:
            raise ValidationFailed(f"line {sku}: discounts exceed the line's price")
    return [OrderLineInput(sku, qty, per_unit(net, qty)) for sku, (qty, net) in merged.items()]


def customer(email: object, name: str) -> Customer:
    if not text(email):
        raise ValidationFailed("the order has no customer e-mail address")
    return Customer(text(email), name or None)


def address(
    *,
    name: str,
    line1: str,
    line2: str,
    city: str,
    postal_code: str,
    country: str,
    region: str,
    lat: object = None,
    lon: object = None,
) -> Address:
    coordinates = (
        (float(lat), float(lon))
        if isinstance(lat, int | float) and isinstance(lon, int | float)
        else (None, None)
    )
    return Address(
        name=name,
        line1=line1,
        line2=line2 or None,
        city=city,
        postal_code=postal_code,
        country=country,
        region=region or None,
        lat=coordinates[0],
        lon=coordinates[1],
    )


def risk(ip: object, billing_country: object, account_created_at: object) -> RiskContext:
    """The buyer's facts the shop sends, each dropped when it is not what it claims to be
    (the screen then does without it rather than refusing the order)."""
    try:
        address_ = str(ipaddress.ip_address(text(ip))) if text(ip) else None
    except ValueError:
        address_ = None
    country = text(billing_country).upper()
    try:
        since = datetime.fromisoformat(text(account_created_at)) if account_created_at else None
    except ValueError:
        since = None
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return RiskContext(
        ip=address_,
        billing_country=country if len(country) == 2 and country.isalpha() else None,
        account_created_at=since,
    )


def place(
    channel: str,
    external_id: str,
    number: str,
    currency: str,
    buyer: Customer,
    ship_to: Address,
    lines: list[OrderLineInput],
    context: RiskContext,
    charges: tuple[Charge, ...] = (),
) -> ShopOrder:
    cmd = PlaceOrder(
        channel=channel,
        currency=currency,
        customer=buyer,
        ship_to=ship_to,
        lines=lines,
        external_id=external_id,
        charges=charges,
    )
    return ShopOrder(number or external_id, cmd, context)

"""The Olist public e-commerce export as closed historical orders.

Mapping (timestamps are taken as UTC; Olist records Brazilian local time):
- purchase → created_at; estimated delivery → promised_delivery_date;
  carrier hand-off → shipment shipped_at (one shipment per seller); customer delivery →
  delivered_at. A delivered order is closed at its delivery time.
- canceled / unavailable → every unit cancelled; processing / invoiced → released to
  the seller; created / approved → allocated at the seller.
- sellers are nodes (drop-ship suppliers, code `olist-<seller_id[:24]>`), products keep
  their id as SKU, items of the same product in one order become one line.
- freight_value is recorded as the order's shipping cost (BRL cents); Olist carries no
  handling cost and no carbon figure.
Orders without items cannot be an order (a line is required) and are reported as rejected.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ordermind.domain.catalog import Product
from ordermind.domain.network import Node, NodeKind
from ordermind.money import to_minor

from .historical import HistLine, HistOrder, HistShipment

CHANNEL = "olist"
CANCELLED = {"canceled", "unavailable"}
RELEASED = {"processing", "invoiced"}


def node_code(seller_id: str) -> str:
    return f"olist-{seller_id[:24]}"


def _ts(value: object) -> datetime | None:
    import pandas as pd

    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).to_pydatetime().replace(tzinfo=UTC)


def _cents(value: float) -> int:
    return to_minor(value, "BRL")  # Olist's prices are in reais


def read_olist(folder: Path) -> tuple[list[Product], list[Node], Iterator[HistOrder], int]:
    """(products, nodes, orders, order count) from the Olist CSV files in `folder`."""
    import pandas as pd

    times = [
        "order_purchase_timestamp",
        "order_approved_at",
        "order_delivered_carrier_date",
        "order_delivered_customer_date",
        "order_estimated_delivery_date",
    ]
    orders = pd.read_csv(folder / "orders.csv", parse_dates=times)
    items = pd.read_csv(folder / "order_items.csv")
    customers = pd.read_csv(folder / "customers.csv", dtype={"customer_zip_code_prefix": str})
    sellers = pd.read_csv(folder / "sellers.csv", dtype={"seller_zip_code_prefix": str})
    products = pd.read_csv(folder / "products.csv")
    names = folder / "product_category_name_translation.csv"
    english = {}
    if names.exists():
        tr = pd.read_csv(names)
        english = dict(zip(tr.iloc[:, 0], tr.iloc[:, 1], strict=True))
    first_price = items.groupby("product_id")["price"].first()
    catalog = []
    for p in products.itertuples(index=False):
        cat = english.get(p.product_category_name, p.product_category_name)
        cat = None if not isinstance(cat, str) else cat
        dims = [
            0 if v != v else int(v)
            for v in (
                p.product_weight_g,
                p.product_length_cm,
                p.product_width_cm,
                p.product_height_cm,
            )
        ]
        catalog.append(
            Product(
                sku=p.product_id,
                name=f"{cat or 'product'} {p.product_id[:8]}",
                price=_cents(first_price.get(p.product_id, 0.0)),
                currency="BRL",
                weight_g=dims[0],
                length_mm=dims[1] * 10,
                width_mm=dims[2] * 10,
                height_mm=dims[3] * 10,
                category=cat,
            )
        )
    nodes = [
        Node(
            code=node_code(s.seller_id),
            name=f"Olist seller {s.seller_city}",
            kind=NodeKind.SUPPLIER,
            country="BR",
            postal_code=s.seller_zip_code_prefix,
        )
        for s in sellers.itertuples(index=False)
    ]
    cust = {r.customer_id: r for r in customers.itertuples(index=False)}
    lines_by_order: dict[str, list[tuple[str, str, float, float]]] = {}
    for i in items.itertuples(index=False):
        lines_by_order.setdefault(i.order_id, []).append(
            (i.product_id, i.seller_id, i.price, i.freight_value)
        )

    def build() -> Iterator[HistOrder]:
        for o in orders.itertuples(index=False):
            got = lines_by_order.get(o.order_id)
            if got is not None:
                yield _order(o, got, cust.get(o.customer_id))

    return catalog, nodes, build(), int(orders.order_id.isin(list(lines_by_order)).sum())


def _order(o, items, c) -> HistOrder:
    status = o.order_status
    created = _ts(o.order_purchase_timestamp)
    carrier_at = _ts(o.order_delivered_carrier_date)
    delivered_at = _ts(o.order_delivered_customer_date)
    qty: dict[str, int] = {}
    price: dict[str, float] = {}
    seller_of: dict[str, str] = {}
    for sku, seller, p, _ in items:
        qty[sku] = qty.get(sku, 0) + 1
        price.setdefault(sku, p)
        seller_of.setdefault(sku, seller)  # one line per product: its first seller ships it
    lines = []
    for sku, n in qty.items():
        line = HistLine(
            sku=sku, quantity=n, unit_price=_cents(price[sku]), node=node_code(seller_of[sku])
        )
        if status in CANCELLED:
            line.cancelled = line.quantity
        elif carrier_at is None and status in RELEASED:
            line.released = line.quantity
        elif carrier_at is None:
            line.allocated = line.quantity
        lines.append(line)
    shipments = []
    if carrier_at is not None and status not in CANCELLED:
        per_seller: dict[str, dict[str, int]] = {}
        for sku, n in qty.items():
            per_seller.setdefault(seller_of[sku], {})[sku] = n
        shipments = [
            HistShipment(
                node=node_code(seller),
                shipped_at=carrier_at,
                lines=skus,
                delivered_at=delivered_at,
                carrier="olist",
            )
            for seller, skus in per_seller.items()
        ]
    freight = _cents(sum(f for *_, f in items))
    zip_code = str(c.customer_zip_code_prefix) if c is not None else "00000"
    unique = c.customer_unique_id if c is not None else o.customer_id
    city = c.customer_city if c is not None else "unknown"
    return HistOrder(
        channel=CHANNEL,
        external_id=o.order_id,
        currency="BRL",
        customer_email=f"{unique}@customers.olist.invalid",
        customer_name=None,
        created_at=created,  # type: ignore[arg-type]
        lines=lines,
        promised_date=_ts(o.order_estimated_delivery_date).date()  # type: ignore[union-attr]
        if _ts(o.order_estimated_delivery_date)
        else None,
        ship_to={
            "name": f"customer {unique[:8]}",
            "line1": f"CEP {zip_code}",
            "line2": None,
            "city": city,
            "region": c.customer_state if c is not None else None,
            "postal_code": zip_code,
            "country": "BR",
            "lat": None,
            "lon": None,
        },
        shipments=shipments,
        closed_at=delivered_at if status == "delivered" and delivered_at and shipments else None,
        cancelled_at=(_ts(o.order_approved_at) or created) if status in CANCELLED else None,
        released_at=_ts(o.order_approved_at) if status not in CANCELLED else None,
        sourcing={
            "strategy": "imported",
            "source": "olist",
            "cost": {"shipping": freight, "handling": None, "total": freight},
        },
    )

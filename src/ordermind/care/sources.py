"""Another system's order history as plain delay records: (states as placed, outcomes).

Features come only from what was known when each order was placed; outcomes carry the later
times (release, carrier hand-off, delivery) for labels, lane tables and other orders' queues.
With ``labels=False`` the customer delivery time is not even read from the file.

Olist export (folder with orders.csv, order_items.csv, customers.csv, sellers.csv,
products.csv, optionally product_category_name_translation.csv) — the same reading as
:mod:`ordermind.importers.olist` (sellers are nodes with its node codes, lines by product):
- placed_at = order_purchase_timestamp; promised_by = order_estimated_delivery_date as Olist
  records it (midnight starting that day: 663 of the 9,649 delivered orders of the shared
  subset arrive after it);
- a leg per seller, its origin region the seller's state; destination = the customer's
  state; distance between the two states' capitals (0 km is not claimed within one state);
- a leg's ``ship_by`` = the earliest shipping_limit_date of that seller's lines (the
  seller's hand-off deadline, set at purchase), when the column is there;
- released_at = order_approved_at; handed_off_at = order_delivered_carrier_date;
  delivered_at = order_delivered_customer_date (labels only); canceled / unavailable orders
  leave their seller's queue at approval (Olist records no cancellation time; the importer
  makes the same choice).

Generic CSV (``read_csv_history``): one row per order line (rows of one order share its
order_id). Required columns: order_id, placed_at, promised_by, node, dest_region.
Optional: origin_region, carrier, service, category, weight_g, order_value, shipping_cost
(line values, summed per order; amounts in major units), distance_km, dest_country, ship_by (the
node's hand-off deadline, set when the order was placed); released_at,
handed_off_at, cancelled_at (when they happened: used only once in the past for other
orders' queues); delivered_at (labels, read only for training). A promised_by without a
time of day means the end of that day. Times without a zone are UTC.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ordermind.care.delay_features import Leg, OrderState, Outcome

OLIST_FILES = ("orders.csv", "order_items.csv", "customers.csv", "sellers.csv", "products.csv")
CANCELLED = {"canceled", "unavailable"}
CSV_REQUIRED = ("order_id", "placed_at", "promised_by", "node", "dest_region")
CSV_OPTIONAL = (
    "origin_region",
    "carrier",
    "service",
    "category",
    "weight_g",
    "order_value",
    "shipping_cost",
    "distance_km",
    "dest_country",
    "released_at",
    "handed_off_at",
    "cancelled_at",
    "delivered_at",
    "ship_by",
)

# State capitals (lat, lon): a coarse lane distance between Brazilian states.
BR_STATE_CAPITALS: dict[str, tuple[float, float]] = {
    "AC": (-9.97, -67.81),
    "AL": (-9.67, -35.74),
    "AP": (0.03, -51.07),
    "AM": (-3.12, -60.02),
    "BA": (-12.97, -38.51),
    "CE": (-3.73, -38.52),
    "DF": (-15.79, -47.88),
    "ES": (-20.32, -40.34),
    "GO": (-16.68, -49.25),
    "MA": (-2.53, -44.30),
    "MT": (-15.60, -56.10),
    "MS": (-20.47, -54.62),
    "MG": (-19.92, -43.94),
    "PA": (-1.46, -48.50),
    "PB": (-7.12, -34.86),
    "PR": (-25.43, -49.27),
    "PE": (-8.05, -34.88),
    "PI": (-5.09, -42.80),
    "RJ": (-22.91, -43.17),
    "RN": (-5.79, -35.21),
    "RS": (-30.03, -51.23),
    "RO": (-8.76, -63.90),
    "RR": (2.82, -60.67),
    "SC": (-27.60, -48.55),
    "SP": (-23.55, -46.63),
    "SE": (-10.91, -37.07),
    "TO": (-10.18, -48.33),
}


class SourceError(ValueError):
    """A file or column that is missing or unreadable; the message is one line."""


History = tuple[list[OrderState], dict[str, Outcome]]


def _ts(value: object) -> datetime | None:
    import pandas as pd

    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return None
    t = pd.Timestamp(value).to_pydatetime()
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def _str(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _float(value: object) -> float | None:
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def state_distance_km(a: str | None, b: str | None) -> float | None:
    from ordermind.sourcing.geo import haversine_km

    if not a or not b or a == b or a not in BR_STATE_CAPITALS or b not in BR_STATE_CAPITALS:
        return None
    return haversine_km(*BR_STATE_CAPITALS[a], *BR_STATE_CAPITALS[b])


def _columns(path: Path) -> list[str]:
    import pandas as pd

    if not path.is_file():
        return []
    try:
        return list(pd.read_csv(path, nrows=0, encoding_errors="replace").columns)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError):
        return []


def _read(path: Path, columns: Sequence[str], **kwargs):
    import pandas as pd

    if not path.is_file():
        raise SourceError(f"{path} does not exist")
    try:
        head = pd.read_csv(path, nrows=0, encoding_errors="replace")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path} is not a readable CSV file: {exc}") from None
    missing = [c for c in columns if c not in head.columns]
    if missing:
        raise SourceError(f"{path.name} lacks column(s) {', '.join(missing)}")
    try:
        return pd.read_csv(path, usecols=list(columns), **kwargs)
    except (pd.errors.ParserError, ValueError) as exc:
        raise SourceError(f"{path} could not be read: {exc}") from None


def read_olist_history(folder: str | Path, labels: bool = True) -> History:
    """States as placed and outcomes of every Olist order that has items."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SourceError(f"{folder} is not a folder")
    missing = [f for f in OLIST_FILES if not (folder / f).is_file()]
    if missing:
        raise SourceError(f"missing file(s) in {folder}: {', '.join(missing)}")
    from ordermind.importers.olist import node_code

    cols = [
        "order_id",
        "customer_id",
        "order_status",
        "order_purchase_timestamp",
        "order_approved_at",
        "order_delivered_carrier_date",
        "order_estimated_delivery_date",
    ]
    if labels:
        cols.append("order_delivered_customer_date")
    orders = _read(folder / "orders.csv", cols)
    item_cols = ["order_id", "product_id", "seller_id", "price", "freight_value"]
    limit_col = "shipping_limit_date"  # the seller's hand-off deadline, set at purchase
    if limit_col in _columns(folder / "order_items.csv"):
        item_cols.append(limit_col)
    items = _read(folder / "order_items.csv", item_cols)
    customers = _read(folder / "customers.csv", ["customer_id", "customer_state"])
    sellers = _read(folder / "sellers.csv", ["seller_id", "seller_state"])
    products = _read(
        folder / "products.csv", ["product_id", "product_category_name", "product_weight_g"]
    )
    english: dict[str, str] = {}
    names = folder / "product_category_name_translation.csv"
    if names.is_file():
        tr = _read(names, ["product_category_name", "product_category_name_english"])
        english = dict(zip(tr.product_category_name, tr.product_category_name_english, strict=True))
    seller_state = dict(zip(sellers.seller_id, sellers.seller_state, strict=True))
    cust_state = dict(zip(customers.customer_id, customers.customer_state, strict=True))
    category = {
        p: english.get(c, c) if isinstance(c, str) else None
        for p, c in zip(products.product_id, products.product_category_name, strict=True)
    }
    weight = dict(zip(products.product_id, products.product_weight_g, strict=True))
    lines: dict[str, list[tuple[str, str, float, float]]] = {}
    ship_by: dict[tuple[str, str], datetime] = {}  # (order, seller) -> earliest deadline
    for i in items.itertuples(index=False):
        lines.setdefault(i.order_id, []).append(
            (i.product_id, i.seller_id, i.price, i.freight_value)
        )
        limit = _ts(getattr(i, limit_col, None))
        key = (i.order_id, i.seller_id)
        if limit is not None and (key not in ship_by or limit < ship_by[key]):
            ship_by[key] = limit
    states: list[OrderState] = []
    outcomes: dict[str, Outcome] = {}
    for o in orders.itertuples(index=False):
        got = lines.get(o.order_id)
        placed = _ts(o.order_purchase_timestamp)
        if not got or placed is None:
            continue
        per_seller: dict[str, int] = {}
        for _, seller, _, _ in got:
            per_seller[seller] = per_seller.get(seller, 0) + 1
        ranked = sorted(per_seller, key=lambda s: -per_seller[s])  # stable: first seen wins ties
        dest = _str(cust_state.get(o.customer_id))
        legs = tuple(
            Leg(
                node=node_code(s),
                origin_region=_str(seller_state.get(s)),
                ship_by=ship_by.get((o.order_id, s)),
            )
            for s in ranked
        )
        weights = [_float(weight.get(p)) for p, *_ in got]
        states.append(
            OrderState(
                order_id=o.order_id,
                placed_at=placed,
                promised_by=_ts(o.order_estimated_delivery_date),
                legs=legs,
                dest_region=dest,
                dest_country="BR",
                categories=tuple(c for c in (category.get(p) for p, *_ in got) if c),
                item_count=len(got),
                weight_g=None if any(w is None for w in weights) else sum(weights),  # type: ignore[arg-type]
                order_value=float(sum(p for _, _, p, _ in got)),
                shipping_cost=float(sum(f for *_, f in got)),
                distance_km=state_distance_km(legs[0].origin_region, dest),
            )
        )
        approved = _ts(o.order_approved_at)
        cancelled = o.order_status in CANCELLED
        outcomes[o.order_id] = Outcome(
            order_id=o.order_id,
            released_at=approved,
            handed_off_at=None if cancelled else _ts(o.order_delivered_carrier_date),
            delivered_at=_ts(o.order_delivered_customer_date) if labels else None,
            cancelled_at=(approved or placed) if cancelled else None,
        )
    return states, outcomes


def _deadline(value: object) -> datetime | None:
    """A promise: a timestamp as given; a bare date means the end of that day."""
    import pandas as pd

    t = _ts(value)
    if t is None:
        return None
    text = str(value).strip()
    if len(text) <= 10 and pd.Timestamp(value).normalize() == pd.Timestamp(value):
        return t + timedelta(days=1)
    return t


def read_csv_history(path: str | Path, labels: bool = True) -> History:
    """States as placed and outcomes from a generic CSV (see the module text for columns)."""
    import pandas as pd

    path = Path(path)
    if path.is_dir():
        raise SourceError(f"{path} is a folder; --data expects a CSV file")
    if not path.is_file():
        raise SourceError(f"{path} does not exist")
    try:
        head = pd.read_csv(path, nrows=0, encoding_errors="replace")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path} is not a readable CSV file: {exc}") from None
    missing = [c for c in CSV_REQUIRED if c not in head.columns]
    if missing:
        raise SourceError(
            f"{path.name} lacks required column(s) {', '.join(missing)} "
            f"(required: {', '.join(CSV_REQUIRED)})"
        )
    optional = [c for c in CSV_OPTIONAL if c in head.columns and (labels or c != "delivered_at")]
    frame = _read(path, [*CSV_REQUIRED, *optional], dtype=str, keep_default_na=True)
    if frame.empty:
        raise SourceError(f"{path.name} has no rows")
    states: list[OrderState] = []
    outcomes: dict[str, Outcome] = {}
    for order_id, rows in frame.groupby("order_id", sort=False):
        first = rows.iloc[0]
        try:
            placed = _ts(first.placed_at)
            promised = _deadline(first.promised_by)
            times = {
                c: _ts(first.get(c))
                for c in ("released_at", "handed_off_at", "cancelled_at", "delivered_at")
            }
        except (ValueError, TypeError) as exc:
            raise SourceError(f"order {order_id}: unreadable time ({exc})") from None
        if placed is None:
            raise SourceError(f"order {order_id}: placed_at is empty")
        nodes: dict[str, str | None] = {}
        deadlines: dict[str, datetime | None] = {}
        for r in rows.itertuples(index=False):
            node = _str(r.node)
            if node and node not in nodes:
                nodes[node] = _str(getattr(r, "origin_region", None))
                try:
                    deadlines[node] = _ts(getattr(r, "ship_by", None))
                except (ValueError, TypeError) as exc:
                    raise SourceError(f"order {order_id}: unreadable ship_by ({exc})") from None
        first_d = first.to_dict()
        legs = tuple(
            Leg(
                node=n,
                origin_region=reg,
                carrier=_str(first_d.get("carrier")),
                service=_str(first_d.get("service")),
                ship_by=deadlines.get(n),
            )
            for n, reg in nodes.items()
        )

        def total(column: str, frame_rows=rows) -> float | None:
            if column not in frame_rows.columns:
                return None
            values = [_float(v) for v in frame_rows[column]]
            known = [v for v in values if v is not None]
            return sum(known) if known else None

        cats = tuple(c for c in (_str(v) for v in rows.get("category", [])) if c)
        states.append(
            OrderState(
                order_id=str(order_id),
                placed_at=placed,
                promised_by=promised,
                legs=legs,
                dest_region=_str(first.dest_region),
                dest_country=_str(first_d.get("dest_country")),
                categories=cats,
                item_count=len(rows),
                weight_g=total("weight_g"),
                order_value=total("order_value"),
                shipping_cost=total("shipping_cost"),
                distance_km=_float(first_d.get("distance_km")),
            )
        )
        outcomes[str(order_id)] = Outcome(str(order_id), **times)
    return states, outcomes

"""Turn another system's purchase history (or the store's reviewed orders) into model rows.

Column mapping (CSV column -> order fact; the first column present wins):

=====================  =========================================================
order fact             accepted CSV columns
=====================  =========================================================
placed_at (required)   placed_at, purchase_time, order_time, created_at
customer_created_at    customer_created_at, signup_time, account_created_at
customer_id            customer_id, user_id
customer_email         customer_email, email
total_value            total_value (minor units); or purchase_value, amount,
                       order_value (major units, multiplied by 100)
device_id              device_id
ip                     ip, ip_address
card_token             card_token, card_id
billing_country        billing_country
shipping_country       shipping_country
shipping_address       shipping_address
channel, currency      channel, currency
order_id               order_id (else the row number)
prior_orders           prior_orders
=====================  =========================================================

Every other column except the label becomes a model attribute ``attr_<column>``: numeric
columns as numbers (e.g. ``age``), text columns as categories (e.g. ``source``, ``browser``,
``sex``). Velocity features are replayed in purchase-time order and only count purchases
placed strictly before each row, so no row sees the future.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ordermind.risk.facts import OrderFacts
from ordermind.risk.features import order_features
from ordermind.risk.rules import DEFAULT_CONFIG, ScreenConfig, screen
from ordermind.risk.velocity import VelocityWindows

if TYPE_CHECKING:
    import pandas as pd

COLUMN_CANDIDATES: dict[str, tuple[str, ...]] = {
    "placed_at": ("placed_at", "purchase_time", "order_time", "created_at"),
    "customer_created_at": ("customer_created_at", "signup_time", "account_created_at"),
    "customer_id": ("customer_id", "user_id"),
    "customer_email": ("customer_email", "email"),
    "total_value": ("total_value",),
    "device_id": ("device_id",),
    "ip": ("ip", "ip_address"),
    "card_token": ("card_token", "card_id"),
    "billing_country": ("billing_country",),
    "shipping_country": ("shipping_country",),
    "shipping_address": ("shipping_address",),
    "channel": ("channel",),
    "currency": ("currency",),
    "order_id": ("order_id",),
    "prior_orders": ("prior_orders",),
}
MAJOR_UNIT_VALUE_COLUMNS = ("purchase_value", "amount", "order_value")
_TEXT_FIELDS = (
    "customer_id",
    "customer_email",
    "device_id",
    "ip",
    "card_token",
    "billing_country",
    "shipping_country",
    "shipping_address",
    "channel",
    "currency",
)


def resolve_mapping(
    columns: list[str], label: str | None, overrides: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Order fact -> CSV column, from the defaults above and explicit overrides."""
    mapping: dict[str, str] = {}
    for fact, candidates in COLUMN_CANDIDATES.items():
        found = next((c for c in candidates if c in columns), None)
        if found:
            mapping[fact] = found
    if "total_value" not in mapping:
        major = next((c for c in MAJOR_UNIT_VALUE_COLUMNS if c in columns), None)
        if major:
            mapping["total_value_major"] = major
    for fact, column in (overrides or {}).items():
        if column not in columns:
            raise ValueError(f"column {column!r} (mapped to {fact}) is not in the data")
        mapping[fact] = column
    if "placed_at" not in mapping:
        raise ValueError(
            "no purchase time column: expected one of " + ", ".join(COLUMN_CANDIDATES["placed_at"])
        )
    if label is not None and label in mapping.values():
        raise ValueError(f"label column {label!r} is also mapped to an order fact")
    return mapping


def attribute_columns(
    frame: pd.DataFrame, mapping: Mapping[str, str], label: str | None
) -> list[str]:
    used = set(mapping.values()) | ({label} if label else set())
    return [c for c in frame.columns if c not in used and c != "score"]


def parse_times(series: pd.Series) -> pd.Series:
    """Datetimes as naive UTC, trying ISO 8601 then the US short form (``2/24/15 22:55``)."""
    import pandas as pd

    for fmt in ("ISO8601", "%m/%d/%y %H:%M", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S"):
        try:
            parsed = pd.to_datetime(series, format=fmt, utc=True)
            return parsed.dt.tz_localize(None)
        except (ValueError, TypeError):
            continue
    return pd.to_datetime(series, format="mixed", utc=True).dt.tz_localize(None)


def frame_to_facts(
    frame: pd.DataFrame, mapping: Mapping[str, str], attributes: list[str]
) -> list[OrderFacts]:
    """One :class:`OrderFacts` per row, in row order."""
    import pandas as pd

    placed = parse_times(frame[mapping["placed_at"]])
    created = (
        parse_times(frame[mapping["customer_created_at"]])
        if "customer_created_at" in mapping
        else None
    )
    if "total_value" in mapping:
        values = pd.to_numeric(frame[mapping["total_value"]], errors="coerce")
    elif "total_value_major" in mapping:
        values = pd.to_numeric(frame[mapping["total_value_major"]], errors="coerce") * 100
    else:
        values = pd.Series(0, index=frame.index)
    texts = {f: _texts(frame[mapping[f]]) for f in _TEXT_FIELDS if f in mapping}
    order_ids = (
        frame[mapping["order_id"]].astype(str)
        if "order_id" in mapping
        else pd.Series([str(i) for i in range(len(frame))], index=frame.index)
    )
    prior = (
        pd.to_numeric(frame[mapping["prior_orders"]], errors="coerce")
        if "prior_orders" in mapping
        else None
    )
    attrs = {a: frame[a] for a in attributes}
    facts: list[OrderFacts] = []
    for i in range(len(frame)):
        kwargs: dict[str, Any] = {f: col[i] for f, col in texts.items()}
        value = values.iat[i]
        facts.append(
            OrderFacts(
                order_id=order_ids.iat[i],
                placed_at=placed.iat[i].to_pydatetime(),
                total_value=0 if _missing(value) else int(round(value)),
                customer_created_at=(
                    None
                    if created is None or pd.isna(created.iat[i])
                    else created.iat[i].to_pydatetime()
                ),
                prior_orders=None if prior is None or _missing(prior.iat[i]) else int(prior.iat[i]),
                attributes={a: _attr(col.iat[i]) for a, col in attrs.items()},
                **{k: v for k, v in kwargs.items() if v is not None},
            )
        )
    return facts


def replay_features(
    facts: list[OrderFacts],
    config: ScreenConfig = DEFAULT_CONFIG,
    sku_norms: Mapping[str, float] | None = None,
) -> tuple[list[dict[str, float]], list[float]]:
    """Features and rule scores per order (input order), velocity replayed by time."""
    velocity = VelocityWindows()
    order = sorted(range(len(facts)), key=lambda i: facts[i].placed_at)
    rows: list[dict[str, float]] = [{}] * len(facts)
    rule_scores = [0.0] * len(facts)
    for i in order:
        result = screen(facts[i], velocity, config, sku_norms)
        rows[i] = order_features(facts[i], result, sku_norms)
        rule_scores[i] = result.score
        velocity.record(facts[i])
    return rows, rule_scores


def _texts(column: pd.Series) -> list[str | None]:
    import pandas as pd

    return [None if pd.isna(v) else (str(v).strip() or None) for v in column.tolist()]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _attr(value: object) -> str | float | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None if math.isnan(float(value)) else float(value)
    if hasattr(value, "item"):  # numpy scalar
        return _attr(value.item())
    text = str(value)
    return None if text in ("", "nan", "<NA>") else text

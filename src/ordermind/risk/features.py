"""Model features of one order, computed from its facts and the stage-1 velocity snapshot.

The same function serves live orders and the replay of another system's history, so a model
trained on history scores live orders on identical features. Unknown values are NaN (LightGBM
treats them as missing), never a made-up zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC

from ordermind.money import to_major
from ordermind.risk.facts import OrderFacts
from ordermind.risk.lists import forwarder_match, is_disposable
from ordermind.risk.rules import ScreenResult
from ordermind.risk.velocity import identities

NAN = float("nan")
VELOCITY_KINDS = ("customer", "email", "device", "ip", "card", "address")
VELOCITY_WINDOWS = ("1h", "24h", "7d", "30d")
SHARED_KEYS = ("device_24h", "device_30d", "ip_24h", "card_24h", "card_30d")

BASE_FEATURES: tuple[str, ...] = (
    "account_age_hours",
    "hour",
    "weekday",
    "value",
    "n_lines",
    "total_qty",
    "qty_norm_ratio",
    "prior_orders",
    "country_mismatch",
    "disposable_email",
    "freight_forwarder",
    "rule_score",
    "card_value_24h",
    *(f"{k}_{w}" for k in VELOCITY_KINDS for w in VELOCITY_WINDOWS),
    *(f"buyers_{key}" for key in SHARED_KEYS),
)

_LABELS = {
    "account_age_hours": "account age (hours)",
    "hour": "hour of day placed (UTC)",
    "weekday": "weekday placed (0 = Monday)",
    "value": "order value",
    "n_lines": "number of order lines",
    "total_qty": "total quantity",
    "qty_norm_ratio": "largest quantity relative to the SKU's usual",
    "prior_orders": "customer's earlier orders",
    "country_mismatch": "billing and shipping country differ",
    "disposable_email": "throw-away e-mail domain",
    "freight_forwarder": "freight-forwarder address",
    "rule_score": "rule score",
    "card_value_24h": "value charged to the card in 24 hours",
}
_KIND_WORDS = {
    "customer": "customer",
    "email": "e-mail",
    "device": "device",
    "ip": "IP address",
    "card": "card",
    "address": "shipping address",
}
_WINDOW_WORDS = {"1h": "hour", "24h": "24 hours", "7d": "7 days", "30d": "30 days"}


def order_features(
    facts: OrderFacts,
    result: ScreenResult,
    sku_norms: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Base features (see :data:`BASE_FEATURES`) of one screened order."""
    ids = identities(facts)
    placed = facts.placed_at if facts.placed_at.tzinfo else facts.placed_at.replace(tzinfo=UTC)
    placed = placed.astimezone(UTC)
    age = facts.account_age_seconds()
    feats: dict[str, float] = {
        "account_age_hours": NAN if age is None else age / 3600.0,
        "hour": placed.hour + placed.minute / 60.0,
        "weekday": float(placed.weekday()),
        "value": float(to_major(facts.total_value, facts.currency)),
        "n_lines": float(len(facts.lines)) if facts.lines else NAN,
        "total_qty": float(sum(line.qty for line in facts.lines)) if facts.lines else NAN,
        "qty_norm_ratio": _qty_ratio(facts, sku_norms),
        "prior_orders": NAN,
        "country_mismatch": _mismatch(facts),
        "disposable_email": NAN
        if facts.email_domain is None
        else float(is_disposable(facts.email_domain)),
        "freight_forwarder": NAN
        if not facts.shipping_address
        else float(forwarder_match(facts.shipping_address) is not None),
        "rule_score": result.score,
    }
    snap = result.velocity
    card = snap.get("card_24h")
    feats["card_value_24h"] = card.value / 100.0 if card is not None and "card" in ids else NAN
    for kind in VELOCITY_KINDS:
        present = kind in ids
        for window in VELOCITY_WINDOWS:
            stats = snap.get(f"{kind}_{window}")
            feats[f"{kind}_{window}"] = float(stats.count) if present and stats else NAN
    for key in SHARED_KEYS:
        stats = snap.get(key)
        present = key.split("_")[0] in ids
        feats[f"buyers_{key}"] = float(stats.distinct_peers) if present and stats else NAN
    if facts.prior_orders is not None:
        feats["prior_orders"] = float(facts.prior_orders)
    elif not math.isnan(feats["customer_30d"]):
        feats["prior_orders"] = feats["customer_30d"]
    return feats


def _qty_ratio(facts: OrderFacts, sku_norms: Mapping[str, float] | None) -> float:
    if not sku_norms or not facts.lines:
        return NAN
    ratios = [line.qty / sku_norms[line.sku] for line in facts.lines if sku_norms.get(line.sku)]
    return max(ratios) if ratios else NAN


def _mismatch(facts: OrderFacts) -> float:
    if not facts.billing_country or not facts.shipping_country:
        return NAN
    return float(facts.billing_country.strip().upper() != facts.shipping_country.strip().upper())


def describe(feature: str, value: float | str | None, raises: bool) -> str:
    """One contributing factor in plain words, e.g. 'orders from this device in 24 hours: 4'."""
    direction = "raises the risk" if raises else "lowers the risk"
    if feature.startswith("attr_"):
        label = feature[len("attr_") :].replace("_", " ")
    elif feature.startswith("buyers_"):
        kind, window = feature[len("buyers_") :].split("_")
        label = f"different customers on this {_KIND_WORDS[kind]} in {_WINDOW_WORDS[window]}"
    elif feature in _LABELS:
        label = _LABELS[feature]
    else:
        kind, _, window = feature.partition("_")
        label = (
            f"earlier orders from this {_KIND_WORDS.get(kind, kind)} in "
            f"{_WINDOW_WORDS.get(window, window)}"
        )
    if value is None or (isinstance(value, float) and math.isnan(value)):
        shown = "unknown"
    elif isinstance(value, float):
        shown = f"{value:,.1f}".rstrip("0").rstrip(".") if not value.is_integer() else f"{value:g}"
    else:
        shown = str(value)
    return f"{label}: {shown} ({direction})"

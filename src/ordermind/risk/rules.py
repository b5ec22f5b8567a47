"""Stage 1: the rule screen every order passes through (plain Python, microseconds).

Each rule that fires adds a :class:`Flag` with a weight and a reason a reviewer can read; the
rule score is the sum of weights and the order is *flagged* for stage 2 when it reaches
``ScreenConfig.flag_score``. Single weak signals (a young account, a foreign shipping
country) do not flag on their own; two of them do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ordermind.money import format_amount
from ordermind.risk.facts import OrderFacts
from ordermind.risk.lists import forwarder_match, is_disposable
from ordermind.risk.velocity import VelocityWindows, WindowStats, identities

_KIND_WORDS = {
    "customer": "this customer",
    "email": "this e-mail address",
    "device": "this device",
    "ip": "this IP address",
    "card": "this card",
    "address": "this shipping address",
}
_WINDOW_WORDS = {"1h": "hour", "24h": "24 hours", "7d": "7 days", "30d": "30 days"}


@dataclass(frozen=True)
class ScreenConfig:
    # Most orders allowed per identity and window, this order included.
    order_limits: Mapping[str, int] = field(
        default_factory=lambda: {
            "customer_1h": 3,
            "email_1h": 3,
            "device_1h": 3,
            "card_1h": 3,
            "ip_1h": 5,
            "customer_24h": 10,
            "email_24h": 10,
            "device_24h": 8,
            "card_24h": 8,
            "ip_24h": 20,
            "address_24h": 6,
        }
    )
    card_value_limit_24h: int = 300_000  # minor units, this order included
    shared_identity_limit: int = 3  # distinct buyers on one device/card/IP in 24 h
    new_account_seconds: float = 3600.0
    instant_order_seconds: float = 120.0  # ordering this soon after sign-up looks scripted
    high_value: int = 50_000  # minor units, for a first order
    qty_factor: float = 5.0  # a line above factor x the SKU's norm ...
    qty_min_excess: int = 5  # ... and at least this many units above it
    extra_disposable_domains: frozenset[str] = frozenset()
    flag_score: float = 1.0
    weights: Mapping[str, float] = field(
        default_factory=lambda: {
            "velocity": 1.0,
            "card_value_velocity": 1.0,
            "shared_identity": 1.0,
            "new_account": 0.5,
            "instant_order": 1.5,
            "country_mismatch": 0.75,
            "first_order_high_value": 1.0,
            "disposable_email": 1.0,
            "quantity_above_norm": 1.0,
            "freight_forwarder": 1.0,
        }
    )


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    reason: str
    weight: float


@dataclass(slots=True)
class ScreenResult:
    flags: list[Flag]
    score: float
    flagged: bool
    velocity: dict[str, WindowStats]  # reused by stage 2 so it queries the windows once

    @property
    def reasons(self) -> list[str]:
        return [flag.reason for flag in self.flags]


DEFAULT_CONFIG = ScreenConfig()


def screen(
    facts: OrderFacts,
    velocity: VelocityWindows | None = None,
    config: ScreenConfig = DEFAULT_CONFIG,
    sku_norms: Mapping[str, float] | None = None,
) -> ScreenResult:
    """Run every rule on one order. ``sku_norms`` maps SKU -> typical quantity per line."""
    snap = velocity.snapshot(facts) if velocity is not None else {}
    weights = config.weights
    flags: list[Flag] = []

    def add(code: str, reason: str, weight_key: str | None = None) -> None:
        flags.append(Flag(code, reason, weights.get(weight_key or code, 1.0)))

    ids = identities(facts)
    for key, limit in config.order_limits.items():
        stats = snap.get(key)
        if stats is not None and stats.count + 1 > limit:
            kind, window = key.split("_", 1)
            add(
                f"velocity_{key}",
                f"{stats.count + 1} orders from {_KIND_WORDS[kind]} in the last "
                f"{_WINDOW_WORDS.get(window, window)} (limit {limit})",
                "velocity",
            )
    card = snap.get("card_24h")
    if card is not None and card.value + facts.total_value > config.card_value_limit_24h:
        limit_text = format_amount(config.card_value_limit_24h, facts.currency)
        add(
            "card_value_velocity",
            f"{format_amount(card.value + facts.total_value, facts.currency)} charged to this "
            f"card in 24 hours (limit {limit_text})",
        )
    buyer = ids.get("email") or ids.get("customer")
    for kind in ("device", "card", "ip"):
        stats = snap.get(f"{kind}_24h")
        if stats is None or not stats.peers:
            continue
        buyers = len(stats.peers | {buyer}) if buyer else len(stats.peers)
        if buyers >= config.shared_identity_limit:
            add(
                f"shared_{kind}",
                f"{_KIND_WORDS[kind].capitalize()} was used by {buyers} different "
                "customers in 24 hours",
                "shared_identity",
            )

    age = facts.account_age_seconds()
    if age is not None and age < config.instant_order_seconds:
        add("instant_order", f"Ordered {max(age, 0):.0f} seconds after the account was created")
    elif age is not None and age < config.new_account_seconds:
        add("new_account", f"Account is only {age / 60:.0f} minutes old")

    bill, ship = facts.billing_country, facts.shipping_country
    if bill and ship and bill.strip().upper() != ship.strip().upper():
        add(
            "country_mismatch",
            f"Billing country {bill.upper()} differs from shipping country {ship.upper()}",
        )

    prior = _prior_orders(facts, ids, snap)
    if prior == 0 and facts.total_value >= config.high_value:
        add(
            "first_order_high_value",
            f"First order of this customer is worth "
            f"{format_amount(facts.total_value, facts.currency)} "
            f"(threshold {format_amount(config.high_value, facts.currency)})",
        )

    if is_disposable(facts.email_domain, config.extra_disposable_domains):
        add(
            "disposable_email", f"E-mail domain {facts.email_domain} hands out throw-away addresses"
        )

    if sku_norms:
        for line in facts.lines:
            norm = sku_norms.get(line.sku)
            if norm is None:
                continue
            if line.qty > norm * config.qty_factor and line.qty - norm >= config.qty_min_excess:
                add(
                    "quantity_above_norm",
                    f"{line.qty} x {line.sku} is far above the usual {norm:g} per order",
                )

    matched = forwarder_match(facts.shipping_address)
    if matched:
        add("freight_forwarder", f'Shipping address looks like a freight forwarder ("{matched}")')

    score = sum(flag.weight for flag in flags)
    return ScreenResult(flags, score, score >= config.flag_score, snap)


def _prior_orders(
    facts: OrderFacts, ids: Mapping[str, str], snap: Mapping[str, WindowStats]
) -> int | None:
    """Earlier orders of this customer: the store's count if given, else the 30-day window."""
    if facts.prior_orders is not None:
        return facts.prior_orders
    for kind in ("customer", "email"):
        if kind in ids and f"{kind}_30d" in snap:
            return snap[f"{kind}_30d"].count
    return None


def quantity_norms(
    lines: Iterable[tuple[str, int]], quantile: float = 0.9, min_orders: int = 5
) -> dict[str, float]:
    """Typical quantity per order line for each SKU (its ``quantile``), from past lines.

    SKUs seen on fewer than ``min_orders`` lines get no norm, so the quantity rule stays quiet
    for them instead of judging on a handful of orders.
    """
    by_sku: dict[str, list[int]] = {}
    for sku, qty in lines:
        by_sku.setdefault(sku, []).append(qty)
    norms: dict[str, float] = {}
    for sku, qtys in by_sku.items():
        if len(qtys) < min_orders:
            continue
        qtys.sort()
        norms[sku] = float(qtys[int(quantile * (len(qtys) - 1))])
    return norms

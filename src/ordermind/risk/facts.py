"""The plain facts about one order that the risk module decides on.

The services layer builds an :class:`OrderFacts` from the order store at placement time; the
CSV path (:mod:`ordermind.risk.history`) builds the same object from another system's history,
so the screen and the model see one shape whatever the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class OrderLineFacts:
    sku: str
    qty: int
    unit_price: int  # minor units


@dataclass(slots=True)
class OrderFacts:
    order_id: str
    placed_at: datetime  # UTC; naive datetimes are read as UTC
    total_value: int  # minor units
    currency: str = "USD"
    channel: str = "web"
    customer_id: str | None = None
    customer_email: str | None = None
    customer_created_at: datetime | None = None  # account creation, for account age
    prior_orders: int | None = None  # the store's count of the customer's earlier orders
    device_id: str | None = None
    ip: str | None = None
    card_token: str | None = None
    billing_country: str | None = None
    shipping_country: str | None = None
    shipping_address: str | None = None
    lines: tuple[OrderLineFacts, ...] = ()
    # Extra attributes another system supplies (e.g. traffic source, browser); the model may
    # use them, the rules never do.
    attributes: dict[str, str | float | None] = field(default_factory=dict)

    @property
    def email_domain(self) -> str | None:
        if not self.customer_email or "@" not in self.customer_email:
            return None
        return self.customer_email.rsplit("@", 1)[1].strip().lower()

    def account_age_seconds(self) -> float | None:
        if self.customer_created_at is None:
            return None
        return epoch(self.placed_at) - epoch(self.customer_created_at)


def epoch(ts: datetime) -> float:
    """Seconds since the epoch, treating naive datetimes as UTC (the project's convention)."""
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.timestamp()


# Anything but a letter or digit (str.isalnum; `\w` less the underscore).
_NOT_ALNUM = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)
def normalise_address(text: str | None) -> str | None:
    """Collapse case, punctuation and spacing so one address is one velocity key (asked
    several times per order: remembered for the addresses seen lately)."""
    if not text:
        return None
    return " ".join(_NOT_ALNUM.sub(" ", text.lower()).split()) or None

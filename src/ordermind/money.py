"""Amounts are integers in a currency's minor units, by its ISO 4217 exponent (the
`iso4217` package's table): 1999 EUR is 19.99, 1999 JPY is 1,999 yen and 1999 KWD is
1.999 dinar. Every conversion to and from major units goes through here, so nothing
divides by 100 for a currency that has no cents."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from iso4217 import Currency


@lru_cache(maxsize=512)
def exponent(currency: str) -> int:
    """The ISO 4217 exponent; 2 for a code ISO does not assign a fund or metal exponent
    to, or does not know (the amount was accepted in minor units all the same)."""
    try:
        found = Currency(currency.upper()).exponent
    except ValueError:
        return 2
    return 2 if found is None else int(found)


@lru_cache(maxsize=512)
def is_currency(code: str) -> bool:
    try:
        Currency(code)
    except ValueError:
        return False
    return True


def to_major(minor: int, currency: str) -> Decimal:
    return Decimal(int(minor)).scaleb(-exponent(currency))


def to_minor(major: float | Decimal | str, currency: str) -> int:
    """A major-unit amount ("19.99", 19.99) in minor units, rounded half to even."""
    scaled = Decimal(str(major)).scaleb(exponent(currency))
    return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def format_amount(minor: int, currency: str) -> str:
    """`19.99 EUR`, `1,999 JPY`, `1.999 KWD`: for messages and reasons (the customer's
    own messages are formatted per locale by notifications.render)."""
    digits = exponent(currency)
    return f"{to_major(minor, currency):,.{digits}f} {currency}"

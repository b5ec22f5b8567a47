"""Shop amounts (decimal strings in the shop's currency) as ordermind minor units.

The number of minor units per major unit comes from CLDR's ISO 4217 data through babel
(JPY 0, EUR 2, KWD 3), the same source the notifications format money with."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from babel.numbers import get_currency_precision, list_currencies

from ordermind.domain.errors import ValidationFailed

_KNOWN = frozenset(list_currencies())


def check_currency(code: object) -> str:
    if not isinstance(code, str) or code.upper() not in _KNOWN:
        raise ValidationFailed(f"currency {code!r} is not an ISO 4217 code")
    return code.upper()


def exponent(currency: str) -> int:
    return int(get_currency_precision(currency))


def to_minor(amount: object, currency: str, field: str) -> int:
    """`"19.99"` EUR -> 1999, `"1500"` JPY -> 1500. An amount finer than the currency's
    minor unit (`"10.005"` EUR, `"10.5"` JPY) is refused: no shop sends one, and rounding
    it would change what the buyer paid."""
    if isinstance(amount, bool) or not isinstance(amount, str | int | float):
        raise ValidationFailed(f'{field} must be an amount such as "19.99", got {amount!r}')
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise ValidationFailed(f"{field} {amount!r} is not a decimal amount") from None
    if not value.is_finite():
        raise ValidationFailed(f"{field} {amount!r} is not a decimal amount")
    minor = value.scaleb(exponent(currency))
    if minor != minor.to_integral_value():
        raise ValidationFailed(
            f"{field} {amount!r} has more decimals than {currency} has ({exponent(currency)})"
        )
    return int(minor)


def per_unit(total_minor: int, quantity: int) -> int:
    """A line's net amount per unit, rounded half to even when it does not divide."""
    return int((Decimal(total_minor) / quantity).quantize(Decimal(1), ROUND_HALF_EVEN))

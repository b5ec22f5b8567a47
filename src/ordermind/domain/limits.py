"""The bounds on what the store keeps, checked by the domain and the services before
anything is written, so that SQLite (whose integers are 64-bit and never refuse a 32-bit
overflow) and PostgreSQL (whose `integer` columns are 32-bit) refuse the same values with
the same one-line problem, instead of one of them storing a value the other refuses, or
failing with a 500 on a Python integer too large for its driver.

- Quantities: a line holds at most `MAX_LINE_QUANTITY` units (the order API's bound);
  a node holds at most `MAX_STOCK` units of a SKU, whether a count, adjustments, receipts
  or returns brought it there (well inside a 32-bit `integer`).
- Money: a unit price is at most `MAX_UNIT_PRICE` minor units; an order's total at most
  `MAX_ORDER_TOTAL`, the largest integer a JSON number carries exactly (2**53 - 1, far
  inside a 64-bit `bigint`, with room for tax and for sums across orders).
- Dates: a requested delivery date, and a supply's arrival (from which a promise is
  made), lie between `EARLIEST_DATE` and `YEARS_AHEAD` years after today. Earlier is a
  typo or a placeholder (0001-01-01), later a placeholder (9999-12-31) that would turn
  every calculation on it into nonsense.
"""

from __future__ import annotations

from datetime import date

from .errors import ValidationFailed

MAX_LINE_QUANTITY = 1_000_000
MAX_STOCK = 1_000_000_000
MAX_UNIT_PRICE = 10**12
MAX_ORDER_TOTAL = 2**53 - 1
EARLIEST_DATE = date(2000, 1, 1)
YEARS_AHEAD = 5


def latest_date(today: date) -> date:
    """`YEARS_AHEAD` years after `today` (29 February -> 28 February)."""
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def check_date(value: date, what: str, today: date) -> None:
    latest = latest_date(today)
    if not EARLIEST_DATE <= value <= latest:
        raise ValidationFailed(
            f"{what} {value.isoformat()} is out of range: give a date from "
            f"{EARLIEST_DATE.isoformat()} to {latest.isoformat()}"
        )


def check_order_amounts(lines: list[tuple[str, int, int]]) -> None:
    """(sku, quantity, unit price) lines of one order, within the bounds above."""
    for sku, quantity, price in lines:
        if quantity > MAX_LINE_QUANTITY:
            raise ValidationFailed(
                f"{sku}: {quantity} units is more than an order line holds ({MAX_LINE_QUANTITY})"
            )
        if price > MAX_UNIT_PRICE:
            raise ValidationFailed(
                f"{sku}: unit_price {price} is more than {MAX_UNIT_PRICE} minor units"
            )
    total = sum(quantity * price for _, quantity, price in lines)
    if total > MAX_ORDER_TOTAL:
        raise ValidationFailed(
            f"the order total of {total} minor units is more than an order may come to "
            f"({MAX_ORDER_TOTAL})"
        )


def check_stock(node: str, sku: str, on_hand: int) -> None:
    if on_hand > MAX_STOCK:
        raise ValidationFailed(
            f"{node}/{sku} would hold {on_hand} units; a node holds at most {MAX_STOCK} of a SKU"
        )

"""Checks that catch a misread: quantity x unit price (less the discount) is the line
amount, the lines add up to a stated subtotal or total, the date is plausible. A failed
check lowers the confidence of what it involves, so the document goes to review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..model import OrderDocument, OrderLine

FAILED = 0.5  # confidence a value keeps when a check it takes part in fails


def _close(a: Decimal, b: Decimal, terms: int = 1) -> bool:
    """Equal within rounding: a cent per rounded term (a tax rate applied to a sum, or
    each line of a sum, can round its own way)."""
    return abs(a - b) <= Decimal("0.011") * max(terms, 1)


def check_line(
    line: OrderLine, amount: Decimal | None, discount: Decimal | None, tax: Decimal | None
) -> str | None:
    """None when the line is consistent (or cannot be checked), else what is wrong."""
    if line.quantity is None or line.unit_price is None or amount is None:
        return None
    gross = Decimal(str(line.quantity)) * Decimal(str(line.unit_price))
    net = gross * (1 - (discount or Decimal(0)) / 100)
    options = [net, gross]
    if tax:
        options.append(net * (1 + tax / 100))
    if any(_close(x, amount) for x in options):
        return None
    return f"{line.quantity:g} x {line.unit_price:g} is not the line amount {amount}"


def check_document(
    doc: OrderDocument, amounts: list[Decimal | None], stated: dict[str, Decimal], today: dt.date
) -> list[str]:
    """Document-level checks; lowers the confidence of the lines and fields involved."""
    problems = []
    known = [a for a in amounts if a is not None]
    if known and len(known) == len(amounts) and stated:
        total = sum(known, Decimal(0))
        targets = [v for k, v in stated.items() if k in ("subtotal", "total")]
        if "total" in stated and "tax" in stated:
            targets.append(stated["total"] - stated["tax"])
        if targets and not any(_close(total, t, len(known) + 1) for t in targets):
            shown = ", ".join(f"{k} {v}" for k, v in stated.items())
            problems.append(f"lines add up to {total}, which matches no stated sum ({shown})")
            for line in doc.lines:
                line.confidence = min(line.confidence, FAILED)
    if doc.issue_date:
        d = dt.date.fromisoformat(doc.issue_date)
        if not (dt.date(1990, 1, 1) <= d <= today + dt.timedelta(days=730)):
            problems.append(f"document date {doc.issue_date} is not plausible")
            doc.field_confidence["issue_date"] = 0.2
            doc.field_confidence["po_number"] = min(
                doc.field_confidence.get("po_number", 1), FAILED
            )
    if "total" not in stated:
        problems.append("no stated total found")
    return problems

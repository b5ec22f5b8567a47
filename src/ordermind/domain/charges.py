"""What an order charges beside its lines: shipping and fees, as a shop charged the buyer
them. They are part of the order's record (the `order.placed` event of its timeline) and
are not stock, so sourcing, allocation and the line buckets never see them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import ValidationFailed
from .limits import MAX_ORDER_TOTAL

MAX_CHARGES = 100  # per order
MAX_TITLE = 200


class ChargeKind(StrEnum):
    SHIPPING = "shipping"
    FEE = "fee"  # gift wrap, a payment surcharge, or a negative fee used as a discount


@dataclass(frozen=True, slots=True)
class Charge:
    kind: ChargeKind
    title: str  # as the buyer saw it ("Standard", "Gift wrap")
    amount: int  # minor units, before tax, after discounts
    tax: int = 0  # minor units
    code: str | None = None  # the shop's own id for the method or fee

    def __post_init__(self) -> None:
        if not self.title.strip() or len(self.title) > MAX_TITLE:
            raise ValidationFailed(
                f"a {self.kind} charge needs a title of 1 to {MAX_TITLE} characters"
            )
        for what, value in (("amount", self.amount), ("tax", self.tax)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationFailed(
                    f"{self.kind} charge {self.title!r}: {what} is not minor units"
                )
            if abs(value) > MAX_ORDER_TOTAL:
                raise ValidationFailed(
                    f"{self.kind} charge {self.title!r}: {what} {value} is out of range"
                )
        if self.tax < 0:
            raise ValidationFailed(f"{self.kind} charge {self.title!r}: tax is negative")
        if self.kind is ChargeKind.SHIPPING and self.amount < 0:
            raise ValidationFailed(f"shipping charge {self.title!r}: amount is negative")

    def as_dict(self) -> dict:
        return {
            "kind": str(self.kind),
            "title": self.title,
            "code": self.code,
            "amount": self.amount,
            "tax": self.tax,
        }


def check_charges(charges: tuple[Charge, ...] | list[Charge]) -> None:
    if len(charges) > MAX_CHARGES:
        raise ValidationFailed(f"an order has at most {MAX_CHARGES} charges, got {len(charges)}")

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import ValidationFailed


class TaxClass(StrEnum):
    STANDARD = "standard"
    REDUCED = "reduced"
    ZERO = "zero"


@dataclass
class Product:
    sku: str
    name: str
    price: int  # minor units
    currency: str = "EUR"
    gtin: str | None = None
    weight_g: int = 0
    length_mm: int = 0
    width_mm: int = 0
    height_mm: int = 0
    tax_class: TaxClass = TaxClass.STANDARD
    category: str | None = None
    active: bool = True

    def __post_init__(self) -> None:
        validate_code(self.sku, "sku")
        if self.price < 0:
            raise ValidationFailed("price must not be negative", sku=self.sku)
        for name in ("weight_g", "length_mm", "width_mm", "height_mm"):
            if getattr(self, name) < 0:
                raise ValidationFailed(f"{name} must not be negative", sku=self.sku)
        if self.gtin is not None and not valid_gtin(self.gtin):
            raise ValidationFailed(f"GTIN {self.gtin!r} has a wrong check digit or length")


def validate_code(value: str, what: str) -> None:
    if not value or len(value) > 64 or not value.isprintable() or value.strip() != value:
        raise ValidationFailed(
            f"{what} must be 1-64 printable characters without surrounding spaces"
        )
    if "/" in value:
        raise ValidationFailed(f"{what} must not contain '/'")


def valid_gtin(gtin: str) -> bool:
    """GTIN-8/12/13/14 with the GS1 mod-10 check digit."""
    if not gtin.isdigit() or len(gtin) not in (8, 12, 13, 14):
        return False
    digits = [int(c) for c in gtin]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check
